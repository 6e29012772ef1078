import { loadStories } from '../../lambda/adapters/content-dir.ts';
import { readCompiledTemplate } from '../../lambda/adapters/template-files.ts';
import type { Config } from '../../lambda/config.ts';
import { type ComposeResult, compose } from '../../lambda/delivery/compose.ts';
import type {
  ClaimResult,
  EditionArchive,
  EditionRecord,
  EditionStore,
  Queue,
  SubscriberStore,
} from '../../lambda/delivery/ports.ts';
import { createRenderer } from '../../lambda/handlers/renderer.ts';

/**
 * The edition store as compose sees it in a dry run: every read goes to the real store,
 * every write stays in memory. Compose runs as it would (plan, claim, render, mark the
 * stories), and nothing is recorded.
 */
function readOnlyEditions(
  real: EditionStore,
): EditionStore & { claimed(): EditionRecord | undefined } {
  const records = new Map<string, EditionRecord>();
  const markers = new Map<string, string>();
  let last: EditionRecord | undefined;
  const holder = async (key: string) => (await real.storyHolder(key)) ?? markers.get(key);
  return {
    claimed: () => last,
    claim: async (record): Promise<ClaimResult> => {
      const existing = records.get(record.id) ?? (await real.get(record.id));
      if (existing !== undefined) return { claimed: false, existing };
      records.set(record.id, record);
      last = record;
      return { claimed: true };
    },
    // The story set marker cannot be read without writing it: the proposed id stands.
    claimStorySet: async (_storySet, editionId) => editionId,
    claimStory: async (key, editionId) => {
      const found = await holder(key);
      if (found !== undefined) return found;
      markers.set(key, editionId);
      return editionId;
    },
    storyHolder: holder,
    get: async (id) => records.get(id) ?? (await real.get(id)),
    latest: () => real.latest(),
    saveProgress: async () => undefined,
    complete: async () => undefined,
    listArchive: (limit, cursor) => real.listArchive(limit, cursor),
  };
}

/** Subscribers as compose pages them, with the addresses of those it would queue. */
function watchedSubscribers(real: SubscriberStore, addresses: string[]): SubscriberStore {
  return new Proxy(real, {
    get(target, property, receiver) {
      if (property !== 'pageByStatus') return Reflect.get(target, property, receiver);
      const pageByStatus: SubscriberStore['pageByStatus'] = async (status, limit, cursor) => {
        const page = await target.pageByStatus(status, limit, cursor);
        if (status === 'confirmed') addresses.push(...page.items.map((s) => s.email));
        return page;
      };
      return pageByStatus;
    },
  });
}

/**
 * A queue that takes nothing. As durable as the real one (SQS in AWS), so an edition whose
 * batches are all queued reads as queued, as the scheduled run would see it.
 */
const nowhere = (config: Config): Queue => ({
  durable: config.mode === 'aws',
  send: async () => undefined,
});
const noArchive: EditionArchive = {
  put: async () => '(not written: dry run)',
  get: async () => undefined,
};

export interface DryRun {
  result: ComposeResult;
  /** The edition rendered, when there is a new one. */
  record: EditionRecord | undefined;
  /** Who would receive it: every confirmed subscriber's address. */
  recipients: string[];
}

/** No store yet (the first `npm start` creates it): no edition, no subscriber. */
export const NO_EDITIONS: EditionStore = {
  claim: async () => ({ claimed: true }),
  claimStorySet: async (_set, editionId) => editionId,
  claimStory: async (_key, editionId) => editionId,
  storyHolder: async () => undefined,
  get: async () => undefined,
  latest: async () => undefined,
  saveProgress: async () => undefined,
  complete: async () => undefined,
  listArchive: async () => ({ items: [] }),
};

/** No store yet: compose pages no subscriber (nothing else of the store is asked for). */
const NO_SUBSCRIBERS = new Proxy({} as SubscriberStore, {
  get: (_target, property) =>
    property === 'pageByStatus' ? async () => ({ items: [] }) : undefined,
});

export interface Stores {
  editions: EditionStore;
  subscribers: SubscriberStore;
}

/**
 * Compose as the scheduled send would run it now, with nothing sent, queued or recorded;
 * `stores` undefined when there is no store yet.
 */
export async function dryRun(
  config: Config,
  stores: Stores | undefined,
  at: Date,
): Promise<DryRun> {
  const stories = await loadStories(config.contentDir, { only: 'ready' });
  const template = await readCompiledTemplate(config.templatesDir, 'edition');
  const editions = readOnlyEditions(stores?.editions ?? NO_EDITIONS);
  const recipients: string[] = [];
  const result = await compose(
    {
      editions,
      subscribers: watchedSubscribers(stores?.subscribers ?? NO_SUBSCRIBERS, recipients),
      queue: nowhere(config),
      archive: noArchive,
      render: createRenderer(config, template),
      log: { info: () => undefined, warn: () => undefined, error: () => undefined },
      clock: { now: () => at, sleep: async () => undefined },
      timeZone: config.timeZone,
    },
    at,
    stories,
  );
  return { result, record: editions.claimed(), recipients };
}
