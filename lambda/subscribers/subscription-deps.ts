import type { Keyring } from './keyring.ts';
import type { Logger, SubscriberStore } from './ports.ts';
import type { SubscriptionMail } from './subscription-mail.ts';

/** What the signup, confirm and unsubscribe use cases need. */
export interface SubscriptionDeps {
  subscribers: SubscriberStore;
  mail: SubscriptionMail;
  keyring: Keyring;
  /** Base URL of the public pages, no trailing slash. */
  publicUrl: string;
  /** The newsletter's name, in the consent text. */
  title: string;
  log: Logger;
}

/** Optimistic writes are retried this many times when another writer got there first. */
export const WRITE_ATTEMPTS = 5;

export class ConcurrentUpdateError extends Error {
  constructor(id: string) {
    super(`Subscriber ${id} kept changing while being updated; try again`);
    this.name = 'ConcurrentUpdateError';
  }
}
