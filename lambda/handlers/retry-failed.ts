import { BATCH_SIZE } from '../delivery/compose.ts';
import { type BatchResult, deliverBatch, type RecipientOutcome } from '../delivery/deliver.ts';
import type { Clock, Logger } from '../delivery/ports.ts';
import { createDeliverDeps, instanceRate } from './deliver-deps.ts';
import type { Runtime } from './runtime.ts';

export interface RetrySummary {
  retried: number;
  /** Failed with an unknown outcome and left alone (SES may have delivered them). */
  leftUnknown: number;
  sent: number;
  failed: number;
  skipped: number;
  deferred: number;
  halted?: string;
}

const isUnknown = (error: string | undefined) => error?.startsWith('outcome unknown') ?? false;

/**
 * Sends an edition again to its failed recipients only: each failed ledger entry is cleared
 * (conditionally, so nobody else's state is touched) and delivered like any batch.
 */
export async function retryFailed(
  runtime: Runtime,
  editionId: string,
  options: {
    clock: Clock;
    log: Logger;
    includeUnknown: boolean;
    onSettled?: (o: RecipientOutcome) => void;
  },
): Promise<RetrySummary> {
  const summary: RetrySummary = {
    retried: 0,
    leftUnknown: 0,
    sent: 0,
    failed: 0,
    skipped: 0,
    deferred: 0,
  };
  const failed: string[] = [];
  const emails = new Map<string, string>();
  for await (const entry of runtime.ledger.list(editionId)) {
    if (entry.status !== 'failed') continue;
    if (isUnknown(entry.error) && !options.includeUnknown) {
      summary.leftUnknown += 1;
      continue;
    }
    failed.push(entry.subscriber);
    emails.set(entry.subscriber, entry.email);
  }
  const quota = await runtime.mailer.quota?.();
  const deps = createDeliverDeps(runtime, {
    clock: options.clock,
    log: options.log,
    rate: instanceRate(runtime.config, quota) * runtime.config.deliverConcurrency,
    keyring: await runtime.keyring(),
    ...(options.onSettled === undefined ? {} : { onSettled: options.onSettled }),
  });
  for (let i = 0; i < failed.length; i += BATCH_SIZE) {
    const reset: string[] = [];
    for (const id of failed.slice(i, i + BATCH_SIZE)) {
      if (await runtime.ledger.resetFailed(editionId, id)) reset.push(id);
    }
    if (reset.length === 0) continue;
    summary.retried += reset.length;
    const result: BatchResult = await deliverBatch(deps, { editionId, subscriberIds: reset });
    // A deferred recipient (quota, throttling) has no entry any more and is on no queue: book
    // it failed again, so the next retry finds it.
    for (const outcome of result.outcomes) {
      if (outcome.outcome !== 'deferred') continue;
      const now = options.clock.now();
      const email = emails.get(outcome.subscriberId) ?? '';
      if (
        (await runtime.ledger.claim(editionId, outcome.subscriberId, email, now, 0)) !== undefined
      ) {
        await runtime.ledger.markFailed(
          editionId,
          outcome.subscriberId,
          `not sent on retry: ${outcome.reason}`,
          now,
        );
      }
    }
    summary.sent += result.sent;
    summary.failed += result.failed;
    summary.skipped += result.skipped;
    summary.deferred += result.deferred;
    if (result.halted !== undefined) {
      summary.halted = result.halted;
      break;
    }
  }
  return summary;
}
