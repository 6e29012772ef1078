import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDocumentClient } from '../../lambda/adapters/dynamo-client.ts';
import { createDynamoEditionStore } from '../../lambda/adapters/dynamo-edition-store.ts';
import { createDynamoLedger } from '../../lambda/adapters/dynamo-ledger.ts';
import { createDynamoSubscriberStore } from '../../lambda/adapters/dynamo-subscriber-store.ts';
import { DATE_INDEX, ensureTables } from '../../lambda/adapters/dynamo-tables.ts';
import { LEDGER_SHARDS, ledgerPartition } from '../../lambda/delivery/ledger-keys.ts';
import type {
  ClaimOutcome,
  EditionRecord,
  Ledger,
  LedgerEntry,
} from '../../lambda/delivery/ports.ts';
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
  const t0 = new Date(at);
  const later = (ms: number) => new Date(t0.getTime() + ms);
  const claimIdOf = (claim: ClaimOutcome) => ('claimId' in claim ? claim.claimId : undefined);
  const listed = async (ledger: Ledger, edition: string) => {
    const entries: LedgerEntry[] = [];
    for await (const entry of ledger.list(edition)) entries.push(entry);
    return entries.sort((a, b) => a.subscriber.localeCompare(b.subscriber));
  };
  const sent = (edition: string, subscriber: string, claimId: string, messageId: string) => ({
    edition,
    subscriber,
    email: `${subscriber}@example.com`,
    claimId,
    sendingAt: at,
    messageId,
    sentAt: at,
  });

  it('lets exactly one claimer win, even when claims race; the others see its entry', async () => {
    const ledger = createDynamoLedger(db, TEST_TABLES.ledger);
    const claims = await Promise.all(
      Array.from({ length: 8 }, () => ledger.claim('ed-race', 'sub_1', 'a@example.com', t0)),
    );
    const won = claims.flatMap((c) => ('claimId' in c ? [c.claimId] : []));
    expect(won).toHaveLength(1);
    for (const claim of claims.filter((c) => 'existing' in c)) {
      expect(claim).toEqual({
        existing: expect.objectContaining({
          edition: 'ed-race',
          subscriber: 'sub_1',
          status: 'sending',
          claimId: won[0],
          sendingAt: at,
        }),
      });
    }
  });

  it('claims with the claim id it is given', async () => {
    const ledger = createDynamoLedger(db, TEST_TABLES.ledger);
    expect(await ledger.claim('ed-given', 'sub_a', 'a@example.com', t0, 'my-claim')).toEqual({
      claimId: 'my-claim',
    });
    expect(await ledger.get('ed-given', 'sub_a')).toMatchObject({ claimId: 'my-claim' });
  });

  it('records sent (batched), failed, unknown and skipped outcomes and lists them', async () => {
    const ledger = createDynamoLedger(db, TEST_TABLES.ledger);
    const a = claimIdOf(await ledger.claim('ed-list', 'sub_a', 'sub_a@example.com', t0)) ?? '';
    const b = claimIdOf(await ledger.claim('ed-list', 'sub_b', 'b@example.com', t0)) ?? '';
    const d = claimIdOf(await ledger.claim('ed-list', 'sub_d', 'd@example.com', t0)) ?? '';
    expect(await ledger.recordSent([sent('ed-list', 'sub_a', a, 'msg-1')])).toEqual([]);
    expect(await ledger.markFailed('ed-list', 'sub_b', b, 'MessageRejected: nope', t0)).toBe(true);
    expect(await ledger.markUnknown('ed-list', 'sub_d', d, 'InternalFailure: x', t0)).toBe(true);
    await ledger.markSkipped(
      'ed-list',
      'sub_c',
      'c@example.com',
      'not confirmed (unsubscribed)',
      t0,
    );
    // Never over an existing entry.
    await ledger.markSkipped('ed-list', 'sub_a', 'a@example.com', 'never over an entry', t0);
    const entries = await listed(ledger, 'ed-list');
    expect(entries.map((e) => [e.subscriber, e.status, e.messageId ?? e.error])).toEqual([
      ['sub_a', 'sent', 'msg-1'],
      ['sub_b', 'failed', 'MessageRejected: nope'],
      ['sub_c', 'skipped', 'not confirmed (unsubscribed)'],
      ['sub_d', 'unknown', 'InternalFailure: x'],
    ]);
    expect(entries.every((e) => e.edition === 'ed-list')).toBe(true);
    expect(entries[0]).toMatchObject({ claimId: a, sendingAt: at, sentAt: at });
    expect(entries[1]).toMatchObject({ claimId: b, settledAt: at });
  });

  it('never takes over a sending entry, however old: no lease', async () => {
    const ledger = createDynamoLedger(db, TEST_TABLES.ledger);
    const first = claimIdOf(await ledger.claim('ed-old', 'sub_a', 'a@example.com', t0));
    expect(first).toBeDefined();
    expect(await ledger.claim('ed-old', 'sub_a', 'a@example.com', later(100 * 86_400_000))).toEqual(
      { existing: expect.objectContaining({ status: 'sending', claimId: first }) },
    );
  });

  it('moves an entry on only for its own claim, and only from sending', async () => {
    const ledger = createDynamoLedger(db, TEST_TABLES.ledger);
    const mine = claimIdOf(await ledger.claim('ed-fence', 'sub_a', 'a@example.com', t0)) ?? '';
    expect(await ledger.markFailed('ed-fence', 'sub_a', 'someone-else', 'x', t0)).toBe(false);
    expect(await ledger.markUnknown('ed-fence', 'sub_a', 'someone-else', 'x', t0)).toBe(false);
    expect((await ledger.get('ed-fence', 'sub_a'))?.status).toBe('sending');
    expect(await ledger.markUnknown('ed-fence', 'sub_a', mine, 'TimeoutError', t0)).toBe(true);
    // Settled: not even its own claim moves it again.
    expect(await ledger.markFailed('ed-fence', 'sub_a', mine, 'x', t0)).toBe(false);
    expect(await ledger.get('ed-fence', 'sub_a')).toMatchObject({
      status: 'unknown',
      error: 'TimeoutError',
    });
    expect(await ledger.markFailed('ed-fence', 'sub_missing', mine, 'x', t0)).toBe(false);
  });

  it('releases only its own sending claim, and never a settled entry', async () => {
    const ledger = createDynamoLedger(db, TEST_TABLES.ledger);
    const mine = claimIdOf(await ledger.claim('ed-release', 'sub_a', 'a@example.com', t0)) ?? '';
    await ledger.release('ed-release', 'sub_a', 'someone-else');
    expect('existing' in (await ledger.claim('ed-release', 'sub_a', 'a@example.com', t0))).toBe(
      true,
    );
    await ledger.release('ed-release', 'sub_a', mine);
    expect(await ledger.get('ed-release', 'sub_a')).toBeUndefined();
    const again =
      claimIdOf(await ledger.claim('ed-release', 'sub_a', 'a@example.com', t0)) ?? 'lost';
    expect(again).not.toBe(mine);
    await ledger.recordSent([sent('ed-release', 'sub_a', again, 'msg-1')]);
    await ledger.release('ed-release', 'sub_a', again);
    expect((await ledger.get('ed-release', 'sub_a'))?.status).toBe('sent');
    // Releasing what is gone is no error.
    await expect(ledger.release('ed-release', 'sub_none', 'x')).resolves.toBeUndefined();
  });

  it('reclaims an entry for a retry only as it was read (status and claim id)', async () => {
    const ledger = createDynamoLedger(db, TEST_TABLES.ledger);
    const first = claimIdOf(await ledger.claim('ed-reclaim', 'sub_a', 'a@example.com', t0)) ?? '';
    await ledger.markFailed('ed-reclaim', 'sub_a', first, 'MessageRejected', t0);
    const failed = await ledger.get('ed-reclaim', 'sub_a');
    if (failed === undefined) throw new Error('fixture missing');
    const retry = await ledger.reclaim(failed, later(1_000));
    expect(retry).toEqual(expect.any(String));
    const taken = await ledger.get('ed-reclaim', 'sub_a');
    expect(taken).toMatchObject({
      status: 'sending',
      claimId: retry,
      sendingAt: later(1_000).toISOString(),
    });
    expect(taken?.error).toBeUndefined();
    expect(taken?.settledAt).toBeUndefined();
    // The same stale read takes nothing; the old claim moves nothing.
    expect(await ledger.reclaim(failed, later(2_000))).toBeUndefined();
    expect(await ledger.markFailed('ed-reclaim', 'sub_a', first, 'late', t0)).toBe(false);
    expect(await ledger.markFailed('ed-reclaim', 'sub_a', retry ?? '', 'again', t0)).toBe(true);
    // Failed again, under the retry's claim: the first read (failed, first claim) is stale.
    expect(await ledger.reclaim(failed, later(3_000))).toBeUndefined();
    // An entry read as failed that another retry has sent meanwhile is not taken.
    const refailed = await ledger.get('ed-reclaim', 'sub_a');
    if (refailed === undefined) throw new Error('fixture missing');
    const other = (await ledger.reclaim(refailed, t0)) ?? '';
    await ledger.recordSent([sent('ed-reclaim', 'sub_a', other, 'msg-2')]);
    expect(await ledger.reclaim(refailed, t0)).toBeUndefined();
    expect(await ledger.get('ed-reclaim', 'sub_a')).toMatchObject({
      status: 'sent',
      messageId: 'msg-2',
    });
  });

  it('records up to 25 sends in one write, and refuses more', async () => {
    const ledger = createDynamoLedger(db, TEST_TABLES.ledger);
    const records = Array.from({ length: 25 }, (_, i) =>
      sent('ed-batch', `sub_${String(i).padStart(2, '0')}`, `c${i}`, `m${i}`),
    );
    expect(await ledger.recordSent(records)).toEqual([]);
    expect(await ledger.recordSent([])).toEqual([]);
    const entries = await listed(ledger, 'ed-batch');
    expect(entries.map((e) => [e.subscriber, e.status, e.messageId])).toEqual(
      records.map((r) => [r.subscriber, 'sent', r.messageId]),
    );
    await expect(
      ledger.recordSent([...records, sent('ed-batch', 'sub_25', 'c', 'm')]),
    ).rejects.toThrow(RangeError);
  });

  it("settles sending or unknown as sent on SES's event, never a settled entry", async () => {
    const ledger = createDynamoLedger(db, TEST_TABLES.ledger);
    await ledger.claim('ed-settle', 'sub_a', 'a@example.com', t0);
    const b = claimIdOf(await ledger.claim('ed-settle', 'sub_b', 'b@example.com', t0)) ?? '';
    await ledger.markUnknown('ed-settle', 'sub_b', b, 'TimeoutError', t0);
    const c = claimIdOf(await ledger.claim('ed-settle', 'sub_c', 'c@example.com', t0)) ?? '';
    await ledger.markFailed('ed-settle', 'sub_c', c, 'MessageRejected', t0);
    expect(await ledger.settleSent('ed-settle', 'sub_a', 'msg-a', later(5))).toBe(true);
    expect(await ledger.settleSent('ed-settle', 'sub_b', 'msg-b', later(5))).toBe(true);
    expect(await ledger.settleSent('ed-settle', 'sub_a', 'msg-a', later(6))).toBe(false);
    expect(await ledger.settleSent('ed-settle', 'sub_c', 'msg-c', later(5))).toBe(false);
    expect(await ledger.settleSent('ed-settle', 'sub_none', 'msg', later(5))).toBe(false);
    expect(await ledger.get('ed-settle', 'sub_none')).toBeUndefined();
    const entries = await listed(ledger, 'ed-settle');
    expect(entries.map((e) => [e.subscriber, e.status, e.messageId])).toEqual([
      ['sub_a', 'sent', 'msg-a'],
      ['sub_b', 'sent', 'msg-b'],
      ['sub_c', 'failed', undefined],
    ]);
    expect(entries[0]?.sentAt).toBe(later(5).toISOString());
  });

  it('keeps an edition under sharded keys, and reads many across them', async () => {
    const ledger = createDynamoLedger(db, TEST_TABLES.ledger);
    const subscribers = Array.from({ length: 130 }, (_, i) => `sub_shard_${i}`);
    for (const subscriber of subscribers) {
      await ledger.markSkipped('ed-shards', subscriber, `${subscriber}@example.com`, 'x', t0);
    }
    const found = await ledger.getMany('ed-shards', [...subscribers, 'sub_unknown', 'sub_shard_0']);
    expect(found.size).toBe(130);
    expect(found.get('sub_shard_7')).toMatchObject({ edition: 'ed-shards', status: 'skipped' });
    expect(found.has('sub_unknown')).toBe(false);
    const raw = await db.send(
      new GetCommand({
        TableName: TEST_TABLES.ledger,
        Key: { edition: ledgerPartition('ed-shards', 'sub_shard_7'), subscriber: 'sub_shard_7' },
      }),
    );
    expect(raw.Item).toMatchObject({ editionId: 'ed-shards', status: 'skipped' });
    const partitions = new Set(subscribers.map((s) => ledgerPartition('ed-shards', s)));
    expect(partitions.size).toBe(LEDGER_SHARDS);
    expect(await listed(ledger, 'ed-shards')).toHaveLength(130);
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
      { recipients: 2, sent: 2, skipped: 0, failed: 0, unknown: 0, deferred: 0 },
      new Date(at),
    );
    expect(await editions.get('ed-2')).toMatchObject({
      status: 'sent',
      counts: { sent: 2 },
      completedAt: at,
    });
  });
});
