import { createHash } from 'node:crypto';

/**
 * The consent text shown beside the unticked box of the signup form, and recorded with every
 * confirmation. Change the wording and the version together: a record names what was agreed to.
 */
export const CONSENT_VERSION = '2026-12-01';

export function consentText(title: string): string {
  return `Yes, email me the ${title} briefing. I can unsubscribe at any time with one click; my address is used for nothing else.`;
}

/** What is kept of the client address: a hash, enough to match abuse, not to locate anyone. */
export function clientHash(address: string | undefined): string | undefined {
  if (address === undefined || address === '') return undefined;
  return createHash('sha256').update(`braid-client:${address}`).digest('hex').slice(0, 32);
}
