import { describe, expect, it, vi } from 'vitest';
import { applyFeedback, parseFeedback } from '../../../lambda/subscribers/feedback.ts';
import type { SentSettlement } from '../../../lambda/subscribers/ports.ts';
import type { SubscriberStatus } from '../../../lambda/subscribers/subscriber.ts';
import { subscriberIdFor } from '../../../lambda/subscribers/subscriber-id.ts';
import { createMemorySubscriberStore } from '../../helpers/memory-subscribers.ts';
import { capturingLog, HOUR, later, stored, T0 } from './fixtures.ts';

// Shapes as SES publishes them (configuration-set event publishing, identity notifications).
const bounce = (
  bounceType: string,
  emails: string[],
  key: 'eventType' | 'notificationType' = 'eventType',
) => ({
  [key]: 'Bounce',
  mail: { messageId: 'ses-1' },
  bounce: {
    bounceType,
    bounceSubType: bounceType === 'Permanent' ? 'General' : 'MailboxFull',
    bouncedRecipients: emails.map((emailAddress) => ({ emailAddress })),
  },
});
const complaint = (emails: string[]) => ({
  eventType: 'Complaint',
  mail: { messageId: 'ses-2' },
  complaint: {
    complaintFeedbackType: 'abuse',
    complainedRecipients: emails.map((emailAddress) => ({ emailAddress })),
  },
});
const sesEvent = (
  eventType: 'Send' | 'Delivery',
  tags: Record<string, string[]>,
  timestamp = '2026-03-01T07:59:58.123Z',
) => ({
  eventType,
  mail: { messageId: 'ses-sent', timestamp, tags: { 'ses:configuration-set': ['braid'], ...tags } },
  ...(eventType === 'Send' ? { send: {} } : { delivery: { recipients: ['a@example.com'] } }),
});
const editionTags = {
  purpose: ['edition'],
  edition: ['2026-03-01-abcd1234'],
  subscriber: ['sub_1'],
};
const viaSns = (...messages: unknown[]) => ({
  Records: messages.map((m) => ({ EventSource: 'aws:sns', Sns: { Message: JSON.stringify(m) } })),
});
const viaEventBridge = (detail: unknown) => ({
  source: 'aws.ses',
  'detail-type': 'Email Bounced',
  detail,
});

/** Ledger entries by `<edition> <subscriber>`: a tiny in-memory stand-in of the send ledger. */
interface FakeEntry {
  status: 'sending' | 'unknown' | 'sent' | 'failed' | 'skipped';
  messageId?: string;
  sentAt?: string;
}

function createFakeLedger(entries: Record<string, FakeEntry> = {}) {
  const stored = new Map(Object.entries(entries));
  const ledger: SentSettlement & {
    entry(edition: string, subscriber: string): FakeEntry | undefined;
  } = {
    async settleSent(edition, subscriber, messageId, at) {
      const entry = stored.get(`${edition} ${subscriber}`);
      if (entry === undefined || (entry.status !== 'sending' && entry.status !== 'unknown')) {
        return false;
      }
      stored.set(`${edition} ${subscriber}`, {
        status: 'sent',
        messageId,
        sentAt: at.toISOString(),
      });
      return true;
    },
    entry: (edition, subscriber) => stored.get(`${edition} ${subscriber}`),
  };
  return ledger;
}

describe('parseFeedback', () => {
  it.each([
    [
      'a hard bounce via SNS',
      viaSns(bounce('Permanent', ['a@example.com'])),
      [['hard-bounce', 'a@example.com', 'Permanent/General']],
    ],
    [
      'a soft bounce via SNS',
      viaSns(bounce('Transient', ['a@example.com'])),
      [['soft-bounce', 'a@example.com', 'Transient/MailboxFull']],
    ],
    [
      'an undetermined bounce (treated as soft)',
      viaSns(bounce('Undetermined', ['a@example.com'])),
      [['soft-bounce', 'a@example.com', 'Undetermined/MailboxFull']],
    ],
    [
      'an identity notification',
      viaSns(bounce('Permanent', ['b@example.com'], 'notificationType')),
      [['hard-bounce', 'b@example.com', 'Permanent/General']],
    ],
    [
      'a complaint via SNS',
      viaSns(complaint(['c@example.com'])),
      [['complaint', 'c@example.com', 'abuse']],
    ],
    [
      'a bounce via EventBridge',
      viaEventBridge(bounce('Permanent', ['d@example.com'])),
      [['hard-bounce', 'd@example.com', 'Permanent/General']],
    ],
    [
      'several recipients and records',
      viaSns(bounce('Permanent', ['e@example.com', 'f@example.com']), complaint(['g@example.com'])),
      [
        ['hard-bounce', 'e@example.com', 'Permanent/General'],
        ['hard-bounce', 'f@example.com', 'Permanent/General'],
        ['complaint', 'g@example.com', 'abuse'],
      ],
    ],
  ])('reads %s', (_case, event, expected) => {
    const { events, ignored } = parseFeedback(event);
    expect(events.map((e) => [e.kind, e.email, e.detail])).toEqual(expected);
    expect(ignored).toEqual([]);
  });

  it.each([
    ['an empty object', {}, /unknown event shape/],
    ['an SQS event', { Records: [{ body: '{}' }] }, /unknown event shape/],
    ['a string', 'bounce!', /unknown event shape/],
    ['an SNS message that is not JSON', { Records: [{ Sns: { Message: 'hello' } }] }, /not JSON/],
    [
      'an event type that needs no action',
      viaSns({ eventType: 'Open', mail: { messageId: 'x' } }),
      /"Open" needs no action/,
    ],
    [
      'a bounce without recipients',
      viaSns({ eventType: 'Bounce', bounce: { bounceType: 'Permanent', bouncedRecipients: [] } }),
      /not an SES event/,
    ],
  ])('ignores %s, saying why', (_case, event, reason) => {
    const { events, ignored } = parseFeedback(event);
    expect(events).toEqual([]);
    expect(ignored.join('\n')).toMatch(reason);
  });
});

describe('parseFeedback, in detail', () => {
  it('keeps the message id, and the parts of the detail SES leaves out', () => {
    // Prepare
    const event = viaSns(
      {
        eventType: 'Bounce',
        bounce: { bounceType: 'Permanent', bouncedRecipients: [{ emailAddress: 'a@example.com' }] },
      },
      {
        notificationType: 'Complaint',
        mail: { messageId: 'ses-9' },
        complaint: { complainedRecipients: [{ emailAddress: 'b@example.com' }] },
      },
    );
    // Act
    const { events, ignored } = parseFeedback(event);
    // Assess
    expect(events).toStrictEqual([
      { kind: 'hard-bounce', email: 'a@example.com', messageId: undefined, detail: 'Permanent/' },
      {
        kind: 'complaint',
        email: 'b@example.com',
        messageId: 'ses-9',
        detail: 'complaint',
        eventKey: 'ses-9#complaint',
      },
    ]);
    expect(ignored).toEqual([]);
  });

  it.each([
    [
      'a Bounce without its bounce',
      viaSns({ eventType: 'Bounce' }),
      'SES event type "Bounce" needs no action',
    ],
    [
      'a Complaint without its complaint',
      viaSns({ eventType: 'Complaint' }),
      'SES event type "Complaint" needs no action',
    ],
    [
      'a message without a type',
      viaSns({ mail: { messageId: 'x' } }),
      'SES event type "" needs no action',
    ],
    [
      'another event type that happens to carry a bounce',
      viaSns({ ...bounce('Permanent', ['a@example.com']), eventType: 'DeliveryDelay' }),
      'SES event type "DeliveryDelay" needs no action',
    ],
    [
      'another event type that happens to carry a complaint',
      viaSns({ ...complaint(['a@example.com']), eventType: 'Open' }),
      'SES event type "Open" needs no action',
    ],
    [
      'an EventBridge event from another source',
      { source: 'aws.s3', detail: bounce('Permanent', ['a@example.com']) },
      'unknown event shape: neither SNS records nor an aws.ses EventBridge event',
    ],
    [
      'an SNS event without records',
      { Records: [] },
      'unknown event shape: neither SNS records nor an aws.ses EventBridge event',
    ],
  ])('ignores %s, saying exactly why', (_case, event, reason) => {
    // Act
    const { events, ignored } = parseFeedback(event);
    // Assess
    expect(events).toEqual([]);
    expect(ignored).toEqual([reason]);
  });

  it('says what is wrong with an EventBridge detail that is not an SES event', () => {
    // Act
    const { events, ignored } = parseFeedback({ source: 'aws.ses', detail: 'bounce' });
    // Assess
    expect(events).toEqual([]);
    expect(ignored).toHaveLength(1);
    expect(ignored[0]).toMatch(/^not an SES event: \S/);
  });

  it('reads the records it can and lists the ones it cannot', () => {
    // Prepare
    const event = {
      Records: [
        { Sns: { Message: 'not json' } },
        { Sns: { Message: JSON.stringify(complaint(['c@example.com'])) } },
        { Sns: { Message: JSON.stringify({ eventType: 'Send' }) } },
      ],
    };
    // Act
    const { events, ignored, untracked } = parseFeedback(event);
    // Assess: the Send event without our tags is only counted.
    expect(events.map((e) => e.email)).toEqual(['c@example.com']);
    expect(ignored).toEqual(['an SNS message that is not JSON']);
    expect(untracked).toBe(1);
  });
});

describe('applyFeedback', () => {
  const emails = ['hard@example.com', 'soft@example.com', 'angry@example.com'];
  const seeded = () =>
    createMemorySubscriberStore(emails.map((email) => stored('confirmed', {}, email)));
  const statusOf = async (store: ReturnType<typeof seeded>, email: string) =>
    (await store.get(subscriberIdFor(email)))?.status;

  it('suppresses hard bounces and complaints, records soft bounces, and sums it up', async () => {
    // Prepare
    const store = seeded();
    const { entries, log } = capturingLog();
    const event = viaSns(
      bounce('Permanent', ['Hard@Example.com']),
      bounce('Transient', ['soft@example.com']),
      complaint(['angry@example.com']),
    );
    // Act
    const summary = await applyFeedback(
      { subscribers: store, ledger: createFakeLedger(), log },
      event,
      T0,
    );
    // Assess
    expect(summary).toStrictEqual({
      bounced: 1,
      complained: 1,
      softBounces: 1,
      unknownRecipients: 0,
      unchanged: 0,
      replayed: 0,
      stale: 0,
      settled: 0,
      nothingToSettle: 0,
      ignored: [],
    });
    const hard = await store.get(subscriberIdFor('hard@example.com'));
    expect(hard).toMatchObject({
      status: 'bounced',
      statusReason: 'hard-bounce Permanent/General (message ses-1)',
      updatedAt: T0.toISOString(),
    });
    expect(await store.get(subscriberIdFor('angry@example.com'))).toMatchObject({
      status: 'complained',
      statusReason: 'complaint abuse (message ses-2)',
    });
    const soft = await store.get(subscriberIdFor('soft@example.com'));
    expect(soft?.status).toBe('confirmed');
    expect([...(soft?.softBounceMessages ?? [])]).toEqual(['ses-1']);
    expect(entries).toEqual([
      {
        level: 'info',
        message: 'subscriber suppressed',
        fields: {
          subscriberId: subscriberIdFor('hard@example.com'),
          status: 'bounced',
          reason: 'hard-bounce Permanent/General (message ses-1)',
        },
      },
      {
        level: 'info',
        message: 'subscriber suppressed',
        fields: {
          subscriberId: subscriberIdFor('angry@example.com'),
          status: 'complained',
          reason: 'complaint abuse (message ses-2)',
        },
      },
    ]);
  });

  it.each([
    ['a hard bounce', 'pending', bounce('Permanent', ['a@example.com']), 'bounced'],
    ['a hard bounce', 'unsubscribed', bounce('Permanent', ['a@example.com']), 'bounced'],
    ['a complaint', 'pending', complaint(['a@example.com']), 'complained'],
    ['a complaint', 'unsubscribed', complaint(['a@example.com']), 'complained'],
    ['a complaint', 'bounced', complaint(['a@example.com']), 'complained'],
  ] as [string, SubscriberStatus, unknown, SubscriberStatus][])(
    'applies %s to a %s subscriber',
    async (_case, from, message, to) => {
      // Prepare
      const store = createMemorySubscriberStore([stored(from, {}, 'a@example.com')]);
      const { log } = capturingLog();
      // Act
      const summary = await applyFeedback(
        { subscribers: store, ledger: createFakeLedger(), log },
        viaSns(message),
        T0,
      );
      // Assess
      expect(await statusOf(store, 'a@example.com')).toBe(to);
      expect(summary[to as 'bounced' | 'complained']).toBe(1);
      expect(summary.unchanged).toBe(0);
    },
  );

  it('leaves a complained address complained when it later hard-bounces (a complaint outranks a bounce)', async () => {
    // Prepare
    const before = stored('complained', { statusReason: 'complaint abuse' }, 'a@example.com');
    const store = createMemorySubscriberStore([before]);
    const { entries, log } = capturingLog();
    // Act
    const summary = await applyFeedback(
      { subscribers: store, ledger: createFakeLedger(), log },
      viaSns(bounce('Permanent', ['a@example.com'])),
      T0,
    );
    // Assess
    expect(store.all()).toStrictEqual([before]);
    expect(summary).toMatchObject({ bounced: 0, unchanged: 1, unknownRecipients: 0 });
    expect(entries).toEqual([]);
  });

  it('counts a redelivered hard bounce or complaint as unchanged, not again', async () => {
    // Prepare (the in-memory store keeps no event keys: the status alone refuses the replay)
    const store = seeded();
    const { log } = capturingLog();
    const event = viaSns(
      bounce('Permanent', ['hard@example.com']),
      complaint(['angry@example.com']),
    );
    await applyFeedback({ subscribers: store, ledger: createFakeLedger(), log }, event, T0);
    const after = store.all();
    // Act
    const again = await applyFeedback(
      { subscribers: store, ledger: createFakeLedger(), log },
      event,
      later(HOUR),
    );
    // Assess
    expect(again).toMatchObject({ bounced: 0, complained: 0, unchanged: 2, unknownRecipients: 0 });
    expect(store.all()).toStrictEqual(after);
  });

  it('counts an event the subscriber already records as replayed, changing nothing', async () => {
    // Prepare: as the DynamoDB store leaves them after applying these very events.
    const store = createMemorySubscriberStore([
      stored('bounced', { feedbackEvents: new Set(['ses-1#bounce']) }, 'hard@example.com'),
      stored('complained', { feedbackEvents: new Set(['ses-2#complaint']) }, 'angry@example.com'),
    ]);
    const before = store.all();
    const { entries, log } = capturingLog();
    const event = viaSns(
      bounce('Permanent', ['hard@example.com']),
      complaint(['angry@example.com']),
    );
    // Act
    const summary = await applyFeedback(
      { subscribers: store, ledger: createFakeLedger(), log },
      event,
      T0,
    );
    // Assess
    expect(summary).toMatchObject({ bounced: 0, complained: 0, replayed: 2, unchanged: 0 });
    expect(store.all()).toStrictEqual(before);
    expect(entries).toEqual([]);
  });

  it('asks the store to guard the change by the event key and the time the message was sent', async () => {
    // Prepare
    const store = seeded();
    const setStatus = vi.spyOn(store, 'setStatus');
    const { log } = capturingLog();
    const sent = '2026-02-28T10:00:00Z';
    const hard = {
      ...bounce('Permanent', ['hard@example.com']),
      mail: { messageId: 'm-7', timestamp: sent },
    };
    // Act
    await applyFeedback(
      { subscribers: store, ledger: createFakeLedger(), log },
      viaSns(hard, complaint(['angry@example.com'])),
      T0,
    );
    // Assess
    expect(setStatus.mock.calls.map((call) => call[5])).toEqual([
      { eventKey: 'm-7#bounce', messageSentAt: '2026-02-28T10:00:00.000Z' },
      { eventKey: 'ses-2#complaint' },
    ]);
  });

  it('counts a redelivered soft bounce once (keyed by the message)', async () => {
    // Prepare
    const store = seeded();
    const { log } = capturingLog();
    const event = viaSns(bounce('Transient', ['soft@example.com']));
    // Act
    await applyFeedback({ subscribers: store, ledger: createFakeLedger(), log }, event, T0);
    await applyFeedback({ subscribers: store, ledger: createFakeLedger(), log }, event, T0);
    // Assess
    const soft = await store.get(subscriberIdFor('soft@example.com'));
    expect([...(soft?.softBounceMessages ?? [])]).toEqual(['ses-1']);
  });

  it('keys a soft bounce without a message id by its detail and time', async () => {
    // Prepare
    const store = seeded();
    const { log } = capturingLog();
    const { mail: _mail, ...withoutId } = bounce('Transient', ['soft@example.com']);
    // Act
    const summary = await applyFeedback(
      { subscribers: store, ledger: createFakeLedger(), log },
      viaSns(withoutId),
      T0,
    );
    // Assess
    expect(summary.softBounces).toBe(1);
    const soft = await store.get(subscriberIdFor('soft@example.com'));
    expect([...(soft?.softBounceMessages ?? [])]).toEqual([
      `Transient/MailboxFull@${T0.toISOString()}`,
    ]);
  });

  it('gives a hard bounce without a message id a reason without one', async () => {
    // Prepare
    const store = seeded();
    const { log } = capturingLog();
    const { mail: _mail, ...withoutId } = bounce('Permanent', ['hard@example.com']);
    // Act
    await applyFeedback(
      { subscribers: store, ledger: createFakeLedger(), log },
      viaSns(withoutId),
      T0,
    );
    // Assess
    expect((await store.get(subscriberIdFor('hard@example.com')))?.statusReason).toBe(
      'hard-bounce Permanent/General',
    );
  });

  it('counts recipients it does not know, and lists addresses that are not addresses', async () => {
    // Prepare
    const store = seeded();
    const { entries, log } = capturingLog();
    const event = viaSns(
      bounce('Permanent', ['stranger@example.com', 'not an address']),
      complaint(['nobody@example.com']),
    );
    // Act
    const summary = await applyFeedback(
      { subscribers: store, ledger: createFakeLedger(), log },
      event,
      T0,
    );
    // Assess
    expect(summary).toStrictEqual({
      bounced: 0,
      complained: 0,
      softBounces: 0,
      unknownRecipients: 2,
      unchanged: 0,
      replayed: 0,
      stale: 0,
      settled: 0,
      nothingToSettle: 0,
      ignored: ['not an address: "not an address"'],
    });
    expect(entries).toEqual([
      {
        level: 'warn',
        message: 'feedback ignored',
        fields: { reason: 'not an address: "not an address"' },
      },
    ]);
    expect(await statusOf(store, 'hard@example.com')).toBe('confirmed');
  });

  it('logs every ignored part of an event as a warning', async () => {
    // Prepare
    const store = seeded();
    const { entries, log } = capturingLog();
    // Act
    const summary = await applyFeedback(
      { subscribers: store, ledger: createFakeLedger(), log },
      { hello: 'world' },
      T0,
    );
    // Assess
    expect(summary.ignored).toHaveLength(1);
    expect(entries).toEqual([
      { level: 'warn', message: 'feedback ignored', fields: { reason: summary.ignored[0] } },
    ]);
  });
});

describe('parseFeedback: what makes an event itself', () => {
  it('keeps when the message was sent (as ISO) and keys a hard bounce or complaint by message and type', () => {
    // Prepare
    const event = viaSns(
      {
        ...bounce('Permanent', ['a@example.com']),
        mail: { messageId: 'm1', timestamp: '2026-02-28T10:00:00Z' },
      },
      { ...complaint(['b@example.com']), mail: { messageId: 'm1', timestamp: 'yesterday' } },
      {
        ...bounce('Transient', ['c@example.com']),
        mail: { messageId: 'm2', timestamp: '2026-02-28T10:00:00.000Z' },
      },
    );
    // Act
    const { events } = parseFeedback(event);
    // Assess: a time that is no time is left out; a soft bounce is keyed by its message alone.
    expect(events.map(({ kind, sentAt, eventKey }) => ({ kind, sentAt, eventKey }))).toEqual([
      { kind: 'hard-bounce', sentAt: '2026-02-28T10:00:00.000Z', eventKey: 'm1#bounce' },
      { kind: 'complaint', sentAt: undefined, eventKey: 'm1#complaint' },
      { kind: 'soft-bounce', sentAt: '2026-02-28T10:00:00.000Z', eventKey: undefined },
    ]);
  });

  it('keys an event without a message id by its SNS message or EventBridge event id', () => {
    // Prepare
    const { mail: _mail, ...withoutId } = bounce('Permanent', ['a@example.com']);
    const sns = {
      Records: [{ Sns: { MessageId: 'sns-42', Message: JSON.stringify(withoutId) } }],
    };
    const bridge = { ...viaEventBridge(withoutId), id: 'eb-7' };
    // Act
    const [fromSns] = parseFeedback(sns).events;
    const [fromBridge] = parseFeedback(bridge).events;
    // Assess
    expect(fromSns?.eventKey).toBe('sns:sns-42#bounce');
    expect(fromBridge?.eventKey).toBe('eventbridge:eb-7#bounce');
  });

  it.each([
    ['Send', 'Send'],
    ['Delivery', 'Delivery'],
  ] as const)('reads an edition’s %s event as sent, with its tags', (_case, type) => {
    // Act
    const parsed = parseFeedback(viaSns(sesEvent(type, editionTags)));
    // Assess
    expect(parsed).toStrictEqual({
      events: [],
      sent: [
        {
          type,
          messageId: 'ses-sent',
          edition: '2026-03-01-abcd1234',
          subscriber: 'sub_1',
          sentAt: '2026-03-01T07:59:58.123Z',
        },
      ],
      untracked: 0,
      ignored: [],
    });
  });

  it.each([
    ['a signup email (no edition tag)', { purpose: ['confirm'], subscriber: ['sub_1'] }],
    ['an edition tag without a subscriber', { edition: ['2026-03-01-abcd1234'] }],
    ['a tag that is not a list of strings', { edition: 'e', subscriber: [7] }],
  ])('counts a Send event of %s quietly, as nothing to settle', (_case, tags) => {
    // Act
    const parsed = parseFeedback(viaSns(sesEvent('Send', tags as Record<string, string[]>)));
    // Assess
    expect(parsed).toStrictEqual({ events: [], sent: [], untracked: 1, ignored: [] });
  });
});

describe('applyFeedback: Send and Delivery events settle the ledger', () => {
  const key = '2026-03-01-abcd1234 sub_1';

  it('settles a sending entry as sent, at the time SES took the message', async () => {
    // Prepare
    const ledger = createFakeLedger({ [key]: { status: 'sending' } });
    const { entries, log } = capturingLog();
    // Act
    const summary = await applyFeedback(
      { subscribers: createMemorySubscriberStore(), ledger, log },
      viaSns(sesEvent('Send', editionTags)),
      T0,
    );
    // Assess
    expect(summary).toMatchObject({ settled: 1, nothingToSettle: 0, ignored: [] });
    expect(ledger.entry('2026-03-01-abcd1234', 'sub_1')).toEqual({
      status: 'sent',
      messageId: 'ses-sent',
      sentAt: '2026-03-01T07:59:58.123Z',
    });
    expect(entries).toEqual([]);
  });

  it('settles an unknown entry; the other event for the same message needs nothing', async () => {
    // Prepare
    const ledger = createFakeLedger({ [key]: { status: 'unknown' } });
    const { log } = capturingLog();
    const deps = { subscribers: createMemorySubscriberStore(), ledger, log };
    // Act
    const first = await applyFeedback(deps, viaSns(sesEvent('Delivery', editionTags)), T0);
    const second = await applyFeedback(deps, viaSns(sesEvent('Send', editionTags)), T0);
    // Assess
    expect(first).toMatchObject({ settled: 1, nothingToSettle: 0 });
    expect(second).toMatchObject({ settled: 0, nothingToSettle: 1 });
    expect(ledger.entry('2026-03-01-abcd1234', 'sub_1')?.status).toBe('sent');
  });

  it('uses the time it runs when the event gives none', async () => {
    // Prepare
    const ledger = createFakeLedger({ [key]: { status: 'sending' } });
    const { log } = capturingLog();
    // Act
    await applyFeedback(
      { subscribers: createMemorySubscriberStore(), ledger, log },
      viaSns(sesEvent('Send', editionTags, 'not a time')),
      T0,
    );
    // Assess
    expect(ledger.entry('2026-03-01-abcd1234', 'sub_1')?.sentAt).toBe(T0.toISOString());
  });

  it('leaves a settled entry, a missing one and a signup email alone, counting each, logging nothing', async () => {
    // Prepare
    const ledger = createFakeLedger({ [key]: { status: 'failed' } });
    const settle = vi.spyOn(ledger, 'settleSent');
    const { entries, log } = capturingLog();
    // Act
    const summary = await applyFeedback(
      { subscribers: createMemorySubscriberStore(), ledger, log },
      viaSns(
        sesEvent('Send', editionTags),
        sesEvent('Send', { ...editionTags, subscriber: ['sub_2'] }),
        sesEvent('Delivery', { purpose: ['welcome'], subscriber: ['sub_1'] }),
      ),
      T0,
    );
    // Assess
    expect(summary).toMatchObject({ settled: 0, nothingToSettle: 3, ignored: [] });
    expect(settle).toHaveBeenCalledTimes(2);
    expect(ledger.entry('2026-03-01-abcd1234', 'sub_1')).toEqual({ status: 'failed' });
    expect(entries).toEqual([]);
  });

  it('applies bounces and settles sends from one batch of records', async () => {
    // Prepare
    const store = createMemorySubscriberStore([stored('confirmed', {}, 'a@example.com')]);
    const ledger = createFakeLedger({ [key]: { status: 'sending' } });
    const { log } = capturingLog();
    // Act
    const summary = await applyFeedback(
      { subscribers: store, ledger, log },
      viaSns(bounce('Permanent', ['a@example.com']), sesEvent('Delivery', editionTags)),
      T0,
    );
    // Assess
    expect(summary).toMatchObject({ bounced: 1, settled: 1 });
  });
});
