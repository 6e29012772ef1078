import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SESClient, SendRawEmailCommand } from '@aws-sdk/client-ses';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createDocumentClient } from '../../lambda/adapters/dynamo-client.ts';
import { createDynamoEditionStore } from '../../lambda/adapters/dynamo-edition-store.ts';
import { createDynamoLedger } from '../../lambda/adapters/dynamo-ledger.ts';
import { createDynamoSubscriberStore } from '../../lambda/adapters/dynamo-subscriber-store.ts';
import { createSesClient, createSesMailer } from '../../lambda/adapters/ses-mailer.ts';
import { loadConfig } from '../../lambda/config.ts';
import type { Clock, LedgerEntry, Logger } from '../../lambda/delivery/ports.ts';
import { renderEdition } from '../../lambda/email/render-edition.ts';
import { createDeliverHandler, quotaDelaySeconds } from '../../lambda/handlers/deliver-handler.ts';
import type { Runtime } from '../../lambda/handlers/runtime.ts';
import { newKeyring } from '../../lambda/subscribers/keyring.ts';
import { subscriberIdFor } from '../../lambda/subscribers/subscriber-id.ts';
import { repoRoot } from '../helpers/cli.ts';
import { startTestDynamo, TEST_TABLES } from '../helpers/dynalite.ts';
import { startTestSes } from '../helpers/local-ses.ts';
import { quietly } from '../helpers/quietly.ts';
import { rejected, throttling } from '../helpers/ses-faults.ts';
import { type SesStandIn, startSesStandIn } from '../helpers/ses-stand-in.ts';
import { readerEmails, seedSubscribers } from '../helpers/subscribers.ts';
import { editionInput, loadTemplates } from '../unit/email/fixtures.ts';

/** The deliver Lambda as SQS invokes it: dynalite, the local SES API, faults from a mock. */
let dynamo: Awaited<ReturnType<typeof startTestDynamo>>;
let ses: Awaited<ReturnType<typeof startTestSes>>;
let handler: (event: unknown) => Promise<{ batchItemFailures: { itemIdentifier: string }[] }>;
const at = '2021-03-17T00:00:00.000Z';
const ids = (prefix: string, n: number) => readerEmails(n, prefix).map(subscriberIdFor);
// Token keys go to a folder of the test's own, never the repository's .data.
let data: string;

beforeAll(async () => {
  dynamo = await startTestDynamo();
  ses = await startTestSes();
  data = await mkdtemp(join(tmpdir(), 'braid-deliver-handler-'));
  const env = {
    BRAID_DATA_DIR: data,
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
  await rm(data, { recursive: true, force: true });
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

/**
 * The daily quota through the handler itself (createDeliverHandler), with SES a loopback
 * stand-in behind the real SES client, GetSendQuota included: SQS-shaped events with receipt
 * handles and receive counts, and a fake `postpone` (ChangeMessageVisibility) recording calls.
 */
describe('deliver handler when the daily quota is spent', () => {
  let standIn: SesStandIn;
  let db: ReturnType<typeof createDocumentClient>;
  const ROOM = { max24HourSend: 50_000, maxSendRate: 14, sentLast24Hours: 0 };

  beforeAll(async () => {
    standIn = await startSesStandIn();
    db = createDocumentClient({ region: 'us-east-1', endpoint: dynamo.endpoint });
  });
  afterAll(async () => {
    db.destroy();
    await standIn.close();
  });

  interface LogLine {
    level: 'info' | 'warn' | 'error';
    message: string;
    fields?: Record<string, unknown>;
  }

  /** An edition, `batches` batches of `size` confirmed readers, and a handler over them. */
  async function quotaScenario(name: string, batches: number, size: number) {
    const editionId = `ed-${name}`;
    const subscribers = createDynamoSubscriberStore(db, TEST_TABLES.subscribers);
    const editions = createDynamoEditionStore(db, TEST_TABLES.editions);
    const ledger = createDynamoLedger(db, TEST_TABLES.ledger);
    const batchIds: string[][] = [];
    const emails: string[] = [];
    for (let b = 0; b < batches; b += 1) {
      const batch = readerEmails(size, `${name}-b${b}-`);
      emails.push(...batch);
      batchIds.push(await seedSubscribers(subscribers, batch));
    }
    const edition = await renderEdition({ ...editionInput(), id: editionId }, loadTemplates());
    await editions.claim({
      id: editionId,
      status: 'sending',
      scheduledAt: at,
      stories: ['s'],
      storySet: name,
      createdAt: at,
      edition,
    });
    const keyring = newKeyring();
    const runtime: Runtime = {
      config: loadConfig({}),
      subscribers,
      ledger,
      editions,
      // GetSendQuota asked of the stand-in too: the adapter asks it only outside local mode.
      mailer: createSesMailer(
        createSesClient({
          region: 'us-east-1',
          endpoint: standIn.endpoint,
          configurationSet: undefined,
        }),
        { region: 'us-east-1', endpoint: undefined, configurationSet: undefined },
      ),
      archive: { put: async () => '', get: async () => undefined },
      keyring: async () => keyring,
    };
    let now = Date.parse('2021-03-18T06:00:00Z');
    const clock: Clock & { advance(ms: number): void } = {
      now: () => new Date(now),
      sleep: async (ms) => {
        now += ms;
      },
      advance: (ms) => {
        now += ms;
      },
    };
    const lines: LogLine[] = [];
    const log: Logger = {
      info: (message, fields) => lines.push({ level: 'info', message, fields }),
      warn: (message, fields) => lines.push({ level: 'warn', message, fields }),
      error: (message, fields) => lines.push({ level: 'error', message, fields }),
    };
    const postponed: { handles: string[]; seconds: number }[] = [];
    const handler = createDeliverHandler(runtime, {
      clock,
      log,
      postpone: async (handles, seconds) => {
        postponed.push({ handles: [...handles], seconds });
      },
    });
    /** The batches as SQS hands them over, each at its receive count. */
    const event = (receiveCounts: number[]) => ({
      Records: batchIds.map((subscriberIds, i) => ({
        messageId: `m-${name}-${i}`,
        receiptHandle: `h-${name}-${i}-${receiveCounts[i]}`,
        body: JSON.stringify({ editionId, subscriberIds }),
        attributes: { ApproximateReceiveCount: String(receiveCounts[i]) },
      })),
    });
    const statuses = async () => {
      const entries: LedgerEntry[] = [];
      for await (const entry of ledger.list(editionId)) entries.push(entry);
      return entries.map((e) => e.status);
    };
    const mine = (to: string) => emails.includes(to);
    return { handler, event, clock, lines, postponed, emails, batchIds, statuses, mine };
  }

  it('stops at "Daily message quota exceeded" mid-edition, postpones every batch by its receive count, then sends everyone once after the reset', async () => {
    const s = await quotaScenario('quota-mid', 3, 3);
    standIn.quota = { ...ROOM };
    let accepted = 0;
    standIn.answer = () => {
      if (accepted >= 2) return 'daily-quota';
      accepted += 1;
      return 'accept';
    };
    const first = await s.handler(s.event([1, 2, 7]));
    // The invocation's batches run at once: reported in the order they finished.
    expect(first.batchItemFailures.map((f) => f.itemIdentifier).sort()).toEqual([
      'm-quota-mid-0',
      'm-quota-mid-1',
      'm-quota-mid-2',
    ]);
    const bySeconds = (a: { seconds: number }, b: { seconds: number }) => a.seconds - b.seconds;
    expect([...s.postponed].sort(bySeconds)).toEqual([
      { handles: ['h-quota-mid-0-1'], seconds: quotaDelaySeconds(1) },
      { handles: ['h-quota-mid-1-2'], seconds: quotaDelaySeconds(2) },
      { handles: ['h-quota-mid-2-7'], seconds: quotaDelaySeconds(7) },
    ]);
    expect(s.postponed.map((p) => p.seconds / 3600).sort((a, b) => a - b)).toEqual([1, 2, 12]);
    expect(s.lines).toContainEqual({
      level: 'error',
      message: 'sending halted',
      fields: expect.objectContaining({
        kind: 'quota-exhausted',
        reason: expect.stringMatching(/Daily message quota exceeded/),
        batchesLeft: 3,
      }),
    });
    // Once SES said stop, no new send started: only those already in flight were tried.
    const tried = standIn.sends.filter((r) => s.mine(r.to));
    expect(tried.length).toBeLessThan(s.emails.length);
    expect(standIn.taken().filter(s.mine)).toHaveLength(2);
    expect((await s.statuses()).sort()).toEqual(['sent', 'sent']);

    // The window frees room: the postponed batches come back, each received once more.
    standIn.answer = () => 'accept';
    s.clock.advance(60 * 60_000);
    const again = await s.handler(s.event([2, 3, 8]));
    expect(again).toEqual({ batchItemFailures: [] });
    expect(s.postponed).toHaveLength(3);
    expect(s.emails.map((e) => standIn.takenBy(e))).toEqual(s.emails.map(() => 1));
    expect(await s.statuses()).toEqual(s.emails.map(() => 'sent'));
  });

  it('sends nothing when GetSendQuota says the quota is already spent, and resumes once it frees up', async () => {
    const s = await quotaScenario('quota-spent', 2, 2);
    standIn.quota = { ...ROOM, sentLast24Hours: ROOM.max24HourSend };
    standIn.answer = () => 'accept';
    const quotaCalls = standIn.quotaCalls;
    const first = await s.handler(s.event([1, 4]));
    expect(first.batchItemFailures).toHaveLength(2);
    expect(standIn.sends.filter((r) => s.mine(r.to))).toEqual([]);
    expect(s.postponed).toEqual([
      { handles: ['h-quota-spent-0-1'], seconds: 3600 },
      { handles: ['h-quota-spent-1-4'], seconds: 8 * 3600 },
    ]);
    expect(s.lines).toContainEqual({
      level: 'error',
      message: 'sending halted',
      fields: expect.objectContaining({
        kind: 'quota-exhausted',
        reason: 'daily quota reached (50000 of 50000)',
      }),
    });
    expect(await s.statuses()).toEqual([]);

    standIn.quota = { ...ROOM };
    // The quota read is kept a minute: a batch back sooner is still postponed, unasked.
    s.clock.advance(30_000);
    expect((await s.handler(s.event([2, 5]))).batchItemFailures).toHaveLength(2);
    expect(standIn.quotaCalls).toBe(quotaCalls + 1);
    s.clock.advance(31_000);
    expect(await s.handler(s.event([3, 6]))).toEqual({ batchItemFailures: [] });
    expect(standIn.quotaCalls).toBe(quotaCalls + 2);
    expect(s.emails.map((e) => standIn.takenBy(e))).toEqual([1, 1, 1, 1]);
    expect(await s.statuses()).toEqual(['sent', 'sent', 'sent', 'sent']);
  });
});
