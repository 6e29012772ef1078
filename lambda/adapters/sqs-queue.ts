import {
  ChangeMessageVisibilityBatchCommand,
  SendMessageBatchCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import type { Queue } from '../delivery/ports.ts';

/** SendMessageBatch takes ten entries a call. */
const ENTRIES_PER_CALL = 10;
const ATTEMPTS = 5;

/** The deliver queue in AWS: one SQS message per batch of at most 50 recipients. */
export function createSqsQueue(
  queueUrl: string,
  sqs: SQSClient = new SQSClient({ maxAttempts: 5 }),
): Queue {
  return {
    durable: true,
    async send(messages) {
      for (let i = 0; i < messages.length; i += ENTRIES_PER_CALL) {
        let entries = messages.slice(i, i + ENTRIES_PER_CALL).map((message, n) => ({
          Id: String(n),
          MessageBody: JSON.stringify(message),
        }));
        // A batch call can half-succeed: send again only the entries SQS reports as failed.
        for (let attempt = 1; entries.length > 0; attempt += 1) {
          const result = await sqs.send(
            new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: entries }),
          );
          const failed = new Set((result.Failed ?? []).map((f) => f.Id));
          if (failed.size > 0 && attempt >= ATTEMPTS) {
            throw new Error(
              `SQS refused ${failed.size} messages after ${ATTEMPTS} attempts: ${result.Failed?.[0]?.Message ?? ''}`,
            );
          }
          entries = entries.filter((entry) => failed.has(entry.Id));
          if (entries.length > 0)
            await new Promise((resolve) => setTimeout(resolve, 100 * 2 ** attempt));
        }
      }
    },
  };
}

/** SQS keeps a received message invisible for at most 12 hours. */
export const MAX_VISIBILITY_SECONDS = 12 * 60 * 60;

/**
 * Keeps received messages invisible for longer (ChangeMessageVisibility): a batch that
 * cannot be sent before the daily quota resets waits in the queue instead of coming back
 * every few minutes and burning its receives into the dead-letter queue.
 */
export function createSqsPostponer(
  queueUrl: string,
  sqs: SQSClient = new SQSClient({ maxAttempts: 5 }),
): (receiptHandles: string[], seconds: number) => Promise<void> {
  return async (receiptHandles, seconds) => {
    const timeout = Math.max(0, Math.min(MAX_VISIBILITY_SECONDS, Math.round(seconds)));
    for (let i = 0; i < receiptHandles.length; i += ENTRIES_PER_CALL) {
      const entries = receiptHandles.slice(i, i + ENTRIES_PER_CALL).map((handle, n) => ({
        Id: String(n),
        ReceiptHandle: handle,
        VisibilityTimeout: timeout,
      }));
      const result = await sqs.send(
        new ChangeMessageVisibilityBatchCommand({ QueueUrl: queueUrl, Entries: entries }),
      );
      const failed = result.Failed ?? [];
      if (failed.length > 0) {
        throw new Error(
          `SQS did not postpone ${failed.length} messages: ${failed[0]?.Message ?? failed[0]?.Code ?? ''}`,
        );
      }
    }
  };
}
