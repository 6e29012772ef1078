import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createDocumentClient } from '../../lambda/adapters/dynamo-client.ts';
import { createDynamoSubscriberStore } from '../../lambda/adapters/dynamo-subscriber-store.ts';
import { applyFeedback } from '../../lambda/subscribers/feedback.ts';
import { subscriberIdFor } from '../../lambda/subscribers/subscriber-id.ts';
import { startTestDynamo, TEST_TABLES } from '../helpers/dynalite.ts';
import { seedSubscribers } from '../helpers/subscribers.ts';

/** The feedback Lambda as AWS calls it, over dynalite. */
let dynamo: Awaited<ReturnType<typeof startTestDynamo>>;
let handler: (event: unknown) => Promise<object>;
let store: ReturnType<typeof createDynamoSubscriberStore>;
const readers = ['hard@example.com', 'soft@example.com', 'angry@example.com', 'fine@example.com'];

beforeAll(async () => {
  dynamo = await startTestDynamo();
  vi.stubEnv('BRAID_DYNAMODB_ENDPOINT', dynamo.endpoint);
  vi.stubEnv('BRAID_SUBSCRIBERS_TABLE', TEST_TABLES.subscribers);
  store = createDynamoSubscriberStore(
    createDocumentClient({ region: 'us-east-1', endpoint: dynamo.endpoint }),
    TEST_TABLES.subscribers,
  );
  await seedSubscribers(store, readers);
  ({ handler } = await import('../../lambda/handlers/feedback.ts'));
});
afterAll(async () => {
  vi.unstubAllEnvs();
  await dynamo.close();
});

const sns = (message: unknown) => ({ Records: [{ Sns: { Message: JSON.stringify(message) } }] });
const status = async (email: string) => (await store.get(subscriberIdFor(email)))?.status;

describe('feedback handler', () => {
  it('suppresses hard bounces and complaints, counts soft bounces, and is idempotent', async () => {
    const quiet = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      const events = [
        sns({
          eventType: 'Bounce',
          mail: { messageId: 'm1' },
          bounce: {
            bounceType: 'Permanent',
            bounceSubType: 'NoEmail',
            bouncedRecipients: [{ emailAddress: 'Hard@Example.com' }],
          },
        }),
        sns({
          eventType: 'Bounce',
          mail: { messageId: 'm2' },
          bounce: {
            bounceType: 'Transient',
            bouncedRecipients: [{ emailAddress: 'soft@example.com' }],
          },
        }),
        {
          source: 'aws.ses',
          detail: {
            eventType: 'Complaint',
            complaint: { complainedRecipients: [{ emailAddress: 'angry@example.com' }] },
          },
        },
        sns({
          eventType: 'Bounce',
          bounce: {
            bounceType: 'Permanent',
            bouncedRecipients: [{ emailAddress: 'stranger@example.com' }],
          },
        }),
      ];
      const results = [];
      for (const event of events) results.push(await handler(event));
      const suppressed = await store.getMany(
        ['hard@example.com', 'angry@example.com'].map((email) => subscriberIdFor(email)),
      );
      // The same events again (SNS redelivers): nothing changes, nothing is counted twice. The
      // bounce of m1 is known as a replay by its message; the complaint, which SES sent
      // without a message id, finds its subscriber complained already.
      for (const event of events) results.push(await handler(event));
      expect(results[0]).toMatchObject({ bounced: 1, unchanged: 0, unknownRecipients: 0 });
      expect(results[1]).toMatchObject({ softBounces: 1 });
      expect(results[2]).toMatchObject({ complained: 1, unchanged: 0, unknownRecipients: 0 });
      expect(results[3]).toMatchObject({ unknownRecipients: 1, unchanged: 0 });
      expect(results[4]).toMatchObject({
        bounced: 0,
        replayed: 1,
        unchanged: 0,
        unknownRecipients: 0,
      });
      expect(results[6]).toMatchObject({ complained: 0, unchanged: 1, unknownRecipients: 0 });
      expect(results[7]).toMatchObject({ unknownRecipients: 1, unchanged: 0 });
      expect(
        await store.getMany(
          ['hard@example.com', 'angry@example.com'].map((email) => subscriberIdFor(email)),
        ),
      ).toStrictEqual(suppressed);
      // An unknown shape is logged and answered, never thrown (no crash loop).
      expect(await handler({ hello: 'world' })).toMatchObject({
        ignored: [expect.stringMatching(/unknown event shape/)],
      });
    } finally {
      quiet.mockRestore();
    }
    expect(await status('hard@example.com')).toBe('bounced');
    expect(await status('soft@example.com')).toBe('confirmed');
    // The same event twice counts once: soft bounces are kept per message.
    expect((await store.get(subscriberIdFor('soft@example.com')))?.softBounceMessages?.size).toBe(
      1,
    );
    expect(await status('angry@example.com')).toBe('complained');
    expect(await status('fine@example.com')).toBe('confirmed');
    expect((await store.get(subscriberIdFor('hard@example.com')))?.statusReason).toMatch(
      /hard-bounce Permanent\/NoEmail \(message m1\)/,
    );
    // Neither is mailed again: they are no longer on the confirmed index compose pages through.
    const page = await store.pageByStatus('confirmed', 50);
    expect(page.items.map((s) => s.email).sort()).toEqual(['fine@example.com', 'soft@example.com']);
  });

  it('leaves a complained address complained when a hard bounce follows (a complaint outranks it)', async () => {
    // Prepare
    const email = 'complained.then.bounced@example.com';
    await seedSubscribers(store, [email]);
    const quiet = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    let bounced: object;
    let complained: object;
    let after: Awaited<ReturnType<typeof store.get>>;
    try {
      complained = await handler(
        sns({
          eventType: 'Complaint',
          mail: { messageId: 'm10' },
          complaint: {
            complaintFeedbackType: 'abuse',
            complainedRecipients: [{ emailAddress: email }],
          },
        }),
      );
      after = await store.get(subscriberIdFor(email));
      // Act
      bounced = await handler(
        sns({
          eventType: 'Bounce',
          mail: { messageId: 'm11' },
          bounce: {
            bounceType: 'Permanent',
            bounceSubType: 'General',
            bouncedRecipients: [{ emailAddress: email }],
          },
        }),
      );
    } finally {
      quiet.mockRestore();
    }
    // Assess
    expect(complained).toMatchObject({ complained: 1 });
    expect(bounced).toMatchObject({ bounced: 0, unchanged: 1, unknownRecipients: 0 });
    expect(after?.status).toBe('complained');
    expect(await store.get(subscriberIdFor(email))).toStrictEqual(after);
  });
});

/**
 * The use case over the DynamoDB store, where the guards live: a stale event and a replayed
 * one are refused by the store's conditional write itself.
 */
describe('applyFeedback over the DynamoDB store', () => {
  const T1 = '2026-03-01T08:00:00.000Z';
  const T2 = '2026-03-02T08:00:00.000Z';
  const T3 = '2026-03-03T08:00:00.000Z';
  const T4 = '2026-03-04T08:00:00.000Z';
  const noLedger = { settleSent: async () => false };
  const quietLog = { info: () => {}, warn: () => {}, error: () => {} };
  const apply = (event: unknown, at = new Date(T4)) =>
    applyFeedback({ subscribers: store, ledger: noLedger, log: quietLog }, event, at);
  const hardBounce = (email: string, messageId: string, sentAt: string) =>
    sns({
      eventType: 'Bounce',
      mail: { messageId, timestamp: sentAt },
      bounce: {
        bounceType: 'Permanent',
        bounceSubType: 'General',
        bouncedRecipients: [{ emailAddress: email }],
      },
    });
  const complaintOf = (email: string, messageId: string, sentAt: string) =>
    sns({
      eventType: 'Complaint',
      mail: { messageId, timestamp: sentAt },
      complaint: {
        complaintFeedbackType: 'abuse',
        complainedRecipients: [{ emailAddress: email }],
      },
    });

  /** A subscriber confirmed at T1 who left and confirmed again at T3. */
  async function reconfirmed(email: string): Promise<string> {
    const [id] = await seedSubscribers(store, [email]);
    if (id === undefined) throw new Error('Expected the subscriber');
    const first = await store.get(id);
    if (first === undefined) throw new Error('Expected the subscriber');
    await store.replace(
      { ...first, status: 'unsubscribed', confirmedAt: T1, updatedAt: T2 },
      first,
    );
    const left = await store.get(id);
    if (left === undefined) throw new Error('Expected the subscriber');
    expect(
      await store.replace({ ...left, status: 'confirmed', confirmedAt: T3, updatedAt: T3 }, left),
    ).toBe(true);
    return id;
  }

  it('does not suppress for a bounce of a message sent before the latest confirmation', async () => {
    // Prepare
    const id = await reconfirmed('stale.bounce@example.com');
    const before = await store.get(id);
    // Act
    const summary = await apply(hardBounce('stale.bounce@example.com', 'old-1', T2));
    // Assess
    expect(summary).toMatchObject({ bounced: 0, stale: 1, unchanged: 0, replayed: 0 });
    expect(await store.get(id)).toStrictEqual(before);
  });

  it('does not suppress for a complaint about a message sent before the latest confirmation', async () => {
    // Prepare
    const id = await reconfirmed('stale.complaint@example.com');
    // Act
    const summary = await apply(complaintOf('stale.complaint@example.com', 'old-2', T2));
    // Assess
    expect(summary).toMatchObject({ complained: 0, stale: 1 });
    expect((await store.get(id))?.status).toBe('confirmed');
  });

  it('suppresses for a bounce of a message sent after the latest confirmation, or at it', async () => {
    // Prepare
    const after = await reconfirmed('fresh.bounce@example.com');
    const atIt = await reconfirmed('fresh.same.instant@example.com');
    // Act
    const fresh = await apply(hardBounce('fresh.bounce@example.com', 'new-1', T4));
    const same = await apply(hardBounce('fresh.same.instant@example.com', 'new-2', T3));
    // Assess
    expect(fresh).toMatchObject({ bounced: 1, stale: 0 });
    expect(same).toMatchObject({ bounced: 1, stale: 0 });
    expect((await store.get(after))?.status).toBe('bounced');
    expect((await store.get(atIt))?.status).toBe('bounced');
  });

  it('suppresses a subscriber never confirmed (a pending signup) whatever the time', async () => {
    // Prepare
    const [id] = await seedSubscribers(store, ['pending.bounce@example.com'], 'pending');
    // Act
    const summary = await apply(hardBounce('pending.bounce@example.com', 'p-1', T1));
    // Assess
    expect(summary).toMatchObject({ bounced: 1 });
    expect((await store.get(id ?? ''))?.status).toBe('bounced');
  });

  it('counts a replayed bounce and a replayed complaint once, changing nothing', async () => {
    // Prepare
    const email = 'replayed@example.com';
    const [id] = await seedSubscribers(store, [email]);
    const bounceEvent = hardBounce(email, 'r-1', T4);
    const complaintEvent = complaintOf(email, 'r-2', T4);
    // Act
    const results = [
      await apply(bounceEvent),
      await apply(bounceEvent),
      await apply(complaintEvent),
    ];
    const complained = await store.get(id ?? '');
    results.push(await apply(complaintEvent), await apply(bounceEvent));
    // Assess
    expect(
      results.map(({ bounced, complained, replayed, unchanged }) => ({
        bounced,
        complained,
        replayed,
        unchanged,
      })),
    ).toEqual([
      { bounced: 1, complained: 0, replayed: 0, unchanged: 0 },
      { bounced: 0, complained: 0, replayed: 1, unchanged: 0 },
      { bounced: 0, complained: 1, replayed: 0, unchanged: 0 },
      { bounced: 0, complained: 0, replayed: 1, unchanged: 0 },
      { bounced: 0, complained: 0, replayed: 1, unchanged: 0 },
    ]);
    expect(complained).toMatchObject({ status: 'complained' });
    expect([...(complained?.feedbackEvents ?? [])].sort()).toEqual(['r-1#bounce', 'r-2#complaint']);
    expect(await store.get(id ?? '')).toStrictEqual(complained);
  });

  it('keeps a bounded number of event keys: a full set restarts with the new event', async () => {
    // Prepare: a subscriber whose set of events is full (an editor lifted suppressions often).
    const email = 'many.events@example.com';
    const full = new Set(Array.from({ length: 20 }, (_, i) => `old-${i}#bounce`));
    const [id] = await seedSubscribers(store, [email]);
    const read = await store.get(id ?? '');
    if (read === undefined) throw new Error('Expected the subscriber');
    await store.replace({ ...read, feedbackEvents: full }, read);
    // Act
    const first = await apply(hardBounce(email, 'latest', T4));
    const again = await apply(hardBounce(email, 'latest', T4));
    const old = await apply(hardBounce(email, 'old-3', T4));
    // Assess
    expect(first).toMatchObject({ bounced: 1 });
    expect(again).toMatchObject({ bounced: 0, replayed: 1 });
    expect(old).toMatchObject({ bounced: 0, unchanged: 1 });
    const after = await store.get(id ?? '');
    expect(after?.status).toBe('bounced');
    expect([...(after?.feedbackEvents ?? [])]).toEqual(['latest#bounce']);
  });
});
