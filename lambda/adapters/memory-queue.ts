import type { BatchMessage, Queue } from '../delivery/ports.ts';

/** The local stand-in for SQS: same message shape, drained in this process. */
export interface MemoryQueue extends Queue {
  readonly size: number;
  /** Hands every queued message to `consume`, oldest first, until the queue is empty. */
  drain(consume: (message: BatchMessage) => Promise<void>): Promise<void>;
}

export function createMemoryQueue(): MemoryQueue {
  const messages: BatchMessage[] = [];
  return {
    get size() {
      return messages.length;
    },
    async send(message) {
      // A copy, as a real queue would serialize it: the consumer cannot alias the producer's arrays.
      messages.push(structuredClone(message));
    },
    async drain(consume) {
      for (let message = messages.shift(); message !== undefined; message = messages.shift()) {
        await consume(message);
      }
    },
  };
}
