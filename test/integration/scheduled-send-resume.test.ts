import { cp, mkdtemp, rename, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetSendQuotaCommand, SendRawEmailCommand } from '@aws-sdk/client-ses';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { retryRecipients } from '../../lambda/handlers/retry.ts';
import type { Runtime } from '../../lambda/handlers/runtime.ts';
import { runScheduledSend } from '../../lambda/handlers/scheduled-send.ts';
import { subscriberIdFor } from '../../lambda/subscribers/subscriber-id.ts';
import { repoRoot } from '../helpers/cli.ts';
import {
  noWaitClock,
  quietLog,
  type ScheduledSendRig,
  startScheduledSendRig,
} from '../helpers/scheduled-send-rig.ts';
import { dailyQuota, ROOMY_QUOTA, rejected, throttling, timeout } from '../helpers/ses-faults.ts';

/** The whole scheduled job paused by SES's daily quota, then resumed by the next run. */
let rig: ScheduledSendRig;
let runtime: Runtime;
let sesMock: ScheduledSendRig['sesMock'];
const log = quietLog;
const clock = noWaitClock;
const READERS = 120; // three batches of 50, 50 and 20

beforeAll(async () => {
  rig = await startScheduledSendRig(READERS);
  ({ runtime, sesMock } = rig);
});
afterAll(() => rig.close());

describe('runScheduledSend', () => {
  it('pauses at the daily quota with the edition open, and the next run sends only the rest', async () => {
    let accepted = 0;
    const quota = dailyQuota();
    sesMock.on(SendRawEmailCommand).callsFake(() => {
      if (accepted >= 70) throw quota;
      accepted += 1;
      return { MessageId: `ses-${accepted}` };
    });
    const scheduledAt = new Date('2021-03-18T06:00:00Z');
    const first = await runScheduledSend(runtime, scheduledAt, { clock, log });
    expect(first.counts).toMatchObject({ recipients: READERS, sent: 70, failed: 0, deferred: 50 });
    expect(first.halted).toMatch(/Daily message quota exceeded/);
    const editionId = first.compose.outcome === 'queued' ? first.compose.editionId : '';
    expect((await runtime.editions.get(editionId))?.status).toBe('sending');

    // The quota resets; the next scheduled run (the next day) resumes the same edition.
    sesMock.reset();
    sesMock.on(GetSendQuotaCommand).resolves(ROOMY_QUOTA);
    sesMock.on(SendRawEmailCommand).callsFake(() => ({ MessageId: `ses-${++accepted}` }));
    const second = await runScheduledSend(runtime, new Date('2021-03-19T06:00:00Z'), {
      clock,
      log,
    });
    expect(second.compose).toMatchObject({ outcome: 'queued', editionId, resumed: true });
    expect(second.counts).toMatchObject({ sent: 50, skipped: 70, deferred: 0 });
    expect((await runtime.editions.get(editionId))?.status).toBe('sent');

    const recipients = sesMock
      .commandCalls(SendRawEmailCommand)
      .map((call) => call.args[0].input.Destinations?.[0]);
    expect(recipients).toHaveLength(50);
    expect(new Set(recipients).size).toBe(50);
    expect(accepted).toBe(READERS);

    const third = await runScheduledSend(runtime, new Date('2021-03-19T06:00:00Z'), { clock, log });
    expect(third.compose.outcome).toBe('already-sent');
  });

  it('retries the failed recipients only; unknown outcomes only on request', async () => {
    const storyDir = await mkdtemp(join(tmpdir(), 'braid-retry-'));
    await cp(join(repoRoot, 'content'), storyDir, { recursive: true });
    // A story is its folder: another folder is another story, never sent before.
    await rename(join(storyDir, 'biden-calls-putin-a-killer'), join(storyDir, 'another-take'));
    await writeFile(
      join(storyDir, 'another-take', 'story.yaml'),
      'status: ready\nheadline: Another take\n',
    );
    const own = { ...runtime, config: { ...runtime.config, contentDir: storyDir } };
    sesMock.reset();
    sesMock.on(GetSendQuotaCommand).resolves(ROOMY_QUOTA);
    const refused = rejected('Temporary blocklist');
    sesMock.on(SendRawEmailCommand).resolves({ MessageId: 'ok' });
    sesMock.on(SendRawEmailCommand, { Destinations: ['reader5@example.com'] }).rejects(refused);
    sesMock.on(SendRawEmailCommand, { Destinations: ['reader6@example.com'] }).rejects(timeout());
    const first = await runScheduledSend(own, new Date('2021-03-20T06:00:00Z'), { clock, log });
    expect(first.counts).toMatchObject({ sent: READERS - 2, failed: 1, unknown: 1 });
    const editionId = first.compose.outcome === 'queued' ? first.compose.editionId : '';

    sesMock.reset();
    sesMock.on(GetSendQuotaCommand).resolves(ROOMY_QUOTA);
    sesMock.on(SendRawEmailCommand).resolves({ MessageId: 'retried' });
    const retry = await retryRecipients(own, editionId, 'failed', { clock, log });
    expect(retry).toMatchObject({ found: 1, retried: 1, sent: 1, failed: 0 });
    const unknown = await retryRecipients(own, editionId, 'unknown', { clock, log });
    expect(unknown).toMatchObject({ found: 1, retried: 1, sent: 1 });
    expect(await retryRecipients(own, editionId, 'unknown', { clock, log })).toMatchObject({
      found: 0,
      retried: 0,
    });
    expect(await retryRecipients(own, editionId, 'failed', { clock, log })).toMatchObject({
      found: 0,
    });
    expect(
      sesMock.commandCalls(SendRawEmailCommand).map((c) => c.args[0].input.Destinations?.[0]),
    ).toEqual(['reader5@example.com', 'reader6@example.com']);
    // A retry cut short by the daily quota keeps the recipient failed, for the next retry.
    const reader7 = subscriberIdFor('reader7@example.com');
    const sent7 = await runtime.ledger.get(editionId, reader7);
    const claim7 = sent7 && (await runtime.ledger.reclaim(sent7, new Date()));
    expect(claim7).toBeTypeOf('string');
    await runtime.ledger.markFailed(
      editionId,
      reader7,
      claim7 ?? '',
      'MessageRejected: once',
      new Date(),
    );
    sesMock.reset();
    sesMock.on(GetSendQuotaCommand).resolves(ROOMY_QUOTA);
    sesMock.on(SendRawEmailCommand).rejects(dailyQuota());
    expect(await retryRecipients(own, editionId, 'failed', { clock, log })).toMatchObject({
      retried: 1,
      deferred: 1,
    });
    expect((await runtime.ledger.get(editionId, reader7))?.status).toBe('failed');
    sesMock.reset();
    sesMock.on(GetSendQuotaCommand).resolves(ROOMY_QUOTA);
    sesMock.on(SendRawEmailCommand).resolves({ MessageId: 'at last' });
    expect(await retryRecipients(own, editionId, 'failed', { clock, log })).toMatchObject({
      retried: 1,
      sent: 1,
    });
  });

  it('brings a batch with throttled recipients back, as SQS would, and settles it in the same run', async () => {
    const storyDir = await mkdtemp(join(tmpdir(), 'braid-redeliver-'));
    await cp(join(repoRoot, 'content'), storyDir, { recursive: true });
    await rename(join(storyDir, 'biden-calls-putin-a-killer'), join(storyDir, 'redelivered'));
    await writeFile(
      join(storyDir, 'redelivered', 'story.yaml'),
      'status: ready\nheadline: Redelivered\n',
    );
    const own = { ...runtime, config: { ...runtime.config, contentDir: storyDir } };
    sesMock.reset();
    sesMock.on(GetSendQuotaCommand).resolves(ROOMY_QUOTA);
    let throttled = 0;
    sesMock.on(SendRawEmailCommand).callsFake((input: { Destinations?: string[] }) => {
      // reader3 is throttled through one whole delivery (four attempts), then accepted.
      if (input.Destinations?.[0] === 'reader3@example.com' && throttled < 4) {
        throttled += 1;
        throw throttling();
      }
      return { MessageId: 'ok' };
    });
    const run = await runScheduledSend(own, new Date('2021-03-21T06:00:00Z'), { clock, log });
    expect(run.counts).toMatchObject({
      recipients: READERS,
      sent: READERS,
      deferred: 0,
      failed: 0,
    });
    expect(throttled).toBe(4);
    const editionId = run.compose.outcome === 'queued' ? run.compose.editionId : '';
    expect((await runtime.editions.get(editionId))?.status).toBe('sent');
  });
});
