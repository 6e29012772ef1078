import { Duration } from 'aws-cdk-lib';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';

/** Every queue of the stack: SQS-managed encryption and no plain-HTTP access. */
export function encryptedQueue(
  scope: Construct,
  id: string,
  props: sqs.QueueProps = {},
): sqs.Queue {
  return new sqs.Queue(scope, id, {
    encryption: sqs.QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
    ...props,
  });
}

/** A dead-letter queue that keeps its messages for the SQS maximum, two weeks. */
export function deadLetterQueue(scope: Construct, id: string): sqs.Queue {
  return encryptedQueue(scope, id, { retentionPeriod: Duration.days(14) });
}

/** Lambda's advice for SQS sources: visibility ≥ 6 × the function timeout (STANDARDS). */
export const VISIBILITY_PER_TIMEOUT = 6;

export interface DeliverQueue {
  queue: sqs.Queue;
  deadLetters: sqs.Queue;
}

/**
 * Batches of recipients, filled by compose and drained by deliver. Invisible for longer than
 * any one invocation can hold a batch, so a batch in flight is never handed to a second
 * instance; after `maxReceives` receives it is parked in the dead-letter queue.
 */
export function createDeliverQueue(
  scope: Construct,
  deliverTimeout: Duration,
  maxReceives: number,
): DeliverQueue {
  const deadLetters = deadLetterQueue(scope, 'DeliverDeadLetters');
  const queue = encryptedQueue(scope, 'DeliverQueue', {
    visibilityTimeout: Duration.seconds(deliverTimeout.toSeconds() * VISIBILITY_PER_TIMEOUT),
    deadLetterQueue: { queue: deadLetters, maxReceiveCount: maxReceives },
  });
  return { queue, deadLetters };
}
