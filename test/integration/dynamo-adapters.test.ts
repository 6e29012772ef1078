import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDocumentClient } from '../../lambda/adapters/dynamo-client.ts';
import { createDynamoEditionStore } from '../../lambda/adapters/dynamo-edition-store.ts';
import { createDynamoLedger } from '../../lambda/adapters/dynamo-ledger.ts';
import { createDynamoSubscriberStore } from '../../lambda/adapters/dynamo-subscriber-store.ts';
import { ensureTables } from '../../lambda/adapters/dynamo-tables.ts';
import type { EditionRecord, LedgerEntry } from '../../lambda/delivery/ports.ts';
import type { Subscriber, SubscriberStatus } from '../../lambda/subscribers/subscriber.ts';
import { subscriberIdFor } from '../../lambda/subscribers/subscriber-id.ts';
import { startTestDynamo, TEST_TABLES } from '../helpers/dynalite.ts';

let engine: Awaited<ReturnType<typeof startTestDynamo>>;
let db: ReturnType<typeof createDocumentClient>;

beforeAll(async () => {
  engine = await startTestDynamo();
  db = createDocumentClient({ region: 'us-east-1', endpoint: engine.endpoint });
});
afterAll(async () => {
  db.destroy();
  await engine.close();
});

const at = '2026-01-01T00:00:00.000Z';
function subscriber(email: string, status: SubscriberStatus): Subscriber {
  return { id: subscriberIdFor(email), email, status, createdAt: at, updatedAt: at };
}

describe('ensureTables', () => {
  it('creates nothing when the tables exist (idempotent)', async () => {
    expect(
      await ensureTables({ region: 'us-east-1', endpoint: engine.endpoint }, TEST_TABLES),
    ).toEqual([]);
  });
});

describe('DynamoDB subscriber store', () => {
  it('adds once per address (conditional put)', async () => {
    const store = createDynamoSubscriberStore(db, TEST_TABLES.subscribers);
    expect(await store.add(subscriber('once@example.com', 'confirmed'))).toBe(true);
    expect(await store.add(subscriber('once@example.com', 'pending'))).toBe(false);
    expect((await store.get(subscriberIdFor('once@example.com')))?.status).toBe('confirmed');
    expect(await store.get('sub_missing')).toBeUndefined();
  });

  it('pages confirmed subscribers through the status index, every one exactly once', async () => {
    const store = createDynamoSubscriberStore(db, TEST_TABLES.subscribers);
    const confirmed = Array.from({ length: 23 }, (_, i) => `reader${i}@page.example.com`);
    for (const email of confirmed) await store.add(subscriber(email, 'confirmed'));
    for (let i = 0; i < 5; i += 1)
      await store.add(subscriber(`gone${i}@page.example.com`, 'unsubscribed'));
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await store.pageByStatus('confirmed', 10, cursor);
      cursor = page.cursor;
      pages += 1;
      seen.push(...page.items.map((s) => s.email));
      expect(page.items.every((s) => s.status === 'confirmed')).toBe(true);
    } while (cursor !== undefined);
    expect(pages).toBeGreaterThanOrEqual(3);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toEqual(expect.arrayContaining(confirmed));
    expect(seen.some((email) => email.startsWith('gone'))).toBe(false);
  });

  it('rejects a cursor it did not issue', async () => {
    const store = createDynamoSubscriberStore(db, TEST_TABLES.subscribers);
    await expect(store.pageByStatus('confirmed', 10, 'bm90IGpzb24')).rejects.toThrow(/cursor/);
  });
});

describe('DynamoDB ledger', () => {
  it('lets exactly one claimer win, even when claims race', async () => {
    const ledger = createDynamoLedger(db, TEST_TABLES.ledger);
    const claims = await Promise.all(
      Array.from({ length: 8 }, () =>
        ledger.claim('ed-race', 'sub_1', 'a@example.com', new Date(at)),
      ),
    );
    expect(claims.filter(Boolean)).toHaveLength(1);
  });

  it('records sent and failed outcomes and lists them', async () => {
    const ledger = createDynamoLedger(db, TEST_TABLES.ledger);
    await ledger.claim('ed-list', 'sub_a', 'a@example.com', new Date(at));
    await ledger.claim('ed-list', 'sub_b', 'b@example.com', new Date(at));
    await ledger.markSent('ed-list', 'sub_a', 'msg-1', new Date(at));
    await ledger.markFailed('ed-list', 'sub_b', 'MessageRejected: nope', new Date(at));
    const entries: LedgerEntry[] = [];
    for await (const entry of ledger.list('ed-list')) entries.push(entry);
    expect(entries.map((e) => [e.subscriber, e.status, e.messageId ?? e.error])).toEqual([
      ['sub_a', 'sent', 'msg-1'],
      ['sub_b', 'failed', 'MessageRejected: nope'],
    ]);
  });

  it('releases a claim only while it is still a bare claim', async () => {
    const ledger = createDynamoLedger(db, TEST_TABLES.ledger);
    await ledger.claim('ed-release', 'sub_a', 'a@example.com', new Date(at));
    await ledger.release('ed-release', 'sub_a');
    expect(await ledger.claim('ed-release', 'sub_a', 'a@example.com', new Date(at))).toBe(true);
    await ledger.markSent('ed-release', 'sub_a', 'msg-1', new Date(at));
    await ledger.release('ed-release', 'sub_a');
    expect(await ledger.claim('ed-release', 'sub_a', 'a@example.com', new Date(at))).toBe(false);
  });

  it('refuses to settle an item that was never claimed', async () => {
    const ledger = createDynamoLedger(db, TEST_TABLES.ledger);
    await expect(ledger.markSent('ed-none', 'sub_x', 'msg', new Date(at))).rejects.toThrow(
      /conditional/i,
    );
  });
});

describe('DynamoDB edition store', () => {
  const record = (id: string): EditionRecord => ({
    id,
    status: 'sending',
    scheduledAt: at,
    stories: ['s'],
    storySet: 'set',
    createdAt: at,
    edition: {
      id,
      date: at,
      subject: 'Subject',
      preheader: 'Pre',
      html: '<p>html</p>',
      text: 'text',
      stories: ['s'],
      settings: {
        from: 'A <a@example.org>',
        listId: 'l.example.org',
        publicUrl: 'https://x.example.org',
        unsubscribeMailto: 'u@example.org',
        postalAddress: 'Somewhere 1',
        title: 'Braid',
      },
    },
  });

  it('claims an edition once; a second claim returns the first', async () => {
    const editions = createDynamoEditionStore(db, TEST_TABLES.editions);
    expect(await editions.claim(record('ed-1'))).toEqual({ claimed: true });
    const again = await editions.claim({ ...record('ed-1'), stories: ['other'] });
    expect(again.claimed).toBe(false);
    expect(again.claimed === false && again.existing.stories).toEqual(['s']);
  });

  it('gives a story set to the first edition that claims it', async () => {
    const editions = createDynamoEditionStore(db, TEST_TABLES.editions);
    expect(await editions.claimStorySet('set-a', 'ed-a')).toBe('ed-a');
    expect(await editions.claimStorySet('set-a', 'ed-b')).toBe('ed-a');
  });

  it('marks an edition sent with its counts', async () => {
    const editions = createDynamoEditionStore(db, TEST_TABLES.editions);
    await editions.claim(record('ed-2'));
    await editions.complete(
      'ed-2',
      { recipients: 2, sent: 2, skipped: 0, failed: 0, deferred: 0 },
      new Date(at),
    );
    expect(await editions.get('ed-2')).toMatchObject({
      status: 'sent',
      counts: { sent: 2 },
      completedAt: at,
    });
  });
});
