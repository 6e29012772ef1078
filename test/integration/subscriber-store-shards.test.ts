import type { AddressInfo } from 'node:net';
import { CreateTableCommand, DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import dynalite from 'dynalite';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { encodeCursor } from '../../lambda/adapters/cursor.ts';
import { createDocumentClient } from '../../lambda/adapters/dynamo-client.ts';
import {
  backfillStatusShards,
  createDynamoSubscriberStore,
  STATUS_SHARDS,
  statusShardOf,
  UnmigratedStoreError,
} from '../../lambda/adapters/dynamo-subscriber-store.ts';
import {
  ensureTables,
  STATUS_INDEX,
  STATUS_SHARD_INDEX,
  type TableNames,
  tableDefinitions,
} from '../../lambda/adapters/dynamo-tables.ts';
import type { SubscriberStore } from '../../lambda/subscribers/ports.ts';
import type { Subscriber, SubscriberStatus } from '../../lambda/subscribers/subscriber.ts';
import { subscriberIdFor } from '../../lambda/subscribers/subscriber-id.ts';

/** The subscribers table's status index, spread over shards, and the paging through it. */
const region = 'us-east-1';
const TABLES: TableNames = {
  subscribers: 'shards-subscribers',
  ledger: 'shards-ledger',
  editions: 'shards-editions',
};
let server: ReturnType<typeof dynalite>;
let endpoint: string;
let db: ReturnType<typeof createDocumentClient>;

/** A fresh dynalite, with no tables: each describe makes the ones it needs. */
beforeAll(async () => {
  server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  db = createDocumentClient({ region, endpoint });
});
afterAll(async () => {
  db.destroy();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const at = '2026-03-01T08:00:00.000Z';
const t = new Date(at);

function subscriber(
  email: string,
  status: SubscriberStatus,
  extra: Partial<Subscriber> = {},
): Subscriber {
  return { id: subscriberIdFor(email), email, status, createdAt: at, updatedAt: at, ...extra };
}

const emails = (n: number, prefix: string) =>
  Array.from({ length: n }, (_, i) => `${prefix}${i}@shards.example.com`);

/** Every page of a status, with the limit given. */
async function pagesOf(store: SubscriberStore, status: SubscriberStatus, limit: number) {
  const pages: { items: Subscriber[]; cursor?: string }[] = [];
  let cursor: string | undefined;
  do {
    const page = await store.pageByStatus(status, limit, cursor);
    pages.push(page);
    cursor = page.cursor;
  } while (cursor !== undefined);
  return pages;
}

describe('statusShardOf', () => {
  it('is `<status>#<two hex digits>`, the first byte of SHA-256 of the id modulo 16', () => {
    // sha256("sub_a") begins with 0x4b: 75 % 16 = 11.
    expect(statusShardOf('confirmed', 'sub_a')).toBe('confirmed#0b');
    expect(STATUS_SHARDS).toBe(16);
    const shards = new Set(
      emails(200, 'spread').map((e) => statusShardOf('pending', subscriberIdFor(e))),
    );
    expect([...shards].sort()).toEqual(
      Array.from({ length: 16 }, (_, i) => `pending#${i.toString(16).padStart(2, '0')}`),
    );
  });
});

describe('pageByStatus over the sharded index', () => {
  let store: SubscriberStore;
  const confirmed = new Set<string>();

  beforeAll(async () => {
    await ensureTables({ region, endpoint }, TABLES);
    store = createDynamoSubscriberStore(db, TABLES.subscribers);
    // 140 subscribers, written by every kind of write, in every status.
    const imported = emails(80, 'imported').map((e) => subscriber(e, 'confirmed'));
    await store.addMany(imported);
    for (const e of emails(25, 'added')) await store.add(subscriber(e, 'confirmed'));
    for (const e of emails(15, 'pending')) await store.add(subscriber(e, 'pending'));
    for (const e of emails(10, 'left'))
      await store.replace(subscriber(e, 'unsubscribed'), undefined);
    // Confirmed later (replace), and confirmed ones who bounced or complained (setStatus).
    for (const e of emails(10, 'late')) {
      await store.replace(subscriber(e, 'pending'), undefined);
      const read = await store.get(subscriberIdFor(e));
      if (read === undefined) throw new Error('Expected the subscriber');
      await store.replace({ ...read, status: 'confirmed', confirmedAt: at }, read);
    }
    for (const [i, s] of imported.slice(0, 12).entries()) {
      const to = i % 2 === 0 ? 'bounced' : 'complained';
      await store.setStatus(s.id, to, 'feedback', t, ['confirmed']);
    }
    for (const s of imported.slice(12)) confirmed.add(s.email);
    for (const e of [...emails(25, 'added'), ...emails(10, 'late')]) confirmed.add(e);
  });

  it('returns each confirmed subscriber exactly once, and no one else, with a small limit', async () => {
    // Act
    const pages = await pagesOf(store, 'confirmed', 7);
    // Assess
    const seen = pages.flatMap((p) => p.items.map((s) => s.email));
    expect(confirmed.size).toBe(103);
    expect(seen).toHaveLength(confirmed.size);
    expect(new Set(seen)).toEqual(confirmed);
    expect(pages.every((p) => p.items.length <= 7)).toBe(true);
    expect(pages.flatMap((p) => p.items).every((s) => s.status === 'confirmed')).toBe(true);
    // Only the last page has no cursor.
    expect(pages.slice(0, -1).every((p) => p.cursor !== undefined)).toBe(true);
    expect(pages.at(-1)?.cursor).toBeUndefined();
  });

  it('returns subscribers without the store’s own attributes', async () => {
    // Act
    const { items } = await store.pageByStatus('confirmed', 5);
    // Assess
    expect(items).toHaveLength(5);
    for (const item of items) {
      expect(item).not.toHaveProperty('writeId');
      expect(item).not.toHaveProperty('statusShard');
    }
  });

  it.each([
    ['bounced', 6],
    ['complained', 6],
    ['pending', 15],
    ['unsubscribed', 10],
  ] as [SubscriberStatus, number][])('pages the %s ones too (%i)', async (status, count) => {
    // Act
    const pages = await pagesOf(store, status, 4);
    // Assess
    const seen = pages.flatMap((p) => p.items);
    expect(seen).toHaveLength(count);
    expect(new Set(seen.map((s) => s.id)).size).toBe(count);
    expect(seen.every((s) => s.status === status)).toBe(true);
  });

  it('queries the sharded index, shard by shard in order, never a scan', async () => {
    // Prepare
    const send = db.send.bind(db);
    const commands: unknown[] = [];
    const spy = vi.spyOn(db, 'send').mockImplementation(async (command: unknown) => {
      commands.push(command);
      return send(command as never);
    });
    // Act
    try {
      await pagesOf(store, 'confirmed', 1000);
    } finally {
      spy.mockRestore();
    }
    // Assess: one page, one query a shard.
    expect(commands).toHaveLength(STATUS_SHARDS);
    const shards = commands.map((command) => {
      expect(command).toBeInstanceOf(QueryCommand);
      const { input } = command as QueryCommand;
      expect(input.IndexName).toBe(STATUS_SHARD_INDEX);
      return input.ExpressionAttributeValues?.[':shard'];
    });
    expect(shards).toEqual(
      Array.from({ length: 16 }, (_, i) => `confirmed#${i.toString(16).padStart(2, '0')}`),
    );
  });

  it('fills a page from the next shards when one runs out', async () => {
    // Act: 103 confirmed over 16 shards: no shard holds 50.
    const first = await store.pageByStatus('confirmed', 50);
    // Assess
    expect(first.items).toHaveLength(50);
    expect(first.cursor).toBeDefined();
  });

  it('starts over on a cursor of the former, unsharded index (a page in flight at the deploy)', async () => {
    // Prepare
    const legacy = encodeCursor({
      id: subscriberIdFor('imported40@shards.example.com'),
      status: 'confirmed',
    });
    // Act
    const page = await store.pageByStatus('confirmed', 1000, legacy);
    // Assess
    expect(page.items).toHaveLength(confirmed.size);
    expect(page.cursor).toBeUndefined();
  });

  it.each([
    ['not a cursor at all', 'bm90IGpzb24'],
    ['a shard past the last', encodeCursor({ shard: 16 })],
    ['a fractional shard', encodeCursor({ shard: 1.5 })],
    ['a key that is not an object', encodeCursor({ shard: 2, key: 'k' })],
  ])('rejects %s', async (_case, cursor) => {
    await expect(store.pageByStatus('confirmed', 10, cursor)).rejects.toThrow(/cursor/);
  });

  it('rejects a limit that is not a positive integer', async () => {
    await expect(store.pageByStatus('confirmed', 0)).rejects.toThrow(RangeError);
  });
});

describe('backfillStatusShards', () => {
  const names: TableNames = {
    subscribers: 'backfill-subscribers',
    ledger: 'backfill-ledger',
    editions: 'backfill-editions',
  };
  const client = () =>
    new DynamoDBClient({
      region,
      endpoint,
      credentials: { accessKeyId: 'l', secretAccessKey: 'l' },
    });
  const indexesOf = async (table: string) => {
    const c = client();
    try {
      const { Table } = await c.send(new DescribeTableCommand({ TableName: table }));
      return (Table?.GlobalSecondaryIndexes ?? []).map((i) => i.IndexName).sort();
    } finally {
      c.destroy();
    }
  };
  const rawItem = async (email: string) =>
    (
      await db.send(
        new GetCommand({
          TableName: names.subscribers,
          Key: { id: subscriberIdFor(email) },
          ConsistentRead: true,
        }),
      )
    ).Item;

  it('fills statusShard for items written before it, once the rebuild added the index', async () => {
    // Prepare: the subscribers table as it was (byStatus only), with items of that time.
    const [current] = tableDefinitions(names);
    if (current === undefined) throw new Error('Expected the subscribers definition');
    const c = client();
    try {
      await c.send(
        new CreateTableCommand({
          ...current,
          AttributeDefinitions: current.AttributeDefinitions?.filter(
            (a) => a.AttributeName !== 'statusShard',
          ),
          GlobalSecondaryIndexes: current.GlobalSecondaryIndexes?.filter(
            (i) => i.IndexName === STATUS_INDEX,
          ),
        }),
      );
    } finally {
      c.destroy();
    }
    const old = [
      ...emails(30, 'old-confirmed').map((e) => subscriber(e, 'confirmed', { version: 2 })),
      ...emails(8, 'old-pending').map((e) => subscriber(e, 'pending')),
    ];
    for (const item of old) {
      await db.send(new PutCommand({ TableName: names.subscribers, Item: item }));
    }
    // Act
    const rebuilt = await ensureTables({ region, endpoint }, names);
    const store = createDynamoSubscriberStore(db, names.subscribers);
    // Before the backfill compose would find nobody: refused, not an empty edition.
    const before = await pagesOf(store, 'confirmed', 10).catch((error: unknown) => error);
    const filled = await backfillStatusShards(db, names.subscribers);
    const after = await pagesOf(store, 'confirmed', 10);
    const again = await backfillStatusShards(db, names.subscribers);
    // Assess
    expect(rebuilt).toContain(names.subscribers);
    expect(await indexesOf(names.subscribers)).toEqual([STATUS_INDEX, STATUS_SHARD_INDEX]);
    // The rebuild alone does not fill it, and paging says so instead of finding nobody.
    expect(before).toBeInstanceOf(UnmigratedStoreError);
    expect(String(before)).toMatch(/npx braid migrate/);
    expect(filled).toBe(old.length);
    expect(again).toBe(0);
    const seen = after.flatMap((p) => p.items.map((s) => s.email));
    expect(new Set(seen)).toEqual(new Set(emails(30, 'old-confirmed')));
    expect(seen).toHaveLength(30);
    // The subscriber is unchanged: same version, nothing else touched.
    expect(await store.get(subscriberIdFor('old-confirmed3@shards.example.com'))).toStrictEqual(
      old[3],
    );
    expect((await rawItem('old-pending0@shards.example.com'))?.statusShard).toBe(
      statusShardOf('pending', subscriberIdFor('old-pending0@shards.example.com')),
    );
  });

  it('repairs a shard left behind by a writer that changed the status without it', async () => {
    // Prepare: an older writer moves a confirmed subscriber to bounced, statusShard untouched.
    const store = createDynamoSubscriberStore(db, names.subscribers);
    const email = 'old-writer@shards.example.com';
    await store.add(subscriber(email, 'confirmed'));
    await db.send(
      new UpdateCommand({
        TableName: names.subscribers,
        Key: { id: subscriberIdFor(email) },
        UpdateExpression: 'SET #status = :bounced',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':bounced': 'bounced' },
      }),
    );
    const confirmedBefore = (await pagesOf(store, 'confirmed', 100)).flatMap((p) => p.items);
    // Act
    const fixed = await backfillStatusShards(db, names.subscribers);
    // Assess: paging never returned them as confirmed (the status is checked too), and now
    // they are under their own status.
    expect(confirmedBefore.map((s) => s.email)).not.toContain(email);
    expect(fixed).toBe(1);
    const bounced = (await pagesOf(store, 'bounced', 100)).flatMap((p) => p.items);
    expect(bounced.map((s) => s.email)).toEqual([email]);
  });
});
