/** Where a subscriber is in the subscription lifecycle. Only `confirmed` is ever mailed an edition. */
export type SubscriberStatus = 'pending' | 'confirmed' | 'unsubscribed' | 'bounced' | 'complained';

export const SUBSCRIBER_STATUSES: readonly SubscriberStatus[] = [
  'confirmed',
  'pending',
  'unsubscribed',
  'bounced',
  'complained',
];

/** How a subscription was asked for: the signup form, the JSON API, or an editor. */
export type ConsentSource = 'form' | 'api' | 'cli' | 'import' | 'resubscribe' | 'demo-seed';

/** What was agreed to, when and from where (GDPR Art. 7). */
export interface Consent {
  /** When consent was complete: the confirmation, for a double opt-in. */
  at: string;
  source: ConsentSource;
  /** The consent text as the person saw it, and its version. */
  text: string;
  version: string;
  /** When the signup form was sent, for a double opt-in. */
  signedUpAt?: string;
  /** Keyed hash of the client address the signup came from (never the address itself). */
  clientHash?: string;
}

/** A signup waiting for its confirmation: what the confirm link completes. */
export interface PendingSignup {
  at: string;
  source: ConsentSource;
  text: string;
  version: string;
  clientHash?: string;
  /** The name given with this signup: it becomes the subscriber's once the address is proven. */
  name?: string;
  /** Carried by this signup's confirm link: a link from an earlier signup no longer confirms. */
  nonce: string;
}

export interface Subscriber {
  id: string;
  email: string;
  name?: string;
  status: SubscriberStatus;
  createdAt: string;
  updatedAt: string;
  confirmedAt?: string;
  unsubscribedAt?: string;
  /** The status they left from: only someone who was confirmed may resubscribe with a button. */
  unsubscribedFrom?: SubscriberStatus;
  consent?: Consent;
  signup?: PendingSignup;
  /** The nonce of the link that confirmed: replaying that link is answered "already confirmed". */
  confirmedNonce?: string;
  /** When signup emails (confirmation, already subscribed) went out, the last 24 h only. */
  signupEmails?: string[];
  /** Why the status last changed when it was not the subscriber's own doing (bounce, complaint). */
  statusReason?: string;
  /** Messages (SES message ids) that soft-bounced: their number is the soft-bounce count. */
  softBounceMessages?: Set<string>;
  /**
   * The bounce and complaint events that changed this subscriber's status
   * (`<SES message id>#<bounce|complaint>`, the latest few): the same event again is a replay.
   */
  feedbackEvents?: Set<string>;
  /** Bumped by every write: a write based on an older read is refused (optimistic locking). */
  version?: number;
}
