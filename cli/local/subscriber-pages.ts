import type { SubscriberStore } from '../../lambda/subscribers/ports.ts';
import {
  SUBSCRIBER_STATUSES,
  type Subscriber,
  type SubscriberStatus,
} from '../../lambda/subscribers/subscriber.ts';

/** Every subscriber in the given statuses, page by page through the status index (no scan). */
export async function* subscriberPages(
  store: SubscriberStore,
  statuses: readonly SubscriberStatus[] = SUBSCRIBER_STATUSES,
): AsyncGenerator<Subscriber[]> {
  for (const status of statuses) {
    let cursor: string | undefined;
    do {
      const page = await store.pageByStatus(status, 500, cursor);
      cursor = page.cursor;
      if (page.items.length > 0) yield page.items;
    } while (cursor !== undefined);
  }
}

export async function allSubscribers(
  store: SubscriberStore,
  statuses?: readonly SubscriberStatus[],
): Promise<Subscriber[]> {
  const all: Subscriber[] = [];
  for await (const page of subscriberPages(store, statuses)) all.push(...page);
  return all;
}
