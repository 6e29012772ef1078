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

/** `<subscriberId>.<purpose>.<expires>.<base64url HMAC-SHA256>` */
export function signToken(secret: string, claims: TokenClaims): string {
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
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw new InvalidTokenError('bad signature');
  }
  if (tokenPurpose !== purpose) throw new InvalidTokenError(`not a ${purpose} token`);
  const expires = Number(expiresText);
  if (!Number.isInteger(expires) || expires < 0) throw new InvalidTokenError('malformed expiry');
  if (expires !== 0 && expires * 1000 < now.getTime()) throw new InvalidTokenError('expired');
  return { subscriberId, purpose, expires };
}
