import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createDocumentClient } from '../../lambda/adapters/dynamo-client.ts';
import { createSesClient, createSesMailer } from '../../lambda/adapters/ses-mailer.ts';
import { type BatchResult, deliverBatch } from '../../lambda/delivery/deliver.ts';
import type { Ledger, LedgerEntry, Mailer } from '../../lambda/delivery/ports.ts';
import { renderEdition } from '../../lambda/email/render-edition.ts';
import type { Edition } from '../../lambda/email/types.ts';
import { retryRecipients } from '../../lambda/handlers/retry.ts';
import type { Runtime } from '../../lambda/handlers/runtime.ts';
import {
  deliverDepsOf,
  recordingLog,
  runtimeOf,
  seedScenario,
  virtualClock,
} from '../helpers/delivery-scenario.ts';
import { startTestDynamo } from '../helpers/dynalite.ts';
import { type SesAnswer, type SesStandIn, startSesStandIn } from '../helpers/ses-stand-in.ts';
import { editionInput, loadTemplates } from '../unit/email/fixtures.ts';

/**
 * At most once when SES's answer is unclear, and retries on request that never overwrite
 * another's outcome: the DynamoDB ledger on dynalite, SES a loopback stand-in behind the
 * REAL SES client (createSesClient/createSesMailer), so "accepted, then 500" and a hung
 * call are SES's own answers, below the SDK.
 */
let dynamo: Awaited<ReturnType<typeof startTestDynamo>>;
let ses: SesStandIn;
let db: ReturnType<typeof createDocumentClient>;
let template: Edition;

beforeAll(async () => {
  dynamo = await startTestDynamo();
  ses = await startSesStandIn();
  db = createDocumentClient({ region: 'us-east-1', endpoint: dynamo.endpoint });
  template = await renderEdition(editionInput(), loadTemplates());
});
afterEach(() => {
  ses.answer = () => 'accept';
});
afterAll(async () => {
  db.destroy();
  await ses.close();
  await dynamo.close();
});

/** A `sending` entry is unresolved (its worker presumed gone) this long after the claim. */
const BOUND_MS = 15 * 60_000;

/** The real SES adapter, pointed at the stand-in (or anywhere), with a short request timeout. */
function sesMailer(endpoint: string, requestTimeoutMs: number): Mailer {
  const options = { region: 'us-east-1', endpoint, configurationSet: undefined, requestTimeoutMs };
  return createSesMailer(createSesClient(options), options);
}

let run = 0;
async function scenario(count: number, requestTimeoutMs = 10_000) {
  run += 1;
  const editionId = `ed-retry-${run}`;
  const { ledger, ids, emails, ...stores } = await seedScenario(
    db,
    template,
    {
      editionId,
      storySet: `retry-${run}`,
      email: (i) => `reader${i}.retry${run}@example.com`,
    },
    count,
  );
  const clock = virtualClock();
  const log = recordingLog();
  const mailer = sesMailer(ses.endpoint, requestTimeoutMs);
  const deps = deliverDepsOf({ ...stores, ledger }, { mailer, clock, log });
  const runtimeWith = (overrides: Partial<Runtime> = {}): Runtime => runtimeOf(deps, overrides);
  const entryOf = async (index = 0): Promise<LedgerEntry | undefined> =>
    ledger.get(editionId, ids[index] ?? '');
  const retry = (kind: 'failed' | 'unknown', runtime = runtimeWith()) =>
    retryRecipients(runtime, editionId, kind, { clock, log });
  return {
    editionId,
    deps,
    ledger,
    message: { editionId, subscriberIds: ids },
    ids,
    emails,
    clock,
    log,
    entryOf,
    runtimeWith,
    retry,
  };
}

/** Rejects when `work` takes longer than `ms` (real time), instead of hanging the suite. */
async function within<T>(ms: number, work: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: still pending after ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** An SES answer the test gives later: the message is in SES's hands meanwhile. */
function heldAnswer() {
  let give: (answer: SesAnswer) => void = () => undefined;
  const answer = new Promise<SesAnswer>((resolve) => {
    give = resolve;
  });
  return { answer, give };
}

describe('SES answers that leave the outcome unknown (at most once)', () => {
  it('accepted, then 500: unknown, taken once, never resent by a redelivery; retry-unknown resends it', async () => {
    const { deps, message, emails, entryOf, retry } = await scenario(2);
    const unclear = emails[0] ?? '';
    ses.answer = ({ to }) => (to === unclear ? 'accept-then-500' : 'accept');
    const first = await deliverBatch(deps, message);
    expect(first).toMatchObject({ sent: 1, unknown: 1, deferred: 0, failed: 0 });
    expect(first.outcomes[0]).toMatchObject({
      outcome: 'unknown',
      reason: expect.stringMatching(/InternalFailure/),
    });
    expect(await entryOf()).toMatchObject({
      status: 'unknown',
      error: expect.stringMatching(/InternalFailure/),
    });
    ses.answer = () => 'accept';
    expect(await deliverBatch(deps, message)).toMatchObject({ sent: 0, unknown: 0, skipped: 2 });
    expect(ses.takenBy(unclear)).toBe(1);
    // Only on request.
    expect(await retry('unknown')).toMatchObject({ found: 1, retried: 1, sent: 1 });
    expect(ses.takenBy(unclear)).toBe(2);
    expect(await entryOf()).toMatchObject({ status: 'sent', messageId: expect.any(String) });
    expect(await retry('unknown')).toMatchObject({ found: 0, retried: 0 });
    expect(ses.takenBy(emails[1] ?? '')).toBe(1);
  });

  it('a hung SES: the request timeout ends the call as unknown, never resent by a redelivery', async () => {
    const { deps, message, emails, entryOf, retry } = await scenario(1, 300);
    ses.answer = () => 'hang';
    const first = await within(
      5_000,
      deliverBatch(deps, message),
      'deliverBatch against a hung SES (requestTimeoutMs: 300)',
    );
    expect(first).toMatchObject({ sent: 0, unknown: 1 });
    expect(first.outcomes[0]).toMatchObject({
      outcome: 'unknown',
      reason: expect.stringMatching(/TimeoutError/),
    });
    expect(await entryOf()).toMatchObject({ status: 'unknown' });
    ses.answer = () => 'accept';
    expect(await deliverBatch(deps, message)).toMatchObject({ sent: 0, skipped: 1 });
    expect(ses.takenBy(emails[0] ?? '')).toBe(1);
    expect(await retry('unknown')).toMatchObject({ retried: 1, sent: 1 });
    expect(ses.takenBy(emails[0] ?? '')).toBe(2);
    expect(await entryOf()).toMatchObject({ status: 'sent' });
  });

  it('SES not reachable at all (connection refused): certainly not taken, deferred unclaimed, sent by the redelivery', async () => {
    const { deps, message, emails, entryOf } = await scenario(1);
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const unreachable = sesMailer(`http://127.0.0.1:${port}`, 10_000);
    const first = await deliverBatch({ ...deps, mailer: unreachable }, message);
    expect(first).toMatchObject({ sent: 0, unknown: 0, deferred: 1 });
    expect(first.outcomes[0]).toMatchObject({ reason: expect.stringMatching(/ECONNREFUSED/) });
    expect(await entryOf()).toBeUndefined();
    expect(await deliverBatch(deps, message)).toMatchObject({ sent: 1 });
    expect(ses.takenBy(emails[0] ?? '')).toBe(1);
  });
});

describe('retry-unknown and a worker still alive', () => {
  /**
   * Starts a worker whose SES call for the first recipient is held until `give()`; with
   * `holdRetry`, the next call for that recipient (the retry's) is held until `giveRetry()`.
   */
  async function liveWorker(s: Awaited<ReturnType<typeof scenario>>, holdRetry = false) {
    const worker = heldAnswer();
    const retry = heldAnswer();
    const target = s.emails[0] ?? '';
    let calls = 0;
    ses.answer = ({ to }) => {
      if (to !== target) return 'accept';
      calls += 1;
      if (calls === 1) return worker.answer;
      return calls === 2 && holdRetry ? retry.answer : 'accept';
    };
    const done: Promise<BatchResult> = deliverBatch(s.deps, s.message);
    await vi.waitFor(() => expect(ses.sends.some((r) => r.to === target)).toBe(true));
    const claim = await s.entryOf();
    expect(claim).toMatchObject({ status: 'sending' });
    return {
      give: worker.give,
      giveRetry: retry.give,
      done,
      claimId: claim?.claimId ?? '',
      target,
    };
  }

  it('leaves a sending entry alone while its worker may be alive (within the bound)', async () => {
    const s = await scenario(1);
    const worker = await liveWorker(s);
    await s.clock.sleep(BOUND_MS - 60_000);
    expect(await s.retry('unknown')).toMatchObject({ found: 0, retried: 0, sent: 0 });
    expect(ses.sends.filter((r) => r.to === worker.target)).toHaveLength(1);
    worker.give('accept');
    expect(await worker.done).toMatchObject({ sent: 1 });
    expect(await s.entryOf()).toMatchObject({ status: 'sent', claimId: worker.claimId });
    expect(ses.takenBy(worker.target)).toBe(1);
  });

  it('past the bound, a worker that records its send before the fenced reclaim wins: one message', async () => {
    const s = await scenario(1);
    const worker = await liveWorker(s);
    await s.clock.sleep(BOUND_MS + 1);
    // The retry lists the entry as unresolved; before its reclaim, the worker gets SES's
    // answer and records it.
    const racing: Ledger = {
      ...s.ledger,
      reclaim: async (entry, at) => {
        worker.give('accept');
        await worker.done;
        return s.ledger.reclaim(entry, at);
      },
    };
    const summary = await s.retry('unknown', s.runtimeWith({ ledger: racing }));
    expect(summary).toMatchObject({ found: 1, retried: 0, changedMeanwhile: 1, sent: 0 });
    const result = await worker.done;
    expect(result).toMatchObject({ sent: 1 });
    expect(await s.entryOf()).toMatchObject({
      status: 'sent',
      claimId: worker.claimId,
      messageId: result.outcomes[0]?.outcome === 'sent' ? result.outcomes[0].messageId : 'none',
    });
    expect(ses.takenBy(worker.target)).toBe(1);
  });

  it.each([
    ['a refusal (markFailed)', 'reject', /recipient failed/],
    ['an unclear answer (markUnknown)', 'accept-then-500', /unknown outcome not recorded/],
  ] as const)(
    'past the bound, the retry takes it; %s the worker gets while the retry sends is fenced out',
    async (_case, answer, logged) => {
      const s = await scenario(1);
      const worker = await liveWorker(s, true);
      await s.clock.sleep(BOUND_MS + 1);
      const retrying = s.retry('unknown');
      await vi.waitFor(() =>
        expect(ses.sends.filter((r) => r.to === worker.target)).toHaveLength(2),
      );
      const taken = await s.entryOf();
      expect(taken).toMatchObject({ status: 'sending' });
      expect(taken?.claimId).not.toBe(worker.claimId);
      // The worker's write is fenced by its own claim, which the retry's reclaim replaced.
      worker.give(answer);
      await worker.done;
      expect(s.log.lines).toContainEqual(
        expect.objectContaining({ level: 'warn', message: expect.stringMatching(logged) }),
      );
      expect(await s.entryOf()).toEqual(taken);
      worker.giveRetry('accept');
      expect(await retrying).toMatchObject({ retried: 1, sent: 1 });
      expect(await s.entryOf()).toMatchObject({ status: 'sent', claimId: taken?.claimId });
    },
  );

  it('past the bound, the retry takes it; a worker SES took it from after all records it as sent', async () => {
    // The cost of --retry-unknown on an entry whose worker was alive: two messages. The entry
    // still ends `sent` (SES took both), with the worker's record written last.
    const s = await scenario(1);
    const worker = await liveWorker(s);
    await s.clock.sleep(BOUND_MS + 1);
    expect(await s.retry('unknown')).toMatchObject({ retried: 1, sent: 1 });
    worker.give('accept');
    const result = await worker.done;
    expect(await s.entryOf()).toMatchObject({
      status: 'sent',
      claimId: worker.claimId,
      messageId: result.outcomes[0]?.outcome === 'sent' ? result.outcomes[0].messageId : 'none',
    });
    expect(ses.takenBy(worker.target)).toBe(2);
  });
});

describe('retry-failed', () => {
  it('never overwrites the sent entry of another retry that took it first', async () => {
    const s = await scenario(2);
    const refused = s.emails[0] ?? '';
    ses.answer = ({ to }) => (to === refused ? 'reject' : 'accept');
    expect(await deliverBatch(s.deps, s.message)).toMatchObject({ sent: 1, failed: 1 });
    ses.answer = () => 'accept';
    // Two operators retry at once; the second lists the entry as failed, then the first
    // retry takes it, sends and records it before the second's reclaim.
    let firstDone: Promise<unknown> = Promise.resolve();
    const late: Ledger = {
      ...s.ledger,
      reclaim: async (entry, at) => {
        firstDone = s.retry('failed');
        await firstDone;
        return s.ledger.reclaim(entry, at);
      },
    };
    const second = await s.retry('failed', s.runtimeWith({ ledger: late }));
    expect(await firstDone).toMatchObject({ found: 1, retried: 1, sent: 1 });
    expect(second).toMatchObject({ found: 1, retried: 0, changedMeanwhile: 1, sent: 0 });
    expect(await s.entryOf()).toMatchObject({ status: 'sent' });
    expect(ses.takenBy(refused)).toBe(1);
    expect(ses.sends.filter((r) => r.to === refused)).toHaveLength(2);
    // Nothing failed is left, and the one sent first was never touched.
    expect(await s.retry('failed')).toMatchObject({ found: 0 });
    expect(ses.takenBy(s.emails[1] ?? '')).toBe(1);
  });

  it('gives an entry it could not send back as failed, fenced by its own claim', async () => {
    const s = await scenario(1);
    ses.answer = () => 'reject';
    expect(await deliverBatch(s.deps, s.message)).toMatchObject({ failed: 1 });
    ses.answer = () => 'throttle';
    const summary = await s.retry('failed');
    expect(summary).toMatchObject({ retried: 1, sent: 0, deferred: 1 });
    const back = await s.entryOf();
    expect(back).toMatchObject({
      status: 'failed',
      error: expect.stringMatching(/not sent on retry/),
    });
    ses.answer = () => 'accept';
    expect(await s.retry('failed')).toMatchObject({ retried: 1, sent: 1 });
    expect(ses.takenBy(s.emails[0] ?? '')).toBe(1);
  });
});
