import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDocumentClient } from '../../lambda/adapters/dynamo-client.ts';
import { createDynamoEditionStore } from '../../lambda/adapters/dynamo-edition-store.ts';
import { createDynamoLedger } from '../../lambda/adapters/dynamo-ledger.ts';
import { createDynamoSubscriberStore } from '../../lambda/adapters/dynamo-subscriber-store.ts';
import { DATE_INDEX, ensureTables } from '../../lambda/adapters/dynamo-tables.ts';
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

  it('reads many at once, leaving out the ids it does not know', async () => {
    const store = createDynamoSubscriberStore(db, TEST_TABLES.subscribers);
    const emails = Array.from({ length: 120 }, (_, i) => `many${i}@example.com`);
    for (const email of emails) await store.add(subscriber(email, 'confirmed'));
    const ids = [...emails.map((e) => subscriberIdFor(e)), 'sub_unknown'];
    const found = await store.getMany(ids);
    expect(found.size).toBe(120);
    expect(found.get(subscriberIdFor('many7@example.com'))?.email).toBe('many7@example.com');
    expect(found.has('sub_unknown')).toBe(false);
  });

  it('rejects a cursor it did not issue', async () => {
    const store = createDynamoSubscriberStore(db, TEST_TABLES.subscribers);
    await expect(store.pageByStatus('confirmed', 10, 'bm90IGpzb24')).rejects.toThrow(/cursor/);
  });
});

describe('DynamoDB ledger', () => {
  const LEASE = 60_000;
  const t0 = new Date(at);
  const later = (ms: number) => new Date(t0.getTime() + ms);

  it('lets exactly one claimer win, even when claims race', async () => {
    const ledger = createDynamoLedger(db, TEST_TABLES.ledger);
    const claims = await Promise.all(
      Array.from({ length: 8 }, () => ledger.claim('ed-race', 'sub_1', 'a@example.com', t0, LEASE)),
    );
    expect(claims.filter((c) => c !== undefined)).toHaveLength(1);
  });

  it('records sent, failed and skipped outcomes and lists them', async () => {
    const ledger = createDynamoLedger(db, TEST_TABLES.ledger);
    const a = await ledger.claim('ed-list', 'sub_a', 'a@example.com', t0, LEASE);
    await ledger.claim('ed-list', 'sub_b', 'b@example.com', t0, LEASE);
    expect(await ledger.markSending('ed-list', 'sub_a', a ?? '', t0)).toBe(true);
    await ledger.markSent('ed-list', 'sub_a', 'msg-1', t0);
    await ledger.markFailed('ed-list', 'sub_b', 'MessageRejected: nope', t0);
    await ledger.markSkipped(
      'ed-list',
      'sub_c',
      'c@example.com',
      'not confirmed (unsubscribed)',
      t0,
    );
    await ledger.markSkipped('ed-list', 'sub_a', 'a@example.com', 'never over an entry', t0);
    const entries: LedgerEntry[] = [];
    for await (const entry of ledger.list('ed-list')) entries.push(entry);
    expect(entries.map((e) => [e.subscriber, e.status, e.messageId ?? e.error])).toEqual([
      ['sub_a', 'sent', 'msg-1'],
      ['sub_b', 'failed', 'MessageRejected: nope'],
      ['sub_c', 'skipped', 'not confirmed (unsubscribed)'],
    ]);
  });

  it('lets a claim be taken over only after its lease, and only while not yet sending', async () => {
    const ledger = createDynamoLedger(db, TEST_TABLES.ledger);
    const first = await ledger.claim('ed-lease', 'sub_a', 'a@example.com', t0, LEASE);
    expect(first).toBeDefined();
    expect(
      await ledger.claim('ed-lease', 'sub_a', 'a@example.com', later(LEASE - 1), LEASE),
    ).toBeUndefined();
    const second = await ledger.claim(
      'ed-lease',
      'sub_a',
      'a@example.com',
      later(LEASE + 1),
      LEASE,
    );
    expect(second).toBeDefined();
    // The first worker lost its claim: it may not send.
    expect(await ledger.markSending('ed-lease', 'sub_a', first ?? '', later(LEASE + 2))).toBe(
      false,
    );
    expect(await ledger.markSending('ed-lease', 'sub_a', second ?? '', later(LEASE + 2))).toBe(
      true,
    );
    // Handed to SES: never taken over, however old.
    expect(
      await ledger.claim('ed-lease', 'sub_a', 'a@example.com', later(100 * LEASE), LEASE),
    ).toBeUndefined();
  });

  it('releases only its own claim, and never a settled one', async () => {
    const ledger = createDynamoLedger(db, TEST_TABLES.ledger);
    const mine = await ledger.claim('ed-release', 'sub_a', 'a@example.com', t0, LEASE);
    await ledger.release('ed-release', 'sub_a', 'someone-else');
    expect(await ledger.claim('ed-release', 'sub_a', 'a@example.com', t0, LEASE)).toBeUndefined();
    await ledger.release('ed-release', 'sub_a', mine ?? '');
    const again = await ledger.claim('ed-release', 'sub_a', 'a@example.com', t0, LEASE);
    expect(again).toBeDefined();
    await ledger.markSending('ed-release', 'sub_a', again ?? '', t0);
    await ledger.markSent('ed-release', 'sub_a', 'msg-1', t0);
    await ledger.release('ed-release', 'sub_a', again ?? '');
    expect(await ledger.claim('ed-release', 'sub_a', 'a@example.com', t0, LEASE)).toBeUndefined();
  });

  it('resets failed entries only', async () => {
    const ledger = createDynamoLedger(db, TEST_TABLES.ledger);
    await ledger.claim('ed-reset', 'sub_a', 'a@example.com', t0, LEASE);
    await ledger.markFailed('ed-reset', 'sub_a', 'MessageRejected', t0);
    await ledger.claim('ed-reset', 'sub_b', 'b@example.com', t0, LEASE);
    await ledger.markSent('ed-reset', 'sub_b', 'msg', t0);
    expect(await ledger.resetFailed('ed-reset', 'sub_a')).toBe(true);
    expect(await ledger.resetFailed('ed-reset', 'sub_b')).toBe(false);
    expect(await ledger.claim('ed-reset', 'sub_a', 'a@example.com', t0, LEASE)).toBeDefined();
  });

  it('refuses to settle an item that was never claimed', async () => {
    const ledger = createDynamoLedger(db, TEST_TABLES.ledger);
    await expect(ledger.markSent('ed-none', 'sub_x', 'msg', t0)).rejects.toThrow(/conditional/i);
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

  it('keeps the archive summary beside the record, and gives back the record as claimed', async () => {
    const editions = createDynamoEditionStore(db, TEST_TABLES.editions);
    const claimed = record('ed-summary');
    await editions.claim(claimed);
    const raw = await db.send(
      new GetCommand({ TableName: TEST_TABLES.editions, Key: { id: 'ed-summary' } }),
    );
    expect(raw.Item).toMatchObject({
      archive: 'edition',
      subject: 'Subject',
      preheader: 'Pre',
      date: at,
      scheduledAt: at,
    });
    expect(await editions.get('ed-summary')).toEqual(claimed);
  });

  it('indexes the summary only: the archive never reads the rendered edition', async () => {
    const editions = createDynamoEditionStore(db, TEST_TABLES.editions);
    await editions.claim(record('ed-projected'));
    await editions.claimStory('projected#1', 'ed-projected');
    const result = await db.send(
      new QueryCommand({
        TableName: TEST_TABLES.editions,
        IndexName: DATE_INDEX,
        KeyConditionExpression: '#archive = :edition',
        ExpressionAttributeNames: { '#archive': 'archive' },
        ExpressionAttributeValues: { ':edition': 'edition' },
      }),
    );
    const items = result.Items ?? [];
    expect(items.map((i) => i.id)).toContain('ed-projected');
    for (const item of items) {
      expect(Object.keys(item).sort()).toEqual(
        ['archive', 'date', 'id', 'preheader', 'scheduledAt', 'stories', 'subject'].sort(),
      );
    }
    const listed = (await editions.listArchive(100)).items.map((e) => e.id);
    expect(listed).toContain('ed-projected');
    expect(listed.some((id) => id.includes('#'))).toBe(false);
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
