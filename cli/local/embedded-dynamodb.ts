import { mkdir, stat } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import dynalite from 'dynalite';
import { Level } from 'level';
import { CliError } from './cli-error.ts';

export interface EmbeddedEngine {
  url: string;
  close(): Promise<void>;
}

const RESET_HINT =
  'To start afresh, run: npx braid reset --yes (this deletes the local subscribers and ledger).';

/**
 * Opens the LevelDB store once before dynalite does: dynalite opens it lazily and
 * would turn a corrupt or locked store into opaque 500s on the first request.
 */
async function checkStore(path: string): Promise<void> {
  const db = new Level(path, { valueEncoding: 'json' });
  try {
    await db.open();
  } catch (cause) {
    const detail = (cause as Error & { cause?: Error }).cause?.message ?? (cause as Error).message;
    const locked = /lock/i.test(detail);
    throw new CliError(
      locked
        ? `The local data store ${path} is in use by another process (is a braid command with --keep still running?). Stop it, or: ${RESET_HINT}`
        : `The local data store ${path} is corrupted or unreadable (${detail}). ${RESET_HINT}`,
      { cause },
    );
  } finally {
    await db.close().catch(() => undefined);
  }
}

/** dynalite, persisted under `<dataDir>/dynamodb`, on a free loopback port. */
export async function startEmbeddedDynamo(
  dataDir: string,
): Promise<EmbeddedEngine & { fresh: boolean }> {
  const path = join(dataDir, 'dynamodb');
  const existing = await stat(path).catch(() => undefined);
  if (existing !== undefined && !existing.isDirectory()) {
    throw new CliError(`The local data store ${path} is not a folder. ${RESET_HINT}`);
  }
  await mkdir(dataDir, { recursive: true });
  await checkStore(path);
  const server = dynalite({ path, createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    fresh: existing === undefined,
    close: () =>
      new Promise<void>((resolve, reject) =>
        server.close((error) => (error ? reject(error) : resolve())),
      ),
  };
}
