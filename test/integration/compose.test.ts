import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDocumentClient } from '../../lambda/adapters/dynamo-client.ts';
import { createDynamoEditionStore } from '../../lambda/adapters/dynamo-edition-store.ts';
import { createDynamoSubscriberStore } from '../../lambda/adapters/dynamo-subscriber-store.ts';
import type { Story } from '../../lambda/briefing/types.ts';
import { type ComposeDeps, compose } from '../../lambda/delivery/compose.ts';
import { storyKeyOf } from '../../lambda/delivery/edition-id.ts';
import type { BatchMessage, EditionArchive, Queue } from '../../lambda/delivery/ports.ts';
import { renderEdition } from '../../lambda/email/render-edition.ts';
import { subscriberIdFor } from '../../lambda/subscribers/subscriber-id.ts';
import { startTestDynamo, TEST_TABLES } from '../helpers/dynalite.ts';
import { readerEmails, seedSubscribers } from '../helpers/subscribers.ts';
import { editionInput, loadTemplates } from '../unit/email/fixtures.ts';

/** Compose over dynalite: which stories go out, idempotency, and resuming a crashed enqueue. */
let dynamo: Awaited<ReturnType<typeof startTestDynamo>>;
let db: ReturnType<typeof createDocumentClient>;
const READERS = 130; // batches of 50, 50, 30
const templates = loadTemplates();

beforeAll(async () => {
  dynamo = await startTestDynamo();
  db = createDocumentClient({ region: 'us-east-1', endpoint: dynamo.endpoint });
  const store = createDynamoSubscriberStore(db, TEST_TABLES.subscribers);
  await seedSubscribers(store, readerEmails(READERS));
  await seedSubscribers(store, ['p@example.com'], 'pending');
});
afterAll(async () => {
  db.destroy();
  await dynamo.close();
});

function story(slug: string, text = `${slug} happened today, officials said.`): Story {
  return {
    slug,
    meta: { status: 'ready' },
    articles: [
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

function recordingQueue(
  durable: boolean,
  failAfter = Number.POSITIVE_INFINITY,
): Queue & { messages: BatchMessage[] } {
  const messages: BatchMessage[] = [];
  return {
    durable,
    messages,
    async send(batch) {
      if (messages.length >= failAfter) throw new Error('process killed');
      messages.push(...batch);
    },
  };
}

const archived: string[] = [];
const archive: EditionArchive = {
  async put(id) {
    archived.push(id);
    return `memory://${id}`;
  },
};

function deps(queue: Queue): ComposeDeps {
  return {
    editions: createDynamoEditionStore(db, TEST_TABLES.editions),
    subscribers: createDynamoSubscriberStore(db, TEST_TABLES.subscribers),
    queue,
    archive,
    render: (id, _at, briefings) =>
      renderEdition({ ...editionInput(briefings), id, date: '2021-03-18' }, templates),
    log: { info: () => undefined, warn: () => undefined, error: () => undefined },
    clock: { now: () => new Date('2021-03-18T06:00:00Z'), sleep: async () => undefined },
    timeZone: 'UTC',
    pageSize: 50, // one batch a page, so a crash can fall between pages
  };
}
const day = (n: number) => new Date(Date.UTC(2021, 2, 17 + n, 6));

describe('compose', () => {
  it('queues every confirmed subscriber once, in batches of at most 50, and archives the web copy', async () => {
    const queue = recordingQueue(true);
    const result = await compose(deps(queue), day(1), [story('alpha')]);
    expect(result).toMatchObject({
      outcome: 'queued',
      recipients: READERS,
      batches: 3,
      resumed: false,
      stories: ['alpha'],
    });
    const ids = queue.messages.flatMap((m) => m.subscriberIds);
    expect(queue.messages.map((m) => m.subscriberIds.length)).toEqual([50, 50, 30]);
    expect(new Set(ids).size).toBe(READERS);
    expect(ids).not.toContain(subscriberIdFor('p@example.com'));
    expect(result.outcome === 'queued' && result.webCopy).toBe(
      `memory://${result.outcome === 'queued' ? result.editionId : ''}`,
    );
  });

  it('does nothing new for a duplicated schedule event once the queue holds everyone', async () => {
    const queue = recordingQueue(true);
    const result = await compose(deps(queue), day(1), [story('alpha')]);
    expect(result).toMatchObject({ outcome: 'already-queued', stories: ['alpha'] });
    expect(queue.messages).toEqual([]);
  });

  it('resumes a crashed enqueue after the last batch it recorded, not from the start', async () => {
    const crashing = recordingQueue(true, 1);
    await expect(compose(deps(crashing), day(2), [story('beta')])).rejects.toThrow(
      'process killed',
    );
    expect(crashing.messages).toHaveLength(1);
    const queue = recordingQueue(true);
    const result = await compose(deps(queue), day(2), [story('beta')]);
    expect(result).toMatchObject({
      outcome: 'queued',
      resumed: true,
      batches: 2,
      recipients: READERS,
    });
    const all = [...crashing.messages, ...queue.messages].flatMap((m) => m.subscriberIds);
    expect(all).toHaveLength(READERS);
    expect(new Set(all).size).toBe(READERS);
  });

  it('queues everyone again on resume when the queue died with the process (in-process queue)', async () => {
    const crashing = recordingQueue(false, 1);
    await expect(compose(deps(crashing), day(3), [story('gamma')])).rejects.toThrow(
      'process killed',
    );
    const queue = recordingQueue(false);
    const result = await compose(deps(queue), day(3), [story('gamma')]);
    expect(result).toMatchObject({ outcome: 'queued', resumed: true, batches: 3 });
  });

  it('carries only the stories no edition has carried, and says so when there are none', async () => {
    const editions = createDynamoEditionStore(db, TEST_TABLES.editions);
    const first = await compose(deps(recordingQueue(true)), day(4), [story('delta')]);
    if (first.outcome !== 'queued') throw new Error('expected a queued edition');
    await editions.complete(
      first.editionId,
      { recipients: READERS, sent: READERS, skipped: 0, failed: 0, deferred: 0 },
      day(4),
    );

    const same = await compose(deps(recordingQueue(true)), day(5), [story('delta')]);
    expect(same).toMatchObject({
      outcome: 'already-sent',
      editionId: first.editionId,
      stories: ['delta'],
    });

    const next = await compose(deps(recordingQueue(true)), day(5), [
      story('delta'),
      story('epsilon'),
    ]);
    expect(next).toMatchObject({ outcome: 'queued', stories: ['epsilon'] });

    // An editor's correction makes a story new again.
    const edited = await compose(deps(recordingQueue(true)), day(6), [
      story('delta', 'Delta happened yesterday, officials now say.'),
    ]);
    expect(edited.outcome === 'queued' && edited.stories).toEqual(['delta']);
  });

  it('starts a new edition for new stories while a queued one is still being delivered', async () => {
    const open = await compose(deps(recordingQueue(true)), day(7), [story('zeta')]);
    if (open.outcome !== 'queued') throw new Error('expected a queued edition');
    const next = await compose(deps(recordingQueue(true)), day(8), [story('zeta'), story('eta')]);
    expect(next).toMatchObject({ outcome: 'queued', resumed: false, stories: ['eta'] });
    expect(next.outcome === 'queued' && next.editionId).not.toBe(open.editionId);
  });

  it('resumes an open edition first when its queue died with the process (in-process queue)', async () => {
    const open = await compose(deps(recordingQueue(false)), day(11), [story('kappa')]);
    if (open.outcome !== 'queued') throw new Error('expected a queued edition');
    const again = await compose(deps(recordingQueue(false)), day(12), [
      story('kappa'),
      story('lambda'),
    ]);
    expect(again).toMatchObject({
      outcome: 'queued',
      editionId: open.editionId,
      resumed: true,
      stories: ['kappa'],
    });
  });

  it.each([
    ['no story at all', []],
    ['only drafts', [{ ...story('theta'), meta: { status: 'draft' as const } }]],
  ])('says nothing to send with %s', async (_case, stories) => {
    const queue = recordingQueue(true);
    expect(await compose(deps(queue), day(9), stories)).toMatchObject({
      outcome: 'nothing-to-send',
    });
    expect(queue.messages).toEqual([]);
  });

  it("refuses an edition whose message would exceed SES's 10 MB, before claiming or queueing anything", async () => {
    const queue = recordingQueue(true);
    const huge = deps(queue);
    const render = huge.render;
    huge.render = async (id, at, briefings) => {
      const edition = await render(id, at, briefings);
      return { ...edition, text: `${edition.text}\n${'A long line of text. '.repeat(600_000)}` };
    };
    await expect(compose(huge, day(10), [story('iota')])).rejects.toThrow(
      /over SES's 10 MB limit for a raw message; nothing was sent/,
    );
    expect(queue.messages).toEqual([]);
    const editions = createDynamoEditionStore(db, TEST_TABLES.editions);
    expect(await editions.storyHolder(storyKeyOf(story('iota')))).toBeUndefined();
  });
});
