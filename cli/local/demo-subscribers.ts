import type { SubscriberStore } from '../../lambda/delivery/ports.ts';
import type { Subscriber } from '../../lambda/subscribers/subscriber.ts';
import { subscriberIdFor } from '../../lambda/subscribers/subscriber-id.ts';

/** Reserved example.com addresses: a newcomer sees mail on the first run, and none leaves the machine. */
export const DEMO_SUBSCRIBERS = [
  { email: 'ada@example.com', name: 'Ada Lovelace' },
  { email: 'grace@example.com', name: 'Grace Hopper' },
];

export async function seedDemoSubscribers(store: SubscriberStore, now: Date): Promise<string[]> {
  const added: string[] = [];
  for (const demo of DEMO_SUBSCRIBERS) {
    const at = now.toISOString();
    const subscriber: Subscriber = {
      id: subscriberIdFor(demo.email),
      email: demo.email,
      name: demo.name,
      status: 'confirmed',
      createdAt: at,
      updatedAt: at,
      confirmedAt: at,
      consent: {
        at,
        source: 'demo-seed',
        text: 'Demo subscriber created by the first local run.',
        version: 'demo',
      },
    };
    if (await store.add(subscriber)) added.push(demo.email);
  }
  return added;
}
