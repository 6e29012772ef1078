import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Keyring } from './keyring.ts';

/** What a link may do. A token for one purpose never works for another. */
export type TokenPurpose = 'confirm' | 'unsubscribe';

export interface TokenClaims {
  subscriberId: string;
  purpose: TokenPurpose;
  /** Expiry in seconds since the epoch; 0 means it never expires (unsubscribe links). */
  expires: number;
  /** Ties a confirm link to one signup; absent for unsubscribe links. */
  nonce?: string;
}

export type InvalidTokenReason =
  | 'malformed'
  | 'unknown-key'
  | 'bad-signature'
  | 'wrong-purpose'
  | 'expired';

const MESSAGES: Record<InvalidTokenReason, string> = {
  malformed: 'the link is incomplete or malformed',
  'unknown-key': 'the link was signed with a key this service no longer has',
  'bad-signature': 'the link has been altered',
  'wrong-purpose': 'the link is for something else',
  expired: 'the link has expired',
};

export class InvalidTokenError extends Error {
  readonly reason: InvalidTokenReason;
  constructor(reason: InvalidTokenReason) {
    super(`Invalid token: ${MESSAGES[reason]}`);
    this.name = 'InvalidTokenError';
    this.reason = reason;
  }
}

const PURPOSES: readonly string[] = ['confirm', 'unsubscribe'];
const PART = /^[A-Za-z0-9_-]+$/u;
const NO_NONCE = '-';
/** Twelve digits at most, as verifyToken reads them. */
const MAX_EXPIRES = 999_999_999_999;

function mac(secret: string, payload: string): Buffer {
  return createHmac('sha256', secret).update(payload).digest();
}

/**
 * `<key id>.<subscriber id>.<purpose>.<expires>.<nonce or ->.<base64url HMAC-SHA256>`, signed
 * with the keyring's current key. Only unsubscribe links may never expire (CAN-SPAM wants them
 * working for at least 30 days); a confirm link must, and carries its signup's nonce.
 */
export function signToken(keyring: Keyring, claims: TokenClaims): string {
  if (claims.expires === 0 && claims.purpose !== 'unsubscribe') {
    throw new RangeError(
      `Expected an expiry for a ${claims.purpose} token; only unsubscribe tokens may never expire`,
    );
  }
  if (!PART.test(claims.subscriberId)) {
    throw new RangeError(
      `Expected a subscriber id of letters, digits, _ and -, got ${JSON.stringify(claims.subscriberId)}`,
    );
  }
  if (!Number.isInteger(claims.expires) || claims.expires < 0 || claims.expires > MAX_EXPIRES) {
    throw new RangeError(
      `Expected an expiry of whole seconds since the epoch (0 for never), got ${claims.expires}`,
    );
  }
  if (claims.nonce !== undefined && (!PART.test(claims.nonce) || claims.nonce === NO_NONCE)) {
    throw new RangeError(
      `Expected a nonce of letters, digits, _ and - (not "-" alone), got ${JSON.stringify(claims.nonce)}`,
    );
  }
  const secret = keyring.keys.get(keyring.current);
  if (secret === undefined) throw new RangeError(`The keyring has no key ${keyring.current}`);
  const payload = [
    keyring.current,
    claims.subscriberId,
    claims.purpose,
    String(claims.expires),
    claims.nonce ?? NO_NONCE,
  ].join('.');
  return `${payload}.${mac(secret, payload).toString('base64url')}`;
}

/**
 * Verifies a token: a key the keyring still lists (any of them, so links signed before a
 * rotation keep working), the signature in constant time, then purpose and expiry.
 */
export function verifyToken(
  keyring: Keyring,
  token: string,
  purpose: TokenPurpose,
  now: Date,
): TokenClaims {
  const parts = token.split('.');
  if (parts.length !== 6 || !parts.every((part) => PART.test(part))) {
    throw new InvalidTokenError('malformed');
  }
  const [
    keyId = '',
    subscriberId = '',
    tokenPurpose = '',
    expiresText = '',
    nonce = '',
    signature = '',
  ] = parts;
  const secret = keyring.keys.get(keyId);
  if (secret === undefined) throw new InvalidTokenError('unknown-key');
  const expected = mac(secret, parts.slice(0, 5).join('.'));
  const given = Buffer.from(signature, 'base64url');
  // Buffer.from ignores characters outside the alphabet: insist on the one spelling we issue.
  const canonical = given.toString('base64url') === signature;
  if (!canonical || given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw new InvalidTokenError('bad-signature');
  }
  if (!PURPOSES.includes(tokenPurpose)) throw new InvalidTokenError('malformed');
  if (tokenPurpose !== purpose) throw new InvalidTokenError('wrong-purpose');
  if (!/^\d{1,12}$/u.test(expiresText)) throw new InvalidTokenError('malformed');
  const expires = Number(expiresText);
  if (expires === 0 && purpose !== 'unsubscribe') throw new InvalidTokenError('malformed');
  if (expires !== 0 && expires * 1000 < now.getTime()) throw new InvalidTokenError('expired');
  return {
    subscriberId,
    purpose,
    expires,
    ...(nonce === NO_NONCE ? {} : { nonce }),
  };
}
