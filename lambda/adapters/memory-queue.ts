import type { BatchMessage, Queue } from '../delivery/ports.ts';

/** The local stand-in for SQS: same message shape, drained in this process. */
export interface MemoryQueue extends Queue {
  readonly size: number;
  /**
   * Hands queued messages to `consume`, oldest first, `parallel` at a time (as several
   * Lambda instances would), until the queue is empty.
   */
  drain(consume: (message: BatchMessage) => Promise<void>, parallel?: number): Promise<void>;
}

export function createMemoryQueue(): MemoryQueue {
  const messages: BatchMessage[] = [];
  return {
    durable: false,
    get size() {
      return messages.length;
    },
    async send(batch) {
      // Copies, as a real queue would serialize them: the consumer cannot alias the producer's arrays.
      for (const message of batch) messages.push(structuredClone(message));
    },
    async drain(consume, parallel = 1) {
      const worker = async () => {
        for (let message = messages.shift(); message !== undefined; message = messages.shift()) {
          await consume(message);
        }
      };
      await Promise.all(Array.from({ length: Math.max(1, parallel) }, worker));
    },
  };
}
