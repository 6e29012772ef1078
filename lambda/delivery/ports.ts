import type { Edition } from '../email/types.ts';

export type { Mailer, MessagePurpose, OutgoingMessage, SendQuota } from '../email/mailer.ts';

import type { Page } from '../subscribers/ports.ts';

export type { Logger, Page, SubscriberStore } from '../subscribers/ports.ts';

/**
 * The ports the send pipeline needs. The core owns these interfaces; adapters
 * (DynamoDB, SES, the in-process queue, the outbox) implement them.
 */

/**
 * A recipient's state for one edition:
 * - `claimed`: taken by a worker, not yet handed to SES. Safe to take over once the lease ends
 *   (the worker died before sending).
 * - `sending`: handed to SES, answer not recorded. Never sent again automatically: at most once.
 * - `sent`, `failed`: settled. `skipped`: not sent because the subscriber was no longer confirmed.
 */
export type LedgerStatus = 'claimed' | 'sending' | 'sent' | 'failed' | 'skipped';

export interface LedgerEntry {
  edition: string;
  subscriber: string;
  email: string;
  status: LedgerStatus;
  claimedAt: string;
  /** Who holds the claim: only that worker may move it on. */
  claimId?: string;
  /** Until when the claim is exclusive (ISO); a `claimed` item past it may be taken over. */
  leaseUntil?: string;
  sendingAt?: string;
  sentAt?: string;
  messageId?: string;
  error?: string;
}

export interface Ledger {
  /**
   * Conditional put of edition#subscriber: succeeds for the first claimer, or over a `claimed`
   * item whose lease has ended. Resolves to the new claim's id, or undefined when taken.
   */
  claim(
    edition: string,
    subscriber: string,
    email: string,
    at: Date,
    leaseMs: number,
  ): Promise<string | undefined>;
  /** The entry of one recipient, if any. */
  get(edition: string, subscriber: string): Promise<LedgerEntry | undefined>;
  /** `claimed` → `sending`, only while the claim is still ours. False: we lost it; do not send. */
  markSending(edition: string, subscriber: string, claimId: string, at: Date): Promise<boolean>;
  markSent(edition: string, subscriber: string, messageId: string, at: Date): Promise<void>;
  markFailed(edition: string, subscriber: string, reason: string, at: Date): Promise<void>;
  /** Records a recipient not sent to (no longer confirmed), unless an entry already exists. */
  markSkipped(
    edition: string,
    subscriber: string,
    email: string,
    reason: string,
    at: Date,
  ): Promise<void>;
  /** Gives our claim back: SES certainly did not take the message. */
  release(edition: string, subscriber: string, claimId: string): Promise<void>;
  /** Deletes a `failed` entry so the recipient can be sent again (retry-failed). */
  resetFailed(edition: string, subscriber: string): Promise<boolean>;
  list(edition: string): AsyncIterable<LedgerEntry>;
}

export type EditionStatus = 'sending' | 'sent';

export interface EditionCounts {
  recipients: number;
  sent: number;
  skipped: number;
  failed: number;
  /** Not sent yet (throttled out, daily quota): the edition stays open and a re-run resumes. */
  deferred: number;
}

/** An edition as stored: the rendered email (the web copy) and its progress. */
export interface EditionRecord {
  id: string;
  status: EditionStatus;
  scheduledAt: string;
  stories: string[];
  /** Hash of the stories' content: the same stories are never sent twice. */
  storySet: string;
  edition: Edition;
  createdAt: string;
  completedAt?: string;
  counts?: EditionCounts;
  /** Where the web copy is (an S3 URI in AWS, a file locally). */
  webCopy?: string;
  /** How far compose got queueing recipients: a crash resumes here, not from the start. */
  enqueue?: EnqueueProgress;
}

export interface EnqueueProgress {
  /** Subscriber page cursor after the last batch queued; absent before the first. */
  cursor?: string;
  batches: number;
  recipients: number;
  done: boolean;
}

export type ClaimResult = { claimed: true } | { claimed: false; existing: EditionRecord };

export interface EditionStore {
  /** Conditional put on the edition id. */
  claim(record: EditionRecord): Promise<ClaimResult>;
  /**
   * Conditional put on the story set: returns the id of the edition that holds it
   * (this one when newly claimed or already ours).
   */
  claimStorySet(storySet: string, editionId: string): Promise<string>;
  /** Marks one story (by its content key) as carried by an edition; returns the holder. */
  claimStory(storyKey: string, editionId: string): Promise<string>;
  /** The edition that carried this story content, if any. */
  storyHolder(storyKey: string): Promise<string | undefined>;
  get(id: string): Promise<EditionRecord | undefined>;
  /** The most recently claimed edition's id. */
  latest(): Promise<string | undefined>;
  saveProgress(id: string, progress: EnqueueProgress): Promise<void>;
  complete(id: string, counts: EditionCounts, at: Date): Promise<void>;
  /** The editions sent out (queued to subscribers), newest first, for the web archive. */
  listArchive(limit: number, cursor?: string): Promise<Page<EditionSummary>>;
}

/** What the web archive and its feed show of one edition. */
export interface EditionSummary {
  id: string;
  /** When it was scheduled (ISO date-time). */
  scheduledAt: string;
  /** The edition's calendar date, as its masthead shows it. */
  date: string;
  subject: string;
  preheader: string;
  stories: string[];
}

/** The web copy of each edition (S3 in AWS, files locally). */
export interface EditionArchive {
  /** Stores the edition's HTML; resolves to where it is. */
  put(editionId: string, html: string): Promise<string>;
  /** The stored web copy, or undefined when there is none. */
  get(editionId: string): Promise<string | undefined>;
}

/** One queued unit of work: up to 50 recipients of one edition. */
export interface BatchMessage {
  editionId: string;
  subscriberIds: string[];
}

export interface Queue {
  /** Queues the messages (all or, on error, throws: the caller's progress says where to resume). */
  send(messages: BatchMessage[]): Promise<void>;
  /**
   * True when queued messages survive this process (SQS). Compose then resumes queueing
   * where it stopped; with an in-process queue it queues everyone again (the ledger dedupes).
   */
  readonly durable: boolean;
}

export interface Clock {
  now(): Date;
  sleep(ms: number): Promise<void>;
}
