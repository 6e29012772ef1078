import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { dynamoClientConfig } from '../../lambda/adapters/dynamo-client.ts';
import type { createDynamoLedger } from '../../lambda/adapters/dynamo-ledger.ts';
import { createSesClient, createSesMailer } from '../../lambda/adapters/ses-mailer.ts';
import { deliverBatch } from '../../lambda/delivery/deliver.ts';
import { renderEdition } from '../../lambda/email/render-edition.ts';
import type { Edition } from '../../lambda/email/types.ts';
import { retryRecipients } from '../../lambda/handlers/retry.ts';
import {
  deliverDepsOf,
  ledgerReader,
  recordingLog,
  runtimeOf,
  seedScenario,
  virtualClock,
} from '../helpers/delivery-scenario.ts';
import { startTestDynamo } from '../helpers/dynalite.ts';
import {
  type DynamoFaultProxy,
  type DynamoRequest,
  startDynamoFaultProxy,
} from '../helpers/dynamo-fault-proxy.ts';
import { claimOf, recordOf, subscriberOf, updateTo } from '../helpers/ledger-fault-proxy.ts';
import { type SesStandIn, startSesStandIn } from '../helpers/ses-stand-in.ts';
import { editionInput, loadTemplates } from '../unit/email/fixtures.ts';

/**
 * The DynamoDB ledger under DynamoDB's own failures, injected below the SDK by a loopback
 * proxy in front of dynalite: a conditional write applied and then answered 500 (the SDK,
 * with three attempts, retries a write that already took effect), and the batched record of
 * accepted sends failing past the SDK's retries. SES is a loopback stand-in used through the
 * real SES client.
 */
let dynamo: Awaited<ReturnType<typeof startTestDynamo>>;
let proxy: DynamoFaultProxy;
let ses: SesStandIn;
let db: DynamoDBDocumentClient;
let template: Edition;

beforeAll(async () => {
  dynamo = await startTestDynamo();
  proxy = await startDynamoFaultProxy(dynamo.endpoint);
  ses = await startSesStandIn();
  db = DynamoDBDocumentClient.from(
    new DynamoDBClient({
      ...dynamoClientConfig({ region: 'us-east-1', endpoint: proxy.endpoint }),
      maxAttempts: 3,
    }),
    { marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false } },
  );
  template = await renderEdition(editionInput(), loadTemplates());
});
afterEach(() => {
  proxy.clearRules();
  ses.answer = () => 'accept';
});
afterAll(async () => {
  db.destroy();
  await ses.close();
  await proxy.close();
  await dynamo.close();
});

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let run = 0;
/** A fresh edition and `count` confirmed subscribers; everything through the fault proxy. */
async function scenario(count: number) {
  run += 1;
  const editionId = `ed-ledger-faults-${run}`;
  const { ledger, ids, emails, ...stores } = await seedScenario(
    db,
    template,
    {
      editionId,
      storySet: `ledger-faults-${run}`,
      email: (i) => `reader${i}.ledger${run}@example.com`,
    },
    count,
  );
  const clock = virtualClock();
  const log = recordingLog();
  const sesOptions = {
    region: 'us-east-1',
    endpoint: ses.endpoint,
    configurationSet: undefined,
    requestTimeoutMs: 2_000,
  };
  const mailer = createSesMailer(createSesClient(sesOptions), sesOptions);
  const deps = deliverDepsOf({ ...stores, ledger }, { mailer, clock, log });
  const runtime = runtimeOf(deps);
  const message = { editionId, subscriberIds: ids };
  const ledgerOf = ledgerReader(ledger, editionId);
  const statuses = async () => {
    const entries = await ledgerOf();
    return ids.map((id) => entries.get(id)?.status);
  };
  return { editionId, deps, runtime, ledger, message, ids, emails, clock, log, ledgerOf, statuses };
}

const at = new Date('2021-03-18T06:00:00Z');
const id = (claim: Awaited<ReturnType<ReturnType<typeof createDynamoLedger>['claim']>>) =>
  'claimId' in claim ? claim.claimId : undefined;

describe('a conditional ledger write applied, then answered 500 (the SDK retries it)', () => {
  it('claim still resolves to its claim id, not to the entry it wrote itself', async () => {
    const { editionId, ledger } = await scenario(0);
    proxy.inject({ when: claimOf('sub_a'), fault: 'apply-then-500' });
    const claim = await ledger.claim(editionId, 'sub_a', 'a@example.com', at);
    expect(claim).toEqual({ claimId: expect.any(String) });
    // The first attempt was applied and answered 500; the SDK's retry failed its condition.
    expect(proxy.count('PutItem', claimOf('sub_a'))).toBe(2);
    expect(await ledger.get(editionId, 'sub_a')).toMatchObject({
      status: 'sending',
      claimId: id(claim),
    });
    // A second claimer still finds the entry taken.
    expect(await ledger.claim(editionId, 'sub_a', 'a@example.com', at)).toEqual({
      existing: expect.objectContaining({ claimId: id(claim) }),
    });
  });

  it.each([
    ['markFailed', 'failed'],
    ['markUnknown', 'unknown'],
  ] as const)('%s still resolves true, and the entry holds its outcome', async (method, status) => {
    const { editionId, ledger } = await scenario(0);
    const claimId = id(await ledger.claim(editionId, 'sub_a', 'a@example.com', at)) ?? '';
    proxy.inject({ when: updateTo('sub_a', status), fault: 'apply-then-500' });
    expect(await ledger[method](editionId, 'sub_a', claimId, 'InternalFailure: x', at)).toBe(true);
    expect(proxy.count('UpdateItem', updateTo('sub_a', status))).toBe(2);
    expect(await ledger.get(editionId, 'sub_a')).toMatchObject({
      status,
      claimId,
      error: 'InternalFailure: x',
    });
    // Still fenced: another claim id moves nothing.
    expect(await ledger.markFailed(editionId, 'sub_a', 'not-mine', 'x', at)).toBe(false);
  });

  it('reclaim still resolves to its new claim id', async () => {
    const { editionId, ledger } = await scenario(0);
    const first = id(await ledger.claim(editionId, 'sub_a', 'a@example.com', at)) ?? '';
    await ledger.markFailed(editionId, 'sub_a', first, 'MessageRejected: no', at);
    const failed = await ledger.get(editionId, 'sub_a');
    if (failed === undefined) throw new Error('fixture missing');
    proxy.inject({ when: updateTo('sub_a', 'sending'), fault: 'apply-then-500' });
    const again = await ledger.reclaim(failed, at);
    expect(again).toEqual(expect.any(String));
    expect(again).not.toBe(first);
    expect(proxy.count('UpdateItem', updateTo('sub_a', 'sending'))).toBe(2);
    expect(await ledger.get(editionId, 'sub_a')).toMatchObject({
      status: 'sending',
      claimId: again,
    });
    expect((await ledger.get(editionId, 'sub_a'))?.error).toBeUndefined();
    // The read it was fenced on is stale now: nobody else takes it.
    expect(await ledger.reclaim(failed, at)).toBeUndefined();
  });

  it('deliverBatch sends a recipient whose claim was applied then errored exactly once', async () => {
    const { deps, message, ids, emails, statuses } = await scenario(2);
    proxy.inject({ when: claimOf(ids[0] ?? ''), fault: 'apply-then-500' });
    const first = await deliverBatch(deps, message);
    expect(first).toMatchObject({ sent: 2, skipped: 0, deferred: 0 });
    const claims = proxy.requests.filter(claimOf(ids[0] ?? ''));
    expect(claims.map((r) => r.fault)).toEqual(['apply-then-500', undefined]);
    expect(await deliverBatch(deps, message)).toMatchObject({ sent: 0, skipped: 2 });
    expect(emails.map((e) => ses.takenBy(e))).toEqual([1, 1]);
    expect(await statuses()).toEqual(['sent', 'sent']);
  });

  it('a claim applied but answered 500 past every SDK attempt is given back: the redelivery sends once', async () => {
    const { deps, message, ids, emails, statuses, log } = await scenario(2);
    proxy.inject({ when: claimOf(ids[0] ?? ''), fault: 'apply-then-500', times: 3 });
    const first = await deliverBatch(deps, message);
    expect(first).toMatchObject({ sent: 1, deferred: 1 });
    expect(first.outcomes[0]).toMatchObject({
      outcome: 'deferred',
      reason: expect.stringMatching(/InternalServerError/),
    });
    expect(log.lines).toContainEqual(
      expect.objectContaining({ level: 'error', message: expect.stringMatching(/store call/) }),
    );
    // Not left `sending` with nobody to send it: the redelivery claims and sends it.
    expect(await statuses()).toEqual([undefined, 'sent']);
    expect(ses.takenBy(emails[0] ?? '')).toBe(0);
    expect(await deliverBatch(deps, message)).toMatchObject({ sent: 1, skipped: 1 });
    expect(emails.map((e) => ses.takenBy(e))).toEqual([1, 1]);
    expect(await statuses()).toEqual(['sent', 'sent']);
  });

  it('deliverBatch records a refusal as failed when markFailed was applied then errored', async () => {
    const { deps, message, ids, emails, ledgerOf, log } = await scenario(2);
    const refused = emails[0];
    ses.answer = ({ to }) => (to === refused ? 'reject' : 'accept');
    proxy.inject({ when: updateTo(ids[0] ?? '', 'failed'), fault: 'apply-then-500' });
    try {
      expect(await deliverBatch(deps, message)).toMatchObject({ sent: 1, failed: 1, deferred: 0 });
      expect(await deliverBatch(deps, message)).toMatchObject({ sent: 0, failed: 0, skipped: 2 });
    } finally {
      ses.answer = () => 'accept';
    }
    expect(proxy.count('UpdateItem', updateTo(ids[0] ?? '', 'failed'))).toBe(2);
    expect((await ledgerOf()).get(ids[0] ?? '')).toMatchObject({
      status: 'failed',
      error: expect.stringMatching(/MessageRejected/),
    });
    expect(ses.sends.filter((s) => s.to === refused)).toHaveLength(1);
    expect(log.lines.filter((l) => l.message.includes('store call failed'))).toEqual([]);
  });

  it('deliverBatch records an unclear answer as unknown when markUnknown was applied then errored', async () => {
    const { deps, message, ids, emails, ledgerOf, log } = await scenario(2);
    const unclear = emails[0];
    ses.answer = ({ to }) => (to === unclear ? 'accept-then-500' : 'accept');
    proxy.inject({ when: updateTo(ids[0] ?? '', 'unknown'), fault: 'apply-then-500' });
    try {
      expect(await deliverBatch(deps, message)).toMatchObject({ sent: 1, unknown: 1 });
      expect(await deliverBatch(deps, message)).toMatchObject({ sent: 0, unknown: 0, skipped: 2 });
    } finally {
      ses.answer = () => 'accept';
    }
    expect(proxy.count('UpdateItem', updateTo(ids[0] ?? '', 'unknown'))).toBe(2);
    expect((await ledgerOf()).get(ids[0] ?? '')?.status).toBe('unknown');
    // Its own write was not mistaken for someone else's.
    expect(log.lines.filter((l) => /not recorded/.test(l.message))).toEqual([]);
    expect(ses.takenBy(unclear ?? '')).toBe(1);
  });

  it('retryRecipients resends an unknown recipient once when its reclaim was applied then errored', async () => {
    const { deps, runtime, message, editionId, ids, emails, clock, log, statuses } =
      await scenario(1);
    ses.answer = () => 'accept-then-500';
    try {
      expect(await deliverBatch(deps, message)).toMatchObject({ unknown: 1 });
    } finally {
      ses.answer = () => 'accept';
    }
    proxy.inject({ when: updateTo(ids[0] ?? '', 'sending'), fault: 'apply-then-500' });
    const summary = await retryRecipients(runtime, editionId, 'unknown', { clock, log });
    expect(summary).toMatchObject({ found: 1, retried: 1, changedMeanwhile: 0, sent: 1 });
    expect(proxy.count('UpdateItem', updateTo(ids[0] ?? '', 'sending'))).toBe(2);
    expect(await statuses()).toEqual(['sent']);
    expect(ses.takenBy(emails[0] ?? '')).toBe(2);
  });

  it('a release applied then errored: the throttled recipient is claimed again and sent once', async () => {
    const { deps, message, ids, emails, statuses } = await scenario(1);
    let calls = 0;
    ses.answer = () => (++calls === 1 ? 'throttle' : 'accept');
    const releaseOf = (request: DynamoRequest) =>
      request.operation === 'DeleteItem' && subscriberOf(request.body) === ids[0];
    proxy.inject({ when: releaseOf, fault: 'apply-then-500' });
    try {
      expect(await deliverBatch(deps, message)).toMatchObject({ sent: 1, deferred: 0 });
    } finally {
      ses.answer = () => 'accept';
    }
    expect(proxy.count('DeleteItem', releaseOf)).toBe(2);
    expect(proxy.count('PutItem', claimOf(ids[0] ?? ''))).toBe(2);
    expect(ses.takenBy(emails[0] ?? '')).toBe(1);
    expect(await statuses()).toEqual(['sent']);
  });
});

describe('recording accepted sends when DynamoDB fails past the SDK retries', () => {
  /** Nothing is still running once deliverBatch resolved: no SES call, no ledger write. */
  async function expectNothingLeftRunning() {
    const sends = ses.sends.length;
    const requests = proxy.requests.length;
    await pause(600);
    expect(ses.sends.length).toBe(sends);
    expect(proxy.requests.length).toBe(requests);
  }

  it('retries a recordSent answered 500 until it succeeds: every entry ends sent', async () => {
    const { deps, message, emails, ledgerOf, ids, log } = await scenario(3);
    // Five 500s: the first write's three SDK attempts, and two of the next write's.
    proxy.inject({ when: recordOf(), fault: '500', times: 5 });
    const mark = proxy.requests.length;
    const result = await deliverBatch(deps, message);
    await expectNothingLeftRunning();
    expect(result).toMatchObject({ sent: 3, unrecorded: 0 });
    expect(proxy.requests.slice(mark).filter((r) => r.fault === '500')).toHaveLength(5);
    const entries = await ledgerOf();
    const messageIds = result.outcomes.map((o) => (o.outcome === 'sent' ? o.messageId : ''));
    expect(ids.map((i) => entries.get(i)?.status)).toEqual(['sent', 'sent', 'sent']);
    expect(ids.map((i) => entries.get(i)?.messageId)).toEqual(messageIds);
    expect(emails.map((e) => ses.takenBy(e))).toEqual([1, 1, 1]);
    expect(log.lines.filter((l) => l.level === 'error')).toEqual([]);
  });

  it('retries a recordSent whose items come back unprocessed (throttled)', async () => {
    const { deps, message, emails, statuses, log } = await scenario(3);
    proxy.inject({ when: recordOf(), fault: 'unprocessed', times: 4 });
    const mark = proxy.requests.length;
    const result = await deliverBatch(deps, message);
    await expectNothingLeftRunning();
    expect(result).toMatchObject({ sent: 3, unrecorded: 0 });
    expect(proxy.requests.slice(mark).filter((r) => r.fault === 'unprocessed')).toHaveLength(4);
    expect(await statuses()).toEqual(['sent', 'sent', 'sent']);
    expect(emails.map((e) => ses.takenBy(e))).toEqual([1, 1, 1]);
    expect(log.lines.filter((l) => l.level === 'error')).toEqual([]);
  });

  it('gives up at the deadline: counted unrecorded, left sending, an error logged, never resent', async () => {
    const { deps, message, emails, ids, statuses, clock, log } = await scenario(2);
    const deadline = clock.now().getTime() + 10_000;
    const timeLeftMs = () => deadline - clock.now().getTime();
    proxy.inject({ when: recordOf(), fault: '500', times: 10_000 });
    const mark = proxy.requests.length;
    const result = await deliverBatch({ ...deps, timeLeftMs }, message);
    await expectNothingLeftRunning();
    expect(result).toMatchObject({ sent: 2, unrecorded: 2 });
    expect(await statuses()).toEqual(['sending', 'sending']);
    const errors = log.lines.filter((l) => l.level === 'error');
    expect(errors.map((l) => l.message)).toEqual(
      errors.map(() => expect.stringMatching(/not recorded/)),
    );
    expect(errors.flatMap((l) => l.fields?.subscribers as string[]).sort()).toEqual(
      [...ids].sort(),
    );
    expect(errors[0]?.fields?.reason).toMatch(/InternalServerError/);
    // Given up with time to spare, after more than one attempt.
    expect(timeLeftMs()).toBeGreaterThan(0);
    const writes = proxy.requests.slice(mark).filter((r) => r.operation === 'BatchWriteItem');
    expect(writes.length).toBeGreaterThan(3);
    expect(writes.every((r) => r.fault === '500')).toBe(true);
    // The redelivered batch leaves them to SES's events: at most once (deferred while their
    // worker may still be alive, skipped once it cannot be).
    proxy.clearRules();
    expect(await deliverBatch(deps, message)).toMatchObject({ sent: 0, deferred: 2 });
    await deps.clock.sleep(16 * 60 * 1000);
    expect(await deliverBatch(deps, message)).toMatchObject({ sent: 0, skipped: 2 });
    expect(emails.map((e) => ses.takenBy(e))).toEqual([1, 1]);
  });
});
