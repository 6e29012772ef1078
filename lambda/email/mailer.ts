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

export interface Mailer {
  /** Sends one raw MIME message; resolves to the provider's message id. */
  send(message: OutgoingMessage): Promise<{ messageId: string }>;
  /** The account's sending limits, where the provider has them (SES GetSendQuota). */
  quota?(): Promise<SendQuota>;
}
