import type { Recipient } from './types.ts';

/**
 * Per-recipient fields the templates may use. The edition is rendered once with each
 * field set to its sentinel; `compilePersonalizer` swaps the sentinels for values.
 */
export const RECIPIENT_FIELDS = [
  'email',
  'name',
  'unsubscribeUrl',
  'webUrl',
  'subscriberId',
] as const satisfies readonly (keyof Recipient)[];

export type RecipientField = (typeof RECIPIENT_FIELDS)[number];

/**
 * Sentinel syntax: `%%braid:<field>%%`. Only `%`, `:` and ASCII letters: Handlebars does
 * not escape them, MJML and htmlnano leave them alone (in text and inside `href`), and
 * `%%` followed by letters is not a valid percent-escape, so no URL encoder produces it.
 */
export const SENTINEL_PREFIX = '%%braid:';
export const SENTINEL_SUFFIX = '%%';

/** Matches one sentinel; group 1 is the field name. Global: reset `lastIndex` or use matchAll. */
export const SENTINEL_PATTERN = /%%braid:([A-Za-z]+)%%/g;

export function sentinel(field: RecipientField): string {
  return `${SENTINEL_PREFIX}${field}${SENTINEL_SUFFIX}`;
}

export function isRecipientField(name: string): name is RecipientField {
  return (RECIPIENT_FIELDS as readonly string[]).includes(name);
}

/** The recipient object handed to the templates: every field a sentinel. */
export function sentinelRecipient(): Record<RecipientField, string> {
  const out = {} as Record<RecipientField, string>;
  for (const field of RECIPIENT_FIELDS) out[field] = sentinel(field);
  return out;
}

/**
 * Width the text wrapper assumes for a sentinel, so lines stay near 76 columns once the
 * value is in. URLs are wide on purpose: they end up on a line of their own.
 */
export const SENTINEL_NOMINAL_WIDTH: Record<RecipientField, number> = {
  email: 32,
  name: 24,
  unsubscribeUrl: 76,
  webUrl: 76,
  subscriberId: 26,
};
