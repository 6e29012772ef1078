import { z } from 'zod';
import { statusesLeadingTo } from './lifecycle.ts';
import type { FeedbackGuard, Logger, SentSettlement, SubscriberStore } from './ports.ts';
import type { Subscriber } from './subscriber.ts';
import { InvalidEmailError, subscriberIdFor } from './subscriber-id.ts';

/**
 * SES events, from either route SES publishes them by: an SNS topic (configuration-set event
 * publishing, `eventType`, or identity notifications, `notificationType`) or EventBridge
 * (`source: aws.ses`, the same body under `detail`). Bounces and complaints change
 * subscribers; Send and Delivery events of an edition's message settle its ledger entry.
 */

/** A bounce or complaint about one recipient. */
export interface FeedbackEvent {
  kind: 'hard-bounce' | 'soft-bounce' | 'complaint';
  email: string;
  messageId: string | undefined;
  /** e.g. "Permanent/NoEmail" or "abuse", for the record. */
  detail: string;
  /** When the message was sent (SES's `mail.timestamp`, as ISO), where the event says. */
  sentAt?: string;
  /**
   * The event's identity, for a hard bounce or a complaint: `<SES message id>#<bounce|complaint>`
   * (the recipient is the subscriber it is recorded on). Without a message id, the SNS
   * message id or the EventBridge event id stands in (`sns:<id>#…`, `eventbridge:<id>#…`).
   */
  eventKey?: string;
}

/** SES's Send or Delivery event for an edition's message (it carries our tags). */
export interface SentEvent {
  type: 'Send' | 'Delivery';
  messageId: string;
  edition: string;
  subscriber: string;
  /** When the message was sent (SES's `mail.timestamp`, as ISO), where the event says. */
  sentAt?: string;
}

export interface ParsedFeedback {
  events: FeedbackEvent[];
  sent: SentEvent[];
  /** Send or Delivery events without our edition tags (signup emails): nothing to settle. */
  untracked: number;
  /** What could not be read or needs no action, each with why. */
  ignored: string[];
}

const recipientList = z.array(z.object({ emailAddress: z.string() })).min(1);

const sesMessage = z.object({
  eventType: z.string().optional(),
  notificationType: z.string().optional(),
  mail: z
    .object({
      messageId: z.string().optional(),
      timestamp: z.string().optional(),
      // Tag name → values; read leniently (see tagOf): a tag we do not know is no error.
      tags: z.record(z.string(), z.unknown()).optional(),
    })
    .optional(),
  bounce: z
    .object({
      bounceType: z.string(),
      bounceSubType: z.string().optional(),
      bouncedRecipients: recipientList,
    })
    .optional(),
  complaint: z
    .object({ complaintFeedbackType: z.string().optional(), complainedRecipients: recipientList })
    .optional(),
});
type SesMessage = z.infer<typeof sesMessage>;

const snsEvent = z.object({
  Records: z
    .array(z.object({ Sns: z.object({ Message: z.string(), MessageId: z.string().optional() }) }))
    .min(1),
});
const eventBridgeEvent = z.object({
  source: z.literal('aws.ses'),
  id: z.string().optional(),
  detail: z.unknown(),
});

/** The tags our sends carry (lambda/adapters/ses-mailer.ts). */
const EDITION_TAG = 'edition';
const SUBSCRIBER_TAG = 'subscriber';

/** The first value of a message tag, as SES publishes tags (name → array of strings). */
function tagOf(tags: Record<string, unknown> | undefined, name: string): string | undefined {
  const values = tags?.[name];
  const first: unknown = Array.isArray(values) ? values[0] : undefined;
  return typeof first === 'string' && first !== '' ? first : undefined;
}

/** An ISO time, or undefined for anything that is not a time. */
function isoTime(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const time = Date.parse(value);
  return Number.isNaN(time) ? undefined : new Date(time).toISOString();
}

/** Where an event came from, for its key when SES gave no message id. */
type Envelope = { sns: string } | { eventbridge: string } | undefined;

function eventKeyOf(
  messageId: string | undefined,
  envelope: Envelope,
  type: 'bounce' | 'complaint',
): string | undefined {
  if (messageId !== undefined) return `${messageId}#${type}`;
  if (envelope === undefined) return undefined;
  return 'sns' in envelope
    ? `sns:${envelope.sns}#${type}`
    : `eventbridge:${envelope.eventbridge}#${type}`;
}

const emptyParse = (): ParsedFeedback => ({ events: [], sent: [], untracked: 0, ignored: [] });

function fromMessage(message: SesMessage, envelope: Envelope): ParsedFeedback {
  const parsed = emptyParse();
  const type = message.eventType ?? message.notificationType ?? '';
  const messageId = message.mail?.messageId;
  const sentAt = isoTime(message.mail?.timestamp);
  const when = sentAt === undefined ? {} : { sentAt };
  if (type === 'Bounce' && message.bounce !== undefined) {
    const { bounceType, bounceSubType } = message.bounce;
    // Only a permanent bounce means the address is gone; "Transient" and "Undetermined" may pass.
    const kind = bounceType === 'Permanent' ? 'hard-bounce' : 'soft-bounce';
    const detail = `${bounceType}/${bounceSubType ?? ''}`;
    const key = kind === 'hard-bounce' ? eventKeyOf(messageId, envelope, 'bounce') : undefined;
    parsed.events = message.bounce.bouncedRecipients.map(
      (r): FeedbackEvent => ({
        kind,
        email: r.emailAddress,
        messageId,
        detail,
        ...when,
        ...(key === undefined ? {} : { eventKey: key }),
      }),
    );
  } else if (type === 'Complaint' && message.complaint !== undefined) {
    const detail = message.complaint.complaintFeedbackType ?? 'complaint';
    const key = eventKeyOf(messageId, envelope, 'complaint');
    parsed.events = message.complaint.complainedRecipients.map(
      (r): FeedbackEvent => ({
        kind: 'complaint',
        email: r.emailAddress,
        messageId,
        detail,
        ...when,
        ...(key === undefined ? {} : { eventKey: key }),
      }),
    );
  } else if (type === 'Send' || type === 'Delivery') {
    const edition = tagOf(message.mail?.tags, EDITION_TAG);
    const subscriber = tagOf(message.mail?.tags, SUBSCRIBER_TAG);
    if (messageId === undefined || edition === undefined || subscriber === undefined) {
      parsed.untracked = 1;
    } else {
      parsed.sent = [{ type, messageId, edition, subscriber, ...when }];
    }
  } else {
    parsed.ignored = [`SES event type ${JSON.stringify(type)} needs no action`];
  }
  return parsed;
}

function parseMessage(raw: unknown, envelope: Envelope): ParsedFeedback {
  const message = sesMessage.safeParse(raw);
  if (!message.success) {
    return {
      ...emptyParse(),
      ignored: [`not an SES event: ${message.error.issues[0]?.message}`],
    };
  }
  return fromMessage(message.data, envelope);
}

function merge(into: ParsedFeedback, part: ParsedFeedback): void {
  into.events.push(...part.events);
  into.sent.push(...part.sent);
  into.untracked += part.untracked;
  into.ignored.push(...part.ignored);
}

/**
 * Reads bounces, complaints, and Send and Delivery events out of an event; anything else is
 * listed as ignored, with why. A Send or Delivery event without our tags is only counted.
 */
export function parseFeedback(event: unknown): ParsedFeedback {
  const bridge = eventBridgeEvent.safeParse(event);
  if (bridge.success) {
    const { id } = bridge.data;
    return parseMessage(bridge.data.detail, id === undefined ? undefined : { eventbridge: id });
  }
  const sns = snsEvent.safeParse(event);
  if (!sns.success) {
    return {
      ...emptyParse(),
      ignored: ['unknown event shape: neither SNS records nor an aws.ses EventBridge event'],
    };
  }
  const result = emptyParse();
  for (const record of sns.data.Records) {
    let body: unknown;
    try {
      body = JSON.parse(record.Sns.Message);
    } catch {
      result.ignored.push('an SNS message that is not JSON');
      continue;
    }
    const { MessageId } = record.Sns;
    merge(result, parseMessage(body, MessageId === undefined ? undefined : { sns: MessageId }));
  }
  return result;
}

export interface FeedbackSummary {
  bounced: number;
  complained: number;
  softBounces: number;
  unknownRecipients: number;
  /** Already in that state, or in a stronger one (a bounce after a complaint): nothing changed. */
  unchanged: number;
  /** The same event (message, recipient, type) was applied before: nothing changed. */
  replayed: number;
  /**
   * About a message sent before the subscriber's latest confirmation (they signed up and
   * confirmed again since): nothing changed.
   */
  stale: number;
  /** Ledger entries settled as sent by SES's Send or Delivery event. */
  settled: number;
  /**
   * Send or Delivery events that needed nothing: not an edition's message (a signup email),
   * or its ledger entry already settled (the worker recorded it, or the other event came
   * first) or absent.
   */
  nothingToSettle: number;
  ignored: string[];
}

export interface FeedbackDeps {
  subscribers: SubscriberStore;
  ledger: SentSettlement;
  log: Logger;
}

type Unchanged = 'unknownRecipients' | 'replayed' | 'stale' | 'unchanged';

/** Why a status change was refused, as the subscriber now is (for the summary only). */
function whyUnchanged(current: Subscriber | undefined, item: FeedbackEvent): Unchanged {
  if (current === undefined) return 'unknownRecipients';
  if (item.eventKey !== undefined && current.feedbackEvents?.has(item.eventKey)) return 'replayed';
  const { confirmedAt } = current;
  if (item.sentAt !== undefined && confirmedAt !== undefined && confirmedAt > item.sentAt) {
    return 'stale';
  }
  return 'unchanged';
}

function guardOf(item: FeedbackEvent): FeedbackGuard {
  return {
    ...(item.eventKey === undefined ? {} : { eventKey: item.eventKey }),
    ...(item.sentAt === undefined ? {} : { messageSentAt: item.sentAt }),
  };
}

/** A hard bounce or a complaint: suppresses the subscriber, in one guarded conditional write. */
async function suppress(
  deps: FeedbackDeps,
  item: FeedbackEvent,
  id: string,
  at: Date,
  summary: FeedbackSummary,
): Promise<void> {
  const event = item.kind === 'hard-bounce' ? 'bounce' : 'complain';
  const status = item.kind === 'hard-bounce' ? 'bounced' : 'complained';
  const reason = `${item.kind} ${item.detail}${item.messageId ? ` (message ${item.messageId})` : ''}`;
  // The state machine says from where: a bounce never overwrites a complaint. The guard
  // refuses a replayed event and one about a message older than the latest confirmation.
  const from = statusesLeadingTo(event, status);
  if (await deps.subscribers.setStatus(id, status, reason, at, from, guardOf(item))) {
    summary[status] += 1;
    deps.log.info('subscriber suppressed', { subscriberId: id, status, reason });
    return;
  }
  const why = whyUnchanged(await deps.subscribers.get(id), item);
  summary[why] += 1;
  if (why === 'stale') {
    deps.log.info('stale feedback not applied: confirmed after the message was sent', {
      subscriberId: id,
      kind: item.kind,
      messageId: item.messageId,
      sentAt: item.sentAt,
    });
  }
}

async function settle(
  deps: FeedbackDeps,
  sent: SentEvent,
  at: Date,
  summary: FeedbackSummary,
): Promise<void> {
  // The send time SES gives is when it took the message: the entry's sentAt.
  const sentAt = sent.sentAt === undefined ? at : new Date(sent.sentAt);
  if (await deps.ledger.settleSent(sent.edition, sent.subscriber, sent.messageId, sentAt)) {
    summary.settled += 1;
  } else {
    summary.nothingToSettle += 1;
  }
}

/**
 * Applies feedback: a hard bounce makes the subscriber `bounced`, a complaint `complained`
 * (neither is mailed again), each as the state machine allows, unless the subscriber
 * confirmed after the message was sent; a soft bounce is recorded per message; an edition's
 * Send or Delivery event settles its ledger entry as sent. A redelivered event changes and
 * counts nothing (`replayed`, or for a soft bounce nothing at all).
 */
export async function applyFeedback(
  deps: FeedbackDeps,
  event: unknown,
  at: Date,
): Promise<FeedbackSummary> {
  const { events, sent, untracked, ignored } = parseFeedback(event);
  const summary: FeedbackSummary = {
    bounced: 0,
    complained: 0,
    softBounces: 0,
    unknownRecipients: 0,
    unchanged: 0,
    replayed: 0,
    stale: 0,
    settled: 0,
    nothingToSettle: untracked,
    ignored,
  };
  for (const item of events) {
    let id: string;
    try {
      id = subscriberIdFor(item.email);
    } catch (error) {
      if (!(error instanceof InvalidEmailError)) throw error;
      summary.ignored.push(`not an address: ${JSON.stringify(item.email)}`);
      continue;
    }
    if (item.kind === 'soft-bounce') {
      await deps.subscribers.countSoftBounce(
        id,
        item.messageId ?? `${item.detail}@${at.toISOString()}`,
        at,
      );
      summary.softBounces += 1;
      continue;
    }
    await suppress(deps, item, id, at, summary);
  }
  for (const item of sent) await settle(deps, item, at, summary);
  for (const reason of summary.ignored) deps.log.warn('feedback ignored', { reason });
  return summary;
}
