import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createDocumentClient, dynamoClientConfig } from '../../lambda/adapters/dynamo-client.ts';
import {
  createDynamoSubscriberStore,
  statusShardOf,
} from '../../lambda/adapters/dynamo-subscriber-store.ts';
import type { SubscriberStore } from '../../lambda/subscribers/ports.ts';
import type { Subscriber, SubscriberStatus } from '../../lambda/subscribers/subscriber.ts';
import { subscriberIdFor } from '../../lambda/subscribers/subscriber-id.ts';
import { startTestDynamo, TEST_TABLES } from '../helpers/dynalite.ts';
import {
  type DynamoFault,
  type DynamoFaultProxy,
  startDynamoFaultProxy,
  writeOf,
} from '../helpers/dynamo-fault-proxy.ts';

/**
 * The store's conditional writes when the SDK retries them, below the SDK: a proxy in front
 * of dynalite applies a write and answers 500 (or times out), as DynamoDB may, and the SDK's
 * own retry then finds its condition failed by the write it made itself.
 */
let engine: Awaited<ReturnType<typeof startTestDynamo>>;
let proxy: DynamoFaultProxy;
/** Straight to the engine: the test's own reads. */
let direct: DynamoDBDocumentClient;
/** Through the proxy, with the SDK's retries (3 attempts), as in AWS. */
let viaProxy: DynamoDBDocumentClient;
let store: SubscriberStore;

function clientThrough(endpoint: string, requestTimeout?: number): DynamoDBDocumentClient {
  const client = new DynamoDBClient({
    ...dynamoClientConfig({ region: 'us-east-1', endpoint }),
    maxAttempts: 3,
    // Without throwOnRequestTimeout, the SDK only warns when an answer is late, and waits on.
    ...(requestTimeout === undefined
      ? {}
      : { requestHandler: { requestTimeout, throwOnRequestTimeout: true } }),
  });
  return DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });
}

beforeAll(async () => {
  engine = await startTestDynamo();
  proxy = await startDynamoFaultProxy(engine.endpoint);
  direct = createDocumentClient({ region: 'us-east-1', endpoint: engine.endpoint });
  viaProxy = clientThrough(proxy.endpoint);
  store = createDynamoSubscriberStore(viaProxy, TEST_TABLES.subscribers);
});
afterEach(() => proxy.reset());
afterAll(async () => {
  viaProxy.destroy();
  direct.destroy();
  await proxy.close();
  await engine.close();
});

const at = '2026-03-01T08:00:00.000Z';
const t = new Date(at);

function subscriber(
  email: string,
  status: SubscriberStatus = 'pending',
  extra: Partial<Subscriber> = {},
): Subscriber {
  return { id: subscriberIdFor(email), email, status, createdAt: at, updatedAt: at, ...extra };
}

/** The item as DynamoDB holds it, store attributes included. */
async function raw(email: string): Promise<Record<string, unknown> | undefined> {
  const result = await direct.send(
    new GetCommand({
      TableName: TEST_TABLES.subscribers,
      Key: { id: subscriberIdFor(email) },
      ConsistentRead: true,
    }),
  );
  return result.Item;
}

/** The operations the proxy saw for one subscriber, with the faults it applied. */
function seenFor(email: string): string[] {
  const id = subscriberIdFor(email);
  return proxy.requests
    .filter((r) => writeOf(r.operation, id)(r))
    .map((r) => (r.fault === undefined ? r.operation : `${r.operation}!${r.fault}`));
}

/** The first request of `operation` on this subscriber fails as `fault` (once). */
function failFirst(operation: string, email: string, fault: DynamoFault = 'apply-then-500') {
  proxy.reset();
  proxy.inject({ when: writeOf(operation, subscriberIdFor(email)), fault });
}

describe('a write the SDK retried after it was applied is reported as done', () => {
  it('add: true, the item as given, and the retry found the write its own', async () => {
    // Prepare
    const ada = subscriber('retry-add@example.com', 'confirmed', { name: 'Ada' });
    failFirst('PutItem', ada.email);
    // Act
    const added = await store.add(ada);
    // Assess
    expect(added).toBe(true);
    expect(seenFor(ada.email)).toEqual(['PutItem!apply-then-500', 'PutItem', 'GetItem']);
    expect(await store.get(ada.id)).toStrictEqual(ada);
    const item = await raw(ada.email);
    expect(item).toMatchObject({ statusShard: statusShardOf('confirmed', ada.id) });
    expect(item?.writeId).toEqual(expect.stringMatching(/^[0-9a-f-]{36}$/));
  });

  it('asks DynamoDB for the old image on a failed condition (dynalite sends none: it rereads)', async () => {
    // Prepare
    const email = 'retry-image@example.com';
    failFirst('PutItem', email);
    // Act
    await store.add(subscriber(email));
    // Assess
    const puts = proxy.requests.filter((r) => r.operation === 'PutItem');
    expect(puts.map((r) => r.body.ReturnValuesOnConditionCheckFailure)).toEqual([
      'ALL_OLD',
      'ALL_OLD',
    ]);
    expect(proxy.requests.find((r) => r.operation === 'GetItem')?.body).toMatchObject({
      ConsistentRead: true,
    });
  });

  it('addMany: every subscriber added, none reported as existing', async () => {
    // Prepare
    const batch = ['retry-many0', 'retry-many1', 'retry-many2'].map((name) =>
      subscriber(`${name}@example.com`, 'confirmed'),
    );
    failFirst('PutItem', 'retry-many1@example.com');
    // Act
    const result = await store.addMany(batch);
    // Assess
    expect(result).toEqual({ added: batch.map((s) => s.id), existing: [] });
    expect(seenFor('retry-many1@example.com')).toEqual([
      'PutItem!apply-then-500',
      'PutItem',
      'GetItem',
    ]);
    expect(await store.get(batch[1]?.id ?? '')).toStrictEqual({ ...batch[1], version: 1 });
  });

  it('replace, creating: true, at version 1', async () => {
    // Prepare
    const ada = subscriber('retry-create@example.com');
    failFirst('PutItem', ada.email);
    // Act
    const written = await store.replace(ada, undefined);
    // Assess
    expect(written).toBe(true);
    expect(await store.get(ada.id)).toStrictEqual({ ...ada, version: 1 });
  });

  it('replace, over the version read: true, the version bumped once', async () => {
    // Prepare
    const email = 'retry-replace@example.com';
    await store.replace(subscriber(email), undefined);
    const v1 = await store.get(subscriberIdFor(email));
    if (v1 === undefined) throw new Error('Expected the subscriber');
    failFirst('PutItem', email);
    // Act
    const written = await store.replace({ ...v1, status: 'confirmed', name: 'Mine' }, v1);
    // Assess
    expect(written).toBe(true);
    expect(await store.get(v1.id)).toStrictEqual({
      ...v1,
      status: 'confirmed',
      name: 'Mine',
      version: 2,
    });
    expect((await raw(email))?.statusShard).toBe(statusShardOf('confirmed', v1.id));
  });

  it('setStatus: true, the status and its shard set, the version bumped once', async () => {
    // Prepare
    const email = 'retry-status@example.com';
    await store.replace(subscriber(email, 'confirmed'), undefined);
    failFirst('UpdateItem', email);
    // Act
    const set = await store.setStatus(subscriberIdFor(email), 'bounced', 'hard-bounce', t, [
      'confirmed',
    ]);
    // Assess
    expect(set).toBe(true);
    expect(seenFor(email)).toEqual(['UpdateItem!apply-then-500', 'UpdateItem', 'GetItem']);
    expect(await raw(email)).toMatchObject({
      status: 'bounced',
      statusReason: 'hard-bounce',
      statusShard: statusShardOf('bounced', subscriberIdFor(email)),
      version: 2,
    });
  });

  it('setStatus to a status among its `from`: applied once, not twice', async () => {
    // Prepare: the retry's own condition would hold again; the write id refuses it.
    const email = 'retry-status-again@example.com';
    await store.replace(subscriber(email, 'confirmed'), undefined);
    failFirst('UpdateItem', email);
    // Act
    const set = await store.setStatus(subscriberIdFor(email), 'confirmed', 'editor', t, [
      'confirmed',
    ]);
    // Assess
    expect(set).toBe(true);
    expect((await raw(email))?.version).toBe(2);
  });

  it('setStatus for feedback: true, the event recorded once', async () => {
    // Prepare
    const email = 'retry-feedback@example.com';
    await store.replace(subscriber(email, 'confirmed', { confirmedAt: at }), undefined);
    failFirst('UpdateItem', email);
    // Act
    const set = await store.setStatus(
      subscriberIdFor(email),
      'complained',
      'complaint abuse',
      t,
      ['confirmed'],
      { eventKey: 'ses-7#complaint', messageSentAt: '2026-03-02T00:00:00.000Z' },
    );
    // Assess
    expect(set).toBe(true);
    const after = await store.get(subscriberIdFor(email));
    expect(after).toMatchObject({ status: 'complained', version: 2 });
    expect([...(after?.feedbackEvents ?? [])]).toEqual(['ses-7#complaint']);
  });

  it('countSoftBounce: recorded, and the version bumped once, not once per attempt', async () => {
    // Prepare
    const email = 'retry-soft@example.com';
    await store.replace(subscriber(email, 'confirmed'), undefined);
    failFirst('UpdateItem', email);
    // Act
    await store.countSoftBounce(subscriberIdFor(email), 'ses-3', t);
    // Assess
    const item = await raw(email);
    expect([...((item?.softBounceMessages as Set<string> | undefined) ?? [])]).toEqual(['ses-3']);
    expect(item).toMatchObject({ lastSoftBounceAt: at, version: 2 });
  });

  it('after a timeout (applied, never answered): true', async () => {
    // Prepare: a client that gives up on an answer after 300 ms, and retries.
    const impatient = clientThrough(proxy.endpoint, 300);
    const ada = subscriber('retry-timeout@example.com', 'confirmed');
    failFirst('PutItem', ada.email, 'apply-then-hang');
    // Act
    let added: boolean;
    try {
      added = await createDynamoSubscriberStore(impatient, TEST_TABLES.subscribers).add(ada);
    } finally {
      impatient.destroy();
    }
    // Assess
    expect(added).toBe(true);
    expect(seenFor(ada.email)).toEqual(['PutItem!apply-then-hang', 'PutItem', 'GetItem']);
    expect(await store.get(ada.id)).toStrictEqual(ada);
  });
});

describe('a write the SDK retried before it was applied', () => {
  it.each([
    ['a 500', '500'],
    ['a throttle', 'throttle'],
  ] as [string, DynamoFault][])(
    'after %s: applied by the retry, true, no reread',
    async (_case, fault) => {
      // Prepare
      const ada = subscriber(`retry-not-applied-${fault}@example.com`, 'confirmed');
      failFirst('PutItem', ada.email, fault);
      // Act
      const added = await store.add(ada);
      // Assess
      expect(added).toBe(true);
      expect(seenFor(ada.email)).toEqual([`PutItem!${fault}`, 'PutItem']);
      expect(await store.get(ada.id)).toStrictEqual(ada);
    },
  );

  it('after a hang (never forwarded): applied by the retry, true', async () => {
    // Prepare
    const impatient = clientThrough(proxy.endpoint, 300);
    const ada = subscriber('retry-hang@example.com', 'confirmed');
    failFirst('PutItem', ada.email, 'hang');
    // Act
    let added: boolean;
    try {
      added = await createDynamoSubscriberStore(impatient, TEST_TABLES.subscribers).add(ada);
    } finally {
      impatient.destroy();
    }
    // Assess
    expect(added).toBe(true);
    expect(seenFor(ada.email)).toEqual(['PutItem!hang', 'PutItem']);
  });
});

describe('a retried write that finds someone else’s write', () => {
  it('is still refused: add over an existing subscriber answers false, leaving it', async () => {
    // Prepare: the first attempt fails its condition at the engine; the proxy answers 500.
    const theirs = subscriber('retry-theirs@example.com', 'unsubscribed', { name: 'Theirs' });
    await store.add(theirs);
    failFirst('PutItem', theirs.email);
    // Act
    const added = await store.add({ ...theirs, status: 'confirmed', name: 'Mine' });
    // Assess
    expect(added).toBe(false);
    expect(await store.get(theirs.id)).toStrictEqual(theirs);
  });

  it('is still refused: a stale replace answers false', async () => {
    // Prepare
    const email = 'retry-stale@example.com';
    await store.replace(subscriber(email), undefined);
    const v1 = await store.get(subscriberIdFor(email));
    if (v1 === undefined) throw new Error('Expected the subscriber');
    await store.replace({ ...v1, name: 'Other writer' }, v1);
    failFirst('PutItem', email);
    // Act
    const written = await store.replace({ ...v1, name: 'Mine' }, v1);
    // Assess
    expect(written).toBe(false);
    expect((await store.get(v1.id))?.name).toBe('Other writer');
  });
});

describe('remove, retried after it was applied', () => {
  it('answers false (a deleted item cannot be told from one never there), and the item is gone', async () => {
    // Prepare
    const email = 'retry-remove@example.com';
    await store.add(subscriber(email, 'confirmed'));
    failFirst('DeleteItem', email);
    // Act
    const removed = await store.remove(subscriberIdFor(email));
    // Assess
    expect(removed).toBe(false);
    expect(seenFor(email)).toEqual(['DeleteItem!apply-then-500', 'DeleteItem']);
    expect(await raw(email)).toBeUndefined();
  });
});
