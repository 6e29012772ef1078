import { GetSendQuotaCommand, SESClient, SendRawEmailCommand } from '@aws-sdk/client-ses';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createDocumentClient } from '../../lambda/adapters/dynamo-client.ts';
import { createSesMailer } from '../../lambda/adapters/ses-mailer.ts';
import { deliverBatch } from '../../lambda/delivery/deliver.ts';
import type { Ledger, Logger } from '../../lambda/delivery/ports.ts';
import { renderEdition } from '../../lambda/email/render-edition.ts';
import type { Edition } from '../../lambda/email/types.ts';
import { retryRecipients } from '../../lambda/handlers/retry.ts';
import type { Subscriber } from '../../lambda/subscribers/subscriber.ts';
import {
  deliverDepsOf,
  ledgerReader,
  runtimeOf,
  seedScenario,
  virtualClock,
} from '../helpers/delivery-scenario.ts';
import { startTestDynamo } from '../helpers/dynalite.ts';
import {
  dailyQuota,
  ROOMY_QUOTA,
  rejected,
  sesError,
  throttling,
  timeout,
} from '../helpers/ses-faults.ts';
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

let run = 0;
/** A fresh edition and `count` confirmed subscribers, isolated from other tests by name. */
async function scenario(count: number) {
  run += 1;
  const editionId = `ed-faults-${run}`;
  const { ledger, ids, ...stores } = await seedScenario(
    db,
    template,
    { editionId, storySet: `set-${run}`, email: (i) => `reader${i}.run${run}@example.com` },
    count,
  );
  const { subscribers } = stores;
  const clock = virtualClock();
  const mailer = createSesMailer(ses, {
    region: 'us-east-1',
    endpoint: undefined,
    configurationSet: undefined,
  });
  const deps = deliverDepsOf({ ...stores, ledger }, { mailer, clock, log: quietLog });
  const message = { editionId, subscriberIds: ids };
  const ledgerOf = ledgerReader(ledger, editionId);
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
    // backoffMs(0, 0.5) and backoffMs(1, 0.5); the pacer's own waits are shorter.
    expect(clock.slept.filter((ms) => ms >= 100)).toEqual([100, 200]);
  });

  it('defers after the last attempt on throttling that does not stop, and a later delivery sends it once', async () => {
    const { deps, message, ids, ledgerOf } = await scenario(2);
    sesMock.on(SendRawEmailCommand).rejects(throttling());
    const first = await deliverBatch(deps, message);
    expect(first).toMatchObject({ sent: 0, deferred: 2, failed: 0, unknown: 0 });
    // Certainly not taken: every claim was given back.
    expect((await ledgerOf()).size).toBe(0);
    sesMock.reset();
    sesMock.on(SendRawEmailCommand).callsFake(accept);
    expect(await deliverBatch(deps, message)).toMatchObject({ sent: 2 });
    expect(await deliverBatch(deps, message)).toMatchObject({ sent: 0, skipped: 2 });
    const ledger = await ledgerOf();
    expect(ids.map((id) => ledger.get(id)?.status)).toEqual(['sent', 'sent']);
  });

  it.each([
    ['InternalFailure', 500],
    ['ServiceUnavailable', 503],
  ])(
    'never resends after a %s (%i) from SES: it may have taken it, so it is unknown',
    async (name, status) => {
      const { deps, message, ids, ledgerOf } = await scenario(2);
      sesMock.on(SendRawEmailCommand).rejects(sesError(name, 'x', status));
      const first = await deliverBatch(deps, message);
      expect(first).toMatchObject({ sent: 0, deferred: 0, failed: 0, unknown: 2 });
      // One call each: no retry, by the SDK or by delivery.
      expect(sentTo()).toHaveLength(2);
      sesMock.reset();
      sesMock.on(SendRawEmailCommand).callsFake(accept);
      expect(await deliverBatch(deps, message)).toMatchObject({ sent: 0, skipped: 2 });
      expect(sentTo()).toHaveLength(0);
      const ledger = await ledgerOf();
      expect(ids.map((id) => ledger.get(id)?.status)).toEqual(['unknown', 'unknown']);
      expect(ledger.get(ids[0] ?? '')?.error).toMatch(new RegExp(name));
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
    expect(await deliverBatch(deps, message)).toMatchObject({ sent: 0, failed: 0, unknown: 1 });
    expect(await deliverBatch(deps, message)).toMatchObject({ sent: 0, unknown: 0, skipped: 1 });
    expect(sentTo()).toHaveLength(1);
    expect((await ledgerOf()).get(ids[0] ?? '')).toMatchObject({
      status: 'unknown',
      error: expect.stringMatching(/TimeoutError/),
    });
  });

  it('keeps the entry sending when SES took the message but recording it failed: never resent', async () => {
    const { deps, message, ids, ledgerOf } = await scenario(1);
    sesMock.on(SendRawEmailCommand).callsFake(accept);
    const errors: string[] = [];
    const broken: Ledger = {
      ...deps.ledger,
      recordSent: async () => {
        throw new Error('DynamoDB unavailable');
      },
    };
    const result = await deliverBatch(
      { ...deps, ledger: broken, log: { ...quietLog, error: (m) => errors.push(m) } },
      message,
    );
    // SES took it: sent, but not recorded; the entry stays `sending` for SES's events.
    expect(result).toMatchObject({ sent: 1, unrecorded: 1 });
    expect(errors).toEqual([expect.stringMatching(/not recorded/)]);
    expect((await ledgerOf()).get(ids[0] ?? '')?.status).toBe('sending');
    // Within the bound its worker may yet give it back: the batch comes back later.
    expect(await deliverBatch(deps, message)).toMatchObject({ sent: 0, deferred: 1 });
    // Past it, the worker is gone: left to SES's events and `status --unknown`, never resent.
    await deps.clock.sleep(16 * 60 * 1000);
    expect(await deliverBatch(deps, message)).toMatchObject({ sent: 0, skipped: 1 });
    expect(sentTo()).toHaveLength(1);
  });

  it('never sends automatically for a worker that died between its claim and the send; retry-unknown does, once', async () => {
    const { deps, message, ids, clock, ledgerOf } = await scenario(2);
    sesMock.on(SendRawEmailCommand).callsFake(accept);
    // The worker writes its claims, then dies before handing anything to SES: it never
    // comes back from the pacer (no catch, no finally runs in a killed process).
    const dead = { take: () => new Promise<void>(() => undefined) };
    void deliverBatch({ ...deps, pacer: dead }, message);
    await vi.waitFor(async () =>
      expect([...(await ledgerOf()).values()].map((e) => e.status)).toEqual(['sending', 'sending']),
    );
    expect(sentTo()).toHaveLength(0);
    // A `sending` entry is never taken over by a delivery, however late: the first worker
    // may have handed it over. Within the bound its redeliveries come back later (it may
    // yet give the claim back); past it they skip it.
    const early = await deliverBatch(deps, message);
    expect(early).toMatchObject({ sent: 0, deferred: 2 });
    expect(early.outcomes[0]).toMatchObject({ reason: 'being sent by another worker' });
    await clock.sleep(24 * 60 * 60 * 1000);
    const late = await deliverBatch(deps, message);
    expect(late).toMatchObject({ sent: 0, skipped: 2 });
    expect(late.outcomes[0]).toMatchObject({
      reason: expect.stringMatching(/worker that is gone \(outcome unknown\)/),
    });
    expect(sentTo()).toHaveLength(0);
    // Past the unresolved bound, on request only.
    sesMock.on(GetSendQuotaCommand).resolves(ROOMY_QUOTA);
    const runtime = runtimeOf(deps);
    const retried = await retryRecipients(runtime, message.editionId, 'unknown', {
      clock,
      log: quietLog,
    });
    expect(retried).toMatchObject({ found: 2, retried: 2, sent: 2 });
    expect(sentTo().sort()).toEqual([...new Set(sentTo())].sort());
    expect(sentTo()).toHaveLength(2);
    const ledger = await ledgerOf();
    expect(ids.map((id) => ledger.get(id)?.status)).toEqual(['sent', 'sent']);
  });

  it('brings the batch back, not skips it, when another worker holds a claim it then gives back (SES throttled it)', async () => {
    const { deps, message, ledgerOf } = await scenario(1);
    // The first worker's send is throttled; while SES answers, the same batch is received
    // by a second worker, which finds the claim. The first gives it back and defers too.
    let during: Awaited<ReturnType<typeof deliverBatch>> | undefined;
    sesMock.on(SendRawEmailCommand).callsFake(async () => {
      during ??= await deliverBatch(deps, message);
      throw throttling();
    });
    const first = await deliverBatch({ ...deps, maxAttempts: 1 }, message);
    expect(first).toMatchObject({ sent: 0, deferred: 1 });
    expect(during).toMatchObject({ sent: 0, skipped: 0, deferred: 1 });
    expect((await ledgerOf()).size).toBe(0);
    // Both report the batch back; whichever comes back sends it, once.
    sesMock.reset();
    sesMock.on(SendRawEmailCommand).callsFake(accept);
    expect(await deliverBatch(deps, message)).toMatchObject({ sent: 1 });
    expect(await deliverBatch(deps, message)).toMatchObject({ sent: 0, skipped: 1 });
    expect(sentTo()).toHaveLength(1);
  });

  it('retries giving a claim back when the store fails, so a throttled recipient is not left sending', async () => {
    const { deps, message, ledgerOf } = await scenario(1);
    sesMock.on(SendRawEmailCommand).rejects(throttling());
    let failures = 2;
    const flaky: Ledger = {
      ...deps.ledger,
      release: async (...args) => {
        if (failures-- > 0) throw new Error('ProvisionedThroughputExceededException');
        return deps.ledger.release(...args);
      },
    };
    const first = await deliverBatch({ ...deps, ledger: flaky, maxAttempts: 1 }, message);
    expect(first).toMatchObject({ sent: 0, deferred: 1 });
    expect(failures).toBe(-1);
    expect((await ledgerOf()).size).toBe(0);
  });

  it('does not send twice when a redelivery runs while the first worker waits at the pacer', async () => {
    const { deps, message, ledgerOf, ids } = await scenario(1);
    sesMock.on(SendRawEmailCommand).callsFake(accept);
    // The first worker holds its claim while the pacer holds it; a redelivery meanwhile
    // finds the entry `sending` and leaves it alone, however long the wait.
    let during: Awaited<ReturnType<typeof deliverBatch>> | undefined;
    let slowed = false;
    const slowPacer = {
      take: async () => {
        if (slowed) return;
        slowed = true;
        await deps.clock.sleep(16 * 60 * 1000);
        during = await deliverBatch(deps, message);
      },
    };
    const slow = await deliverBatch({ ...deps, pacer: slowPacer }, message);
    // Sixteen minutes on, past any live worker's lifetime: left alone as unresolved.
    expect(during).toMatchObject({ sent: 0, skipped: 1 });
    expect(during?.outcomes[0]).toMatchObject({
      outcome: 'skipped',
      reason: expect.stringMatching(/worker that is gone/),
    });
    expect(slow).toMatchObject({ sent: 1 });
    expect(sentTo()).toHaveLength(1);
    expect((await ledgerOf()).get(ids[0] ?? '')?.status).toBe('sent');
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
