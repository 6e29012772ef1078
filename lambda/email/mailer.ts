/**
 * The port every sender implements (SES, and the outbox beside it locally). Delivery sends
 * editions through it; the subscriber lifecycle sends its confirmation and welcome emails.
 */

/** What a message is: an edition, or one of the emails of the signup flow. */
export type MessagePurpose = 'edition' | 'confirm' | 'welcome' | 'already-subscribed';

export interface OutgoingMessage {
  purpose: MessagePurpose;
  /** The edition an edition message belongs to; absent for the signup emails. */
  editionId?: string;
  subscriberId: string;
  from: string;
  to: string;
  raw: Buffer;
}

export interface SendQuota {
  /** Messages per second the account may send. */
  maxSendRate: number;
  max24HourSend: number;
  sentLast24Hours: number;
}

/**
 * What became of one send, as the provider's answer means it (the adapter decides; the core
 * never reads provider error names):
 * - `accepted`: the provider took the message (its id).
 * - `rejected`: refused for good, for this message or address; sending it again is pointless.
 * - `throttled`: certainly not taken, and worth trying again soon (over the rate, or the
 *   provider could not be reached at all).
 * - `quota-exhausted`: certainly not taken; nothing more goes out until the daily quota resets.
 * - `halted`: certainly not taken; nothing goes out until someone acts (account or
 *   configuration set paused, credentials refused).
 * - `unknown`: the provider may have taken it (no answer, a timeout, a server error after the
 *   request was sent). Never resent automatically.
 */
export type SendOutcome =
  | { kind: 'accepted'; messageId: string }
  | { kind: 'rejected'; reason: string }
  | { kind: 'throttled'; reason: string }
  | { kind: 'quota-exhausted'; reason: string }
  | { kind: 'halted'; reason: string }
  | { kind: 'unknown'; reason: string };

export interface Mailer {
  /** Sends one raw MIME message. Never throws for a provider's answer: it is an outcome. */
  send(message: OutgoingMessage): Promise<SendOutcome>;
  /** The account's sending limits, where the provider has them (SES GetSendQuota). */
  quota?(): Promise<SendQuota>;
}
