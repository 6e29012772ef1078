import { randomUUID } from 'node:crypto';
import { ledgerPartition } from '../lambda/delivery/ledger-keys.ts';
import type {
  Clock,
  EditionRecord,
  EditionStore,
  Ledger,
  LedgerEntry,
  LedgerStatus,
  SentRecord,
  SubscriberStore,
} from '../lambda/delivery/ports.ts';
import type { Subscriber } from '../lambda/subscribers/subscriber.ts';

/** A DynamoDB request the ledger received, by the API call it would be. */
export type WriteKind = 'PutItem' | 'UpdateItem' | 'DeleteItem' | 'BatchWriteItem';
export type ReadKind = 'GetItem' | 'BatchGetItem' | 'Query';

/** The partition key value an entry is stored under: the layout being counted. */
export type PartitionOf = (edition: string, subscriber: string) => string;

/** The layout in the product (ledger-keys.ts): `<edition>#<shard>`. */
export const shardedLayout: PartitionOf = ledgerPartition;
/** The layout before it: the edition alone, so a whole edition sits on one key value. */
export const unshardedLayout: PartitionOf = (edition) => edition;

/**
 * What the ledger was asked to write, as DynamoDB would bill and throttle it: requests (a
 * BatchWriteItem of 25 is one), item writes (that batch is 25: DynamoDB's 1,000 WCU a second
 * per partition counts items), and item writes per partition key value and second of the
 * ledger's clock, for each layout counted. A write whose condition fails is still a request
 * and an item write (DynamoDB charges it).
 */
export class WriteCounter {
  requests = 0;
  itemWrites = 0;
  readRequests = 0;
  itemReads = 0;
  readonly byKind = new Map<WriteKind | ReadKind, number>();
  /** Write requests per second of the clock. */
  readonly requestsPerSecond = new Map<number, number>();
  /** Per layout: item writes per `<second>|<partition key value>`. */
  private readonly perPartitionSecond = new Map<string, Map<string, number>>();

  constructor(
    private readonly clock: Clock,
    private readonly layouts: Record<string, PartitionOf>,
  ) {
    for (const name of Object.keys(layouts)) this.perPartitionSecond.set(name, new Map());
  }

  write(kind: WriteKind, items: { edition: string; subscriber: string }[]): void {
    const second = Math.floor(this.clock.now().getTime() / 1000);
    this.requests += 1;
    this.itemWrites += items.length;
    this.byKind.set(kind, (this.byKind.get(kind) ?? 0) + 1);
    this.requestsPerSecond.set(second, (this.requestsPerSecond.get(second) ?? 0) + 1);
    for (const [name, partitionOf] of Object.entries(this.layouts)) {
      const counts = this.perPartitionSecond.get(name);
      if (counts === undefined) continue;
      for (const { edition, subscriber } of items) {
        const key = `${second}|${partitionOf(edition, subscriber)}`;
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
    }
  }

  read(kind: ReadKind, items: number): void {
    this.readRequests += 1;
    this.itemReads += items;
    this.byKind.set(kind, (this.byKind.get(kind) ?? 0) + 1);
  }

  /** The busiest partition key value in its busiest second, under one layout. */
  maxPartitionWritesPerSecond(layout: string): { writes: number; partition: string } {
    let most = { writes: 0, partition: '' };
    for (const [key, writes] of this.perPartitionSecond.get(layout) ?? []) {
      if (writes > most.writes) most = { writes, partition: key.slice(key.indexOf('|') + 1) };
    }
    return most;
  }

  /** Distinct partition key values written under one layout. */
  partitions(layout: string): number {
    const keys = [...(this.perPartitionSecond.get(layout)?.keys() ?? [])];
    return new Set(keys.map((key) => key.slice(key.indexOf('|') + 1))).size;
  }

  maxRequestsPerSecond(): number {
    return Math.max(0, ...this.requestsPerSecond.values());
  }
}

export interface MemoryLedgerOptions {
  /** The clock that time-stamps the counts (and sleeps the latency). */
  clock: Clock;
  /** Layouts to count item writes under; by default the product's (sharded) one. */
  layouts?: Record<string, PartitionOf>;
  /** Added to every call, as a DynamoDB round trip (through the clock's sleep). */
  latencyMs?: number;
}

export type CountingLedger = Ledger & {
  readonly counter: WriteCounter;
  /** Counts a write request and waits its round trip, changing nothing (baselines' writes). */
  touch(kind: WriteKind, items: { edition: string; subscriber: string }[]): Promise<void>;
  /** Stores sent entries without counting a request (the baseline counts its own). */
  applySent(records: SentRecord[]): void;
};

/**
 * The ledger in memory with the DynamoDB adapter's conditions (adapters/dynamo-ledger.ts),
 * counting every request it receives the way DynamoDB would see it.
 */
export function createMemoryLedger(options: MemoryLedgerOptions): CountingLedger {
  const { clock, latencyMs = 0 } = options;
  const counter = new WriteCounter(clock, options.layouts ?? { sharded: shardedLayout });
  const entries = new Map<string, LedgerEntry>();
  const key = (edition: string, subscriber: string) => `${edition}\u0000${subscriber}`;
  const roundTrip = () => (latencyMs > 0 ? clock.sleep(latencyMs) : Promise.resolve());

  /** A conditional update of one entry, fenced by the claim id, from the statuses `from`. */
  const transition = async (
    edition: string,
    subscriber: string,
    claimId: string,
    from: LedgerStatus[],
    values: Partial<LedgerEntry> & { status: LedgerStatus },
  ): Promise<boolean> => {
    counter.write('UpdateItem', [{ edition, subscriber }]);
    await roundTrip();
    const entry = entries.get(key(edition, subscriber));
    if (entry === undefined) return false;
    if (entry.claimId === claimId && from.includes(entry.status)) {
      Object.assign(entry, values);
      return true;
    }
    // As the adapter's ownedWrite: an entry already holding this very write counts as ours.
    return entry.claimId === claimId && entry.status === values.status;
  };

  const ledger: CountingLedger = {
    counter,
    async touch(kind, items) {
      counter.write(kind, items);
      await roundTrip();
    },
    applySent(records) {
      // A put of the whole entry, not conditional: SES took these.
      for (const record of records) {
        entries.set(key(record.edition, record.subscriber), { ...record, status: 'sent' });
      }
    },
    async claim(edition, subscriber, email, at) {
      counter.write('PutItem', [{ edition, subscriber }]);
      await roundTrip();
      const existing = entries.get(key(edition, subscriber));
      if (existing !== undefined) return { existing: { ...existing } };
      const claimId = randomUUID();
      entries.set(key(edition, subscriber), {
        edition,
        subscriber,
        email,
        status: 'sending',
        claimId,
        sendingAt: at.toISOString(),
      });
      return { claimId };
    },
    async reclaim(entry, at) {
      counter.write('UpdateItem', [entry]);
      await roundTrip();
      const current = entries.get(key(entry.edition, entry.subscriber));
      if (current?.status !== entry.status || current.claimId !== entry.claimId) return undefined;
      const claimId = randomUUID();
      Object.assign(current, { status: 'sending', claimId, sendingAt: at.toISOString() });
      delete current.error;
      delete current.settledAt;
      return claimId;
    },
    async get(edition, subscriber) {
      counter.read('GetItem', 1);
      await roundTrip();
      const entry = entries.get(key(edition, subscriber));
      return entry === undefined ? undefined : { ...entry };
    },
    async getMany(edition, subscribers) {
      const unique = [...new Set(subscribers)];
      for (let i = 0; i < unique.length; i += 100) {
        counter.read('BatchGetItem', Math.min(100, unique.length - i));
      }
      await roundTrip();
      const found = new Map<string, LedgerEntry>();
      for (const subscriber of unique) {
        const entry = entries.get(key(edition, subscriber));
        if (entry !== undefined) found.set(subscriber, { ...entry });
      }
      return found;
    },
    async recordSent(records: SentRecord[]) {
      if (records.length === 0) return [];
      if (records.length > 25) throw new RangeError('recordSent takes at most 25 records');
      counter.write('BatchWriteItem', records);
      await roundTrip();
      ledger.applySent(records);
      return [];
    },
    async settleSent(edition, subscriber, messageId, at) {
      counter.write('UpdateItem', [{ edition, subscriber }]);
      await roundTrip();
      const entry = entries.get(key(edition, subscriber));
      if (entry === undefined || (entry.status !== 'sending' && entry.status !== 'unknown'))
        return false;
      Object.assign(entry, { status: 'sent', messageId, sentAt: at.toISOString() });
      return true;
    },
    markFailed(edition, subscriber, claimId, reason, at) {
      return transition(edition, subscriber, claimId, ['sending'], {
        status: 'failed',
        error: reason.slice(0, 1000),
        settledAt: at.toISOString(),
      });
    },
    markUnknown(edition, subscriber, claimId, reason, at) {
      return transition(edition, subscriber, claimId, ['sending'], {
        status: 'unknown',
        error: reason.slice(0, 1000),
        settledAt: at.toISOString(),
      });
    },
    async markSkipped(edition, subscriber, email, reason, at) {
      counter.write('PutItem', [{ edition, subscriber }]);
      await roundTrip();
      if (entries.has(key(edition, subscriber))) return;
      entries.set(key(edition, subscriber), {
        edition,
        subscriber,
        email,
        status: 'skipped',
        error: reason,
        settledAt: at.toISOString(),
      });
    },
    async release(edition, subscriber, claimId) {
      counter.write('DeleteItem', [{ edition, subscriber }]);
      await roundTrip();
      const entry = entries.get(key(edition, subscriber));
      if (entry?.claimId === claimId && entry.status === 'sending')
        entries.delete(key(edition, subscriber));
    },
    async *list(edition) {
      // The adapter queries the edition's partitions one by one.
      const all = [...entries.values()].filter((entry) => entry.edition === edition);
      const byPartition = new Map<string, LedgerEntry[]>();
      for (const entry of all) {
        const partition = ledgerPartition(edition, entry.subscriber);
        byPartition.set(partition, [...(byPartition.get(partition) ?? []), entry]);
      }
      for (const partition of [...byPartition.keys()].sort()) {
        counter.read('Query', byPartition.get(partition)?.length ?? 0);
        await roundTrip();
        const page = [...(byPartition.get(partition) ?? [])];
        page.sort((a, b) => (a.subscriber < b.subscriber ? -1 : 1));
        for (const entry of page) yield { ...entry };
      }
    },
  };
  return ledger;
}

/**
 * BASELINE, the previous design's writes over the same counting ledger: three conditional
 * single-item writes per message (the claim's put, an update to `sending` just before the
 * send, an update to `sent` after it), none batched, each a round trip. The entries end the
 * same; only the requests differ, so the counts compare the two designs on the same send.
 */
export function previousDesignMemoryLedger(inner: CountingLedger): CountingLedger {
  return {
    ...inner,
    async claim(edition, subscriber, email, at) {
      const outcome = await inner.claim(edition, subscriber, email, at);
      // The old `claimed` → `sending` update, fenced by the claim id.
      if ('claimId' in outcome) await inner.touch('UpdateItem', [{ edition, subscriber }]);
      return outcome;
    },
    async recordSent(records) {
      // The old `markSent`: one conditional update per message.
      await Promise.all(records.map((record) => inner.touch('UpdateItem', [record])));
      inner.applySent(records);
      return [];
    },
  };
}

export interface MemoryPortsOptions {
  /** The ledger's clock (its counts' seconds, its latency); the system clock by default. */
  clock?: Clock;
  ledger?: CountingLedger;
  /** Added to every store call, as DynamoDB's round trip. */
  latencyMs?: number;
}

const systemClockForCounts: Clock = {
  now: () => new Date(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/**
 * The delivery ports in memory, with the DynamoDB adapters' conditions, for measuring the
 * sender alone (its pacing, concurrency and store requests) without the embedded database's
 * CPU in the way. Bench-only: the product and its tests use the DynamoDB adapters.
 */
export function memoryPorts(
  subscribers: Subscriber[],
  record: EditionRecord,
  options: MemoryPortsOptions = {},
) {
  const clock = options.clock ?? systemClockForCounts;
  const latencyMs = options.latencyMs ?? 0;
  const roundTrip = () => (latencyMs > 0 ? clock.sleep(latencyMs) : Promise.resolve());
  const byId = new Map(subscribers.map((s) => [s.id, s]));
  const subscriberStore: SubscriberStore = {
    add: async () => false,
    addMany: async () => ({ added: [], existing: [] }),
    replace: async () => false,
    remove: async () => false,
    get: async (id) => byId.get(id),
    async getMany(ids) {
      await roundTrip();
      return new Map(ids.flatMap((id) => (byId.has(id) ? [[id, byId.get(id) as Subscriber]] : [])));
    },
    pageByStatus: async () => ({ items: [] }),
    setStatus: async () => false,
    countSoftBounce: async () => undefined,
  };
  const ledger = options.ledger ?? createMemoryLedger({ clock, latencyMs });
  const editions: EditionStore = {
    claim: async () => ({ claimed: true }),
    claimStorySet: async (_set, id) => id,
    claimStory: async (_key, id) => id,
    storyHolder: async () => undefined,
    get: async (id) => (id === record.id ? record : undefined),
    latest: async () => record.id,
    saveProgress: async () => undefined,
    complete: async () => undefined,
    listArchive: async () => ({ items: [] }),
  };
  return { subscribers: subscriberStore, ledger, editions };
}
