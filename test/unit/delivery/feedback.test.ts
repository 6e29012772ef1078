import { describe, expect, it } from 'vitest';
import { parseFeedback } from '../../../lambda/delivery/feedback.ts';

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
const viaSns = (...messages: unknown[]) => ({
  Records: messages.map((m) => ({ EventSource: 'aws:sns', Sns: { Message: JSON.stringify(m) } })),
});
const viaEventBridge = (detail: unknown) => ({
  source: 'aws.ses',
  'detail-type': 'Email Bounced',
  detail,
});

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
      'a delivery event (no action)',
      viaSns({ eventType: 'Delivery', mail: { messageId: 'x' } }),
      /"Delivery" needs no action/,
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
