import { loadStories } from '../adapters/content-dir.ts';
import { createMemoryQueue } from '../adapters/memory-queue.ts';
import { readCompiledTemplate } from '../adapters/template-files.ts';
import { type ComposeResult, compose } from '../delivery/compose.ts';
import { deliverBatch, type RecipientOutcome } from '../delivery/deliver.ts';
import type { Clock, EditionCounts, Logger } from '../delivery/ports.ts';
import { createDeliverDeps, instanceRate } from './deliver-deps.ts';
import { createRenderer } from './renderer.ts';
import type { Runtime } from './runtime.ts';

export interface SendSummary {
  compose: ComposeResult;
  counts: EditionCounts;
  failures: { subscriberId: string; reason: string }[];
  /** Why sending stopped early (daily quota, paused account); the rest waits for a re-run. */
  halted?: string;
  elapsedMs: number;
}

export interface ScheduledSendOptions {
  clock: Clock;
  log: Logger;
  onSettled?: (outcome: RecipientOutcome) => void;
  /** Called once the recipients are known, before the first message goes out. */
  onQueued?: (recipients: number) => void;
}

/**
 * The scheduled job: load the ready stories, compose the edition (claimed once),
 * then deliver every queued batch. Here the queue is in-process; a later stage fans
 * batches out through SQS to the deliver handler, with the same message shape.
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
  );
  const counts: EditionCounts = { recipients: 0, sent: 0, skipped: 0, failed: 0, deferred: 0 };
  const failures: SendSummary['failures'] = [];
  let halted: string | undefined;
  if (result.outcome === 'queued') {
    counts.recipients = result.recipients;
    options.onQueued?.(result.recipients);
    const quota = await runtime.mailer.quota?.();
    // One process stands in for every deliver instance: the whole rate, one pacer.
    const rate = instanceRate(config, quota) * config.deliverConcurrency;
    const deps = createDeliverDeps(runtime, {
      clock: options.clock,
      log: options.log,
      rate,
      ...(options.onSettled === undefined ? {} : { onSettled: options.onSettled }),
    });
    await queue.drain(async (message) => {
      if (halted !== undefined) {
        // Left for the next run, unclaimed, as SQS would keep them queued.
        counts.deferred += message.subscriberIds.length;
        return;
      }
      const batch = await deliverBatch(deps, message);
      counts.sent += batch.sent;
      counts.skipped += batch.skipped;
      counts.failed += batch.failed;
      counts.deferred += batch.deferred;
      halted ??= batch.halted;
      for (const outcome of batch.outcomes) {
        if (outcome.outcome === 'failed') {
          failures.push({ subscriberId: outcome.subscriberId, reason: outcome.reason });
        }
      }
    }, config.deliverConcurrency);
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
    elapsedMs: options.clock.now().getTime() - started,
  };
}
