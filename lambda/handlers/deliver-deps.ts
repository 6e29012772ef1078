import pLimit from 'p-limit';
import type { Config } from '../config.ts';
import type { DeliverDeps, RecipientOutcome } from '../delivery/deliver.ts';
import { createPacer } from '../delivery/pacer.ts';
import type { Clock, Logger, SendQuota } from '../delivery/ports.ts';
import type { Keyring } from '../subscribers/keyring.ts';
import type { Runtime } from './runtime.ts';

/**
 * Messages per second for one sending instance: the configured total, never above SES's
 * MaxSendRate, shared by the instances that may run at once (reserved concurrency).
 */
export function instanceRate(config: Config, quota: SendQuota | undefined): number {
  const total = Math.min(config.sendRate, quota?.maxSendRate ?? Number.POSITIVE_INFINITY);
  return total / config.deliverConcurrency;
}

/** Why sending cannot start at all today, if it cannot (SES reports "unlimited" as -1). */
export function quotaExhausted(quota: SendQuota | undefined): string | undefined {
  if (quota === undefined || quota.max24HourSend < 0) return undefined;
  if (quota.sentLast24Hours < quota.max24HourSend) return undefined;
  return `daily quota reached (${quota.sentLast24Hours} of ${quota.max24HourSend})`;
}

/** The slowest SES answer the in-flight limit allows for (SES answers in 50–150 ms). */
const ANSWER_ALLOWANCE_S = 0.2;

/**
 * Messages in flight per instance: enough to keep `rate` with answers as slow as
 * ANSWER_ALLOWANCE_S, never above BRAID_SEND_CONCURRENCY. No more: each waits at the pacer
 * holding its claim, so a slow rate with many in flight would only lengthen a stop.
 */
export function inFlight(config: Config, rate: number): number {
  return Math.max(1, Math.min(config.sendConcurrency, Math.ceil(rate * ANSWER_ALLOWANCE_S) + 4));
}

export interface DeliverOptions {
  clock: Clock;
  log: Logger;
  rate: number;
  keyring: Keyring;
  onSettled?: (outcome: RecipientOutcome) => void;
}

/** What deliverBatch needs, from the runtime's adapters; one pacer shared by every batch. */
export function createDeliverDeps(runtime: Runtime, options: DeliverOptions): DeliverDeps {
  const { config } = runtime;
  return {
    editions: runtime.editions,
    subscribers: runtime.subscribers,
    ledger: runtime.ledger,
    mailer: runtime.mailer,
    pacer: createPacer(options.clock, options.rate),
    clock: options.clock,
    log: options.log,
    publicUrl: config.publicUrl,
    keyring: options.keyring,
    unresolvedAfterMs: config.unresolvedAfterMs,
    concurrency: inFlight(config, options.rate),
    // One in-flight limit for every batch this instance delivers at once.
    limit: pLimit(inFlight(config, options.rate)),
    ...(options.onSettled === undefined ? {} : { onSettled: options.onSettled }),
  };
}
