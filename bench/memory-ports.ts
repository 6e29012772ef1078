import type {
  EditionRecord,
  EditionStore,
  Ledger,
  LedgerEntry,
  SubscriberStore,
} from '../lambda/delivery/ports.ts';
import type { Subscriber } from '../lambda/subscribers/subscriber.ts';

/**
 * The delivery ports in memory, with the DynamoDB adapters' conditions, for measuring the
 * sender alone (its pacing and concurrency) without the embedded database's CPU in the way.
 * Bench-only: the product and its tests use the DynamoDB adapters.
 */
export function memoryPorts(subscribers: Subscriber[], record: EditionRecord) {
  const byId = new Map(subscribers.map((s) => [s.id, s]));
  const ledger = new Map<string, LedgerEntry>();
  const key = (e: string, s: string) => `${e}#${s}`;
  let claims = 0;
  const subscriberStore: SubscriberStore = {
    add: async () => false,
    addMany: async () => ({ added: [], existing: [] }),
    replace: async () => false,
    remove: async () => false,
    get: async (id) => byId.get(id),
    getMany: async (ids) =>
      new Map(ids.flatMap((id) => (byId.has(id) ? [[id, byId.get(id) as Subscriber]] : []))),
    pageByStatus: async () => ({ items: [] }),
    setStatus: async () => false,
    countSoftBounce: async () => undefined,
  };
  const ledgerStore: Ledger = {
    get: async (edition, subscriber) => ledger.get(key(edition, subscriber)),
    async claim(edition, subscriber, email, at, leaseMs) {
      const existing = ledger.get(key(edition, subscriber));
      if (
        existing &&
        !(existing.status === 'claimed' && (existing.leaseUntil ?? '') < at.toISOString())
      )
        return undefined;
      const claimId = `c${++claims}`;
      const leaseUntil = new Date(at.getTime() + leaseMs).toISOString();
      ledger.set(key(edition, subscriber), {
        edition,
        subscriber,
        email,
        status: 'claimed',
        claimedAt: at.toISOString(),
        claimId,
        leaseUntil,
      });
      return claimId;
    },
    async markSending(edition, subscriber, claimId) {
      const entry = ledger.get(key(edition, subscriber));
      if (entry?.claimId !== claimId || entry.status !== 'claimed') return false;
      entry.status = 'sending';
      return true;
    },
    async markSent(edition, subscriber, messageId) {
      const entry = ledger.get(key(edition, subscriber));
      if (entry) Object.assign(entry, { status: 'sent', messageId });
    },
    async markFailed(edition, subscriber, reason) {
      const entry = ledger.get(key(edition, subscriber));
      if (entry) Object.assign(entry, { status: 'failed', error: reason });
    },
    async markSkipped() {},
    async release(edition, subscriber, claimId) {
      if (ledger.get(key(edition, subscriber))?.claimId === claimId)
        ledger.delete(key(edition, subscriber));
    },
    resetFailed: async () => false,
    async *list() {},
  };
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
  return { subscribers: subscriberStore, ledger: ledgerStore, editions };
}
