import { createHmac, timingSafeEqual } from 'node:crypto';

/** What a link may do. A token for one purpose never works for another. */
export type TokenPurpose = 'confirm' | 'unsubscribe';

export interface TokenClaims {
  subscriberId: string;
  purpose: TokenPurpose;
  /** Expiry in seconds since the epoch; 0 means it never expires (unsubscribe links). */
  expires: number;
}

export class InvalidTokenError extends Error {
  constructor(reason: string) {
    super(`Invalid token: ${reason}`);
    this.name = 'InvalidTokenError';
  }
}

function mac(secret: string, payload: string): Buffer {
  return createHmac('sha256', secret).update(payload).digest();
}

/**
 * `<subscriberId>.<purpose>.<expires>.<base64url HMAC-SHA256>`. Only unsubscribe links
 * may never expire (CAN-SPAM wants them working for at least 30 days); a confirm link must.
 */
export function signToken(secret: string, claims: TokenClaims): string {
  if (claims.expires === 0 && claims.purpose !== 'unsubscribe') {
    throw new RangeError(
      `Expected an expiry for a ${claims.purpose} token; only unsubscribe tokens may never expire`,
    );
  }
  const payload = `${claims.subscriberId}.${claims.purpose}.${claims.expires}`;
  return `${payload}.${mac(secret, payload).toString('base64url')}`;
}

/** Verifies signature (constant time), purpose and expiry; returns the claims. */
export function verifyToken(
  secret: string,
  token: string,
  purpose: TokenPurpose,
  now: Date,
): TokenClaims {
  const parts = token.split('.');
  if (parts.length !== 4) throw new InvalidTokenError('malformed');
  const [subscriberId = '', tokenPurpose = '', expiresText = '', signature = ''] = parts;
  const expected = mac(secret, `${subscriberId}.${tokenPurpose}.${expiresText}`);
  const given = Buffer.from(signature, 'base64url');
  // Buffer.from ignores characters outside the alphabet: insist on the one spelling we issue.
  const canonical = given.toString('base64url') === signature;
  if (!canonical || given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw new InvalidTokenError('bad signature');
  }
  if (tokenPurpose !== purpose) throw new InvalidTokenError(`not a ${purpose} token`);
  const expires = Number(expiresText);
  if (!Number.isInteger(expires) || expires < 0) throw new InvalidTokenError('malformed expiry');
  if (expires === 0 && purpose !== 'unsubscribe') throw new InvalidTokenError('no expiry');
  if (expires !== 0 && expires * 1000 < now.getTime()) throw new InvalidTokenError('expired');
  return { subscriberId, purpose, expires };
}
