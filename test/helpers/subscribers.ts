import type { SubscriberStore } from '../../lambda/delivery/ports.ts';
import type { SubscriberStatus } from '../../lambda/subscribers/subscriber.ts';
import { subscriberIdFor } from '../../lambda/subscribers/subscriber-id.ts';

export const SEEDED_AT = '2021-03-17T00:00:00.000Z';

/** `prefix0@example.com` … `prefix{n-1}@example.com`. */
export function readerEmails(n: number, prefix = 'reader'): string[] {
  return Array.from({ length: n }, (_, i) => `${prefix}${i}@example.com`);
}

/** Adds one subscriber per address, in the status given; returns their ids. */
export async function seedSubscribers(
  store: SubscriberStore,
  emails: string[],
  status: SubscriberStatus = 'confirmed',
): Promise<string[]> {
  const ids: string[] = [];
  for (const email of emails) {
    const id = subscriberIdFor(email);
    await store.add({ id, email, status, createdAt: SEEDED_AT, updatedAt: SEEDED_AT });
    ids.push(id);
  }
  return ids;
}
