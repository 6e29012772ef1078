import { readFileSync, unlinkSync } from 'node:fs';
import { readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * `<dataDir>/engine.json`: where the process that holds the embedded database serves it,
 * `{url, pid}`. Every other braid command reads it and talks to that URL instead of opening
 * the store (LevelDB allows one process).
 */
export interface EngineInfo {
  url: string;
  pid: number;
}

export function engineFilePath(dataDir: string): string {
  return join(dataDir, 'engine.json');
}

function parseEngineInfo(text: string): EngineInfo | undefined {
  try {
    const value = JSON.parse(text) as Partial<EngineInfo> | null;
    if (
      typeof value?.url === 'string' &&
      /^http:\/\/127\.0\.0\.1:\d+$/u.test(value.url) &&
      typeof value.pid === 'number' &&
      Number.isInteger(value.pid) &&
      value.pid > 0
    ) {
      return { url: value.url, pid: value.pid };
    }
  } catch {
    // A torn or hand-edited file is the same as none.
  }
  return undefined;
}

export async function readEngineFile(dataDir: string): Promise<EngineInfo | undefined> {
  const text = await readFile(engineFilePath(dataDir), 'utf8').catch(() => undefined);
  return text === undefined ? undefined : parseEngineInfo(text);
}

/** Written to a temporary file and renamed: a reader sees the old file or the new, never half. */
export async function writeEngineFile(dataDir: string, info: EngineInfo): Promise<void> {
  const path = engineFilePath(dataDir);
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, `${JSON.stringify(info)}\n`);
  await rename(temporary, path);
}

/** Removes the file if it is still this process's (a successor may have replaced it). */
export async function removeEngineFile(dataDir: string, pid = process.pid): Promise<void> {
  if ((await readEngineFile(dataDir))?.pid === pid)
    await unlink(engineFilePath(dataDir)).catch(() => undefined);
}

/** The same, synchronously: for `exit` and signal handlers, where nothing async runs. */
export function removeEngineFileSync(dataDir: string, pid = process.pid): void {
  try {
    const info = parseEngineInfo(readFileSync(engineFilePath(dataDir), 'utf8'));
    if (info?.pid === pid) unlinkSync(engineFilePath(dataDir));
  } catch {
    // Gone already.
  }
}

/** Whether a process with this id exists (EPERM: it does, under another user). */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
