import type { Subscriber, SubscriberStatus } from './subscriber.ts';

/** The ports of the subscriber lifecycle. Adapters (DynamoDB) implement them. */

export interface Page<T> {
  items: T[];
  /** Opaque; absent on the last page. */
  cursor?: string;
}

export interface SubscriberStore {
  /** Conditional put: false when a subscriber with this id already exists. */
  add(subscriber: Subscriber): Promise<boolean>;
  /**
   * Writes many new subscribers at once (import), each with its own condition, leaving every
   * id that already exists as it was: an import never overwrites a subscriber's own choice,
   * not even one made while it runs. Resolves to what was written and what was already there.
   */
  addMany(subscribers: Subscriber[]): Promise<{ added: string[]; existing: string[] }>;
  get(id: string): Promise<Subscriber | undefined>;
  /** Several at once (one round trip for a batch of 50); missing ids are absent from the map. */
  getMany(ids: string[]): Promise<Map<string, Subscriber>>;
  /** One page of subscribers in a status, by index (never a scan). */
  pageByStatus(status: SubscriberStatus, limit: number, cursor?: string): Promise<Page<Subscriber>>;
  /**
   * Writes `next` only if the stored item is still the one read as `previous` (its version),
   * or, with `previous` undefined, if there is none. False: someone changed it meanwhile; read
   * again and redo. The store bumps the version.
   */
  replace(next: Subscriber, previous: Subscriber | undefined): Promise<boolean>;
  /** Deletes a subscriber (erasure); false when there was none. */
  remove(id: string): Promise<boolean>;
  /**
   * Moves a subscriber to `status` (with a reason), in one conditional write, only from one of
   * the statuses `from`, and only as `guard` allows: false when there is no such subscriber,
   * it is in another status, or the guard refused. For feedback, which must apply whatever
   * else changed the item meanwhile.
   */
  setStatus(
    id: string,
    status: SubscriberStatus,
    reason: string,
    at: Date,
    from: readonly SubscriberStatus[],
    guard?: FeedbackGuard,
  ): Promise<boolean>;
  /**
   * Records a soft (transient) bounce of one message; the address stays mailable. Keyed by
   * the message, so a redelivered event is not counted twice.
   */
  countSoftBounce(id: string, messageKey: string, at: Date): Promise<void>;
}

/**
 * What an SES feedback event's status change is conditional on, besides the statuses it moves
 * from; checked in the same conditional write, never by a read before it.
 */
export interface FeedbackGuard {
  /**
   * The event's key (`<SES message id>#<bounce|complaint>`). A change records it on the
   * subscriber (`feedbackEvents`, a few kept); a write that finds it there changes nothing:
   * the event was applied already (SNS redelivers, and replays happen).
   */
  eventKey?: string;
  /**
   * When the message the event is about was sent (ISO). A subscriber whose latest
   * confirmation (`confirmedAt`) is later is not changed: they signed up and confirmed again
   * after that message, so the event is stale.
   */
  messageSentAt?: string;
}

/**
 * The one thing feedback asks of the send ledger: SES's Send or Delivery event for an
 * edition's message settles its entry as sent. The delivery room's `Ledger` implements it.
 */
export interface SentSettlement {
  /** `sending` or `unknown` → `sent`; false when the entry is missing or already settled. */
  settleSent(edition: string, subscriber: string, messageId: string, at: Date): Promise<boolean>;
}

/** Structured logs (JSON lines in Lambda). */
export interface Logger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}
