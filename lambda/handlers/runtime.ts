import { join } from 'node:path';
import { createDocumentClient } from '../adapters/dynamo-client.ts';
import { createDynamoEditionStore } from '../adapters/dynamo-edition-store.ts';
import { createDynamoLedger } from '../adapters/dynamo-ledger.ts';
import { createDynamoSubscriberStore } from '../adapters/dynamo-subscriber-store.ts';
import { createFileArchive } from '../adapters/file-archive.ts';
import { loadFileKeyring } from '../adapters/file-keyring.ts';
import { refreshingKeyring } from '../adapters/refreshing-keyring.ts';
import { createS3Archive } from '../adapters/s3-archive.ts';
import { loadSecretsKeyring } from '../adapters/secrets-keyring.ts';
import { createSesClient, createSesMailer } from '../adapters/ses-mailer.ts';
import { type Config, requireTokenKeysSecret } from '../config.ts';
import type {
  EditionArchive,
  EditionStore,
  Ledger,
  Mailer,
  SubscriberStore,
} from '../delivery/ports.ts';
import { type Keyring, parseKeyring } from '../subscribers/keyring.ts';

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
  /**
   * The link-signing keys: Secrets Manager in AWS, read at cold start and again every five
   * minutes while warm (a key added to the secret reaches every function within that).
   */
  keyring: () => Promise<Keyring>;
}

/** Where the local keyring lives: generated there on first use. */
export function localKeyringPath(config: Config): string {
  return join(config.dataDir, 'token-keys.json');
}

function keyringLoader(config: Config): () => Promise<Keyring> {
  let loaded: Promise<Keyring> | undefined;
  const load = (): Promise<Keyring> => {
    const { secretId, json } = config.tokenKeys;
    if (json !== undefined) return Promise.resolve(parseKeyring(json, 'BRAID_TOKEN_KEYS'));
    if (config.mode === 'aws' || secretId !== undefined) {
      const id = secretId ?? requireTokenKeysSecret(config);
      return refreshingKeyring(() => loadSecretsKeyring(id));
    }
    return loadFileKeyring(localKeyringPath(config));
  };
  return () => {
    // A failed load is not cached: the next invocation tries again.
    loaded ??= load().catch((error: unknown) => {
      loaded = undefined;
      throw error;
    });
    return loaded;
  };
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
    keyring: keyringLoader(config),
  };
}
