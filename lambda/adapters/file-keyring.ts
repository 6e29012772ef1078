import { randomBytes } from 'node:crypto';
import { link, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import {
  type Keyring,
  newKeyring,
  parseKeyring,
  serializeKeyring,
} from '../subscribers/keyring.ts';

/**
 * The local keyring: a file in the data folder, generated with one random key on first use
 * (never committed: the data folder is ignored). The file is written whole under another name
 * and then linked or renamed into place, so no process ever reads it half-written; two
 * processes starting at once agree on one file: the second reads what the first wrote.
 */
export async function loadFileKeyring(path: string): Promise<Keyring> {
  const existing = await readKeyringFile(path);
  if (existing !== undefined) return parseKeyring(existing, path);
  const keyring = newKeyring();
  const temporary = await writeTemporary(path, keyring);
  try {
    await link(temporary, path);
    return keyring;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return parseKeyring(await readFile(path, 'utf8'), path);
  } finally {
    await rm(temporary, { force: true });
  }
}

/** Writes a keyring back (rotation): replaced in one rename, readable by its owner only. */
export async function saveFileKeyring(path: string, keyring: Keyring): Promise<void> {
  await rename(await writeTemporary(path, keyring), path);
}

async function readKeyringFile(path: string): Promise<string | undefined> {
  return readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });
}

async function writeTemporary(path: string, keyring: Keyring): Promise<string> {
  await mkdir(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  await writeFile(temporary, serializeKeyring(keyring), { mode: 0o600 });
  return temporary;
}
