import { cp, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createDocumentClient } from '../../lambda/adapters/dynamo-client.ts';
import { createDynamoSubscriberStore } from '../../lambda/adapters/dynamo-subscriber-store.ts';
import type { BatchMessage } from '../../lambda/delivery/ports.ts';
import { repoRoot } from '../helpers/cli.ts';
import { startTestDynamo, TEST_TABLES } from '../helpers/dynalite.ts';
import { quietly } from '../helpers/quietly.ts';
import { readerEmails, seedSubscribers } from '../helpers/subscribers.ts';

/**
 * The compose Lambda as it runs in AWS: with a queue URL it only queues (SQS mocked at the
 * client, to read back what was sent), over dynalite.
 */
let dynamo: Awaited<ReturnType<typeof startTestDynamo>>;
let handler: (event: unknown) => Promise<Record<string, unknown>>;
let content: string;
const sqsMock = mockClient(SQSClient);
const READERS = 120;
const STORY = 'biden-calls-putin-a-killer';

beforeAll(async () => {
  dynamo = await startTestDynamo();
  const dir = await mkdtemp(join(tmpdir(), 'braid-compose-sqs-'));
  content = join(dir, 'content');
  await cp(join(repoRoot, 'content'), content, { recursive: true });
  const env = {
    BRAID_QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/123456789012/braid-deliver',
    BRAID_DYNAMODB_ENDPOINT: dynamo.endpoint,
    BRAID_SUBSCRIBERS_TABLE: TEST_TABLES.subscribers,
    BRAID_LEDGER_TABLE: TEST_TABLES.ledger,
    BRAID_EDITIONS_TABLE: TEST_TABLES.editions,
    BRAID_CONTENT_DIR: content,
    BRAID_TEMPLATES_DIR: join(repoRoot, 'templates'),
    BRAID_DATA_DIR: join(dir, '.data'),
  };
  for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
  const db = createDocumentClient({ region: 'us-east-1', endpoint: dynamo.endpoint });
  await seedSubscribers(
    createDynamoSubscriberStore(db, TEST_TABLES.subscribers),
    readerEmails(READERS),
  );
  sqsMock.on(SendMessageBatchCommand).resolves({ Successful: [], Failed: [] });
  ({ handler } = await import('../../lambda/handlers/compose.ts'));
});
afterAll(async () => {
  vi.unstubAllEnvs();
  sqsMock.restore();
  await dynamo.close();
});

const queued = (): BatchMessage[] =>
  sqsMock
    .commandCalls(SendMessageBatchCommand)
    .flatMap((call) => call.args[0].input.Entries ?? [])
    .map((entry) => JSON.parse(entry.MessageBody ?? '{}') as BatchMessage);

describe('compose handler with a queue (AWS)', () => {
  it('queues every confirmed subscriber once, and nothing more for a repeated event', async () => {
    const first = await quietly(() => handler({ scheduledTime: '2021-03-18T06:00:00Z' }));
    expect(first).toMatchObject({
      outcome: 'queued',
      recipients: READERS,
      batches: 3,
      stories: [STORY],
    });
    const ids = queued().flatMap((m) => m.subscriberIds);
    expect(
      queued().every((m) => m.subscriberIds.length <= 50 && m.editionId === first.editionId),
    ).toBe(true);
    expect(new Set(ids).size).toBe(READERS);

    const again = await quietly(() => handler({ scheduledTime: '2021-03-18T06:00:00Z' }));
    expect(again).toMatchObject({ outcome: 'already-queued', editionId: first.editionId });
    expect(queued()).toHaveLength(3);
  });

  it('sends a new story the next day while the first edition is still being delivered', async () => {
    const next = join(content, 'a-second-story');
    await cp(join(content, STORY), next, { recursive: true });
    await writeFile(join(next, 'story.yaml'), 'status: ready\nheadline: A second story\n');
    const result = await quietly(() => handler({ scheduledTime: '2021-03-19T06:00:00Z' }));
    expect(result).toMatchObject({
      outcome: 'queued',
      stories: ['a-second-story'],
      recipients: READERS,
    });
    expect(String(result.editionId)).toMatch(/^2021-03-19-/);
    expect(queued()).toHaveLength(6);
  });
});
