import type { Page, SubscriberStore } from '../../lambda/subscribers/ports.ts';
import type { Subscriber, SubscriberStatus } from '../../lambda/subscribers/subscriber.ts';

/**
 * A SubscriberStore in memory, with the DynamoDB adapter's conditions, for unit tests of the
 * use cases:
 * - `add`: attribute_not_exists(id); the item is stored as given (no version).
 * - `addMany`: every id already stored is left as it was; new ones are written with version 1.
 * - `replace`: `previous` undefined → only when absent; `previous` without a version → only when
 *   the stored item has none either; otherwise only when the stored version is the one read.
 *   The written item gets `(previous?.version ?? 0) + 1`.
 * - `setStatus`: only when present and in one of the `from` statuses; `countSoftBounce`: only
 *   when present; both bump the version (ADD version 1).
 *
 * Items are copied in and out (structuredClone), as a database does: a caller changing what it
 * read changes nothing stored.
 */
export interface MemorySubscriberStore extends SubscriberStore {
  /** Every stored subscriber, copied, in insertion order. */
  all(): Subscriber[];
  /** Puts an item as is, no condition and no version change: the test's own setup. */
  seed(...subscribers: Subscriber[]): void;
}

const copy = <T>(value: T): T => structuredClone(value);

export function createMemorySubscriberStore(initial: Subscriber[] = []): MemorySubscriberStore {
  const items = new Map<string, Subscriber>();
  for (const subscriber of initial) items.set(subscriber.id, copy(subscriber));

  const bump = (item: Subscriber) => {
    item.version = (item.version ?? 0) + 1;
  };

  return {
    all: () => [...items.values()].map(copy),
    seed(...subscribers) {
      for (const subscriber of subscribers) items.set(subscriber.id, copy(subscriber));
    },
    async add(subscriber) {
      if (items.has(subscriber.id)) return false;
      items.set(subscriber.id, copy(subscriber));
      return true;
    },
    async addMany(subscribers) {
      const unique = [...new Map(subscribers.map((s) => [s.id, s])).values()];
      const existing = unique.filter((s) => items.has(s.id)).map((s) => s.id);
      const fresh = unique.filter((s) => !items.has(s.id));
      for (const subscriber of fresh) items.set(subscriber.id, { ...copy(subscriber), version: 1 });
      return { added: fresh.map((s) => s.id), existing };
    },
    async get(id) {
      const item = items.get(id);
      return item === undefined ? undefined : copy(item);
    },
    async getMany(ids) {
      const found = new Map<string, Subscriber>();
      for (const id of ids) {
        const item = items.get(id);
        if (item !== undefined) found.set(id, copy(item));
      }
      return found;
    },
    async pageByStatus(
      status: SubscriberStatus,
      limit: number,
      cursor?: string,
    ): Promise<Page<Subscriber>> {
      const matching = [...items.values()].filter((s) => s.status === status);
      const start = cursor === undefined ? 0 : Number(cursor);
      if (!Number.isInteger(start) || start < 0) {
        throw new TypeError('Expected `cursor` to be a cursor returned by an earlier page');
      }
      const end = start + limit;
      return {
        items: matching.slice(start, end).map(copy),
        ...(end < matching.length ? { cursor: String(end) } : {}),
      };
    },
    async replace(next, previous) {
      const stored = items.get(next.id);
      const unchanged =
        previous === undefined
          ? stored === undefined
          : stored !== undefined && stored.version === previous.version;
      if (!unchanged) return false;
      items.set(next.id, { ...copy(next), version: (previous?.version ?? 0) + 1 });
      return true;
    },
    async remove(id) {
      return items.delete(id);
    },
    async setStatus(id, status, reason, at, from) {
      const item = items.get(id);
      if (item === undefined || !from.includes(item.status)) return false;
      item.status = status;
      item.statusReason = reason;
      item.updatedAt = at.toISOString();
      bump(item);
      return true;
    },
    async countSoftBounce(id, messageKey, at) {
      const item = items.get(id);
      if (item === undefined) return;
      item.softBounceMessages = new Set([...(item.softBounceMessages ?? []), messageKey]);
      Object.assign(item, { lastSoftBounceAt: at.toISOString() });
      bump(item);
    },
  };
}
