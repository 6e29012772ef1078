import type { SubscriberStatus } from './subscriber.ts';

/**
 * What can happen to a subscription. `signup` and `confirm` are the double opt-in;
 * `resubscribe` is the button on the unsubscribe page (the person holds a link mailed to
 * them); `bounce` and `complain` come from SES feedback.
 */
export type LifecycleEvent =
  | 'signup'
  | 'confirm'
  | 'unsubscribe'
  | 'resubscribe'
  | 'bounce'
  | 'complain';

type Transitions = Record<
  LifecycleEvent,
  Partial<Record<SubscriberStatus | 'none', SubscriberStatus>>
>;

/**
 * The state machine, as a table. A missing entry is a move that is not allowed. Signing up
 * again after unsubscribing starts a new double opt-in; a bounced or complained address stays
 * suppressed (a stranger's signup must not mail it again: only an editor can lift it); a
 * complaint outranks a bounce; unsubscribing a suppressed address leaves it suppressed.
 * Resubscribing (the unsubscribe page's button) is allowed only to someone who was confirmed
 * when they left: see `resubscribe`.
 */
const TRANSITIONS: Transitions = {
  signup: {
    none: 'pending',
    pending: 'pending',
    confirmed: 'confirmed',
    unsubscribed: 'pending',
  },
  confirm: { pending: 'confirmed', confirmed: 'confirmed' },
  unsubscribe: {
    pending: 'unsubscribed',
    confirmed: 'unsubscribed',
    unsubscribed: 'unsubscribed',
    bounced: 'bounced',
    complained: 'complained',
  },
  resubscribe: { unsubscribed: 'confirmed', confirmed: 'confirmed' },
  bounce: {
    pending: 'bounced',
    confirmed: 'bounced',
    unsubscribed: 'bounced',
    bounced: 'bounced',
    complained: 'complained',
  },
  complain: {
    pending: 'complained',
    confirmed: 'complained',
    unsubscribed: 'complained',
    bounced: 'complained',
    complained: 'complained',
  },
};

/** The status after `event`, or undefined when the event is not allowed from `current`. */
export function nextStatus(
  current: SubscriberStatus | undefined,
  event: LifecycleEvent,
): SubscriberStatus | undefined {
  return TRANSITIONS[event][current ?? 'none'];
}

/** The statuses from which `event` moves a subscriber to `to` (a move, not a repeat). */
export function statusesLeadingTo(event: LifecycleEvent, to: SubscriberStatus): SubscriberStatus[] {
  return Object.entries(TRANSITIONS[event]).flatMap(([from, next]) =>
    from !== 'none' && from !== to && next === to ? [from as SubscriberStatus] : [],
  );
}
