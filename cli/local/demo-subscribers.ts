import type { SubscriberStore } from '../../lambda/delivery/ports.ts';
import { newSubscriber } from '../../lambda/subscribers/new-subscriber.ts';
import type { Consent, Subscriber } from '../../lambda/subscribers/subscriber.ts';

/** Reserved example.com addresses: a newcomer sees mail on the first run, and none leaves the machine. */
export const DEMO_SUBSCRIBERS = [
  { email: 'ada@example.com', name: 'Ada Lovelace' },
  { email: 'grace@example.com', name: 'Grace Hopper' },
];

const DEMO_CONSENT: Omit<Consent, 'at'> = {
  source: 'demo-seed',
  text: 'Demo subscriber created by the first local run.',
  version: 'demo',
};

/** A demo subscriber's record, confirmed, as the first local run seeds it. */
export function demoSubscriber(demo: { email: string; name: string }, at: Date): Subscriber {
  return newSubscriber({ ...demo, status: 'confirmed', at, consent: DEMO_CONSENT });
}

export async function seedDemoSubscribers(store: SubscriberStore, now: Date): Promise<string[]> {
  const added: string[] = [];
  for (const demo of DEMO_SUBSCRIBERS) {
    if (await store.add(demoSubscriber(demo, now))) added.push(demo.email);
  }
  return added;
}
