import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDocumentClient } from '../../lambda/adapters/dynamo-client.ts';
import { createDynamoEditionStore } from '../../lambda/adapters/dynamo-edition-store.ts';
import { createDynamoSubscriberStore } from '../../lambda/adapters/dynamo-subscriber-store.ts';
import type { Story } from '../../lambda/briefing/types.ts';
import { type ComposeDeps, compose } from '../../lambda/delivery/compose.ts';
import { storyKeyOf, storyMarkerKey } from '../../lambda/delivery/edition-id.ts';
import type { BatchMessage, Queue } from '../../lambda/delivery/ports.ts';
import { subscriberIdFor } from '../../lambda/subscribers/subscriber-id.ts';
import { composeDeps, memoryArchive } from '../helpers/compose-deps.ts';
import { startTestDynamo, TEST_TABLES } from '../helpers/dynalite.ts';
import { readerEmails, seedSubscribers } from '../helpers/subscribers.ts';

/** Compose over dynalite: which stories go out, idempotency, and resuming a crashed enqueue. */
let dynamo: Awaited<ReturnType<typeof startTestDynamo>>;
let db: ReturnType<typeof createDocumentClient>;
const READERS = 130; // batches of 50, 50, 30

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

const archive = memoryArchive();

function deps(queue: Queue): ComposeDeps {
  // One batch a page, so a crash can fall between pages.
  return composeDeps(db, queue, archive, { pageSize: 50 });
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

  it('archives the web copy, with no sentinel and no personal footer, and keeps the email in the record', async () => {
    const result = await compose(deps(recordingQueue(true)), day(13), [story('mu')]);
    if (result.outcome !== 'queued') throw new Error('expected a queued edition');
    const web = await archive.get(result.editionId);
    expect(web).toContain('This is the web copy of an edition of Braid.');
    expect(web).toContain('href="https://briefing.example.org/subscribe"');
    expect(web).not.toContain('%%braid:');
    expect(web).not.toContain('You are receiving this');
    expect(web).not.toContain('/unsubscribe');
    const record = await createDynamoEditionStore(db, TEST_TABLES.editions).get(result.editionId);
    // The record holds the email (sentinels for delivery to fill), not the web copy again.
    expect(record?.edition.html).toContain('%%braid:unsubscribeUrl%%');
    expect(record?.edition).not.toHaveProperty('webHtml');
    expect(record).not.toHaveProperty('archive');
    expect(record?.webCopy).toBe(`memory://${result.editionId}`);
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
    expect(await editions.storyHolder(storyMarkerKey('iota'))).toBeUndefined();
  });

  it('never queues an edited story again on schedule; again queues the correction once', async () => {
    const editions = createDynamoEditionStore(db, TEST_TABLES.editions);
    const first = await compose(deps(recordingQueue(true)), day(20), [story('kappa')]);
    if (first.outcome !== 'queued') throw new Error('expected a queued edition');
    expect(await editions.storyHolder(storyMarkerKey('kappa'))).toBe(first.editionId);
    await editions.complete(first.editionId, { ...counts, recipients: READERS }, day(20));

    const fixed = story('kappa', 'kappa happened yesterday, officials said.');
    const queue = recordingQueue(true);
    expect(await compose(deps(queue), day(20), [fixed])).toMatchObject({
      outcome: 'already-sent',
      editionId: first.editionId,
    });
    expect(queue.messages).toEqual([]);

    const correction = await compose(deps(queue), day(20), [fixed], { again: 'kappa' });
    expect(correction).toMatchObject({
      outcome: 'queued',
      stories: ['kappa'],
      corrects: first.editionId,
      recipients: READERS,
    });
    if (correction.outcome !== 'queued') throw new Error('expected a queued correction');
    expect(new Set(queue.messages.flatMap((m) => m.subscriberIds)).size).toBe(READERS);
    expect(await editions.storyHolder(storyMarkerKey('kappa', 2))).toBe(correction.editionId);
    await editions.complete(correction.editionId, { ...counts, recipients: READERS }, day(20));
    await expect(compose(deps(queue), day(21), [fixed], { again: 'kappa' })).rejects.toThrow(
      `Story "kappa" is unchanged since edition ${correction.editionId} carried it: nothing to correct.`,
    );
  });
});

const counts = { recipients: 0, sent: 0, skipped: 0, failed: 0, unknown: 0, deferred: 0 };
