import { cp, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetSendQuotaCommand, SendRawEmailCommand } from '@aws-sdk/client-ses';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LedgerEntry } from '../../lambda/delivery/ports.ts';
import type { Runtime } from '../../lambda/handlers/runtime.ts';
import { runScheduledSend } from '../../lambda/handlers/scheduled-send.ts';
import { repoRoot } from '../helpers/cli.ts';
import {
  noWaitClock,
  quietLog,
  type ScheduledSendRig,
  startScheduledSendRig,
} from '../helpers/scheduled-send-rig.ts';
import { ROOMY_QUOTA } from '../helpers/ses-faults.ts';

/** runScheduledSend asked to stop (Ctrl-C locally) mid-send, then run again. */
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

async function ledger(editionId: string): Promise<LedgerEntry[]> {
  const entries: LedgerEntry[] = [];
  for await (const entry of runtime.ledger.list(editionId)) entries.push(entry);
  return entries;
}

describe('runScheduledSend with a signal', () => {
  it('stops starting sends once aborted, records those in flight, leaves the edition open; the next run finishes it', async () => {
    const controller = new AbortController();
    let accepted = 0;
    sesMock.on(SendRawEmailCommand).callsFake(() => {
      accepted += 1;
      if (accepted === 30) controller.abort();
      return { MessageId: `ses-${accepted}` };
    });
    const scheduledAt = new Date('2021-03-18T06:00:00Z');
    const first = await runScheduledSend(runtime, scheduledAt, {
      clock,
      log,
      signal: controller.signal,
    });
    expect(first.stopped).toBe(true);
    expect(first.halted).toBeUndefined();
    if (first.compose.outcome !== 'queued') throw new Error('expected a queued edition');
    const { editionId } = first.compose;
    // The sends in flight when it was aborted finished: no more than the ones started.
    expect(first.counts.sent).toBe(accepted);
    expect(first.counts.sent).toBeGreaterThanOrEqual(30);
    expect(first.counts.sent + first.counts.deferred).toBe(READERS);
    expect((await runtime.editions.get(editionId))?.status).toBe('sending');
    const recorded = await ledger(editionId);
    expect(recorded).toHaveLength(accepted);
    expect(recorded.every((e) => e.status === 'sent')).toBe(true);

    const second = await runScheduledSend(runtime, scheduledAt, { clock, log });
    expect(second.stopped).toBe(false);
    expect(second.compose).toMatchObject({ outcome: 'queued', editionId, resumed: true });
    expect(second.counts).toMatchObject({ sent: READERS - first.counts.sent, deferred: 0 });
    expect((await runtime.editions.get(editionId))?.status).toBe('sent');
    const recipients = sesMock
      .commandCalls(SendRawEmailCommand)
      .map((call) => call.args[0].input.Destinations?.[0]);
    expect(recipients).toHaveLength(READERS);
    expect(new Set(recipients).size).toBe(READERS);
    expect((await ledger(editionId)).filter((e) => e.status === 'sent')).toHaveLength(READERS);
  });

  it('sends nothing when aborted before delivery starts, and keeps the edition open', async () => {
    const controller = new AbortController();
    controller.abort();
    sesMock.reset();
    sesMock.on(GetSendQuotaCommand).resolves(ROOMY_QUOTA);
    sesMock.on(SendRawEmailCommand).resolves({ MessageId: 'never' });
    const own = await storyDirRuntime();
    const run = await runScheduledSend(own, new Date('2021-03-19T06:00:00Z'), {
      clock,
      log,
      signal: controller.signal,
    });
    expect(run).toMatchObject({ stopped: true, counts: { sent: 0, deferred: READERS } });
    expect(sesMock.commandCalls(SendRawEmailCommand)).toHaveLength(0);
    const editionId = run.compose.outcome === 'queued' ? run.compose.editionId : '';
    expect((await runtime.editions.get(editionId))?.status).toBe('sending');
  });
});

/** A runtime over a copy of the content with another headline: a story of its own. */
async function storyDirRuntime(): Promise<Runtime> {
  const dir = await mkdtemp(join(tmpdir(), 'braid-stop-'));
  await cp(join(repoRoot, 'content', 'biden-calls-putin-a-killer'), join(dir, 'other-story'), {
    recursive: true,
  });
  await writeFile(join(dir, 'other-story', 'story.yaml'), 'status: ready\nheadline: Another\n');
  return { ...runtime, config: { ...runtime.config, contentDir: dir } };
}
