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
 * - `sending`: claimed by a worker (`claimId`) just before the hand-over to SES; the answer is
 *   not recorded yet. Never sent again automatically: at most once. Settled as `sent` by the
 *   worker, or by SES's Send or Delivery event; past the unresolved bound it is listed by
 *   `braid status <edition> --unknown`.
 * - `unknown`: SES gave no clear answer (a timeout, a server error): it may have taken it.
 *   Settled by SES's event, or resent only on request (`braid send --retry-unknown`).
 * - `sent`, `failed` (refused for good): settled. `skipped`: not sent, the subscriber was no
 *   longer confirmed when the batch ran.
 */
export type LedgerStatus = 'sending' | 'unknown' | 'sent' | 'failed' | 'skipped';

export interface LedgerEntry {
  /** The edition id (the stored partition key adds a shard: see ledger-keys.ts). */
  edition: string;
  subscriber: string;
  email: string;
  status: LedgerStatus;
  /** Who holds the entry: only that worker may move it on; a retry takes a new one. */
  claimId?: string;
  /** When the hand-over started (the claim). */
  sendingAt?: string;
  sentAt?: string;
  messageId?: string;
  /** When SES's answer was unclear (`unknown`) or refused (`failed`). */
  settledAt?: string;
  error?: string;
}

/** What the worker knows once SES accepted a message: the entry's whole new state. */
export interface SentRecord {
  edition: string;
  subscriber: string;
  email: string;
  claimId: string;
  sendingAt: string;
  messageId: string;
  sentAt: string;
}

export type ClaimOutcome = { claimId: string } | { existing: LedgerEntry };

export interface Ledger {
  /**
   * The one write before a send: a conditional put of a `sending` entry with a new claim id,
   * only if the recipient has no entry for this edition. Idempotent: a retried write that
   * finds its own claim is a success. Resolves to the claim id (`claimId` when given, else a
   * new one), or the entry found instead.
   */
  claim(
    edition: string,
    subscriber: string,
    email: string,
    at: Date,
    claimId?: string,
  ): Promise<ClaimOutcome>;
  /**
   * Takes an entry over for a retry on request (`failed`, `unknown`, or a stale `sending`):
   * conditional on it being exactly as read (status and claim id), so a worker that moved it
   * meanwhile wins. Resolves to the new claim id, or undefined when it changed.
   */
  reclaim(entry: LedgerEntry, at: Date): Promise<string | undefined>;
  /** The entry of one recipient, if any (a consistent read). */
  get(edition: string, subscriber: string): Promise<LedgerEntry | undefined>;
  /** The entries of several recipients (consistent reads, batched); absent ones are missing. */
  getMany(edition: string, subscribers: string[]): Promise<Map<string, LedgerEntry>>;
  /**
   * Records accepted sends, up to 25 in one batched write. A put of the whole entry, not
   * conditional: SES took these, so `sent` is the truth whatever the entry held. Resolves to
   * the records not written (the store's throttling): the caller retries them.
   */
  recordSent(records: SentRecord[]): Promise<SentRecord[]>;
  /**
   * SES's own Send or Delivery event for a message: `sending` or `unknown` → `sent`.
   * False when the entry is missing or already settled.
   */
  settleSent(edition: string, subscriber: string, messageId: string, at: Date): Promise<boolean>;
  /** `sending` → `failed` (refused for good), fenced by the claim id. */
  markFailed(
    edition: string,
    subscriber: string,
    claimId: string,
    reason: string,
    at: Date,
  ): Promise<boolean>;
  /** `sending` → `unknown` (SES may have taken it), fenced by the claim id. */
  markUnknown(
    edition: string,
    subscriber: string,
    claimId: string,
    reason: string,
    at: Date,
  ): Promise<boolean>;
  /** Records a recipient not sent to (no longer confirmed), unless an entry already exists. */
  markSkipped(
    edition: string,
    subscriber: string,
    email: string,
    reason: string,
    at: Date,
  ): Promise<void>;
  /** Deletes our `sending` entry: SES certainly did not take the message. Fenced by the claim id. */
  release(edition: string, subscriber: string, claimId: string): Promise<void>;
  list(edition: string): AsyncIterable<LedgerEntry>;
}

export type EditionStatus = 'sending' | 'sent';

export interface EditionCounts {
  recipients: number;
  sent: number;
  skipped: number;
  failed: number;
  /** SES may have taken it: settled by SES's events, or resent only on request. */
  unknown: number;
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
