import type { Consent, PendingSignup, Subscriber, SubscriberStatus } from './subscriber.ts';
import { normalizeEmail, subscriberIdFor } from './subscriber-id.ts';
import { checkedName } from './subscriber-name.ts';

export interface NewSubscriberInput {
  email: string;
  name?: string | undefined;
  status: SubscriberStatus;
  at: Date;
  /** Required for `confirmed`: nobody is mailed without a consent record. */
  consent?: Omit<Consent, 'at'>;
  signup?: PendingSignup;
}

/**
 * The one place a subscriber record is made: the address normalized, the id derived
 * from it, the name checked, and a confirmed subscriber always with its consent.
 */
export function newSubscriber(input: NewSubscriberInput): Subscriber {
  const email = normalizeEmail(input.email);
  const name = checkedName(input.name);
  const at = input.at.toISOString();
  if (input.status === 'confirmed' && input.consent === undefined) {
    throw new RangeError('Expected a consent record for a confirmed subscriber');
  }
  return {
    id: subscriberIdFor(email),
    email,
    ...(name === undefined ? {} : { name }),
    status: input.status,
    createdAt: at,
    updatedAt: at,
    ...(input.status === 'confirmed' ? { confirmedAt: at } : {}),
    ...(input.consent === undefined ? {} : { consent: { ...input.consent, at } }),
    ...(input.signup === undefined ? {} : { signup: input.signup }),
  };
}
