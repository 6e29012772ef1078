import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createDocumentClient } from '../../lambda/adapters/dynamo-client.ts';
import { createDynamoSubscriberStore } from '../../lambda/adapters/dynamo-subscriber-store.ts';
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
      // The same events again (SNS redelivers): nothing changes, nothing is counted twice.
      for (const event of events) results.push(await handler(event));
      expect(results[0]).toMatchObject({ bounced: 1, unchanged: 0, unknownRecipients: 0 });
      expect(results[1]).toMatchObject({ softBounces: 1 });
      expect(results[2]).toMatchObject({ complained: 1, unchanged: 0, unknownRecipients: 0 });
      expect(results[3]).toMatchObject({ unknownRecipients: 1, unchanged: 0 });
      expect(results[4]).toMatchObject({ bounced: 0, unchanged: 1, unknownRecipients: 0 });
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
