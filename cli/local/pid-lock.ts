import { readFileSync, unlinkSync } from 'node:fs';
import { link, mkdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { isProcessAlive } from './engine-file.ts';

/** What a lock file holds: the holder's process id and a few words about it. */
export interface LockHolder {
  pid: number;
  command: string;
  since: string;
}

export interface PidLock {
  /** Removes the lock if it is still this process's. */
  release(): Promise<void>;
  /** The same, synchronously (exit and signal handlers). */
  releaseSync(): void;
}

async function readHolder(path: string): Promise<LockHolder | undefined> {
  try {
    const value = JSON.parse(await readFile(path, 'utf8')) as Partial<LockHolder>;
    if (typeof value.pid === 'number' && Number.isInteger(value.pid) && value.pid > 0) {
      return {
        pid: value.pid,
        command: String(value.command ?? 'braid'),
        since: String(value.since ?? ''),
      };
    }
  } catch {
    // Unreadable or not ours: stale.
  }
  return undefined;
}

/** The live holder of a lock file, if there is one. */
export async function liveHolder(path: string): Promise<LockHolder | undefined> {
  const holder = await readHolder(path);
  return holder !== undefined && isProcessAlive(holder.pid) ? holder : undefined;
}

/**
 * An exclusive lock file naming its holder's process. The file is written whole beside it
 * and hard-linked into place, which fails if the lock exists: nobody ever reads a
 * half-written lock. A lock whose process is gone is stale and taken over. Resolves to the
 * lock, or to the live holder when another process has it.
 */
export async function tryPidLock(
  path: string,
  command: string,
): Promise<{ lock: PidLock } | { holder: LockHolder }> {
  await mkdir(dirname(path), { recursive: true });
  const mine: LockHolder = { pid: process.pid, command, since: new Date().toISOString() };
  const draft = `${path}.${process.pid}.tmp`;
  await writeFile(draft, `${JSON.stringify(mine)}\n`);
  try {
    for (let attempt = 0; attempt < 5; attempt++) {
      try {
        await createExclusively(draft, path, mine);
        return { lock: ownLock(path) };
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      const holder = await readHolder(path);
      if (holder !== undefined && isProcessAlive(holder.pid)) return { holder };
      await takeOverStale(path, holder);
    }
    const holder = await liveHolder(path);
    if (holder !== undefined) return { holder };
    throw new Error(`Could not take the lock ${path}: it keeps changing. Try again.`);
  } finally {
    await unlink(draft).catch(() => undefined);
  }
}

/** Hard-links the whole draft into place; where links are not supported, an exclusive create. */
async function createExclusively(draft: string, path: string, holder: LockHolder): Promise<void> {
  try {
    await link(draft, path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'ENOSYS') throw error;
    await writeFile(path, `${JSON.stringify(holder)}\n`, { flag: 'wx' });
  }
}

function ownLock(path: string): PidLock {
  const releaseSync = () => {
    process.off('exit', releaseSync);
    try {
      const value = JSON.parse(readFileSync(path, 'utf8')) as Partial<LockHolder>;
      if (value.pid === process.pid) unlinkSync(path);
    } catch {
      // Gone already.
    }
  };
  process.on('exit', releaseSync);
  return {
    releaseSync,
    release: async () => {
      process.off('exit', releaseSync);
      if ((await readHolder(path))?.pid === process.pid) await unlink(path).catch(() => undefined);
    },
  };
}

/**
 * Moves a stale lock aside. If what was moved turns out to be a fresh lock another process
 * took meanwhile, it is put back (link fails if yet another appeared; that one stands).
 */
async function takeOverStale(path: string, stale: LockHolder | undefined): Promise<void> {
  const aside = `${path}.stale.${process.pid}`;
  try {
    await rename(path, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  const moved = await readHolder(aside);
  if (moved !== undefined && moved.pid !== stale?.pid && isProcessAlive(moved.pid)) {
    await link(aside, path).catch(() => undefined);
  }
  await unlink(aside).catch(() => undefined);
}
