import { loadStories } from '../adapters/content-dir.ts';
import { createMemoryQueue } from '../adapters/memory-queue.ts';
import { readCompiledTemplate } from '../adapters/template-files.ts';
import { type ComposeResult, compose } from '../delivery/compose.ts';
import type { RecipientOutcome } from '../delivery/deliver.ts';
import type { BatchMessage, Clock, EditionCounts, Logger } from '../delivery/ports.ts';
import { instanceRate } from './deliver-deps.ts';
import { createDeliverHandler } from './deliver-handler.ts';
import { createRenderer } from './renderer.ts';
import type { Runtime } from './runtime.ts';

export interface SendSummary {
  compose: ComposeResult;
  counts: EditionCounts;
  failures: { subscriberId: string; reason: string }[];
  /** Why sending stopped early (daily quota, paused account); the rest waits for a re-run. */
  halted?: string;
  /** The run was asked to stop (`signal`) before delivery ended: the deferred wait for a re-run. */
  stopped: boolean;
  elapsedMs: number;
}

export interface ScheduledSendOptions {
  clock: Clock;
  log: Logger;
  onSettled?: (outcome: RecipientOutcome) => void;
  /** Called once the recipients are known, before the first message goes out. */
  onQueued?: (recipients: number) => void;
  /** The slug of one story to send again, alone (a correction): see ComposeOptions. */
  again?: string;
  /**
   * Once aborted (Ctrl-C locally), no new send starts: sends in flight finish and are
   * recorded, the rest of their batch and the batches not started stay unsent (deferred),
   * and the edition stays open for the next run to resume.
   */
  signal?: AbortSignal;
}

/**
 * Batches each deliver instance works on at once (the SQS event source gives up to ten
 * records an invocation): one batch at a time would leave the pacer idle at each batch's end.
 */
const RECORDS_PER_INVOCATION = 10;

/** The deliver queue's dead-letter queue takes a batch after this many receives. */
const MAX_RECEIVES = 5;

/**
 * The scheduled job run in one process (`npm start`): load the ready stories, compose the
 * edition (claimed once), and drain the in-process queue through the deliver Lambda's own
 * handler, as SQS would: a batch reported back is received again, up to five times.
 */
export async function runScheduledSend(
  runtime: Runtime,
  scheduledAt: Date,
  options: ScheduledSendOptions,
): Promise<SendSummary> {
  const started = options.clock.now().getTime();
  const { config } = runtime;
  // Content first: a bad file stops the run before anything is claimed or sent.
  const stories = await loadStories(config.contentDir, { only: 'ready' });
  const templates = await readCompiledTemplate(config.templatesDir, 'edition');
  const queue = createMemoryQueue();
  const result = await compose(
    {
      editions: runtime.editions,
      subscribers: runtime.subscribers,
      queue,
      archive: runtime.archive,
      render: createRenderer(config, templates),
      log: options.log,
      clock: options.clock,
      timeZone: config.timeZone,
    },
    scheduledAt,
    stories,
    options.again === undefined ? {} : { again: options.again },
  );
  const stopped = () => options.signal?.aborted === true;
  const counts: EditionCounts = {
    recipients: 0,
    sent: 0,
    skipped: 0,
    failed: 0,
    unknown: 0,
    deferred: 0,
  };
  const failures: SendSummary['failures'] = [];
  let halted: string | undefined;
  if (result.outcome === 'queued') {
    counts.recipients = result.recipients;
    options.onQueued?.(result.recipients);
    // Each recipient's outcome in this run: a batch that SQS would redeliver settles later.
    const last = new Map<string, RecipientOutcome>();
    const quota = await runtime.mailer.quota?.();
    // The deliver Lambda's own handler, fed SQS-shaped events. One process stands in for
    // every deliver instance, so its one pacer keeps the whole rate.
    const deliver = createDeliverHandler(runtime, {
      clock: options.clock,
      log: options.log,
      rate: instanceRate(config, quota) * config.deliverConcurrency,
      stopRequested: stopped,
      onSettled: (outcome) => {
        // A redelivered batch meets its settled recipients again ("already sent"): only a
        // deferred recipient's outcome is replaced by a later one.
        const before = last.get(outcome.subscriberId);
        if (before !== undefined && before.outcome !== 'deferred') return;
        last.set(outcome.subscriberId, outcome);
        options.onSettled?.(outcome);
      },
      onBatch: (batch) => {
        halted ??= batch.halted;
      },
    });
    const receives = new Map<string, number>();
    const left: BatchMessage[] = [];
    let sequence = 0;
    await queue.drain(async (message) => {
      const key = `${message.editionId}:${message.subscriberIds[0] ?? ''}`;
      const received = (receives.get(key) ?? 0) + 1;
      receives.set(key, received);
      if (halted !== undefined || stopped()) {
        left.push(message); // stays queued, unclaimed, as SQS would keep it
        return;
      }
      sequence += 1;
      const messageId = `local-${sequence}`;
      const answer = await deliver({ Records: [{ messageId, body: JSON.stringify(message) }] });
      // SQS brings a reported batch back, up to the dead-letter queue's five receives.
      if (answer.batchItemFailures.length === 0 || received >= MAX_RECEIVES) return;
      if (halted === undefined && !stopped()) await queue.send([message]);
      else left.push(message);
    }, config.deliverConcurrency * RECORDS_PER_INVOCATION);
    for (const batch of left) {
      for (const id of batch.subscriberIds) {
        if (!last.has(id)) {
          const reason = halted ?? (stopped() ? 'stopped' : 'left queued');
          last.set(id, { subscriberId: id, outcome: 'deferred', reason });
        }
      }
    }
    for (const outcome of last.values()) {
      counts[outcome.outcome] += 1;
      if (outcome.outcome === 'failed') {
        failures.push({ subscriberId: outcome.subscriberId, reason: outcome.reason });
      }
    }
    // Only a finished edition is closed: with deferred recipients it stays open and the
    // next run resumes it, the ledger skipping everyone already settled.
    if (counts.deferred === 0) {
      await runtime.editions.complete(result.editionId, counts, options.clock.now());
    }
  }
  return {
    compose: result,
    counts,
    failures,
    ...(halted === undefined ? {} : { halted }),
    stopped: result.outcome === 'queued' && stopped(),
    elapsedMs: options.clock.now().getTime() - started,
  };
}
