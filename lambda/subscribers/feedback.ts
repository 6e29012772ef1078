import { z } from 'zod';
import { statusesLeadingTo } from './lifecycle.ts';
import type { Logger, SubscriberStore } from './ports.ts';
import { InvalidEmailError, subscriberIdFor } from './subscriber-id.ts';

/**
 * SES bounce and complaint events, from either route SES publishes them by: an SNS topic
 * (configuration-set event publishing, `eventType`, or identity notifications,
 * `notificationType`) or EventBridge (`source: aws.ses`, the same body under `detail`).
 */
export interface FeedbackEvent {
  kind: 'hard-bounce' | 'soft-bounce' | 'complaint';
  email: string;
  messageId: string | undefined;
  /** e.g. "Permanent/NoEmail" or "abuse", for the record. */
  detail: string;
}

const recipientList = z.array(z.object({ emailAddress: z.string() })).min(1);

const sesMessage = z.object({
  eventType: z.string().optional(),
  notificationType: z.string().optional(),
  mail: z.object({ messageId: z.string().optional() }).optional(),
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
  Records: z.array(z.object({ Sns: z.object({ Message: z.string() }) })).min(1),
});
const eventBridgeEvent = z.object({ source: z.literal('aws.ses'), detail: z.unknown() });

function fromMessage(message: SesMessage): { events: FeedbackEvent[]; ignored: string[] } {
  const type = message.eventType ?? message.notificationType ?? '';
  const messageId = message.mail?.messageId;
  if (type === 'Bounce' && message.bounce !== undefined) {
    const { bounceType, bounceSubType } = message.bounce;
    // Only a permanent bounce means the address is gone; "Transient" and "Undetermined" may pass.
    const kind = bounceType === 'Permanent' ? 'hard-bounce' : 'soft-bounce';
    const detail = `${bounceType}/${bounceSubType ?? ''}`;
    const events = message.bounce.bouncedRecipients.map(
      (r): FeedbackEvent => ({ kind, email: r.emailAddress, messageId, detail }),
    );
    return { events, ignored: [] };
  }
  if (type === 'Complaint' && message.complaint !== undefined) {
    const detail = message.complaint.complaintFeedbackType ?? 'complaint';
    const events = message.complaint.complainedRecipients.map(
      (r): FeedbackEvent => ({ kind: 'complaint', email: r.emailAddress, messageId, detail }),
    );
    return { events, ignored: [] };
  }
  return { events: [], ignored: [`SES event type ${JSON.stringify(type)} needs no action`] };
}

function parseMessage(raw: unknown): { events: FeedbackEvent[]; ignored: string[] } {
  const message = sesMessage.safeParse(raw);
  if (!message.success)
    return { events: [], ignored: [`not an SES event: ${message.error.issues[0]?.message}`] };
  return fromMessage(message.data);
}

/** Reads bounces and complaints out of an event; anything else is listed as ignored, with why. */
export function parseFeedback(event: unknown): { events: FeedbackEvent[]; ignored: string[] } {
  const bridge = eventBridgeEvent.safeParse(event);
  if (bridge.success) return parseMessage(bridge.data.detail);
  const sns = snsEvent.safeParse(event);
  if (!sns.success) {
    return {
      events: [],
      ignored: ['unknown event shape: neither SNS records nor an aws.ses EventBridge event'],
    };
  }
  const result: { events: FeedbackEvent[]; ignored: string[] } = { events: [], ignored: [] };
  for (const record of sns.data.Records) {
    let body: unknown;
    try {
      body = JSON.parse(record.Sns.Message);
    } catch {
      result.ignored.push('an SNS message that is not JSON');
      continue;
    }
    const part = parseMessage(body);
    result.events.push(...part.events);
    result.ignored.push(...part.ignored);
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
  ignored: string[];
}

/**
 * Applies feedback: a hard bounce makes the subscriber `bounced`, a complaint `complained`
 * (neither is mailed again), each as the state machine allows; a soft bounce is recorded per
 * message. A redelivered event changes and counts nothing.
 */
export async function applyFeedback(
  deps: { subscribers: SubscriberStore; log: Logger },
  event: unknown,
  at: Date,
): Promise<FeedbackSummary> {
  const { events, ignored } = parseFeedback(event);
  const summary: FeedbackSummary = {
    bounced: 0,
    complained: 0,
    softBounces: 0,
    unknownRecipients: 0,
    unchanged: 0,
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
    const event = item.kind === 'hard-bounce' ? 'bounce' : 'complain';
    const status = item.kind === 'hard-bounce' ? 'bounced' : 'complained';
    const reason = `${item.kind} ${item.detail}${item.messageId ? ` (message ${item.messageId})` : ''}`;
    // The state machine says from where: a bounce never overwrites a complaint, and a replayed
    // event finds the status already set and counts nothing.
    const from = statusesLeadingTo(event, status);
    if (await deps.subscribers.setStatus(id, status, reason, at, from)) {
      summary[status] += 1;
      deps.log.info('subscriber suppressed', { subscriberId: id, status, reason });
    } else if ((await deps.subscribers.get(id)) === undefined) {
      summary.unknownRecipients += 1;
    } else {
      summary.unchanged += 1;
    }
  }
  for (const reason of summary.ignored) deps.log.warn('feedback ignored', { reason });
  return summary;
}
