import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { type Keyring, retireKey, rotateKeyring } from '../../../lambda/subscribers/keyring.ts';
import {
  InvalidTokenError,
  type InvalidTokenReason,
  signToken,
  type TokenClaims,
  type TokenPurpose,
  verifyToken,
} from '../../../lambda/subscribers/tokens.ts';
import { KEY_1, KEY_2, keyring } from './fixtures.ts';

const now = new Date('2026-01-01T00:00:00.000Z');
const nowSeconds = Math.floor(now.getTime() / 1000);
const inAnHour = nowSeconds + 3600;

const confirmClaims: TokenClaims = {
  subscriberId: 'sub_1',
  purpose: 'confirm',
  expires: inAnHour,
  nonce: 'n0nce_-X',
};
const unsubscribeClaims: TokenClaims = {
  subscriberId: 'sub_1',
  purpose: 'unsubscribe',
  expires: 0,
};

/** A token with any parts, signed with `secret` as signToken would: for claims it refuses. */
function forge(secret: string, parts: string[]): string {
  const payload = parts.join('.');
  return `${payload}.${createHmac('sha256', secret).update(payload).digest('base64url')}`;
}

/** Runs `act`, returning what it threw. */
function thrown(act: () => unknown): unknown {
  try {
    act();
  } catch (error) {
    return error;
  }
  throw new Error('Expected it to throw');
}

function failure(token: string, purpose: TokenPurpose, at: Date = now, ring: Keyring = keyring) {
  return thrown(() => verifyToken(ring, token, purpose, at));
}

const MESSAGES: Record<InvalidTokenReason, string> = {
  malformed: 'Invalid token: the link is incomplete or malformed',
  'unknown-key': 'Invalid token: the link was signed with a key this service no longer has',
  'bad-signature': 'Invalid token: the link has been altered',
  'wrong-purpose': 'Invalid token: the link is for something else',
  expired: 'Invalid token: the link has expired',
};

describe('InvalidTokenError', () => {
  it.each(Object.entries(MESSAGES))('says what %s means to a person', (reason, message) => {
    // Act
    const error = new InvalidTokenError(reason as InvalidTokenReason);
    // Assess
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('InvalidTokenError');
    expect(error.reason).toBe(reason);
    expect(error.message).toBe(message);
  });
});

describe('signToken and verifyToken', () => {
  it('round-trips a confirm token with its nonce, in the documented six-part shape', () => {
    // Act
    const token = signToken(keyring, confirmClaims);
    // Assess
    expect(token.split('.')).toHaveLength(6);
    expect(token.startsWith(`k1.sub_1.confirm.${inAnHour}.n0nce_-X.`)).toBe(true);
    expect(token).toMatch(/\.[A-Za-z0-9_-]{43}$/);
    expect(verifyToken(keyring, token, 'confirm', now)).toStrictEqual(confirmClaims);
  });

  it('round-trips a token without a nonce, writing "-" and giving no nonce back', () => {
    // Prepare
    const claims: TokenClaims = { subscriberId: 'sub_1', purpose: 'confirm', expires: inAnHour };
    // Act
    const token = signToken(keyring, claims);
    // Assess
    expect(token.split('.')[4]).toBe('-');
    const verified = verifyToken(keyring, token, 'confirm', now);
    expect(verified).toStrictEqual(claims);
    expect(verified).not.toHaveProperty('nonce');
  });

  it('keeps an unsubscribe token (expires 0) working for ever', () => {
    // Prepare
    const token = signToken(keyring, unsubscribeClaims);
    // Act
    const claims = verifyToken(keyring, token, 'unsubscribe', new Date('2199-01-01T00:00:00Z'));
    // Assess
    expect(claims).toStrictEqual(unsubscribeClaims);
  });

  it('signs the same claims to the same token, and different claims to different ones', () => {
    // Act
    const a = signToken(keyring, confirmClaims);
    const b = signToken(keyring, confirmClaims);
    const other = signToken(keyring, { ...confirmClaims, subscriberId: 'sub_2' });
    // Assess
    expect(a).toBe(b);
    expect(other.split('.')[5]).not.toBe(a.split('.')[5]);
  });

  it('accepts a confirm token up to and including its expiry second', () => {
    // Prepare
    const token = signToken(keyring, confirmClaims);
    const atExpiry = new Date(inAnHour * 1000);
    // Act
    const claims = verifyToken(keyring, token, 'confirm', atExpiry);
    // Assess
    expect(claims.expires).toBe(inAnHour);
  });

  it.each([
    ['one millisecond after expiry', 1],
    ['one second after expiry', 1000],
    ['a day after expiry', 86_400_000],
  ])('refuses a confirm token %s as expired', (_case, afterMs) => {
    // Prepare
    const token = signToken(keyring, confirmClaims);
    // Act
    const error = failure(token, 'confirm', new Date(inAnHour * 1000 + afterMs));
    // Assess
    expect(error).toBeInstanceOf(InvalidTokenError);
    expect(error).toMatchObject({ reason: 'expired', message: MESSAGES.expired });
  });

  it('accepts an unsubscribe token that carries an expiry until then, like any other', () => {
    // Prepare
    const token = signToken(keyring, { ...unsubscribeClaims, expires: inAnHour });
    // Act
    const before = verifyToken(keyring, token, 'unsubscribe', now);
    const after = failure(token, 'unsubscribe', new Date(inAnHour * 1000 + 1000));
    // Assess
    expect(before.expires).toBe(inAnHour);
    expect(after).toMatchObject({ reason: 'expired' });
  });
});

describe('verifyToken refuses', () => {
  const good = signToken(keyring, confirmClaims);
  const parts = good.split('.');
  const signature = parts[5] ?? '';
  const payload = parts.slice(0, 5);
  const lastChar = signature.at(-1) ?? '';
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  // The last character of 32 bytes in base64url carries 4 unused bits: flipping the lowest
  // spells the same bytes another way.
  const nonCanonical = `${signature.slice(0, -1)}${alphabet[alphabet.indexOf(lastChar) ^ 1]}`;
  const shortSignature = createHmac('sha256', KEY_1)
    .update(payload.join('.'))
    .digest()
    .subarray(0, 16)
    .toString('base64url');

  const cases: [string, string, TokenPurpose, InvalidTokenReason][] = [
    ['an empty string', '', 'confirm', 'malformed'],
    ['one part', 'k1', 'confirm', 'malformed'],
    ['two parts', parts.slice(0, 2).join('.'), 'confirm', 'malformed'],
    ['three parts', parts.slice(0, 3).join('.'), 'confirm', 'malformed'],
    ['four parts', parts.slice(0, 4).join('.'), 'confirm', 'malformed'],
    ['five parts (the signature cut off)', payload.join('.'), 'confirm', 'malformed'],
    ['seven parts', `${good}.extra`, 'confirm', 'malformed'],
    [
      'an empty nonce part',
      [...parts.slice(0, 4), '', signature].join('.'),
      'confirm',
      'malformed',
    ],
    ['a trailing dot', `${good}.`, 'confirm', 'malformed'],
    ['padding after the signature', `${good}=`, 'confirm', 'malformed'],
    ['a character outside the alphabet at a part start', `!${good}`, 'confirm', 'malformed'],
    [
      'a character outside the alphabet inside a part',
      good.replace('sub_1', 'sub+1'),
      'confirm',
      'malformed',
    ],
    ['an unknown key id', `k9.${parts.slice(1).join('.')}`, 'confirm', 'unknown-key'],
    ['a changed subscriber', good.replace('sub_1', 'sub_2'), 'confirm', 'bad-signature'],
    ['a changed nonce', good.replace('n0nce_-X', 'n0nce_-Y'), 'confirm', 'bad-signature'],
    [
      'a changed expiry',
      good.replace(String(inAnHour), String(inAnHour + 1)),
      'confirm',
      'bad-signature',
    ],
    [
      'a signature from another secret',
      forge('another-secret-another-secret-another', payload),
      'confirm',
      'bad-signature',
    ],
    [
      'a signature spelled another way (non-canonical base64url)',
      [...payload, nonCanonical].join('.'),
      'confirm',
      'bad-signature',
    ],
    [
      'a truncated but canonical signature',
      [...payload, shortSignature].join('.'),
      'confirm',
      'bad-signature',
    ],
    ['a confirm token offered to unsubscribe', good, 'unsubscribe', 'wrong-purpose'],
    [
      'an unsubscribe token offered to confirm',
      signToken(keyring, unsubscribeClaims),
      'confirm',
      'wrong-purpose',
    ],
    [
      'an unknown purpose, even signed',
      forge(KEY_1, ['k1', 'sub_1', 'reset', String(inAnHour), '-']),
      'confirm',
      'malformed',
    ],
    [
      'an expiry that is not a number, even signed',
      forge(KEY_1, ['k1', 'sub_1', 'confirm', 'soon', '-']),
      'confirm',
      'malformed',
    ],
    [
      'an expiry with trailing letters, even signed',
      forge(KEY_1, ['k1', 'sub_1', 'confirm', `${inAnHour}abc`, '-']),
      'confirm',
      'malformed',
    ],
    [
      'an expiry with leading letters, even signed',
      forge(KEY_1, ['k1', 'sub_1', 'confirm', `abc${inAnHour}`, '-']),
      'confirm',
      'malformed',
    ],
    [
      'a negative expiry, even signed',
      forge(KEY_1, ['k1', 'sub_1', 'unsubscribe', '-1', '-']),
      'unsubscribe',
      'malformed',
    ],
    [
      'an expiry of 13 digits, even signed',
      forge(KEY_1, ['k1', 'sub_1', 'confirm', '9999999999999', '-']),
      'confirm',
      'malformed',
    ],
    [
      'a confirm token that never expires, even signed',
      forge(KEY_1, ['k1', 'sub_1', 'confirm', '0', 'n0nce']),
      'confirm',
      'malformed',
    ],
    [
      'a confirm token whose expiry is written 00, even signed',
      forge(KEY_1, ['k1', 'sub_1', 'confirm', '00', 'n0nce']),
      'confirm',
      'malformed',
    ],
  ];

  it.each(cases)('%s', (_case, token, purpose, reason) => {
    // Act
    const error = failure(token, purpose);
    // Assess
    expect(error).toBeInstanceOf(InvalidTokenError);
    expect(error).toMatchObject({ reason, message: MESSAGES[reason] });
  });

  it('accepts the longest expiry it allows (12 digits)', () => {
    // Prepare
    const token = forge(KEY_1, ['k1', 'sub_1', 'confirm', '999999999999', 'n']);
    // Act
    const claims = verifyToken(keyring, token, 'confirm', now);
    // Assess
    expect(claims).toStrictEqual({
      subscriberId: 'sub_1',
      purpose: 'confirm',
      expires: 999_999_999_999,
      nonce: 'n',
    });
  });

  it('checks the signature before the purpose: an altered token is "altered", not "for something else"', () => {
    // Prepare
    const altered = good.replace('sub_1', 'sub_2');
    // Act
    const error = failure(altered, 'unsubscribe');
    // Assess
    expect(error).toMatchObject({ reason: 'bad-signature' });
  });

  it('checks the signature before the expiry: an altered old token is "altered"', () => {
    // Prepare
    const altered = good.replace('sub_1', 'sub_2');
    // Act
    const error = failure(altered, 'confirm', new Date(inAnHour * 1000 + 5000));
    // Assess
    expect(error).toMatchObject({ reason: 'bad-signature' });
  });
});

describe('signToken refuses', () => {
  it.each([
    ['a subscriber id with a dot', { ...confirmClaims, subscriberId: 'sub.1' }, /subscriber id/],
    ['a subscriber id with a space', { ...confirmClaims, subscriberId: 'sub 1' }, /subscriber id/],
    ['a subscriber id with a slash', { ...confirmClaims, subscriberId: 'sub/1' }, /subscriber id/],
    ['an empty subscriber id', { ...confirmClaims, subscriberId: '' }, /subscriber id/],
    ['a nonce with a dot', { ...confirmClaims, nonce: 'a.b' }, /nonce/],
    ['a nonce with padding', { ...confirmClaims, nonce: 'abc=' }, /nonce/],
    ['an empty nonce', { ...confirmClaims, nonce: '' }, /nonce/],
    ['the no-nonce marker as a nonce', { ...confirmClaims, nonce: '-' }, /nonce/],
    [
      'a fractional expiry',
      { ...confirmClaims, expires: 1_893_456_000.5 },
      /expiry of whole seconds/,
    ],
    ['a negative expiry', { ...confirmClaims, expires: -5 }, /expiry of whole seconds/],
    ['an expiry that is not a number', { ...confirmClaims, expires: Number.NaN }, /expiry/],
    [
      'an expiry of thirteen digits',
      { ...confirmClaims, expires: 1e13 },
      /expiry of whole seconds/,
    ],
    [
      'a confirm token that never expires',
      { ...confirmClaims, expires: 0 },
      /Expected an expiry for a confirm token; only unsubscribe tokens may never expire/,
    ],
  ] satisfies [string, TokenClaims, RegExp][])('%s', (_case, claims, message) => {
    // Act
    const error = thrown(() => signToken(keyring, claims));
    // Assess
    expect(error).toBeInstanceOf(RangeError);
    expect((error as Error).message).toMatch(message);
  });

  it('says which characters an id may have, and quotes the one given', () => {
    // Act
    const error = thrown(() => signToken(keyring, { ...confirmClaims, subscriberId: 'a b' }));
    // Assess
    expect((error as Error).message).toBe(
      'Expected a subscriber id of letters, digits, _ and -, got "a b"',
    );
  });

  it('says which characters a nonce may have, and quotes the one given', () => {
    // Act
    const error = thrown(() => signToken(keyring, { ...confirmClaims, nonce: 'a b' }));
    // Assess
    expect((error as Error).message).toBe(
      'Expected a nonce of letters, digits, _ and - (not "-" alone), got "a b"',
    );
  });

  it('refuses a keyring whose current key is not listed', () => {
    // Prepare
    const broken: Keyring = { current: 'k9', keys: new Map([['k1', KEY_1]]) };
    // Act
    const error = thrown(() => signToken(broken, confirmClaims));
    // Assess
    expect(error).toBeInstanceOf(RangeError);
    expect((error as Error).message).toBe('The keyring has no key k9');
  });
});

it('signs the largest expiry it can verify', () => {
  const claims = { ...confirmClaims, expires: 999_999_999_999 };
  expect(verifyToken(keyring, signToken(keyring, claims), 'confirm', new Date(0))).toEqual(claims);
});

describe('key rotation', () => {
  const rotated = rotateKeyring(keyring, KEY_2);

  it('signs new tokens with the new current key', () => {
    // Act
    const token = signToken(rotated, confirmClaims);
    // Assess
    expect(token.split('.')[0]).toBe('k2');
    expect(verifyToken(rotated, token, 'confirm', now)).toStrictEqual(confirmClaims);
  });

  it('keeps verifying tokens signed before the rotation', () => {
    // Prepare
    const before = signToken(keyring, unsubscribeClaims);
    // Act
    const claims = verifyToken(rotated, before, 'unsubscribe', now);
    // Assess
    expect(before.split('.')[0]).toBe('k1');
    expect(claims).toStrictEqual(unsubscribeClaims);
  });

  it('stops verifying tokens signed with a retired key ("unknown-key")', () => {
    // Prepare
    const before = signToken(keyring, unsubscribeClaims);
    const retired = retireKey(rotated, 'k1');
    // Act
    const error = failure(before, 'unsubscribe', now, retired);
    // Assess
    expect(error).toMatchObject({ reason: 'unknown-key', message: MESSAGES['unknown-key'] });
  });

  it('does not let a token claim another key id than the one that signed it', () => {
    // Prepare: signed with k1's secret, relabelled as k2.
    const relabelled = `k2.${signToken(keyring, confirmClaims).split('.').slice(1).join('.')}`;
    // Act
    const error = failure(relabelled, 'confirm', now, rotated);
    // Assess
    expect(error).toMatchObject({ reason: 'bad-signature' });
  });
});
