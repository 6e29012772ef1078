/** The messages between the soak's parent (playing SQS) and its deliver workers. */

export interface InvokeMessage {
  type: 'invoke';
  invocation: number;
  event: unknown;
  /** Epoch ms when the invocation times out (Lambda's getRemainingTimeInMillis). */
  deadline: number;
}

export interface BatchCounts {
  sent: number;
  skipped: number;
  failed: number;
  deferred: number;
  /** Outcomes of the other kinds the delivery reports, by name. */
  other: Record<string, number>;
}

export type WorkerReply =
  | { type: 'ready' }
  | {
      type: 'result';
      invocation: number;
      batchItemFailures: { itemIdentifier: string }[];
      counts: BatchCounts;
    }
  | { type: 'error'; invocation: number; error: string };

export type ParentMessage = InvokeMessage | { type: 'stop' };
