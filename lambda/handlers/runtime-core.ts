import { createDocumentClient } from '../adapters/dynamo-client.ts';
import { createDynamoEditionStore } from '../adapters/dynamo-edition-store.ts';
import { createDynamoLedger } from '../adapters/dynamo-ledger.ts';
import { createDynamoSubscriberStore } from '../adapters/dynamo-subscriber-store.ts';
import type { Config } from '../config.ts';
import type {
  EditionArchive,
  EditionStore,
  Ledger,
  Mailer,
  SubscriberStore,
} from '../delivery/ports.ts';
import type { Keyring } from '../subscribers/keyring.ts';

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

/**
 * The parts of a runtime that need an SDK client beyond DynamoDB's. Each lives in its own
 * module, so a Lambda entry point imports (and its bundle loads at cold start) only the
 * clients it uses: deliver never loads S3, feedback loads neither SES nor Secrets Manager.
 */
export interface RuntimeParts {
  mailer?: (config: Config) => Mailer;
  archive?: (config: Config) => EditionArchive;
  keyring?: (config: Config) => () => Promise<Keyring>;
}

/**
 * A part this entry point did not wire: reading it is a clear error, not an undefined. Not
 * enumerable, so spreading a runtime never trips it.
 */
function unwired<T>(name: keyof RuntimeParts): () => T {
  return () => {
    throw new Error(
      `runtime.${name} is not wired in this entry point: pass it to createRuntimeWith`,
    );
  };
}

/** The DynamoDB stores, plus whichever other parts the entry point passes. */
export function createRuntimeWith(config: Config, parts: RuntimeParts): Runtime {
  const db = createDocumentClient({ region: config.region, endpoint: config.endpoints.dynamodb });
  const runtime = {
    config,
    subscribers: createDynamoSubscriberStore(db, config.tables.subscribers),
    ledger: createDynamoLedger(db, config.tables.ledger),
    editions: createDynamoEditionStore(db, config.tables.editions),
    keyring:
      parts.keyring === undefined ? unwired<Promise<Keyring>>('keyring') : parts.keyring(config),
  };
  const mailer = parts.mailer?.(config);
  const archive = parts.archive?.(config);
  return Object.defineProperties(runtime, {
    mailer:
      mailer === undefined
        ? { get: unwired('mailer') }
        : { value: mailer, enumerable: true, writable: true },
    archive:
      archive === undefined
        ? { get: unwired('archive') }
        : { value: archive, enumerable: true, writable: true },
  }) as Runtime;
}
