import { describe, expect, it } from 'vitest';
import {
  type LifecycleEvent,
  nextStatus,
  statusesLeadingTo,
} from '../../../lambda/subscribers/lifecycle.ts';
import {
  SUBSCRIBER_STATUSES,
  type SubscriberStatus,
} from '../../../lambda/subscribers/subscriber.ts';

type From = SubscriberStatus | 'none';
type To = SubscriberStatus | 'not allowed';

/** Every event from every status, written out: a change to the state machine shows here. */
const TABLE: [LifecycleEvent, From, To][] = [
  ['signup', 'none', 'pending'],
  ['signup', 'pending', 'pending'],
  ['signup', 'confirmed', 'confirmed'],
  ['signup', 'unsubscribed', 'pending'],
  ['signup', 'bounced', 'not allowed'],
  ['signup', 'complained', 'not allowed'],

  ['confirm', 'none', 'not allowed'],
  ['confirm', 'pending', 'confirmed'],
  ['confirm', 'confirmed', 'confirmed'],
  ['confirm', 'unsubscribed', 'not allowed'],
  ['confirm', 'bounced', 'not allowed'],
  ['confirm', 'complained', 'not allowed'],

  ['unsubscribe', 'none', 'not allowed'],
  ['unsubscribe', 'pending', 'unsubscribed'],
  ['unsubscribe', 'confirmed', 'unsubscribed'],
  ['unsubscribe', 'unsubscribed', 'unsubscribed'],
  ['unsubscribe', 'bounced', 'bounced'],
  ['unsubscribe', 'complained', 'complained'],

  ['resubscribe', 'none', 'not allowed'],
  ['resubscribe', 'pending', 'not allowed'],
  ['resubscribe', 'confirmed', 'confirmed'],
  ['resubscribe', 'unsubscribed', 'confirmed'],
  ['resubscribe', 'bounced', 'not allowed'],
  ['resubscribe', 'complained', 'not allowed'],

  ['bounce', 'none', 'not allowed'],
  ['bounce', 'pending', 'bounced'],
  ['bounce', 'confirmed', 'bounced'],
  ['bounce', 'unsubscribed', 'bounced'],
  ['bounce', 'bounced', 'bounced'],
  ['bounce', 'complained', 'complained'],

  ['complain', 'none', 'not allowed'],
  ['complain', 'pending', 'complained'],
  ['complain', 'confirmed', 'complained'],
  ['complain', 'unsubscribed', 'complained'],
  ['complain', 'bounced', 'complained'],
  ['complain', 'complained', 'complained'],
];

describe('nextStatus', () => {
  it.each(TABLE)('%s from %s → %s', (event, from, to) => {
    // Act
    const next = nextStatus(from === 'none' ? undefined : from, event);
    // Assess
    expect(next).toBe(to === 'not allowed' ? undefined : to);
  });

  it('has a row for every event and every status, the absent subscriber included', () => {
    // Prepare
    const events: LifecycleEvent[] = [
      'signup',
      'confirm',
      'unsubscribe',
      'resubscribe',
      'bounce',
      'complain',
    ];
    const froms: From[] = ['none', ...SUBSCRIBER_STATUSES];
    // Assess
    expect(TABLE.map(([event, from]) => `${event}:${from}`).sort()).toEqual(
      events.flatMap((event) => froms.map((from) => `${event}:${from}`)).sort(),
    );
  });

  it('lists the five statuses, confirmed (the one mailed) first', () => {
    expect(SUBSCRIBER_STATUSES).toEqual([
      'confirmed',
      'pending',
      'unsubscribed',
      'bounced',
      'complained',
    ]);
  });
});

describe('statusesLeadingTo', () => {
  it.each([
    ['bounce', 'bounced', ['pending', 'confirmed', 'unsubscribed']],
    ['complain', 'complained', ['pending', 'confirmed', 'unsubscribed', 'bounced']],
    ['signup', 'pending', ['unsubscribed']],
    ['confirm', 'confirmed', ['pending']],
    ['unsubscribe', 'unsubscribed', ['pending', 'confirmed']],
    ['resubscribe', 'confirmed', ['unsubscribed']],
    ['bounce', 'complained', []],
    ['confirm', 'bounced', []],
  ] as [LifecycleEvent, SubscriberStatus, SubscriberStatus[]][])(
    '%s → %s: from %j (moves only, never a repeat or a new subscriber)',
    (event, to, expected) => {
      // Act
      const from = statusesLeadingTo(event, to);
      // Assess
      expect([...from].sort()).toEqual([...expected].sort());
    },
  );

  it('agrees with the table for every event and status', () => {
    // Prepare
    const events: LifecycleEvent[] = [
      'signup',
      'confirm',
      'unsubscribe',
      'resubscribe',
      'bounce',
      'complain',
    ];
    for (const event of events) {
      for (const to of SUBSCRIBER_STATUSES) {
        // Act
        const from = statusesLeadingTo(event, to);
        // Assess
        const expected = SUBSCRIBER_STATUSES.filter(
          (status) => status !== to && nextStatus(status, event) === to,
        );
        expect([...from].sort()).toEqual([...expected].sort());
      }
    }
  });
});
