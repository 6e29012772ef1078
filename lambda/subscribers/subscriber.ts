/** Where a subscriber is in the subscription lifecycle. Only `confirmed` is ever mailed an edition. */
export type SubscriberStatus = 'pending' | 'confirmed' | 'unsubscribed' | 'bounced' | 'complained';

/** What was agreed to, when and from where (GDPR Art. 7). */
export interface Consent {
  at: string;
  /** How consent was given: `form`, `api`, `cli`, `demo-seed`. */
  source: string;
  text: string;
  version: string;
  /** Client address when known (signup form). */
  ip?: string;
}

export interface Subscriber {
  id: string;
  email: string;
  name?: string;
  status: SubscriberStatus;
  createdAt: string;
  updatedAt: string;
  confirmedAt?: string;
  consent?: Consent;
  /** Why the status last changed when it was not the subscriber's own doing (bounce, complaint). */
  statusReason?: string;
  /** Messages (SES message ids) that soft-bounced: their number is the soft-bounce count. */
  softBounceMessages?: Set<string>;
}
