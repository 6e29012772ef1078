import { join } from 'node:path';
import { SESClient, SendRawEmailCommand } from '@aws-sdk/client-ses';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createDocumentClient } from '../../lambda/adapters/dynamo-client.ts';
import { createDynamoEditionStore } from '../../lambda/adapters/dynamo-edition-store.ts';
import { createDynamoSubscriberStore } from '../../lambda/adapters/dynamo-subscriber-store.ts';
import { renderEdition } from '../../lambda/email/render-edition.ts';
import { subscriberIdFor } from '../../lambda/subscribers/subscriber-id.ts';
import { repoRoot } from '../helpers/cli.ts';
import { startTestDynamo, TEST_TABLES } from '../helpers/dynalite.ts';
import { startTestSes } from '../helpers/local-ses.ts';
import { quietly } from '../helpers/quietly.ts';
import { rejected, throttling } from '../helpers/ses-faults.ts';
import { readerEmails, seedSubscribers } from '../helpers/subscribers.ts';
import { editionInput, loadTemplates } from '../unit/email/fixtures.ts';

/** The deliver Lambda as SQS invokes it: dynalite, the local SES API, faults from a mock. */
let dynamo: Awaited<ReturnType<typeof startTestDynamo>>;
let ses: Awaited<ReturnType<typeof startTestSes>>;
let handler: (event: unknown) => Promise<{ batchItemFailures: { itemIdentifier: string }[] }>;
const at = '2021-03-17T00:00:00.000Z';
const ids = (prefix: string, n: number) => readerEmails(n, prefix).map(subscriberIdFor);

beforeAll(async () => {
  dynamo = await startTestDynamo();
  ses = await startTestSes();
  const env = {
    BRAID_DYNAMODB_ENDPOINT: dynamo.endpoint,
    BRAID_SES_ENDPOINT: ses.endpoint,
    BRAID_SUBSCRIBERS_TABLE: TEST_TABLES.subscribers,
    BRAID_LEDGER_TABLE: TEST_TABLES.ledger,
    BRAID_EDITIONS_TABLE: TEST_TABLES.editions,
    BRAID_TEMPLATES_DIR: join(repoRoot, 'templates'),
    BRAID_SEND_RATE: '1000',
  };
  for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
  const db = createDocumentClient({ region: 'us-east-1', endpoint: dynamo.endpoint });
  const store = createDynamoSubscriberStore(db, TEST_TABLES.subscribers);
  await seedSubscribers(store, [...readerEmails(3, 'ok'), ...readerEmails(3, 'fault')]);
  const edition = await renderEdition({ ...editionInput(), id: 'ed-sqs' }, loadTemplates());
  await createDynamoEditionStore(db, TEST_TABLES.editions).claim({
    id: 'ed-sqs',
    status: 'sending',
    scheduledAt: at,
    stories: ['s'],
    storySet: 'x',
    createdAt: at,
    edition,
  });
  ({ handler } = await import('../../lambda/handlers/deliver.ts'));
});
afterAll(async () => {
  vi.unstubAllEnvs();
  await ses.close();
  await dynamo.close();
});

const record = (messageId: string, body: unknown) => ({
  messageId,
  body: typeof body === 'string' ? body : JSON.stringify(body),
});

describe('deliver handler', () => {
  it('sends each batch, drops what can never succeed, and reports no failure', async () => {
    const event = {
      Records: [
        record('m-ok', { editionId: 'ed-sqs', subscriberIds: ids('ok', 3) }),
        record('m-garbage', 'not json'),
        record('m-shape', { editionId: 'ed-sqs', subscriberIds: [] }),
        record('m-unknown', { editionId: 'ed-missing', subscriberIds: ids('ok', 1) }),
      ],
    };
    expect(await quietly(() => handler(event))).toEqual({ batchItemFailures: [] });
    expect((await ses.emails()).map((e) => e.destination.to.join()).sort()).toEqual([
      'ok0@example.com',
      'ok1@example.com',
      'ok2@example.com',
    ]);
    // SQS redelivers the same message: nobody gets a second copy.
    expect(
      await quietly(() =>
        handler({
          Records: [record('m-ok', { editionId: 'ed-sqs', subscriberIds: ids('ok', 3) })],
        }),
      ),
    ).toEqual({
      batchItemFailures: [],
    });
    expect(await ses.emails()).toHaveLength(3);
  });

  it('answers an event that is not from SQS with no failures, doing nothing', async () => {
    expect(await quietly(() => handler({ hello: 'world' }))).toEqual({ batchItemFailures: [] });
  });

  it('returns only the batches with retryable failures (throttling), not the rejected ones', async () => {
    const sesMock = mockClient(SESClient);
    try {
      const throttled = throttling();
      const refused = rejected('Address blacklisted.');
      sesMock.on(SendRawEmailCommand, { Destinations: ['fault0@example.com'] }).rejects(throttled);
      sesMock.on(SendRawEmailCommand, { Destinations: ['fault1@example.com'] }).rejects(refused);
      sesMock
        .on(SendRawEmailCommand, { Destinations: ['fault2@example.com'] })
        .resolves({ MessageId: 'ok' });
      const [a, b, c] = ids('fault', 3);
      const result = await quietly(() =>
        handler({
          Records: [
            record('m-throttled', { editionId: 'ed-sqs', subscriberIds: [a] }),
            record('m-rejected', { editionId: 'ed-sqs', subscriberIds: [b, c] }),
          ],
        }),
      );
      expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: 'm-throttled' }] });
      // The redelivery after throttling eases sends it; the rejected one stays failed.
      sesMock.reset();
      sesMock.on(SendRawEmailCommand).resolves({ MessageId: 'later' });
      const again = await quietly(() =>
        handler({
          Records: [
            record('m-throttled', { editionId: 'ed-sqs', subscriberIds: [a] }),
            record('m-rejected', { editionId: 'ed-sqs', subscriberIds: [b, c] }),
          ],
        }),
      );
      expect(again).toEqual({ batchItemFailures: [] });
      expect(
        sesMock.commandCalls(SendRawEmailCommand).map((call) => call.args[0].input.Destinations),
      ).toEqual([['fault0@example.com']]);
    } finally {
      sesMock.restore();
    }
  });
});
