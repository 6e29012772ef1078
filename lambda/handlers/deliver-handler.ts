import { z } from 'zod';
import {
  type BatchResult,
  type DeliverDeps,
  deliverBatch,
  type Halt,
  type RecipientOutcome,
  UnknownEditionError,
} from '../delivery/deliver.ts';
import type { Clock, Logger, SendQuota } from '../delivery/ports.ts';
import { createDeliverDeps, instanceRate, quotaExhausted } from './deliver-deps.ts';
import type { Runtime } from './runtime.ts';

const QUOTA_TTL_MS = 60_000;
/** Time kept in hand at the end of an invocation: a send and its ledger writes fit in it. */
const MARGIN_MS = 15_000;

export interface LambdaContext {
  getRemainingTimeInMillis(): number;
}

export interface SqsBatchResponse {
  batchItemFailures: { itemIdentifier: string }[];
}

const sqsEvent = z.object({
  Records: z.array(
    z.object({
      messageId: z.string(),
      body: z.string(),
      receiptHandle: z.string().optional(),
      attributes: z.object({ ApproximateReceiveCount: z.string().optional() }).optional(),
    }),
  ),
});
type SqsRecord = z.infer<typeof sqsEvent>['Records'][number];

/**
 * How long a batch waits when the daily quota is spent: SES's window is a rolling 24 hours,
 * and when room frees up is not known, so each receive waits longer (1, 2, 4, 8, 12 hours):
 * the five receives before the dead-letter queue cover 27 hours, more than a whole window.
 */
/**
 * Receives of one batch before SQS moves it to the dead-letter queue: the queue's
 * maxReceiveCount (infra reads it from here), and what the quota delays above are sized for.
 */
export const MAX_RECEIVES = 5;

/** The line logged (at level error) when a halt stops sending; the stack's alarm counts it. */
export const SENDING_HALTED = 'sending halted';

export function quotaDelaySeconds(receiveCount: number): number {
  const hours = Math.min(12, 2 ** Math.max(0, receiveCount - 1));
  return hours * 60 * 60;
}
const batchMessage = z.object({
  editionId: z.string().min(1),
  subscriberIds: z.array(z.string().min(1)).min(1).max(50),
});

export interface DeliverHandlerOptions {
  clock: Clock;
  log: Logger;
  /** Messages per second for this handler's pacer; by default its share of the SES rate. */
  rate?: number;
  onSettled?: (outcome: RecipientOutcome) => void;
  /** Called with every batch's result (the local run's summary). */
  onBatch?: (result: BatchResult) => void;
  /**
   * True once no new send may start (Ctrl-C locally): sends in flight finish and are
   * recorded; the rest of the batch is deferred, unclaimed.
   */
  stopRequested?: () => boolean;
  /**
   * Keeps received queue messages invisible for that many seconds (SQS
   * ChangeMessageVisibility): used when the daily quota is spent. Absent locally.
   */
  postpone?: (receiptHandles: string[], seconds: number) => Promise<void>;
}

/**
 * The SQS consumer: parse → deliver each batch → report the batches to retry. Only
 * retryable outcomes (deferred recipients, errors of our own) go back to the queue; a
 * malformed message or an unknown edition is logged and dropped, never looped on. One
 * pacer for the handler's whole life, so the rate holds across invocations.
 */
export function createDeliverHandler(runtime: Runtime, options: DeliverHandlerOptions) {
  const { log } = options;
  let deps: Promise<DeliverDeps> | undefined;
  let quota: { value: SendQuota | undefined; at: number } | undefined;

  const currentQuota = async (): Promise<SendQuota | undefined> => {
    const now = options.clock.now().getTime();
    if (quota === undefined || now - quota.at > QUOTA_TTL_MS) {
      quota = { value: await runtime.mailer.quota?.(), at: now };
    }
    return quota.value;
  };

  return async (event: unknown, context?: LambdaContext): Promise<SqsBatchResponse> => {
    const parsed = sqsEvent.safeParse(event);
    if (!parsed.success) {
      log.error('unknown event shape; nothing done', { reason: parsed.error.message });
      return { batchItemFailures: [] };
    }
    const limits = await currentQuota();
    // One pacer and one in-flight limit for the handler's life, even when invocations start
    // together (locally, several at once): the promise is kept before anything is awaited.
    deps ??= runtime.keyring().then((keyring) =>
      createDeliverDeps(runtime, {
        clock: options.clock,
        log,
        rate: options.rate ?? instanceRate(runtime.config, limits),
        keyring,
        ...(options.onSettled === undefined ? {} : { onSettled: options.onSettled }),
      }),
    );
    let shared: DeliverDeps;
    try {
      shared = await deps;
    } catch (error) {
      deps = undefined; // a keyring that failed to load is tried again next time
      throw error;
    }
    const run: InvocationRun = {
      failures: [],
      postponed: [],
      halt: quotaHalt(limits),
    };
    const timeLeftMs = () => context?.getRemainingTimeInMillis() ?? Number.POSITIVE_INFINITY;
    const batchDeps: DeliverDeps = {
      ...shared,
      // A halt in one batch (the daily quota) stops the others' next sends too.
      shouldStop: () =>
        run.halt !== undefined || options.stopRequested?.() === true || timeLeftMs() < MARGIN_MS,
      ...(context === undefined ? {} : { timeLeftMs }),
    };
    // The invocation's batches at once, under the instance's one pacer and in-flight limit:
    // one batch at a time leaves the pacer idle while each batch's last answers come back.
    await Promise.all(
      parsed.data.Records.map((record) => deliverRecord(record, batchDeps, run, options)),
    );
    if (run.halt !== undefined) {
      log.error(SENDING_HALTED, { ...run.halt, batchesLeft: run.failures.length });
      await postponeUntilQuota(run.postponed, options, log);
    }
    const failures = run.failures;
    return { batchItemFailures: failures.map((itemIdentifier) => ({ itemIdentifier })) };
  };
}

function quotaHalt(limits: SendQuota | undefined): Halt | undefined {
  const reason = quotaExhausted(limits);
  return reason === undefined ? undefined : { kind: 'quota-exhausted', reason };
}

/** Each batch the quota stopped waits in the queue for its receive's delay. */
async function postponeUntilQuota(
  records: SqsRecord[],
  options: DeliverHandlerOptions,
  log: Logger,
): Promise<void> {
  if (options.postpone === undefined) return;
  const byDelay = new Map<number, string[]>();
  for (const record of records) {
    if (record.receiptHandle === undefined) continue;
    const received = Number(record.attributes?.ApproximateReceiveCount ?? '1');
    const delay = quotaDelaySeconds(Number.isFinite(received) ? received : 1);
    byDelay.set(delay, [...(byDelay.get(delay) ?? []), record.receiptHandle]);
  }
  for (const [seconds, handles] of byDelay) {
    try {
      await options.postpone(handles, seconds);
      log.warn('batches postponed until the daily quota resets', {
        batches: handles.length,
        seconds,
      });
    } catch (error) {
      // They come back after the queue's visibility timeout instead: nothing is lost.
      log.error('batches not postponed', { batches: handles.length, reason: String(error) });
    }
  }
}

/** What the batches of one invocation share: which to report back, and a halt. */
interface InvocationRun {
  failures: string[];
  postponed: SqsRecord[];
  halt: Halt | undefined;
}

/** One SQS record: parse, deliver, and note whether SQS must bring it back. */
async function deliverRecord(
  record: SqsRecord,
  deps: DeliverDeps,
  run: InvocationRun,
  options: DeliverHandlerOptions,
): Promise<void> {
  const { log } = options;
  const retryLater = () => {
    run.failures.push(record.messageId);
    if (run.halt?.kind === 'quota-exhausted') run.postponed.push(record);
  };
  if (run.halt !== undefined) return retryLater();
  let message: z.infer<typeof batchMessage>;
  try {
    message = batchMessage.parse(JSON.parse(record.body));
  } catch (error) {
    log.error('malformed queue message dropped', {
      messageId: record.messageId,
      reason: String(error),
    });
    return;
  }
  try {
    const result = await deliverBatch(deps, message);
    options.onBatch?.(result);
    log.info('batch delivered', { messageId: record.messageId, ...result, outcomes: undefined });
    run.halt ??= result.halt;
    if (result.deferred > 0) retryLater();
  } catch (error) {
    if (error instanceof UnknownEditionError) {
      log.error('batch for an unknown edition dropped', {
        messageId: record.messageId,
        reason: error.message,
      });
      return;
    }
    log.error('batch failed; it will be retried', {
      messageId: record.messageId,
      reason: String(error),
    });
    run.failures.push(record.messageId);
  }
}
