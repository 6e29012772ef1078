import { describe, expect, it } from 'vitest';
import {
  generateKey,
  KEY_MIN_LENGTH,
  type Keyring,
  KeyringError,
  newKeyring,
  parseKeyring,
  retireKey,
  rotateKeyring,
  serializeKeyring,
} from '../../../lambda/subscribers/keyring.ts';

const WHERE = 'secret braid/link-keys';
const secret = (c: string, length = 40) => c.repeat(length);
const ring = (current: string, ...ids: string[]): Keyring => ({
  current,
  keys: new Map(ids.map((id, i) => [id, secret(String.fromCharCode(97 + i))])),
});

function parseError(json: string): KeyringError {
  try {
    parseKeyring(json, WHERE);
  } catch (error) {
    if (error instanceof KeyringError) return error;
    throw error;
  }
  throw new Error('Expected parseKeyring to throw');
}

describe('parseKeyring', () => {
  it('reads the flat stored form: current, then the keys by id', () => {
    // Prepare
    const json = JSON.stringify({ current: 'k2', k1: secret('a'), k2: secret('b') });
    // Act
    const keyring = parseKeyring(json, WHERE);
    // Assess
    expect(keyring.current).toBe('k2');
    expect([...keyring.keys]).toEqual([
      ['k1', secret('a')],
      ['k2', secret('b')],
    ]);
    expect(keyring.keys.has('current')).toBe(false);
  });

  it.each(['k', 'K_9-x', 'a'.repeat(16)])(
    'accepts the key id %j (1–16 letters, digits, _ or -)',
    (id) => {
      // Act
      const keyring = parseKeyring(JSON.stringify({ current: id, [id]: secret('a') }), WHERE);
      // Assess
      expect(keyring.keys.get(id)).toBe(secret('a'));
    },
  );

  it(`accepts a key of exactly ${KEY_MIN_LENGTH} characters`, () => {
    // Act
    const keyring = parseKeyring(JSON.stringify({ current: 'k1', k1: secret('a', 32) }), WHERE);
    // Assess
    expect(KEY_MIN_LENGTH).toBe(32);
    expect(keyring.keys.get('k1')).toHaveLength(32);
  });

  it.each([
    [
      'text that is not JSON',
      'current=k1',
      'expected JSON like {"current":"k1","k1":"<at least 32 characters>"}',
    ],
    ['an empty text', '', 'expected JSON like {"current":"k1","k1":"<at least 32 characters>"}'],
    ['a JSON array', '["k1"]', 'expected a JSON object of strings: {"current":"k1","k1":"…"}'],
    ['JSON null', 'null', 'expected a JSON object of strings: {"current":"k1","k1":"…"}'],
    ['a JSON string', '"k1"', 'expected a JSON object of strings: {"current":"k1","k1":"…"}'],
    [
      'a value that is not a string',
      JSON.stringify({ current: 'k1', k1: 42 }),
      'expected a JSON object of strings: {"current":"k1","k1":"…"}',
    ],
    [
      'no current field',
      JSON.stringify({ k1: secret('a') }),
      'field "current" is missing: it names the key that signs',
    ],
    [
      'a current key that is not listed',
      JSON.stringify({ current: 'k2', k1: secret('a') }),
      'field "current" names key "k2", which is not listed',
    ],
    [
      'a key of 31 characters',
      JSON.stringify({ current: 'k1', k1: secret('a', 31) }),
      'key k1 must be at least 32 characters long',
    ],
    [
      'a short key that is not the current one',
      JSON.stringify({ current: 'k1', k1: secret('a'), k0: 'short' }),
      'key k0 must be at least 32 characters long',
    ],
    [
      'a key id with a dot',
      JSON.stringify({ current: 'k1', k1: secret('a'), 'k.2': secret('b') }),
      'key id "k.2" must be 1–16 letters, digits, _ or -',
    ],
    [
      'a key id of 17 characters',
      JSON.stringify({ current: 'k1', k1: secret('a'), ['k'.repeat(17)]: secret('b') }),
      `key id "${'k'.repeat(17)}" must be 1–16 letters, digits, _ or -`,
    ],
    [
      'an empty key id',
      JSON.stringify({ current: 'k1', k1: secret('a'), '': secret('b') }),
      'key id "" must be 1–16 letters, digits, _ or -',
    ],
    [
      'a key id with a space after it',
      JSON.stringify({ current: 'k1', k1: secret('a'), 'k2 ': secret('b') }),
      'key id "k2 " must be 1–16 letters, digits, _ or -',
    ],
    [
      'a key id with a space before it',
      JSON.stringify({ current: 'k1', k1: secret('a'), ' k2': secret('b') }),
      'key id " k2" must be 1–16 letters, digits, _ or -',
    ],
  ])('refuses %s, naming the place and the problem', (_case, json, problem) => {
    // Act
    const error = parseError(json);
    // Assess
    expect(error.name).toBe('KeyringError');
    expect(error.message).toBe(`${WHERE}: ${problem}`);
  });
});

describe('serializeKeyring', () => {
  it('writes the flat form, indented, ending in a newline, that parseKeyring reads back', () => {
    // Prepare
    const keyring = ring('k2', 'k1', 'k2');
    // Act
    const text = serializeKeyring(keyring);
    // Assess
    expect(text).toBe(
      `{\n  "current": "k2",\n  "k1": "${secret('a')}",\n  "k2": "${secret('b')}"\n}\n`,
    );
    expect(parseKeyring(text, WHERE)).toEqual(keyring);
  });
});

describe('generateKey and newKeyring', () => {
  it('generates 256 random bits as 43 base64url characters, new every time', () => {
    // Act
    const a = generateKey();
    const b = generateKey();
    // Assess
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(a, 'base64url')).toHaveLength(32);
    expect(b).not.toBe(a);
  });

  it('starts a keyring with one fresh key, k1, that parses back', () => {
    // Act
    const keyring = newKeyring();
    // Assess
    expect(keyring.current).toBe('k1');
    expect([...keyring.keys.keys()]).toEqual(['k1']);
    expect(keyring.keys.get('k1')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(parseKeyring(serializeKeyring(keyring), WHERE)).toEqual(keyring);
    expect(newKeyring().keys.get('k1')).not.toBe(keyring.keys.get('k1'));
  });
});

describe('rotateKeyring', () => {
  it('refuses a new key shorter than 32 characters, which would leave an unreadable keyring', () => {
    expect(() => rotateKeyring(ring('k1', 'k1'), 'short')).toThrow(
      'rotate: a new key must be at least 32 characters long',
    );
    expect(rotateKeyring(ring('k1', 'k1'), 'x'.repeat(32)).current).toBe('k2');
  });

  it.each([
    ['k1 → k2', ring('k1', 'k1'), 'k2'],
    ['after a gap, past the highest', ring('k1', 'k1', 'k3'), 'k4'],
    ['numerically, not alphabetically', ring('k9', 'k9', 'k10'), 'k11'],
    ['ignoring ids not of the form k<n>', ring('legacy', 'legacy', 'k2'), 'k3'],
    ['from k1 when no id is numbered', ring('legacy', 'legacy'), 'k1'],
    ['ignoring a number not at the start', ring('xk5', 'xk5', 'k1'), 'k2'],
    ['ignoring a number not at the end', ring('k5x', 'k5x', 'k1'), 'k2'],
  ])('numbers the new key %s', (_case, keyring, expected) => {
    // Act
    const rotated = rotateKeyring(keyring, secret('z'));
    // Assess
    expect(rotated.current).toBe(expected);
    expect(rotated.keys.get(expected)).toBe(secret('z'));
    expect(rotated.keys.size).toBe(keyring.keys.size + 1);
  });

  it('keeps every old key, leaves the keyring given unchanged, and makes a fresh key by default', () => {
    // Prepare
    const keyring = ring('k1', 'k1');
    // Act
    const rotated = rotateKeyring(keyring);
    // Assess
    expect(rotated.keys.get('k1')).toBe(secret('a'));
    expect(rotated.keys.get('k2')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(keyring.current).toBe('k1');
    expect([...keyring.keys.keys()]).toEqual(['k1']);
  });
});

describe('retireKey', () => {
  it('removes a key that no longer signs, leaving the keyring given unchanged', () => {
    // Prepare
    const keyring = ring('k2', 'k1', 'k2');
    // Act
    const retired = retireKey(keyring, 'k1');
    // Assess
    expect(retired.current).toBe('k2');
    expect([...retired.keys.keys()]).toEqual(['k2']);
    expect([...keyring.keys.keys()]).toEqual(['k1', 'k2']);
  });

  it.each([
    ['the current key', 'k2', 'retire: key k2 signs new links; rotate first'],
    ['a key it does not have', 'k9', 'retire: there is no key k9'],
  ])('refuses to retire %s', (_case, id, message) => {
    // Prepare
    const keyring = ring('k2', 'k1', 'k2');
    // Act
    const act = () => retireKey(keyring, id);
    // Assess
    expect(act).toThrow(KeyringError);
    expect(act).toThrow(message);
    expect(keyring.keys.size).toBe(2);
  });
});
