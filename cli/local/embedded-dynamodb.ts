import { mkdir, stat } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { CliError } from './cli-error.ts';
import { startRelay } from './dynamo-relay.ts';
import {
  isProcessAlive,
  readEngineFile,
  removeEngineFile,
  removeEngineFileSync,
  writeEngineFile,
} from './engine-file.ts';
import { type PidLock, tryPidLock } from './pid-lock.ts';

export interface EmbeddedEngine {
  url: string;
  close(): Promise<void>;
}

/**
 * The local DynamoDB as this process sees it. `owner`: this process opened the store and
 * serves it (and published it in engine.json); `attached`: another braid process does, and
 * this one reaches it through a relay (closing it never stops the other's engine).
 */
export interface DynamoEngine extends EmbeddedEngine {
  /** True when this process created the store (first run). */
  fresh: boolean;
  role: 'owner' | 'attached';
}

const RESET_HINT =
  'To start afresh, run: npx braid reset --yes (this deletes the local subscribers and ledger).';

/** How long to wait for a store that another process is opening or closing right now. */
const WAIT_FOR_STORE_MS = 8000;
/** How long a published engine may take to answer before it counts as gone. */
const PROBE_TIMEOUT_MS = 2000;

class StoreLockedError extends Error {}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Opens the LevelDB store once before dynalite does: dynalite opens it lazily and
 * would turn a corrupt or locked store into opaque 500s on the first request.
 */
async function checkStore(path: string): Promise<void> {
  // Loaded here: only the process that opens the store pays for LevelDB and dynalite.
  const { Level } = await import('level');
  const db = new Level(path, { valueEncoding: 'json' });
  try {
    await db.open();
  } catch (cause) {
    const detail = (cause as Error & { cause?: Error }).cause?.message ?? (cause as Error).message;
    if (/lock/i.test(detail)) {
      throw new StoreLockedError(`no braid process publishes it in engine.json; ${detail}`, {
        cause,
      });
    }
    throw new CliError(
      `The local data store ${path} is corrupted or unreadable (${detail}). ${RESET_HINT}`,
      { cause },
    );
  } finally {
    await db.close().catch(() => undefined);
  }
}

/** Whether a DynamoDB endpoint answers a ListTables, within a short time. */
async function answers(url: string): Promise<boolean> {
  const client = new DynamoDBClient({
    region: 'us-east-1',
    endpoint: url,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
  try {
    await client.send(new ListTablesCommand({ Limit: 1 }), {
      abortSignal: AbortSignal.timeout(PROBE_TIMEOUT_MS),
    });
    return true;
  } catch {
    return false;
  } finally {
    client.destroy();
  }
}

/** The URL of the engine another braid process publishes, if its process lives and it answers. */
async function liveEngine(dataDir: string): Promise<string | undefined> {
  const info = await readEngineFile(dataDir);
  if (info === undefined || !isProcessAlive(info.pid)) return undefined;
  return (await answers(info.url)) ? info.url : undefined;
}

/**
 * Takes engine.json (and the claim on the store) away when the process ends: on exit, and on
 * SIGINT/SIGTERM, where the signal then does what it would have done unless the command
 * handles it itself (and closes the engine in its own time).
 */
function removeOnExit(dataDir: string, claim: PidLock): () => void {
  const onExit = () => {
    removeEngineFileSync(dataDir);
    claim.releaseSync();
  };
  const onSignal = (signal: NodeJS.Signals) => {
    removeEngineFileSync(dataDir);
    if (process.listenerCount(signal) === 1) {
      uninstall();
      claim.releaseSync();
      process.kill(process.pid, signal);
    }
  };
  const uninstall = () => {
    process.off('exit', onExit);
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  };
  process.on('exit', onExit);
  // First in line, so the count of other handlers is known before any `once` handler runs.
  process.prependListener('SIGINT', onSignal);
  process.prependListener('SIGTERM', onSignal);
  return uninstall;
}

interface ServedStore {
  url: string;
  fresh: boolean;
  close(): Promise<void>;
}

/**
 * dynalite on the store under `<dataDir>/dynamodb`, on a free loopback port, published in
 * engine.json. `<dataDir>/engine.lock` is taken first: dynalite opens LevelDB lazily and a
 * request to one that lost the race for it would crash the process, so two braid processes
 * never start an engine on the store at once.
 */
async function serveStore(dataDir: string): Promise<ServedStore> {
  const path = join(dataDir, 'dynamodb');
  await mkdir(dataDir, { recursive: true });
  const claimed = await tryPidLock(join(dataDir, 'engine.lock'), 'braid (local database)');
  if ('holder' in claimed) {
    throw new StoreLockedError(
      `process ${claimed.holder.pid} holds ${join(dataDir, 'engine.lock')} but its engine does not answer; if no braid command is running, delete that file`,
    );
  }
  const claim = claimed.lock;
  try {
    const existing = await stat(path).catch(() => undefined);
    if (existing !== undefined && !existing.isDirectory()) {
      throw new CliError(`The local data store ${path} is not a folder. ${RESET_HINT}`);
    }
    await checkStore(path);
    const { default: dynalite } = await import('dynalite');
    const server = dynalite({ path, createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    const { port } = server.address() as AddressInfo;
    const url = `http://127.0.0.1:${port}`;
    await writeEngineFile(dataDir, { url, pid: process.pid });
    const uninstall = removeOnExit(dataDir, claim);
    return {
      url,
      fresh: existing === undefined,
      close: async () => {
        uninstall();
        // Unpublished first: nobody new attaches to an engine that is going away.
        await removeEngineFile(dataDir);
        await new Promise<void>((resolve, reject) =>
          server.close((error) => (error ? reject(error) : resolve())),
        ).finally(() => claim.release());
      },
    };
  } catch (error) {
    await claim.release();
    throw error;
  }
}

type Found = { kind: 'attached'; url: string } | { kind: 'owner'; store: ServedStore };

/**
 * Attaches to the engine another process publishes, or opens the store and serves it. A
 * store locked by a process that is still starting (or stopping) its engine is waited for;
 * one locked by something that never publishes is an error.
 */
async function attachOrServe(dataDir: string): Promise<Found> {
  const deadline = Date.now() + WAIT_FOR_STORE_MS;
  for (;;) {
    const url = await liveEngine(dataDir);
    if (url !== undefined) return { kind: 'attached', url };
    try {
      return { kind: 'owner', store: await serveStore(dataDir) };
    } catch (error) {
      if (!(error instanceof StoreLockedError)) throw error;
      if (Date.now() >= deadline) {
        throw new CliError(
          `The local data store ${join(dataDir, 'dynamodb')} is in use by another process that does not share it (${error.message}). Stop it, or: ${RESET_HINT}`,
          { cause: error },
        );
      }
      await sleep(100 + Math.random() * 100);
    }
  }
}

/**
 * The embedded DynamoDB (dynalite, persisted under `<dataDir>/dynamodb`). One process holds
 * the store and serves it on loopback, publishing `<dataDir>/engine.json`; every other braid
 * command reaches it there. When the holder stops first, an attached process takes over.
 */
export async function startEmbeddedDynamo(dataDir: string): Promise<DynamoEngine> {
  const found = await attachOrServe(dataDir);
  if (found.kind === 'owner') return { ...found.store, role: 'owner' };
  let taken: ServedStore | undefined;
  const relay = await startRelay(found.url, async () => {
    const next = await attachOrServe(dataDir);
    if (next.kind === 'attached') return next.url;
    taken = next.store;
    return taken.url;
  });
  return {
    url: relay.url,
    fresh: false,
    role: 'attached',
    close: async () => {
      await relay.close();
      await taken?.close();
    },
  };
}
