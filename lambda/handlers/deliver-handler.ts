import { z } from 'zod';
import {
  type BatchResult,
  type DeliverDeps,
  deliverBatch,
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
  Records: z.array(z.object({ messageId: z.string(), body: z.string() })),
});
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
}

/**
 * The SQS consumer: parse → deliver each batch → report the batches to retry. Only
 * retryable outcomes (deferred recipients, errors of our own) go back to the queue; a
 * malformed message or an unknown edition is logged and dropped, never looped on. One
 * pacer for the handler's whole life, so the rate holds across invocations.
 */
export function createDeliverHandler(runtime: Runtime, options: DeliverHandlerOptions) {
  const { log } = options;
  let deps: DeliverDeps | undefined;
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
    deps ??= createDeliverDeps(runtime, {
      clock: options.clock,
      log,
      rate: options.rate ?? instanceRate(runtime.config, limits),
      keyring: await runtime.keyring(),
      ...(options.onSettled === undefined ? {} : { onSettled: options.onSettled }),
    });
    const failures: string[] = [];
    let halted = quotaExhausted(limits);
    const shouldStop = () =>
      (context?.getRemainingTimeInMillis() ?? Number.POSITIVE_INFINITY) < MARGIN_MS;
    for (const record of parsed.data.Records) {
      if (halted !== undefined) {
        failures.push(record.messageId);
        continue;
      }
      let message: z.infer<typeof batchMessage>;
      try {
        message = batchMessage.parse(JSON.parse(record.body));
      } catch (error) {
        log.error('malformed queue message dropped', {
          messageId: record.messageId,
          reason: String(error),
        });
        continue;
      }
      try {
        const result = await deliverBatch({ ...deps, shouldStop }, message);
        options.onBatch?.(result);
        log.info('batch delivered', {
          messageId: record.messageId,
          ...result,
          outcomes: undefined,
        });
        if (result.deferred > 0) failures.push(record.messageId);
        halted = result.halted;
      } catch (error) {
        if (error instanceof UnknownEditionError) {
          log.error('batch for an unknown edition dropped', {
            messageId: record.messageId,
            reason: error.message,
          });
          continue;
        }
        log.error('batch failed; it will be retried', {
          messageId: record.messageId,
          reason: String(error),
        });
        failures.push(record.messageId);
      }
    }
    if (halted !== undefined)
      log.error('sending halted; the rest stays queued', { reason: halted });
    return { batchItemFailures: failures.map((itemIdentifier) => ({ itemIdentifier })) };
  };
}
