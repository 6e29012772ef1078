import { createHash } from 'node:crypto';
import { isEmailAddress } from './email-address.ts';

export class InvalidEmailError extends Error {
  constructor(value: string) {
    super(`Expected an email address like name@example.org, got ${JSON.stringify(value)}`);
    this.name = 'InvalidEmailError';
  }
}

/** Trims and lowercases an address; throws InvalidEmailError when it is not one. */
export function normalizeEmail(value: string): string {
  const email = value.trim().toLowerCase();
  if (!isEmailAddress(email)) {
    throw new InvalidEmailError(value);
  }
  return email;
}

/**
 * A subscriber's id is derived from the address, so one address is one item and a
 * conditional put on the id is what stops duplicates (no transactions in dynalite).
 * Links carry the id, never the address.
 */
export function subscriberIdFor(email: string): string {
  const digest = createHash('sha256').update(normalizeEmail(email)).digest('hex');
  return `sub_${digest.slice(0, 24)}`;
}
