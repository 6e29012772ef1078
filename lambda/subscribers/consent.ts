import { createHmac } from 'node:crypto';
import type { Keyring } from './keyring.ts';

/**
 * The consent text shown beside the unticked box of the signup form, and recorded with every
 * confirmation. Change the wording and the version together: a record names what was agreed to.
 */
export const CONSENT_VERSION = '2026-12-01';

export function consentText(title: string): string {
  return `Yes, email me the ${title} briefing. I can unsubscribe at any time with one click; my address is used for nothing else.`;
}

/**
 * What is kept of the client address: an HMAC under the current link key, prefixed with its id
 * (`k1:…`). Enough to tell that two signups came from one client, not to recover the address:
 * a plain hash of an IPv4 address is undone by trying all four billion.
 */
export function clientHash(keyring: Keyring, address: string | undefined): string | undefined {
  if (address === undefined || address === '') return undefined;
  const key = keyring.keys.get(keyring.current);
  if (key === undefined) throw new RangeError(`The keyring has no key ${keyring.current}`);
  const mac = createHmac('sha256', key).update(`braid-client:${address}`).digest('hex');
  return `${keyring.current}:${mac.slice(0, 32)}`;
}
