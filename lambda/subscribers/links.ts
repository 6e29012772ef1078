import type { Keyring } from './keyring.ts';
import { signToken } from './tokens.ts';

/** A confirm link works this long (STANDARDS: e.g. 48 h). */
export const CONFIRM_LINK_HOURS = 48;

/** The public pages' paths: the HTTP app routes them, emails link to them. */
export const PATHS = {
  subscribe: '/subscribe',
  confirm: '/confirm',
  unsubscribe: '/unsubscribe',
  resubscribe: '/resubscribe',
  archive: '/archive',
  feed: '/archive/feed.xml',
} as const;

function base(publicUrl: string): string {
  return publicUrl.replace(/\/+$/u, '');
}

/** The confirm link of one signup: 48 hours, tied to the signup's nonce. */
export function confirmUrl(
  publicUrl: string,
  keyring: Keyring,
  subscriberId: string,
  nonce: string,
  now: Date,
): string {
  const expires = Math.floor(now.getTime() / 1000) + CONFIRM_LINK_HOURS * 3600;
  const token = signToken(keyring, { subscriberId, purpose: 'confirm', expires, nonce });
  return `${base(publicUrl)}${PATHS.confirm}?token=${encodeURIComponent(token)}`;
}

/** A subscriber's one-click unsubscribe link: it never expires. */
export function unsubscribeUrl(publicUrl: string, keyring: Keyring, subscriberId: string): string {
  const token = signToken(keyring, { subscriberId, purpose: 'unsubscribe', expires: 0 });
  return `${base(publicUrl)}${PATHS.unsubscribe}?token=${encodeURIComponent(token)}`;
}

export function signupUrl(publicUrl: string): string {
  return `${base(publicUrl)}${PATHS.subscribe}`;
}

/** The web copy of an edition. */
export function archiveUrl(publicUrl: string, editionId?: string): string {
  const path =
    editionId === undefined ? PATHS.archive : `${PATHS.archive}/${encodeURIComponent(editionId)}`;
  return `${base(publicUrl)}${path}`;
}
