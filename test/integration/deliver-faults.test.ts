import { SESClient, SendRawEmailCommand } from '@aws-sdk/client-ses';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createDocumentClient } from '../../lambda/adapters/dynamo-client.ts';
import { createDynamoEditionStore } from '../../lambda/adapters/dynamo-edition-store.ts';
import { createDynamoLedger } from '../../lambda/adapters/dynamo-ledger.ts';
import { createDynamoSubscriberStore } from '../../lambda/adapters/dynamo-subscriber-store.ts';
import { createSesMailer } from '../../lambda/adapters/ses-mailer.ts';
import { type DeliverDeps, deliverBatch } from '../../lambda/delivery/deliver.ts';
import { createPacer } from '../../lambda/delivery/pacer.ts';
import type { Clock, Ledger, LedgerEntry, Logger } from '../../lambda/delivery/ports.ts';
import { renderEdition } from '../../lambda/email/render-edition.ts';
import type { Edition } from '../../lambda/email/types.ts';
import { newKeyring } from '../../lambda/subscribers/keyring.ts';
import type { Subscriber } from '../../lambda/subscribers/subscriber.ts';
import { subscriberIdFor } from '../../lambda/subscribers/subscriber-id.ts';
import { startTestDynamo, TEST_TABLES } from '../helpers/dynalite.ts';
import { dailyQuota, rejected, sesError, throttling, timeout } from '../helpers/ses-faults.ts';
import { editionInput, loadTemplates } from '../unit/email/fixtures.ts';

/**
 * Exactly once under faults: the real DynamoDB ledger on dynalite and the real SES adapter,
 * with SES answers injected by aws-sdk-client-mock (throttling, quota, rejection, timeouts).
 */
let dynamo: Awaited<ReturnType<typeof startTestDynamo>>;
let db: ReturnType<typeof createDocumentClient>;
let template: Edition;
const ses = new SESClient({
  region: 'us-east-1',
  credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
});
const sesMock = mockClient(ses);
const quietLog: Logger = { info: () => undefined, warn: () => undefined, error: () => undefined };

beforeAll(async () => {
  dynamo = await startTestDynamo();
  db = createDocumentClient({ region: 'us-east-1', endpoint: dynamo.endpoint });
  template = await renderEdition(editionInput(), loadTemplates());
});
afterAll(async () => {
  sesMock.restore();
  db.destroy();
  await dynamo.close();
});
beforeEach(() => sesMock.reset());

function virtualClock(): Clock & { slept: number[] } {
  let now = Date.parse('2021-03-18T06:00:00Z');
  const slept: number[] = [];
  return {
    slept,
    now: () => new Date(now),
    sleep: async (ms) => {
      slept.push(ms);
      now += ms;
    },
  };
}

let run = 0;
/** A fresh edition and `count` confirmed subscribers, isolated from other tests by name. */
async function scenario(count: number) {
  run += 1;
  const editionId = `ed-faults-${run}`;
  const editions = createDynamoEditionStore(db, TEST_TABLES.editions);
  const subscribers = createDynamoSubscriberStore(db, TEST_TABLES.subscribers);
  const at = '2021-03-17T00:00:00.000Z';
  await editions.claim({
    id: editionId,
    status: 'sending',
    scheduledAt: at,
    stories: ['s'],
    storySet: `set-${run}`,
    createdAt: at,
    edition: { ...template, id: editionId },
  });
  const ids: string[] = [];
  for (let i = 0; i < count; i += 1) {
    const email = `reader${i}.run${run}@example.com`;
    const subscriber: Subscriber = {
      id: subscriberIdFor(email),
      email,
      status: 'confirmed',
      createdAt: at,
      updatedAt: at,
    };
    await subscribers.add(subscriber);
    ids.push(subscriber.id);
  }
  const clock = virtualClock();
  const ledger = createDynamoLedger(db, TEST_TABLES.ledger);
  const deps: DeliverDeps = {
    editions,
    subscribers,
    ledger,
    mailer: createSesMailer(ses, {
      region: 'us-east-1',
      endpoint: undefined,
      configurationSet: undefined,
    }),
    pacer: createPacer(clock, 1000),
    clock,
    log: quietLog,
    publicUrl: 'https://news.example.org',
    keyring: newKeyring(),
    random: () => 0.5,
  };
  const message = { editionId, subscriberIds: ids };
  const ledgerOf = async () => {
    const entries: LedgerEntry[] = [];
    for await (const entry of ledger.list(editionId)) entries.push(entry);
    return new Map(entries.map((e) => [e.subscriber, e]));
  };
  return { deps, message, ids, clock, ledgerOf, subscribers };
}

/** Every SendRawEmail call that reached SES, by recipient. */
function sentTo(): string[] {
  return sesMock
    .commandCalls(SendRawEmailCommand)
    .map((call) => call.args[0].input.Destinations?.[0] ?? '');
}

let messageIds = 0;
const accept = () => ({ MessageId: `ses-${++messageIds}` });

describe('deliverBatch under faults', () => {
  it('sends each recipient once when the same batch is delivered twice, then concurrently', async () => {
    const { deps, message, ids, ledgerOf } = await scenario(3);
    sesMock.on(SendRawEmailCommand).callsFake(accept);
    const first = await deliverBatch(deps, message);
    const again = await deliverBatch(deps, message);
    const racing = await Promise.all([deliverBatch(deps, message), deliverBatch(deps, message)]);
    expect(first).toMatchObject({ sent: 3, skipped: 0 });
    expect(again).toMatchObject({ sent: 0, skipped: 3 });
    expect(racing.map((r) => r.sent)).toEqual([0, 0]);
    expect(sentTo()).toHaveLength(3);
    expect(new Set(sentTo()).size).toBe(3);
    const ledger = await ledgerOf();
    expect(ids.map((id) => ledger.get(id)?.status)).toEqual(['sent', 'sent', 'sent']);
  });

  it('lets exactly one of several concurrent deliveries of a fresh batch send', async () => {
    const { deps, message } = await scenario(4);
    sesMock.on(SendRawEmailCommand).callsFake(accept);
    const results = await Promise.all([1, 2, 3].map(() => deliverBatch(deps, message)));
    expect(results.reduce((n, r) => n + r.sent, 0)).toBe(4);
    expect(sentTo().sort()).toEqual([...new Set(sentTo())].sort());
    expect(sentTo()).toHaveLength(4);
  });

  it('backs off with jitter on throttling and sends once SES takes it', async () => {
    const { deps, message, clock } = await scenario(1);
    sesMock
      .on(SendRawEmailCommand)
      .rejectsOnce(throttling())
      .rejectsOnce(throttling())
      .callsFake(accept);
    const result = await deliverBatch(deps, message);
    expect(result).toMatchObject({ sent: 1, failed: 0, deferred: 0 });
    expect(sentTo()).toHaveLength(3);
    expect(clock.slept.filter((ms) => ms >= 100)).toEqual([100, 200]);
  });

  it.each([
    ['throttling that does not stop', throttling],
    ['a 5xx from SES', () => sesError('ServiceUnavailable', 'Service unavailable', 503)],
  ])(
    'defers after the last attempt on %s, and a later delivery sends it once',
    async (_case, fault) => {
      const { deps, message, ids, ledgerOf } = await scenario(2);
      sesMock.on(SendRawEmailCommand).rejects(fault());
      const first = await deliverBatch(deps, message);
      expect(first).toMatchObject({ sent: 0, deferred: 2, failed: 0 });
      expect((await ledgerOf()).size).toBe(0);
      sesMock.reset();
      sesMock.on(SendRawEmailCommand).callsFake(accept);
      expect(await deliverBatch(deps, message)).toMatchObject({ sent: 2 });
      expect(await deliverBatch(deps, message)).toMatchObject({ sent: 0, skipped: 2 });
      expect([...(await ledgerOf()).values()].map((e) => e.status)).toEqual(['sent', 'sent']);
      expect(ids).toHaveLength(2);
    },
  );

  it('stops at "Daily message quota exceeded", leaving the rest unclaimed for the next run', async () => {
    const { deps, message, ids, ledgerOf } = await scenario(4);
    sesMock.on(SendRawEmailCommand).callsFakeOnce(accept).rejects(dailyQuota());
    // One at a time, to see that nothing more is even tried once SES says stop.
    const first = await deliverBatch({ ...deps, concurrency: 1 }, message);
    expect(first).toMatchObject({ sent: 1, deferred: 3, failed: 0 });
    expect(first.halted).toMatch(/Daily message quota exceeded/);
    expect(sentTo()).toHaveLength(2);
    expect([...(await ledgerOf()).keys()]).toEqual([ids[0]]);

    sesMock.reset();
    sesMock.on(SendRawEmailCommand).callsFake(accept);
    expect(await deliverBatch(deps, message)).toMatchObject({ sent: 3, skipped: 1 });
    const ledger = await ledgerOf();
    expect(ids.map((id) => ledger.get(id)?.status)).toEqual(['sent', 'sent', 'sent', 'sent']);
  });

  it('fails a rejected address for good and goes on with the others', async () => {
    const { deps, message, ids, ledgerOf } = await scenario(3);
    sesMock.on(SendRawEmailCommand).callsFakeOnce(accept).rejectsOnce(rejected()).callsFake(accept);
    expect(await deliverBatch(deps, message)).toMatchObject({ sent: 2, failed: 1 });
    expect(await deliverBatch(deps, message)).toMatchObject({ sent: 0, skipped: 3 });
    const ledger = await ledgerOf();
    expect(ledger.get(ids[1] ?? '')).toMatchObject({
      status: 'failed',
      error: expect.stringMatching(/MessageRejected/),
    });
    expect(sentTo()).toHaveLength(3);
  });

  it('never resends when the outcome is unknown (timeout): at most once', async () => {
    const { deps, message, ids, ledgerOf } = await scenario(1);
    sesMock.on(SendRawEmailCommand).rejectsOnce(timeout()).callsFake(accept);
    expect(await deliverBatch(deps, message)).toMatchObject({ sent: 0, failed: 1 });
    expect(await deliverBatch(deps, message)).toMatchObject({ sent: 0, skipped: 1 });
    expect(sentTo()).toHaveLength(1);
    expect((await ledgerOf()).get(ids[0] ?? '')?.error).toMatch(/outcome unknown, not resent/);
  });

  it('keeps the claim when SES took the message but recording it failed (crash between send and record)', async () => {
    const { deps, message, ids, ledgerOf } = await scenario(1);
    sesMock.on(SendRawEmailCommand).callsFake(accept);
    const broken: Ledger = {
      ...deps.ledger,
      markSent: async () => {
        throw new Error('DynamoDB unavailable');
      },
    };
    await expect(deliverBatch({ ...deps, ledger: broken }, message)).rejects.toThrow(
      /DynamoDB unavailable/,
    );
    expect(await deliverBatch(deps, message)).toMatchObject({ sent: 0, skipped: 1 });
    expect(sentTo()).toHaveLength(1);
    expect((await ledgerOf()).get(ids[0] ?? '')?.status).toBe('sending');
  });

  it('sends once when a worker died between claim and send, after the claim lease ends', async () => {
    const { deps, message, ids, clock, ledgerOf } = await scenario(2);
    sesMock.on(SendRawEmailCommand).callsFake(accept);
    const crash = new Error('process killed');
    // The worker claims, then dies before handing anything to SES.
    const dying: Ledger = {
      ...deps.ledger,
      markSending: async () => {
        throw crash;
      },
    };
    await expect(deliverBatch({ ...deps, ledger: dying }, message)).rejects.toBe(crash);
    expect(sentTo()).toHaveLength(0);
    // A redelivery within the lease must not send (the first worker might still be alive),
    // nor settle: it defers, so SQS brings the batch back.
    expect(await deliverBatch(deps, message)).toMatchObject({ sent: 0, skipped: 0, deferred: 2 });
    await clock.sleep(16 * 60 * 1000);
    expect(await deliverBatch(deps, message)).toMatchObject({ sent: 2 });
    expect(await deliverBatch(deps, message)).toMatchObject({ sent: 0, skipped: 2 });
    expect(sentTo().sort()).toEqual([...new Set(sentTo())].sort());
    expect(sentTo()).toHaveLength(2);
    const ledger = await ledgerOf();
    expect(ids.map((id) => ledger.get(id)?.status)).toEqual(['sent', 'sent']);
  });

  it('does not send when its claim was taken over while it waited (a slow, not dead, worker)', async () => {
    const { deps, message, clock } = await scenario(1);
    sesMock.on(SendRawEmailCommand).callsFake(accept);
    // The pacer holds this worker past its lease; meanwhile another worker takes over and sends.
    let slowed = false;
    const slowPacer = {
      take: async () => {
        if (slowed) return;
        slowed = true;
        await clock.sleep(16 * 60 * 1000);
        expect(await deliverBatch(deps, message)).toMatchObject({ sent: 1 });
      },
    };
    const slow = await deliverBatch({ ...deps, pacer: slowPacer }, message);
    expect(slow.outcomes[0]).toMatchObject({
      outcome: 'skipped',
      reason: expect.stringMatching(/taken over/),
    });
    expect(sentTo()).toHaveLength(1);
  });

  it('skips a subscriber who left after the batch was queued, without calling SES', async () => {
    const { deps, message, ids, subscribers } = await scenario(2);
    sesMock.on(SendRawEmailCommand).callsFake(accept);
    const left = await subscribers.get(ids[0] ?? '');
    if (left === undefined) throw new Error('fixture missing');
    const gone = { ...left, status: 'unsubscribed' as const };
    const store = {
      ...subscribers,
      getMany: async (wanted: string[]) =>
        new Map(
          [...(await subscribers.getMany(wanted))].map(([id, s]) => [
            id,
            id === gone.id ? gone : s,
          ]),
        ),
    };
    const result = await deliverBatch({ ...deps, subscribers: store }, message);
    expect(result).toMatchObject({ sent: 1, skipped: 1 });
    expect(result.outcomes[0]).toMatchObject({
      outcome: 'skipped',
      reason: 'not confirmed (unsubscribed)',
    });
    expect(sentTo()).toHaveLength(1);
  });

  it('reports a stored subscriber with a malformed address and never retries it', async () => {
    const { deps, message, ids, ledgerOf, subscribers } = await scenario(1);
    sesMock.on(SendRawEmailCommand).callsFake(accept);
    const at = '2021-03-17T00:00:00.000Z';
    const bad: Subscriber = {
      id: `sub_bad_${run}`,
      email: 'not an address',
      status: 'confirmed',
      createdAt: at,
      updatedAt: at,
    };
    await subscribers.add(bad);
    const batch = { ...message, subscriberIds: [bad.id, ...ids] };
    const result = await deliverBatch(deps, batch);
    expect(result).toMatchObject({ sent: 1, failed: 1 });
    expect(result.outcomes[0]).toMatchObject({
      outcome: 'failed',
      reason: expect.stringMatching(/not an email address/),
    });
    expect(await deliverBatch(deps, batch)).toMatchObject({ sent: 0, failed: 0, skipped: 2 });
    expect((await ledgerOf()).get(bad.id)?.status).toBe('failed');
  });

  it('defers, unclaimed, what it has no time left to send', async () => {
    const { deps, message, ids, ledgerOf } = await scenario(4);
    sesMock.on(SendRawEmailCommand).callsFake(accept);
    const result = await deliverBatch(
      { ...deps, concurrency: 1, shouldStop: () => sentTo().length >= 2 },
      message,
    );
    expect(result).toMatchObject({ sent: 2, deferred: 2 });
    expect(sentTo()).toHaveLength(2);
    expect([...(await ledgerOf()).keys()].sort()).toEqual([ids[0], ids[1]].sort());
    expect(await deliverBatch(deps, message)).toMatchObject({ sent: 2, skipped: 2 });
  });
});
