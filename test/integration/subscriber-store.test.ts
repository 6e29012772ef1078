import { BatchWriteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createDocumentClient } from '../../lambda/adapters/dynamo-client.ts';
import { createDynamoSubscriberStore } from '../../lambda/adapters/dynamo-subscriber-store.ts';
import type { SubscriberStore } from '../../lambda/subscribers/ports.ts';
import type { Subscriber, SubscriberStatus } from '../../lambda/subscribers/subscriber.ts';
import { subscriberIdFor } from '../../lambda/subscribers/subscriber-id.ts';
import { startTestDynamo, TEST_TABLES } from '../helpers/dynalite.ts';
import { createMemorySubscriberStore } from '../helpers/memory-subscribers.ts';

let engine: Awaited<ReturnType<typeof startTestDynamo>>;
let db: ReturnType<typeof createDocumentClient>;
let dynamo: SubscriberStore;

beforeAll(async () => {
  engine = await startTestDynamo();
  db = createDocumentClient({ region: 'us-east-1', endpoint: engine.endpoint });
  dynamo = createDynamoSubscriberStore(db, TEST_TABLES.subscribers);
});
afterAll(async () => {
  db.destroy();
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

/**
 * The same cases against the DynamoDB adapter and the in-memory store the unit tests use:
 * the memory store is only worth something while it keeps the adapter's conditions.
 */
const memory = createMemorySubscriberStore();
describe.each([
  ['the DynamoDB adapter (dynalite)', () => dynamo],
  ['the in-memory test store', () => memory],
])('%s', (_kind, storeOf) => {
  let store: SubscriberStore;
  beforeAll(() => {
    store = storeOf();
  });

  /** The store's answer, read fresh. */
  async function read(email: string): Promise<Subscriber | undefined> {
    return store.get(subscriberIdFor(email));
  }

  describe('replace', () => {
    it('creates only when there is none yet, at version 1', async () => {
      // Prepare
      const ada = subscriber('replace-new@example.com');
      // Act
      const first = await store.replace(ada, undefined);
      const second = await store.replace({ ...ada, name: 'Second' }, undefined);
      // Assess
      expect([first, second]).toEqual([true, false]);
      expect(await read('replace-new@example.com')).toStrictEqual({ ...ada, version: 1 });
    });

    it('writes over the version it read, bumping it, and refuses a stale one', async () => {
      // Prepare
      await store.replace(subscriber('replace-stale@example.com'), undefined);
      const v1 = await read('replace-stale@example.com');
      if (v1 === undefined) throw new Error('Expected the subscriber');
      // Act
      const fresh = await store.replace({ ...v1, name: 'Fresh' }, v1);
      const stale = await store.replace({ ...v1, name: 'Stale' }, v1);
      // Assess
      expect([fresh, stale]).toEqual([true, false]);
      expect(await read('replace-stale@example.com')).toMatchObject({ name: 'Fresh', version: 2 });
    });

    it('refuses a write based on an older read even when the caller changed the version', async () => {
      // Prepare
      await store.replace(subscriber('replace-own@example.com'), undefined);
      const v1 = await read('replace-own@example.com');
      if (v1 === undefined) throw new Error('Expected the subscriber');
      await store.replace({ ...v1, name: 'Other writer' }, v1);
      // Act: the version in `next` is ignored, the one in `previous` counts.
      const written = await store.replace({ ...v1, version: 2, name: 'Mine' }, v1);
      // Assess
      expect(written).toBe(false);
      expect((await read('replace-own@example.com'))?.name).toBe('Other writer');
    });

    it('writes over an item that has no version yet (added before versions), once', async () => {
      // Prepare
      const legacy = subscriber('replace-legacy@example.com', 'confirmed');
      await store.add(legacy);
      const before = await read('replace-legacy@example.com');
      if (before === undefined) throw new Error('Expected the subscriber');
      // Act
      const first = await store.replace({ ...before, name: 'Versioned' }, before);
      const again = await store.replace({ ...before, name: 'Again' }, before);
      // Assess
      expect(before).not.toHaveProperty('version');
      expect([first, again]).toEqual([true, false]);
      expect(await read('replace-legacy@example.com')).toMatchObject({
        name: 'Versioned',
        version: 1,
      });
    });

    it('refuses to write over a missing item as if it were there', async () => {
      // Prepare
      const ghost = { ...subscriber('replace-ghost@example.com'), version: 4 };
      // Act
      const written = await store.replace(ghost, ghost);
      // Assess
      expect(written).toBe(false);
      expect(await read('replace-ghost@example.com')).toBeUndefined();
    });
  });

  describe('setStatus moves only from the statuses given', () => {
    it.each([
      ['a status not among them', ['pending', 'confirmed', 'unsubscribed']],
      ['none at all', []],
    ] as [string, SubscriberStatus[]][])(
      'refuses when the subscriber is in %s, changing nothing',
      async (_case, from) => {
        // Prepare
        const email = `status-from-${from.length}@example.com`;
        await store.replace(
          subscriber(email, 'complained', { statusReason: 'complaint abuse' }),
          undefined,
        );
        const before = await read(email);
        // Act
        const set = await store.setStatus(
          subscriberIdFor(email),
          'bounced',
          'hard-bounce',
          t,
          from,
        );
        // Assess
        expect(set).toBe(false);
        expect(await read(email)).toStrictEqual(before);
      },
    );

    it('moves when the subscriber is in one of them', async () => {
      // Prepare
      await store.replace(subscriber('status-from-ok@example.com', 'unsubscribed'), undefined);
      // Act
      const set = await store.setStatus(
        subscriberIdFor('status-from-ok@example.com'),
        'complained',
        'complaint abuse',
        t,
        ['pending', 'confirmed', 'unsubscribed', 'bounced'],
      );
      // Assess
      expect(set).toBe(true);
      expect(await read('status-from-ok@example.com')).toMatchObject({
        status: 'complained',
        statusReason: 'complaint abuse',
      });
    });
  });

  describe('setStatus and countSoftBounce bump the version', () => {
    it('so a replace based on a read from before setStatus is refused', async () => {
      // Prepare
      await store.replace(subscriber('status-race@example.com', 'confirmed'), undefined);
      const before = await read('status-race@example.com');
      if (before === undefined) throw new Error('Expected the subscriber');
      // Act
      const set = await store.setStatus(before.id, 'bounced', 'hard-bounce Permanent/General', t, [
        'confirmed',
      ]);
      const written = await store.replace({ ...before, status: 'unsubscribed' }, before);
      // Assess
      expect([set, written]).toEqual([true, false]);
      expect(await read('status-race@example.com')).toMatchObject({
        status: 'bounced',
        statusReason: 'hard-bounce Permanent/General',
        updatedAt: at,
        version: 2,
      });
    });

    it('so a replace based on a read from before a soft bounce is refused', async () => {
      // Prepare
      await store.replace(subscriber('soft-race@example.com', 'confirmed'), undefined);
      const before = await read('soft-race@example.com');
      if (before === undefined) throw new Error('Expected the subscriber');
      // Act
      await store.countSoftBounce(before.id, 'ses-1', t);
      await store.countSoftBounce(before.id, 'ses-1', t);
      const written = await store.replace({ ...before, status: 'unsubscribed' }, before);
      // Assess
      expect(written).toBe(false);
      const after = await read('soft-race@example.com');
      expect(after?.status).toBe('confirmed');
      expect([...(after?.softBounceMessages ?? [])]).toEqual(['ses-1']);
      expect(after?.version).toBe(3);
    });

    it('and setStatus answers false for a subscriber that is not there, creating nothing', async () => {
      // Act
      const set = await store.setStatus(subscriberIdFor('nobody@example.com'), 'bounced', 'x', t, [
        'confirmed',
      ]);
      // Assess
      expect(set).toBe(false);
      expect(await read('nobody@example.com')).toBeUndefined();
    });
  });

  describe('addMany', () => {
    it('writes 60 new subscribers in batches of 25, at version 1', async () => {
      // Prepare
      const batch = Array.from({ length: 60 }, (_, i) => subscriber(`import${i}@example.com`));
      // Act
      const result = await store.addMany(batch);
      // Assess
      expect(result.existing).toEqual([]);
      expect(result.added).toEqual(batch.map((s) => s.id));
      const found = await store.getMany(batch.map((s) => s.id));
      expect(found.size).toBe(60);
      expect(found.get(subscriberIdFor('import59@example.com'))).toStrictEqual({
        ...batch[59],
        version: 1,
      });
    });

    it('leaves every subscriber already there as it was, and says which', async () => {
      // Prepare
      const mine = subscriber('mine0@example.com', 'unsubscribed', { name: 'Own choice' });
      await store.add(mine);
      const batch = Array.from({ length: 30 }, (_, i) =>
        subscriber(`mine${i}@example.com`, 'confirmed', { name: 'Imported' }),
      );
      // Act
      const result = await store.addMany(batch);
      // Assess
      expect(result.existing).toEqual([mine.id]);
      expect(result.added).toHaveLength(29);
      expect(result.added).not.toContain(mine.id);
      expect(await read('mine0@example.com')).toStrictEqual(mine);
      expect((await read('mine1@example.com'))?.name).toBe('Imported');
    });

    it('leaves each subscriber already there exactly as it was, version included, among new ones', async () => {
      // Prepare: items at several versions, and one without (added before versions).
      await store.add(subscriber('mix0@example.com', 'confirmed', { name: 'Added' }));
      await store.replace(subscriber('mix1@example.com', 'pending'), undefined);
      const v1 = await read('mix1@example.com');
      if (v1 === undefined) throw new Error('Expected the subscriber');
      await store.replace({ ...v1, status: 'unsubscribed', name: 'Left' }, v1);
      await store.replace(subscriber('mix2@example.com', 'confirmed'), undefined);
      await store.setStatus(subscriberIdFor('mix2@example.com'), 'bounced', 'hard-bounce', t, [
        'confirmed',
      ]);
      await store.countSoftBounce(subscriberIdFor('mix2@example.com'), 'ses-9', t);
      const existing = ['mix0@example.com', 'mix1@example.com', 'mix2@example.com'].map((email) =>
        subscriberIdFor(email),
      );
      const before = await store.getMany(existing);
      const batch = Array.from({ length: 6 }, (_, i) =>
        subscriber(`mix${i}@example.com`, 'confirmed', {
          name: 'Imported',
          updatedAt: '2026-05-01T00:00:00.000Z',
        }),
      );
      // Act
      const result = await store.addMany(batch);
      // Assess
      expect(existing.map((id) => before.get(id)?.version)).toEqual([undefined, 2, 3]);
      expect([...result.existing].sort()).toEqual([...existing].sort());
      expect([...result.added].sort()).toEqual(
        batch
          .slice(3)
          .map((s) => s.id)
          .sort(),
      );
      expect(await store.getMany(existing)).toStrictEqual(before);
      expect(await read('mix3@example.com')).toStrictEqual({ ...batch[3], version: 1 });
    });

    it('writes an id given twice once', async () => {
      // Prepare
      const twice = [
        subscriber('twice@example.com', 'confirmed', { name: 'First' }),
        subscriber('twice@example.com', 'confirmed', { name: 'Second' }),
      ];
      // Act
      const result = await store.addMany(twice);
      // Assess
      expect(result).toEqual({ added: [subscriberIdFor('twice@example.com')], existing: [] });
      expect((await read('twice@example.com'))?.version).toBe(1);
    });

    it('does nothing for an empty list', async () => {
      expect(await store.addMany([])).toEqual({ added: [], existing: [] });
    });
  });

  describe('remove', () => {
    it('deletes a subscriber once, then answers false', async () => {
      // Prepare
      await store.add(subscriber('erase-me@example.com', 'confirmed'));
      // Act
      const first = await store.remove(subscriberIdFor('erase-me@example.com'));
      const second = await store.remove(subscriberIdFor('erase-me@example.com'));
      // Assess
      expect([first, second]).toEqual([true, false]);
      expect(await read('erase-me@example.com')).toBeUndefined();
    });

    it('lets the address sign up afresh afterwards', async () => {
      // Prepare
      await store.replace(subscriber('again@example.com'), undefined);
      await store.remove(subscriberIdFor('again@example.com'));
      // Act
      const created = await store.replace(subscriber('again@example.com'), undefined);
      // Assess
      expect(created).toBe(true);
      expect((await read('again@example.com'))?.version).toBe(1);
    });
  });
});

describe('the DynamoDB adapter', () => {
  const read = (email: string) => dynamo.get(subscriberIdFor(email));

  describe('setStatus with a feedback guard', () => {
    const guarded = (email: string, guard: Parameters<SubscriberStore['setStatus']>[5]) =>
      dynamo.setStatus(subscriberIdFor(email), 'bounced', 'hard-bounce', t, ['confirmed'], guard);

    it('records the event key with the change, and refuses the same key again', async () => {
      // Prepare
      const email = 'guard-replay@example.com';
      await dynamo.replace(subscriber(email, 'confirmed'), undefined);
      // Act
      const first = await guarded(email, { eventKey: 'm1#bounce' });
      const stored = await read(email);
      await dynamo.replace({ ...(stored as Subscriber), status: 'confirmed' }, stored);
      const confirmedAgain = await read(email);
      const replayed = await guarded(email, { eventKey: 'm1#bounce' });
      // Assess
      expect([first, replayed]).toEqual([true, false]);
      expect([...(stored?.feedbackEvents ?? [])]).toEqual(['m1#bounce']);
      expect(await read(email)).toStrictEqual(confirmedAgain);
    });

    it('refuses a message sent before the confirmation, applies one sent at it or after', async () => {
      // Prepare
      const confirmedAt = '2026-03-01T08:00:00.000Z';
      for (const name of ['guard-before', 'guard-at', 'guard-after']) {
        await dynamo.replace(
          subscriber(`${name}@example.com`, 'confirmed', { confirmedAt }),
          undefined,
        );
      }
      // Act
      const results = [
        await guarded('guard-before@example.com', { messageSentAt: '2026-03-01T07:59:59.999Z' }),
        await guarded('guard-at@example.com', { messageSentAt: confirmedAt }),
        await guarded('guard-after@example.com', { messageSentAt: '2026-03-01T08:00:00.001Z' }),
      ];
      // Assess
      expect(results).toEqual([false, true, true]);
      expect((await read('guard-before@example.com'))?.status).toBe('confirmed');
    });
  });

  it('never lets an import overwrite a subscriber written while it runs', async () => {
    // Prepare: a signup lands between the import's start and its write of that address.
    const racer = subscriber('racer@example.com', 'pending', { name: 'Signed up meanwhile' });
    const batch = [
      subscriber('calm@example.com', 'confirmed'),
      subscriber('racer@example.com', 'confirmed', { name: 'Imported' }),
    ];
    const send = db.send.bind(db);
    const spy = vi.spyOn(db, 'send').mockImplementation(async (command: unknown) => {
      if (command instanceof PutCommand && command.input.Item?.id === racer.id) {
        spy.mockRestore();
        await dynamo.add(racer);
      }
      return send(command as never);
    });
    // Act
    const result = await dynamo.addMany(batch);
    spy.mockRestore();
    // Assess
    expect(result).toEqual({ added: [batch[0]?.id], existing: [racer.id] });
    expect(await dynamo.get(racer.id)).toStrictEqual(racer);
  });

  it('writes an import as one conditional put per subscriber, 16 in flight, never a blind batch', async () => {
    // Prepare: every request kept, and counted while it is in flight.
    const send = db.send.bind(db);
    const commands: unknown[] = [];
    let inFlight = 0;
    let most = 0;
    const spy = vi.spyOn(db, 'send').mockImplementation(async (command: unknown) => {
      commands.push(command);
      inFlight += 1;
      most = Math.max(most, inFlight);
      try {
        return await send(command as never);
      } finally {
        inFlight -= 1;
      }
    });
    const batch = Array.from({ length: 60 }, (_, i) => subscriber(`batched${i}@example.com`));
    // Act
    let result: Awaited<ReturnType<SubscriberStore['addMany']>>;
    try {
      result = await dynamo.addMany(batch);
    } finally {
      spy.mockRestore();
    }
    // Assess
    expect(result.added).toHaveLength(60);
    expect(commands.filter((command) => command instanceof BatchWriteCommand)).toEqual([]);
    expect(commands).toHaveLength(60);
    for (const command of commands) {
      expect(command).toBeInstanceOf(PutCommand);
      expect((command as PutCommand).input).toMatchObject({
        TableName: TEST_TABLES.subscribers,
        ConditionExpression: 'attribute_not_exists(id)',
        Item: { version: 1 },
      });
    }
    expect(most).toBe(16);
  });

  it('leaves existing items as DynamoDB holds them, byte for byte', async () => {
    // Prepare
    const raw = async (email: string) =>
      (
        await db.send(
          new GetCommand({
            TableName: TEST_TABLES.subscribers,
            Key: { id: subscriberIdFor(email) },
            ConsistentRead: true,
          }),
        )
      ).Item;
    const asJson = (item: unknown) =>
      JSON.stringify(item, (_key, value: unknown) =>
        value instanceof Set ? { set: [...value].sort() } : value,
      );
    await dynamo.add(subscriber('bytes0@example.com', 'confirmed', { name: 'Kept' }));
    await dynamo.countSoftBounce(subscriberIdFor('bytes0@example.com'), 'ses-1', t);
    await dynamo.replace(subscriber('bytes1@example.com', 'unsubscribed'), undefined);
    const before = [
      asJson(await raw('bytes0@example.com')),
      asJson(await raw('bytes1@example.com')),
    ];
    // Act
    const result = await dynamo.addMany(
      ['bytes0@example.com', 'bytes1@example.com', 'bytes2@example.com'].map((email) =>
        subscriber(email, 'confirmed', { name: 'Imported' }),
      ),
    );
    // Assess
    expect(result.existing).toEqual(
      ['bytes0@example.com', 'bytes1@example.com'].map((email) => subscriberIdFor(email)),
    );
    expect([
      asJson(await raw('bytes0@example.com')),
      asJson(await raw('bytes1@example.com')),
    ]).toEqual(before);
    expect(before[0]).toContain('"version":1');
    expect(before[0]).toContain('"softBounceMessages":{"set":["ses-1"]}');
  });
});
