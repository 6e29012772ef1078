import { z } from 'zod';
import { createJsonLogger } from '../adapters/json-logger.ts';
import { systemClock } from '../adapters/system-clock.ts';
import { loadConfig } from '../config.ts';
import { type DeliverDeps, deliverBatch, UnknownEditionError } from '../delivery/deliver.ts';
import type { SendQuota } from '../delivery/ports.ts';
import { createDeliverDeps, instanceRate, quotaExhausted } from './deliver-deps.ts';
import { createRuntime } from './runtime.ts';

const log = createJsonLogger();
const runtime = createRuntime(loadConfig());
const QUOTA_TTL_MS = 60_000;
/** Time kept in hand at the end of an invocation: a send and its ledger writes fit in it. */
const MARGIN_MS = 15_000;

interface LambdaContext {
  getRemainingTimeInMillis(): number;
}

const sqsEvent = z.object({
  Records: z.array(z.object({ messageId: z.string(), body: z.string() })),
});
const batchMessage = z.object({
  editionId: z.string().min(1),
  subscriberIds: z.array(z.string().min(1)).min(1).max(50),
});

/** One pacer per instance for its whole life, so the rate holds across invocations. */
let deps: DeliverDeps | undefined;
let quota: { value: SendQuota | undefined; at: number } | undefined;

async function currentQuota(): Promise<SendQuota | undefined> {
  const now = Date.now();
  if (quota === undefined || now - quota.at > QUOTA_TTL_MS) {
    quota = { value: await runtime.mailer.quota?.(), at: now };
  }
  return quota.value;
}

/**
 * The SQS consumer: parse → deliver each batch → report the batches to retry. Only
 * retryable outcomes (deferred recipients, errors of our own) go back to the queue; a
 * malformed message or an unknown edition is logged and dropped, never looped on.
 */
export const handler = async (event: unknown, context?: LambdaContext) => {
  const parsed = sqsEvent.safeParse(event);
  if (!parsed.success) {
    log.error('unknown event shape; nothing done', { reason: parsed.error.message });
    return { batchItemFailures: [] };
  }
  const limits = await currentQuota();
  deps ??= createDeliverDeps(runtime, {
    clock: systemClock,
    log,
    rate: instanceRate(runtime.config, limits),
  });
  const failures: string[] = [];
  let halted = quotaExhausted(limits);
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
      const shouldStop = () =>
        (context?.getRemainingTimeInMillis() ?? Number.POSITIVE_INFINITY) < MARGIN_MS;
      const result = await deliverBatch({ ...deps, shouldStop }, message);
      log.info('batch delivered', { messageId: record.messageId, ...result, outcomes: undefined });
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
  if (halted !== undefined) log.error('sending halted; the rest stays queued', { reason: halted });
  return { batchItemFailures: failures.map((itemIdentifier) => ({ itemIdentifier })) };
};
