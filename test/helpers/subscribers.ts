import { newSubscriber } from '../../lambda/subscribers/new-subscriber.ts';
import type { SubscriberStore } from '../../lambda/subscribers/ports.ts';
import type { SubscriberStatus } from '../../lambda/subscribers/subscriber.ts';

export const SEEDED_AT = '2021-03-17T00:00:00.000Z';

/** `prefix0@example.com` … `prefix{n-1}@example.com`. */
export function readerEmails(n: number, prefix = 'reader'): string[] {
  return Array.from({ length: n }, (_, i) => `${prefix}${i}@example.com`);
}

const TEST_CONSENT = { source: 'cli', text: 'Seeded by a test.', version: 'test' } as const;

/** Adds one subscriber per address, in the status given; returns their ids. */
export async function seedSubscribers(
  store: SubscriberStore,
  emails: string[],
  status: SubscriberStatus = 'confirmed',
): Promise<string[]> {
  const ids: string[] = [];
  for (const email of emails) {
    const subscriber = newSubscriber({
      email,
      status,
      at: new Date(SEEDED_AT),
      ...(status === 'confirmed' ? { consent: TEST_CONSENT } : {}),
    });
    await store.add(subscriber);
    ids.push(subscriber.id);
  }
  return ids;
}
