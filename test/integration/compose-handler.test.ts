import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createDocumentClient } from '../../lambda/adapters/dynamo-client.ts';
import { createDynamoLedger } from '../../lambda/adapters/dynamo-ledger.ts';
import { createDynamoSubscriberStore } from '../../lambda/adapters/dynamo-subscriber-store.ts';
import type { LedgerEntry } from '../../lambda/delivery/ports.ts';
import { repoRoot } from '../helpers/cli.ts';
import { startTestDynamo, TEST_TABLES } from '../helpers/dynalite.ts';
import { startTestSes } from '../helpers/local-ses.ts';
import { seedSubscribers } from '../helpers/subscribers.ts';

/**
 * The Lambda entry point itself, as AWS would call it, with the production adapters
 * pointed at dynalite and the local SES API.
 */
let dynamo: Awaited<ReturnType<typeof startTestDynamo>>;
let ses: Awaited<ReturnType<typeof startTestSes>>;
let handler: (event: unknown) => Promise<Record<string, unknown>>;
// Web copies and token keys go to a folder of the test's own, never the repository's .data.
let data: string;
const db = () => createDocumentClient({ region: 'us-east-1', endpoint: dynamo.endpoint });

beforeAll(async () => {
  dynamo = await startTestDynamo();
  ses = await startTestSes();
  data = await mkdtemp(join(tmpdir(), 'braid-compose-handler-'));
  vi.stubEnv('BRAID_MODE', 'local');
  vi.stubEnv('BRAID_DATA_DIR', data);
  vi.stubEnv('BRAID_DYNAMODB_ENDPOINT', dynamo.endpoint);
  vi.stubEnv('BRAID_SES_ENDPOINT', ses.endpoint);
  vi.stubEnv('BRAID_SUBSCRIBERS_TABLE', TEST_TABLES.subscribers);
  vi.stubEnv('BRAID_LEDGER_TABLE', TEST_TABLES.ledger);
  vi.stubEnv('BRAID_EDITIONS_TABLE', TEST_TABLES.editions);
  vi.stubEnv('BRAID_CONTENT_DIR', join(repoRoot, 'content'));
  vi.stubEnv('BRAID_TEMPLATES_DIR', join(repoRoot, 'templates'));
  vi.stubEnv('BRAID_SEND_RATE', '1000');
  const store = createDynamoSubscriberStore(db(), TEST_TABLES.subscribers);
  await seedSubscribers(store, ['one@example.com', 'two@example.com']);
  await seedSubscribers(store, ['pending@example.com'], 'pending');
  await seedSubscribers(store, ['left@example.com'], 'unsubscribed');
  ({ handler } = await import('../../lambda/handlers/compose.ts'));
});

afterAll(async () => {
  vi.unstubAllEnvs();
  await ses.close();
  await dynamo.close();
  await rm(data, { recursive: true, force: true });
});

describe('compose handler', () => {
  it.each([
    ['an empty event', {}],
    ['an SQS event', { Records: [{ body: '{}' }] }],
    ['a scheduled time that is not a date', { scheduledTime: 'tomorrow' }],
    ['not an object', 'hello'],
  ])('ignores %s with a logged reason, sending nothing', async (_case, event) => {
    const errors = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      expect(await handler(event)).toEqual({ outcome: 'ignored', reason: 'unknown event shape' });
      expect(String(errors.mock.calls[0]?.[0])).toMatch(/"level":"error".*unknown event shape/);
    } finally {
      errors.mockRestore();
    }
    expect(await ses.emails()).toEqual([]);
  });

  it('sends to confirmed subscribers only, once, even when the event is delivered twice', async () => {
    const quiet = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    let editionId: unknown;
    try {
      const event = { scheduledTime: '2021-03-18T06:00:00Z' };
      const [first, second] = [await handler(event), await handler(event)];
      expect(first).toMatchObject({ outcome: 'queued', recipients: 2, sent: 2, failed: 0 });
      expect(second).toMatchObject({
        outcome: 'already-sent',
        sent: 0,
        editionId: first.editionId,
      });
      editionId = first.editionId;
      expect(editionId).toMatch(/^2021-03-18-[0-9a-f]{8}$/);
      // A later day with the same stories sends nothing new either.
      expect(await handler({ scheduledTime: '2021-03-19T06:00:00Z' })).toMatchObject({
        outcome: 'already-sent',
      });
    } finally {
      quiet.mockRestore();
    }
    const emails = await ses.emails();
    expect(emails.map((e) => e.destination.to.join()).sort()).toEqual([
      'one@example.com',
      'two@example.com',
    ]);
    const ledger = createDynamoLedger(db(), TEST_TABLES.ledger);
    const entries: LedgerEntry[] = [];
    for await (const entry of ledger.list(String(editionId))) entries.push(entry);
    expect(entries.map((e) => [e.email, e.status]).sort()).toEqual([
      ['one@example.com', 'sent'],
      ['two@example.com', 'sent'],
    ]);
    expect(entries.every((e) => emails.some((m) => m.messageId === e.messageId))).toBe(true);
  });
});
