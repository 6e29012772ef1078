import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { Queue } from '../delivery/ports.ts';

/** The deliver queue in AWS: one SQS message per batch of at most 50 recipients. */
export function createSqsQueue(
  queueUrl: string,
  sqs: SQSClient = new SQSClient({ maxAttempts: 5 }),
): Queue {
  return {
    durable: true,
    async send(message) {
      await sqs.send(
        new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: JSON.stringify(message) }),
      );
    },
  };
}
