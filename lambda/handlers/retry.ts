import pLimit from 'p-limit';
import { BATCH_SIZE } from '../delivery/compose.ts';
import { deliverBatch, type Preclaimed, type RecipientOutcome } from '../delivery/deliver.ts';
import { isUnresolved } from '../delivery/edition-status.ts';
import type { Clock, LedgerEntry, Logger } from '../delivery/ports.ts';
import { createDeliverDeps, instanceRate } from './deliver-deps.ts';
import type { Runtime } from './runtime.ts';

/**
 * What a retry on request sends again:
 * - `failed`: recipients SES refused (or a retry could not send);
 * - `unknown`: recipients whose outcome is unknown (`unknown`, or `sending` past the bound):
 *   SES may have delivered them, so they may get it twice; only on request.
 */
export type RetryKind = 'failed' | 'unknown';

export interface RetrySummary {
  /** Entries of that kind found. */
  found: number;
  /** Taken for the retry (the others changed meanwhile: another worker settled them). */
  retried: number;
  changedMeanwhile: number;
  sent: number;
  failed: number;
  unknown: number;
  skipped: number;
  deferred: number;
  halted?: string;
}

export interface RetryOptions {
  clock: Clock;
  log: Logger;
  onSettled?: (outcome: RecipientOutcome) => void;
  shouldStop?: () => boolean;
}

async function entriesToRetry(
  runtime: Runtime,
  editionId: string,
  kind: RetryKind,
  now: Date,
): Promise<LedgerEntry[]> {
  const found: LedgerEntry[] = [];
  for await (const entry of runtime.ledger.list(editionId)) {
    const wanted =
      kind === 'failed'
        ? entry.status === 'failed'
        : isUnresolved(entry, now, runtime.config.unresolvedAfterMs);
    if (wanted) found.push(entry);
  }
  return found;
}

/**
 * Sends an edition again to its failed, or its unresolved, recipients only. Each entry is
 * taken over with a fenced write (conditional on it being exactly as listed), so a worker
 * still settling it wins and nothing of another's is overwritten; every later write of the
 * retry is fenced by the new claim. One not sent this time returns to what it was.
 */
export async function retryRecipients(
  runtime: Runtime,
  editionId: string,
  kind: RetryKind,
  options: RetryOptions,
): Promise<RetrySummary> {
  const entries = await entriesToRetry(runtime, editionId, kind, options.clock.now());
  const summary: RetrySummary = {
    found: entries.length,
    retried: 0,
    changedMeanwhile: 0,
    sent: 0,
    failed: 0,
    unknown: 0,
    skipped: 0,
    deferred: 0,
  };
  if (entries.length === 0) return summary;
  const quota = await runtime.mailer.quota?.();
  const deps = createDeliverDeps(runtime, {
    clock: options.clock,
    log: options.log,
    rate: instanceRate(runtime.config, quota) * runtime.config.deliverConcurrency,
    keyring: await runtime.keyring(),
    ...(options.onSettled === undefined ? {} : { onSettled: options.onSettled }),
  });
  const limit = pLimit(16);
  for (let i = 0; i < entries.length; i += BATCH_SIZE) {
    if (options.shouldStop?.() === true) break;
    const preclaimed = new Map<string, Preclaimed>();
    await Promise.all(
      entries.slice(i, i + BATCH_SIZE).map((entry) =>
        limit(async () => {
          const claimId = await runtime.ledger.reclaim(entry, options.clock.now());
          if (claimId === undefined) summary.changedMeanwhile += 1;
          else preclaimed.set(entry.subscriber, { claimId, giveBackAs: kind });
        }),
      ),
    );
    if (preclaimed.size === 0) continue;
    summary.retried += preclaimed.size;
    const result = await deliverBatch(
      { ...deps, ...(options.shouldStop === undefined ? {} : { shouldStop: options.shouldStop }) },
      { editionId, subscriberIds: [...preclaimed.keys()] },
      preclaimed,
    );
    summary.sent += result.sent;
    summary.failed += result.failed;
    summary.unknown += result.unknown;
    summary.skipped += result.skipped;
    summary.deferred += result.deferred;
    if (result.halted !== undefined) {
      summary.halted = result.halted;
      break;
    }
  }
  return summary;
}
