import type { Random } from './rng.ts';

/**
 * A standard SQS queue as the deliver function's event source mapping sees it, with the
 * hostile parts turned up: a message received is invisible for the visibility timeout and
 * then visible again unless deleted; some are delivered late; some are handed to two
 * consumers at once; some come back once more after being deleted (at-least-once). No
 * dead-letter queue: a message is received until it is deleted, and one received more
 * than `maxReceives` times is a failure of the soak, not a message to drop.
 */
export interface FakeSqsOptions {
  visibilityTimeoutMs: number;
  maxReceives: number;
  /** A message its consumer reported failed comes back within this (SQS: the visibility timeout). */
  failureRedeliveryMs: number;
  /** Share of sends, and of redeliveries, that become visible late; and by up to how long. */
  delayProbability: number;
  delayMaxMs: number;
  /** Share of deletions after which the message is delivered once more, within ghostMaxMs. */
  ghostProbability: number;
  ghostMaxMs: number;
  /**
   * Share of deletions with a stale receipt (the message was received again since) that
   * delete it: SQS says such a request "succeeds, but the message might not be deleted".
   */
  staleDeleteProbability: number;
}

export interface SqsRecord {
  messageId: string;
  receiptHandle: string;
  body: string;
  attributes: { ApproximateReceiveCount: string; SentTimestamp: string };
  eventSource: 'aws:sqs';
}

interface Message {
  id: string;
  body: string;
  sentAt: number;
  receives: number;
  visibleAt: number;
  /** The receipt of the latest receive: only it may change the message's visibility. */
  receipt: string | undefined;
  /** Whether the latest receive has been answered (deleted or reported failed). */
  answered: boolean;
  deleted: boolean;
  ghosted: boolean;
}

export interface SqsStats {
  sent: number;
  receives: number;
  /** Receives of a message whose previous receive was never answered (a worker died or hung). */
  afterVisibilityTimeout: number;
  afterFailure: number;
  delayed: number;
  /** The same message handed to a second consumer while the first holds it. */
  concurrentDuplicates: number;
  /** Deliveries of a message after it was deleted. */
  ghosts: number;
  deleted: number;
}

export class ReceiveCapExceeded extends Error {
  constructor(
    readonly messageId: string,
    readonly body: string,
    readonly receives: number,
  ) {
    super(`message ${messageId} received ${receives} times without being deleted: ${body}`);
    this.name = 'ReceiveCapExceeded';
  }
}

export class FakeSqs {
  private readonly messages: Message[] = [];
  readonly stats: SqsStats = {
    sent: 0,
    receives: 0,
    afterVisibilityTimeout: 0,
    afterFailure: 0,
    delayed: 0,
    concurrentDuplicates: 0,
    ghosts: 0,
    deleted: 0,
  };

  constructor(
    private readonly options: FakeSqsOptions,
    private readonly random: Random,
  ) {}

  private delay(): number {
    if (this.random() >= this.options.delayProbability) return 0;
    this.stats.delayed += 1;
    return Math.floor(this.random() * this.options.delayMaxMs);
  }

  send(bodies: string[], now: number): void {
    for (const body of bodies) {
      this.stats.sent += 1;
      this.messages.push({
        id: `msg-${String(this.messages.length + 1).padStart(5, '0')}`,
        body,
        sentAt: now,
        receives: 0,
        visibleAt: now + this.delay(),
        receipt: undefined,
        answered: true,
        deleted: false,
        ghosted: false,
      });
    }
  }

  /** The id of the i-th message sent. */
  idOf(i: number): string | undefined {
    return this.messages[i]?.id;
  }

  /** Messages not deleted (ghosts to come included). */
  get remaining(): number {
    return this.messages.filter((m) => !m.deleted).length;
  }

  visibleCount(now: number): number {
    return this.messages.filter((m) => !m.deleted && m.visibleAt <= now).length;
  }

  /** When the next message becomes visible, if any is waiting. */
  nextVisibleAt(): number | undefined {
    let next: number | undefined;
    for (const m of this.messages) {
      if (!m.deleted && (next === undefined || m.visibleAt < next)) next = m.visibleAt;
    }
    return next;
  }

  /** Up to `max` visible messages, in no particular order; each becomes invisible. */
  receive(max: number, now: number): SqsRecord[] {
    const visible = this.messages.filter((m) => !m.deleted && m.visibleAt <= now);
    const picked: Message[] = [];
    while (picked.length < max && visible.length > 0) {
      const i = Math.floor(this.random() * visible.length);
      picked.push(...visible.splice(i, 1));
    }
    return picked.map((m) => this.handOut(m, now));
  }

  /** The same message handed to a second consumer now, while the first still holds it. */
  receiveAgain(messageId: string, now: number): SqsRecord | undefined {
    const m = this.messages.find((x) => x.id === messageId);
    if (m === undefined || m.deleted) return undefined;
    this.stats.concurrentDuplicates += 1;
    return this.handOut(m, now);
  }

  private handOut(m: Message, now: number): SqsRecord {
    if (m.receives > 0 && !m.answered) this.stats.afterVisibilityTimeout += 1;
    m.receives += 1;
    this.stats.receives += 1;
    if (m.receives > this.options.maxReceives)
      throw new ReceiveCapExceeded(m.id, m.body, m.receives);
    m.receipt = `${m.id}#${m.receives}`;
    m.answered = false;
    m.visibleAt = now + this.options.visibilityTimeoutMs;
    return {
      messageId: m.id,
      receiptHandle: m.receipt,
      body: m.body,
      attributes: { ApproximateReceiveCount: String(m.receives), SentTimestamp: String(m.sentAt) },
      eventSource: 'aws:sqs',
    };
  }

  /** The consumer succeeded: the message is deleted (by a stale receipt, maybe). */
  delete(receipt: string, now: number): 'deleted' | 'kept' | 'gone' {
    const m = this.byReceipt(receipt);
    if (m === undefined || m.deleted) return 'gone';
    if (m.receipt === receipt) m.answered = true;
    else if (this.random() >= this.options.staleDeleteProbability) return 'kept';
    m.deleted = true;
    this.stats.deleted += 1;
    if (!m.ghosted && this.random() < this.options.ghostProbability) {
      // At-least-once: the deletion did not reach every copy; it comes back once.
      m.ghosted = true;
      m.deleted = false;
      m.answered = true;
      m.visibleAt = now + Math.floor(this.random() * this.options.ghostMaxMs);
      this.stats.ghosts += 1;
    }
    return 'deleted';
  }

  /** The consumer reported it failed (batchItemFailures, or the invocation threw). */
  fail(receipt: string, now: number): void {
    const m = this.byReceipt(receipt);
    // Only the latest receipt changes visibility; a stale one is ignored, as SQS refuses it.
    if (m === undefined || m.deleted || m.receipt !== receipt) return;
    m.answered = true;
    this.stats.afterFailure += 1;
    m.visibleAt = now + Math.floor(this.random() * this.options.failureRedeliveryMs) + this.delay();
  }

  private byReceipt(receipt: string): Message | undefined {
    const id = receipt.slice(0, receipt.indexOf('#'));
    return this.messages.find((m) => m.id === id);
  }
}
