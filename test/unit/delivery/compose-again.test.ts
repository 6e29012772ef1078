import { beforeEach, describe, expect, it } from 'vitest';
import type { Story } from '../../../lambda/briefing/types.ts';
import {
  type ComposeDeps,
  type ComposeResult,
  compose,
  StoryChoiceError,
} from '../../../lambda/delivery/compose.ts';
import { storyKeyOf, storyMarkerKey } from '../../../lambda/delivery/edition-id.ts';
import type {
  BatchMessage,
  EditionRecord,
  EditionStore,
  Queue,
} from '../../../lambda/delivery/ports.ts';
import { newSubscriber } from '../../../lambda/subscribers/new-subscriber.ts';
import { createMemorySubscriberStore } from '../../helpers/memory-subscribers.ts';
import { settings } from '../email/fixtures.ts';

/**
 * Compose over in-memory ports with the DynamoDB adapters' conditions: a story is its
 * folder, so an edited story is not sent again by the schedule; `again` sends a correction.
 */

interface MemoryEditions extends EditionStore {
  /** Every marker item (`story#…`, `storyset#…`) and the edition it names. */
  markers: Map<string, string>;
  /** Marks an edition finished, as the local run does once nobody is left. */
  finish(id: string): void;
}

/** First writer wins on every claim, as the conditional puts of the DynamoDB adapter. */
function memoryEditions(): MemoryEditions {
  const records = new Map<string, EditionRecord>();
  const markers = new Map<string, string>();
  const claimHolder = async (id: string, editionId: string) => {
    if (!markers.has(id)) markers.set(id, editionId);
    return markers.get(id) ?? editionId;
  };
  let latest: string | undefined;
  return {
    markers,
    finish(id) {
      const record = records.get(id);
      if (record !== undefined) records.set(id, { ...record, status: 'sent' });
    },
    async claim(record) {
      const existing = records.get(record.id);
      if (existing !== undefined) return { claimed: false, existing: structuredClone(existing) };
      records.set(record.id, structuredClone(record));
      latest = record.id;
      return { claimed: true };
    },
    claimStorySet: (storySet, editionId) => claimHolder(`storyset#${storySet}`, editionId),
    claimStory: (storyKey, editionId) => claimHolder(`story#${storyKey}`, editionId),
    storyHolder: async (storyKey) => markers.get(`story#${storyKey}`),
    get: async (id) => structuredClone(records.get(id)),
    latest: async () => latest,
    async saveProgress(id, progress) {
      const record = records.get(id);
      if (record === undefined) throw new Error(`no edition ${id}`);
      records.set(id, { ...record, enqueue: structuredClone(progress) });
    },
    async complete(id, counts, at) {
      const record = records.get(id);
      if (record === undefined) throw new Error(`no edition ${id}`);
      records.set(id, { ...record, status: 'sent', counts, completedAt: at.toISOString() });
    },
    listArchive: async () => ({ items: [] }),
  };
}

function story(slug: string, text: string, status: 'ready' | 'draft' = 'ready'): Story {
  return {
    slug,
    meta: { status },
    articles:
      status === 'draft'
        ? []
        : [
            {
              story: slug,
              outlet: 'BBC News',
              outletSlug: 'bbc-news',
              published: '2021-03-18',
              language: 'en',
              paragraphs: [text, 'A second sentence about it was reported as well.'],
              file: `${slug}/bbc-news.md`,
            },
          ],
  };
}

const ALPHA = 'Alpha happened today, officials said.';
const ALPHA_FIXED = 'Alpha happened yesterday, officials said.';
const BETA = 'Beta happened today, officials said.';

let editions: MemoryEditions;
let queued: BatchMessage[];
let deps: ComposeDeps;

beforeEach(() => {
  editions = memoryEditions();
  queued = [];
  const queue: Queue = {
    durable: false,
    async send(messages) {
      queued.push(...messages);
    },
  };
  const at = new Date('2021-03-17T00:00:00Z');
  const readers = ['ada@example.com', 'grace@example.com'].map((email) =>
    newSubscriber({
      email,
      status: 'confirmed',
      at,
      consent: { source: 'cli', text: 'Seeded by a test.', version: 'test' },
    }),
  );
  deps = {
    editions,
    subscribers: createMemorySubscriberStore(readers),
    queue,
    archive: { put: async (id) => `memory://${id}`, get: async () => undefined },
    render: async (id, scheduledAt, briefings) => {
      const text = briefings.flatMap((b) => b.summary).join('\n');
      return {
        id,
        date: scheduledAt.toISOString(),
        subject: briefings.map((b) => b.headline).join(' / '),
        preheader: '',
        html: `<p>${text}</p>`,
        text,
        stories: briefings.map((b) => b.story),
        settings,
        webHtml: `<p>${text}</p>`,
      };
    },
    log: { info: () => undefined, warn: () => undefined, error: () => undefined },
    clock: { now: () => new Date('2021-03-18T06:00:00Z'), sleep: async () => undefined },
    timeZone: 'UTC',
  };
});

const day = (n: number) => new Date(Date.UTC(2021, 2, 17 + n, 6));

/** Composes and finishes the edition, as a local run that sent everyone does. */
async function sendAll(
  stories: Story[],
  at: Date,
  again?: string,
): Promise<Extract<ComposeResult, { outcome: 'queued' }>> {
  const result = await compose(deps, at, stories, again === undefined ? {} : { again });
  if (result.outcome !== 'queued')
    throw new Error(`expected a queued edition, got ${result.outcome}`);
  editions.finish(result.editionId);
  return result;
}

async function refusal(promise: Promise<unknown>): Promise<StoryChoiceError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof StoryChoiceError))
    throw new Error(`expected a StoryChoiceError, got ${String(error)}`);
  return error;
}

describe('compose: a story is its folder', () => {
  it('does not send an edited story again, the same day or later', async () => {
    const first = await sendAll([story('alpha', ALPHA)], day(1));
    queued = [];
    for (const at of [day(1), day(2)]) {
      const rerun = await compose(deps, at, [story('alpha', ALPHA_FIXED)]);
      expect(rerun).toMatchObject({ outcome: 'already-sent', editionId: first.editionId });
    }
    expect(queued).toEqual([]);
  });

  it('sends a new story alone beside an edited one that went out', async () => {
    const first = await sendAll([story('alpha', ALPHA)], day(1));
    const second = await sendAll([story('alpha', ALPHA_FIXED), story('beta', BETA)], day(1));
    expect(second.stories).toEqual(['beta']);
    expect(second.editionId).not.toBe(first.editionId);
  });

  it('keys the marker by slug and keeps the content marker', async () => {
    const first = await sendAll([story('alpha', ALPHA)], day(1));
    expect(editions.markers.get(`story#${storyMarkerKey('alpha')}`)).toBe(first.editionId);
    expect(editions.markers.get('story#alpha')).toBe(first.editionId);
    expect(editions.markers.get(`story#${storyKeyOf(story('alpha', ALPHA))}`)).toBe(
      first.editionId,
    );
  });

  it('treats a story marked only by its content (an older edition) as sent, and marks it by slug', async () => {
    editions.markers.set(`story#${storyKeyOf(story('alpha', ALPHA))}`, 'old-edition');
    const rerun = await compose(deps, day(1), [story('alpha', ALPHA)]);
    expect(rerun).toMatchObject({ outcome: 'already-sent', editionId: 'old-edition' });
    expect(editions.markers.get('story#alpha')).toBe('old-edition');
    // From then on an edit does not make it new.
    const edited = await compose(deps, day(2), [story('alpha', ALPHA_FIXED)]);
    expect(edited).toMatchObject({ outcome: 'already-sent', editionId: 'old-edition' });
  });

  it('resumes an unfinished edition whose story was edited meanwhile, with its first content', async () => {
    const first = await compose(deps, day(1), [story('alpha', ALPHA)]);
    const resumed = await compose(deps, day(1), [story('alpha', ALPHA_FIXED)]);
    expect(resumed).toMatchObject({
      outcome: 'queued',
      resumed: true,
      editionId: first.outcome === 'queued' ? first.editionId : '',
    });
  });
});

describe('compose with again: a correction', () => {
  it('sends the corrected story alone in a new edition, which its marker then names', async () => {
    const first = await sendAll([story('alpha', ALPHA), story('beta', BETA)], day(1));
    queued = [];
    const fixed = [story('alpha', ALPHA_FIXED), story('beta', BETA)];
    const correction = await sendAll(fixed, day(1), 'alpha');
    expect(correction).toMatchObject({
      stories: ['alpha'],
      corrects: first.editionId,
      resumed: false,
      recipients: 2,
    });
    expect(correction.editionId).not.toBe(first.editionId);
    expect(correction.editionId).toMatch(/^2021-03-18-[0-9a-f]{8}$/);
    expect(queued.flatMap((m) => m.subscriberIds)).toHaveLength(2);
    expect(editions.markers.get(`story#${storyMarkerKey('alpha', 2)}`)).toBe(correction.editionId);
    // The schedule sends neither story again.
    expect(await compose(deps, day(2), fixed)).toMatchObject({ outcome: 'already-sent' });
  });

  it('refuses a story unchanged since the edition that last carried it, naming that edition', async () => {
    const first = await sendAll([story('alpha', ALPHA), story('beta', BETA)], day(1));
    const unchanged = await refusal(
      compose(deps, day(1), [story('alpha', ALPHA), story('beta', BETA)], { again: 'alpha' }),
    );
    expect(unchanged.message).toBe(
      `Story "alpha" is unchanged since edition ${first.editionId} carried it: nothing to correct.`,
    );
    const correction = await sendAll([story('alpha', ALPHA_FIXED)], day(1), 'alpha');
    const again = await refusal(
      compose(deps, day(2), [story('alpha', ALPHA_FIXED)], { again: 'alpha' }),
    );
    expect(again.message).toContain(`unchanged since edition ${correction.editionId}`);
    expect(queued.flatMap((m) => m.subscriberIds)).toHaveLength(4); // the two sends only
  });

  it('sends a story edited back to an earlier text again, as a correction of the last one', async () => {
    const first = await sendAll([story('alpha', ALPHA)], day(1));
    const fixed = await sendAll([story('alpha', ALPHA_FIXED)], day(1), 'alpha');
    const reverted = await sendAll([story('alpha', ALPHA)], day(1), 'alpha');
    expect(reverted.corrects).toBe(fixed.editionId);
    expect(new Set([first.editionId, fixed.editionId, reverted.editionId]).size).toBe(3);
    expect(editions.markers.get(`story#${storyMarkerKey('alpha', 3)}`)).toBe(reverted.editionId);
  });

  it('lands a re-run of an interrupted correction on the same edition', async () => {
    await sendAll([story('alpha', ALPHA)], day(1));
    const first = await compose(deps, day(1), [story('alpha', ALPHA_FIXED)], { again: 'alpha' });
    if (first.outcome !== 'queued') throw new Error('expected a queued correction');
    // The schedule resumes it (the in-process queue died with the stopped run)...
    const resumed = await compose(deps, day(2), [story('alpha', ALPHA_FIXED)]);
    expect(resumed).toMatchObject({ outcome: 'queued', resumed: true, editionId: first.editionId });
    // ...and until it is finished, another correction is refused.
    const busy = await refusal(
      compose(deps, day(2), [story('alpha', `${ALPHA_FIXED} More.`)], { again: 'alpha' }),
    );
    expect(busy.message).toBe(
      `Edition ${first.editionId}, which last carried "alpha", is still being sent: run \`npm start\` to finish it, then send the correction.`,
    );
  });

  it.each([
    [
      'an unknown slug, listing the known ones',
      'gamma',
      /^There is no story "gamma"; expected the folder name of a story: alpha, drafty\.$/,
    ],
    [
      'a draft',
      'drafty',
      /^Story "drafty" is a draft; expected a ready story \(status: ready in its story\.yaml\)\.$/,
    ],
    ['a story never sent', 'alpha', /^Story "alpha" has not gone out yet: `npm start` sends it/],
  ])('refuses %s, claiming and queueing nothing', async (_case, slug, message) => {
    const stories = [story('drafty', '', 'draft'), story('alpha', ALPHA)];
    const error = await refusal(compose(deps, day(1), stories, { again: slug }));
    expect(error.message).toMatch(message);
    expect(error.slug).toBe(slug);
    expect(queued).toEqual([]);
    expect(editions.markers.size).toBe(0);
    expect(await editions.latest()).toBeUndefined();
  });
});
