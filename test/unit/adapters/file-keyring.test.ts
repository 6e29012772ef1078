import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadFileKeyring, saveFileKeyring } from '../../../lambda/adapters/file-keyring.ts';
import {
  KeyringError,
  parseKeyring,
  rotateKeyring,
  serializeKeyring,
} from '../../../lambda/subscribers/keyring.ts';

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'braid-keyring-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const mode = async (path: string) => (await stat(path)).mode & 0o777;

describe('loadFileKeyring', () => {
  it('makes a keyring of one fresh key on first use, in a file only its owner reads', async () => {
    // Prepare
    const path = join(dir, 'nested', 'data', 'keyring.json');
    // Act
    const keyring = await loadFileKeyring(path);
    // Assess
    expect(keyring.current).toBe('k1');
    expect(keyring.keys.get('k1')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(await readFile(path, 'utf8')).toBe(serializeKeyring(keyring));
    expect(await mode(path)).toBe(0o600);
  });

  it('reads the same keyring back on the next start', async () => {
    // Prepare
    const path = join(dir, 'keyring.json');
    const first = await loadFileKeyring(path);
    // Act
    const second = await loadFileKeyring(path);
    // Assess
    expect(second).toEqual(first);
  });

  it('gives processes starting at once one keyring between them', async () => {
    // Prepare
    const path = join(dir, 'keyring.json');
    // Act
    const keyrings = await Promise.all(Array.from({ length: 8 }, () => loadFileKeyring(path)));
    // Assess
    const onFile = parseKeyring(await readFile(path, 'utf8'), path);
    for (const keyring of keyrings) expect(keyring).toEqual(onFile);
    expect(await readdir(dir)).toEqual(['keyring.json']);
  });

  it('refuses a file that is not a keyring, naming the file', async () => {
    // Prepare
    const path = join(dir, 'keyring.json');
    await writeFile(path, '{"current":"k1"}');
    // Act
    const error = await loadFileKeyring(path).catch((e: unknown) => e);
    // Assess
    expect(error).toBeInstanceOf(KeyringError);
    expect((error as Error).message).toBe(
      `${path}: field "current" names key "k1", which is not listed`,
    );
  });

  it('passes on a read error other than a missing file', async () => {
    // Prepare: a folder where the file should be.
    const path = join(dir, 'keyring.json');
    await mkdir(path);
    // Act
    const error = await loadFileKeyring(path).catch((e: unknown) => e);
    // Assess
    expect(error).toMatchObject({ code: 'EISDIR' });
  });
});

describe('saveFileKeyring', () => {
  it('replaces the keyring on file', async () => {
    // Prepare
    const path = join(dir, 'keyring.json');
    const first = await loadFileKeyring(path);
    const rotated = rotateKeyring(first);
    // Act
    await saveFileKeyring(path, rotated);
    // Assess
    expect(await loadFileKeyring(path)).toEqual(rotated);
    expect(await readdir(dir)).toEqual(['keyring.json']);
  });

  it('writes a rotated keyring that loads back, owner-only, creating the folder', async () => {
    // Prepare
    const path = join(dir, 'new', 'keyring.json');
    const rotated = rotateKeyring(await loadFileKeyring(join(dir, 'keyring.json')));
    // Act
    await saveFileKeyring(path, rotated);
    // Assess
    expect(await loadFileKeyring(path)).toEqual(rotated);
    expect(rotated.current).toBe('k2');
    expect(await mode(path)).toBe(0o600);
    expect(await readdir(join(dir, 'new'))).toEqual(['keyring.json']);
  });
});
