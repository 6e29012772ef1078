import { join } from 'node:path';
import { createDocumentClient } from '../adapters/dynamo-client.ts';
import { createDynamoEditionStore } from '../adapters/dynamo-edition-store.ts';
import { createDynamoLedger } from '../adapters/dynamo-ledger.ts';
import { createDynamoSubscriberStore } from '../adapters/dynamo-subscriber-store.ts';
import { createFileArchive } from '../adapters/file-archive.ts';
import { createS3Archive } from '../adapters/s3-archive.ts';
import { createSesClient, createSesMailer } from '../adapters/ses-mailer.ts';
import type { Config } from '../config.ts';
import type {
  EditionArchive,
  EditionStore,
  Ledger,
  Mailer,
  SubscriberStore,
} from '../delivery/ports.ts';

/**
 * The adapters every entry point (Lambda handlers, CLI) wires to the core, from one config.
 * Nothing here renders: the sending bundles import this and must not carry MJML.
 */
export interface Runtime {
  config: Config;
  subscribers: SubscriberStore;
  ledger: Ledger;
  editions: EditionStore;
  mailer: Mailer;
  archive: EditionArchive;
}

export function createRuntime(config: Config): Runtime {
  const db = createDocumentClient({ region: config.region, endpoint: config.endpoints.dynamodb });
  const sesOptions = {
    region: config.region,
    endpoint: config.endpoints.ses,
    configurationSet: config.sesConfigurationSet,
  };
  return {
    config,
    subscribers: createDynamoSubscriberStore(db, config.tables.subscribers),
    ledger: createDynamoLedger(db, config.tables.ledger),
    editions: createDynamoEditionStore(db, config.tables.editions),
    mailer: createSesMailer(createSesClient(sesOptions), sesOptions),
    archive:
      config.archiveBucket === undefined
        ? createFileArchive(join(config.dataDir, 'editions'))
        : createS3Archive(config.archiveBucket),
  };
}
