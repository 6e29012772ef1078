import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createDocumentClient } from '../../lambda/adapters/dynamo-client.ts';
import { migrateUnshardedLedger } from '../../lambda/adapters/dynamo-ledger.ts';
import { backfillStatusShards } from '../../lambda/adapters/dynamo-subscriber-store.ts';
import { ensureTables } from '../../lambda/adapters/dynamo-tables.ts';
import { withOutbox } from '../../lambda/adapters/outbox-mailer.ts';
import { type Config, loadConfig } from '../../lambda/config.ts';
import { createRuntime, type Runtime } from '../../lambda/handlers/runtime.ts';
import { CliError } from './cli-error.ts';
import { type EmbeddedEngine, startEmbeddedDynamo } from './embedded-dynamodb.ts';
import { startEmbeddedSes } from './embedded-ses.ts';

export interface LocalRuntime extends Runtime {
  /** True when the local store was created by this run (first run). */
  fresh: boolean;
  /**
   * `owner`: this process opened the local store and serves it to other braid commands;
   * `attached`: another braid process holds it (see `<dataDir>/engine.json`); `aws`: no
   * embedded engine.
   */
  store: 'owner' | 'attached' | 'aws';
  /** The local SES API's URL (web UI and API), when started. */
  sesUrl: string | undefined;
  outboxDir: string;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** Start the local SES API (commands that send). */
  ses: boolean;
  sesPort?: number;
  /**
   * Only read (`start --dry-run`): the tables are not rebuilt and older items not migrated,
   * so the command writes nothing to the store.
   */
  readOnly?: boolean;
}

/**
 * Wires the production adapters to the embedded engines (local mode) or to AWS
 * (BRAID_MODE=aws). Locally every sent message is also kept in the outbox. The embedded
 * DynamoDB is shared: the first braid process to open it serves it, the others reach it
 * (closing this runtime never stops another process's engine).
 */
export async function openRuntime(options: OpenOptions): Promise<LocalRuntime> {
  const base = loadConfig();
  if (base.mode === 'aws') {
    const runtime = createRuntime(base);
    return {
      ...runtime,
      fresh: false,
      store: 'aws',
      sesUrl: undefined,
      outboxDir: '',
      close: async () => undefined,
    };
  }
  const engines: EmbeddedEngine[] = [];
  const closeAll = async () => {
    for (const engine of engines.reverse()) await engine.close().catch(() => undefined);
  };
  try {
    const dynamo = await startEmbeddedDynamo(base.dataDir);
    engines.push(dynamo);
    const ses = options.ses ? await startEmbeddedSes(options.sesPort ?? 0) : undefined;
    if (ses) engines.push(ses);
    const config = loadConfig({
      ...process.env,
      BRAID_DYNAMODB_ENDPOINT: dynamo.url,
      ...(ses ? { BRAID_SES_ENDPOINT: ses.url } : {}),
    });
    const runtime = createRuntime(config);
    const tables = () =>
      ensureTables({ region: config.region, endpoint: dynamo.url }, config.tables, {
        rebuild: dynamo.role === 'owner' && options.readOnly !== true,
      });
    // Two commands starting on a new store both create the tables: the loser's second look
    // finds them.
    await tables()
      .catch(() => new Promise((resolve) => setTimeout(resolve, 250)).then(tables))
      .catch((cause: unknown) => {
        throw new CliError(
          `The local data store in ${config.dataDir} does not answer as expected (${(cause as Error).message}). To start afresh, run: npx braid reset --yes`,
          { cause },
        );
      });
    if (dynamo.role === 'owner' && options.readOnly !== true) {
      await migrateOlderItems(config, dynamo.fresh);
    }
    const outboxDir = join(config.outDir, 'outbox');
    return {
      ...runtime,
      mailer: withOutbox(runtime.mailer, outboxDir, (error, message) =>
        console.warn(
          `warning: sent, but not kept in the outbox (${message.subscriberId}): ${error.message}`,
        ),
      ),
      fresh: dynamo.fresh,
      store: dynamo.role,
      sesUrl: ses?.url,
      outboxDir,
      close: closeAll,
    };
  } catch (error) {
    await closeAll();
    throw error;
  }
}

/** The layout of the local store's items; older stores are brought up to it once. */
const STORE_LAYOUT = '2';

/**
 * Items an older version of Braid wrote to this store, brought up to date once, by the
 * process that owns it: subscribers without their status shard (the compose index), ledger
 * entries under the unsharded key. `<dataDir>/store-layout` records that it was done.
 */
async function migrateOlderItems(config: Config, fresh: boolean): Promise<void> {
  const marker = join(config.dataDir, 'store-layout');
  const layout = await readFile(marker, 'utf8').catch(() => undefined);
  if (layout?.trim() === STORE_LAYOUT) return;
  if (!fresh) {
    const db = createDocumentClient({
      region: config.region,
      endpoint: config.endpoints.dynamodb,
    });
    try {
      await backfillStatusShards(db, config.tables.subscribers);
      await migrateUnshardedLedger(db, config.tables.ledger);
    } finally {
      db.destroy();
    }
  }
  await writeFile(marker, `${STORE_LAYOUT}\n`);
}
