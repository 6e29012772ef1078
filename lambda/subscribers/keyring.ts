import { randomBytes } from 'node:crypto';
import { z } from 'zod';

/**
 * The HMAC keys of confirm and unsubscribe links, by key id. The current key signs; every
 * key listed verifies, so a rotation (add a key, make it current) keeps old links working.
 * A key removed from the list is retired: links signed with it stop working.
 */
export interface Keyring {
  current: string;
  keys: ReadonlyMap<string, string>;
}

export class KeyringError extends Error {
  constructor(where: string, problem: string) {
    super(`${where}: ${problem}`);
    this.name = 'KeyringError';
  }
}

/** Key ids go into every token: short, URL-safe, no dots. */
const KEY_ID = /^[A-Za-z0-9_-]{1,16}$/u;
export const KEY_MIN_LENGTH = 32;

const stored = z.record(z.string(), z.string());

/**
 * Reads the stored form, one flat JSON object: `{"current": "k2", "k1": "…", "k2": "…"}`
 * (flat so that Secrets Manager can generate the first key itself). `where` names the
 * secret or file in errors.
 */
export function parseKeyring(json: string, where: string): Keyring {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    throw new KeyringError(
      where,
      'expected JSON like {"current":"k1","k1":"<at least 32 characters>"}',
    );
  }
  const parsed = stored.safeParse(value);
  if (!parsed.success) {
    throw new KeyringError(where, 'expected a JSON object of strings: {"current":"k1","k1":"…"}');
  }
  const { current, ...rest } = parsed.data;
  if (current === undefined)
    throw new KeyringError(where, 'field "current" is missing: it names the key that signs');
  const keys = new Map<string, string>();
  for (const [id, secret] of Object.entries(rest)) {
    if (!KEY_ID.test(id)) {
      throw new KeyringError(
        where,
        `key id ${JSON.stringify(id)} must be 1–16 letters, digits, _ or -`,
      );
    }
    if (secret.length < KEY_MIN_LENGTH) {
      throw new KeyringError(where, `key ${id} must be at least ${KEY_MIN_LENGTH} characters long`);
    }
    keys.set(id, secret);
  }
  if (!keys.has(current)) {
    throw new KeyringError(
      where,
      `field "current" names key ${JSON.stringify(current)}, which is not listed`,
    );
  }
  return { current, keys };
}

export function serializeKeyring(keyring: Keyring): string {
  return `${JSON.stringify({ current: keyring.current, ...Object.fromEntries(keyring.keys) }, null, 2)}\n`;
}

/** A fresh random key (256 bits). */
export function generateKey(): string {
  return randomBytes(32).toString('base64url');
}

/** A keyring of one new key, `k1`. */
export function newKeyring(): Keyring {
  return { current: 'k1', keys: new Map([['k1', generateKey()]]) };
}

/** Adds a new key and makes it current: `k<n+1>` after the highest `k<n>`. */
export function rotateKeyring(keyring: Keyring, secret = generateKey()): Keyring {
  if (secret.length < KEY_MIN_LENGTH) {
    throw new KeyringError(
      'rotate',
      `a new key must be at least ${KEY_MIN_LENGTH} characters long`,
    );
  }
  const numbers = [...keyring.keys.keys()].map((id) => Number(/^k(\d+)$/u.exec(id)?.[1] ?? 0));
  const id = `k${Math.max(0, ...numbers) + 1}`;
  return { current: id, keys: new Map([...keyring.keys, [id, secret]]) };
}

/** Removes a key that no longer signs: links signed with it stop verifying. */
export function retireKey(keyring: Keyring, id: string): Keyring {
  if (id === keyring.current)
    throw new KeyringError('retire', `key ${id} signs new links; rotate first`);
  if (!keyring.keys.has(id)) throw new KeyringError('retire', `there is no key ${id}`);
  const keys = new Map(keyring.keys);
  keys.delete(id);
  return { current: keyring.current, keys };
}
