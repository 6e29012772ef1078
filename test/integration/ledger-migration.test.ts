import { PutCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDocumentClient } from '../../lambda/adapters/dynamo-client.ts';
import { createDynamoLedger, migrateUnshardedLedger } from '../../lambda/adapters/dynamo-ledger.ts';
import { ledgerPartition } from '../../lambda/delivery/ledger-keys.ts';
import { startTestDynamo, TEST_TABLES } from '../helpers/dynalite.ts';

/** Entries an older version wrote, under the bare edition id, moved under the sharded key. */
let dynamo: Awaited<ReturnType<typeof startTestDynamo>>;
let db: ReturnType<typeof createDocumentClient>;

beforeAll(async () => {
  dynamo = await startTestDynamo();
  db = createDocumentClient({ region: 'us-east-1', endpoint: dynamo.endpoint });
});
afterAll(async () => {
  db.destroy();
  await dynamo.close();
});

const old = (subscriber: string, status: string, extra: Record<string, string> = {}) => ({
  edition: '2021-03-18-old',
  subscriber,
  email: `${subscriber}@example.com`,
  status,
  claimedAt: '2021-03-18T06:00:00.000Z',
  ...extra,
});

describe('migrateUnshardedLedger', () => {
  it('moves every old entry under its shard, keeps what it said, and is safe to run again', async () => {
    const items = [
      old('sub_a', 'sent', { messageId: 'm-a', sentAt: '2021-03-18T06:00:01.000Z' }),
      old('sub_b', 'failed', { error: 'MessageRejected: no' }),
      old('sub_c', 'claimed', { claimId: 'c-1', leaseUntil: '2021-03-18T06:15:00.000Z' }),
      old('sub_d', 'skipped', { error: 'not confirmed (unsubscribed)' }),
    ];
    for (const Item of items)
      await db.send(new PutCommand({ TableName: TEST_TABLES.ledger, Item }));
    const ledger = createDynamoLedger(db, TEST_TABLES.ledger);
    expect([...(await ledger.getMany('2021-03-18-old', ['sub_a']))]).toEqual([]);

    expect(await migrateUnshardedLedger(db, TEST_TABLES.ledger)).toBe(4);
    expect(await migrateUnshardedLedger(db, TEST_TABLES.ledger)).toBe(0);

    const listed = [];
    for await (const entry of ledger.list('2021-03-18-old')) listed.push(entry);
    const by = new Map(listed.map((entry) => [entry.subscriber, entry]));
    expect(listed).toHaveLength(4);
    expect(by.get('sub_a')).toMatchObject({ status: 'sent', messageId: 'm-a' });
    expect(by.get('sub_b')).toMatchObject({ status: 'failed', error: 'MessageRejected: no' });
    // An old claim was handed over or not: unresolved, like a `sending` entry.
    expect(by.get('sub_c')).toMatchObject({ status: 'sending', claimId: 'c-1' });
    expect(by.get('sub_c')).not.toHaveProperty('leaseUntil');
    expect(by.get('sub_d')?.status).toBe('skipped');
    for (const entry of listed) expect(entry.edition).toBe('2021-03-18-old');

    const raw = await db.send(new ScanCommand({ TableName: TEST_TABLES.ledger }));
    const keys = (raw.Items ?? []).map((item) => item.edition);
    expect(keys.sort()).toEqual(
      ['sub_a', 'sub_b', 'sub_c', 'sub_d'].map((s) => ledgerPartition('2021-03-18-old', s)).sort(),
    );
  });
});
