import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import {
  type Keyring,
  newKeyring,
  parseKeyring,
  serializeKeyring,
} from '../subscribers/keyring.ts';

/**
 * The local keyring: a file in the data folder, generated with one random key on first use
 * (never committed: the data folder is ignored). `wx` makes two processes starting at once
 * agree on one file: the second reads what the first wrote.
 */
export async function loadFileKeyring(path: string): Promise<Keyring> {
  const existing = await readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });
  if (existing !== undefined) return parseKeyring(existing, path);
  const keyring = newKeyring();
  await mkdir(dirname(path), { recursive: true });
  try {
    await writeFile(path, serializeKeyring(keyring), { flag: 'wx', mode: 0o600 });
    return keyring;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return parseKeyring(await readFile(path, 'utf8'), path);
  }
}

/** Writes a keyring back (rotation); the file stays readable by its owner only. */
export async function saveFileKeyring(path: string, keyring: Keyring): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, serializeKeyring(keyring), { mode: 0o600 });
}
