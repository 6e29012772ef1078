import { buildMime } from '../email/build-mime.ts';
import { compilePersonalizer } from '../email/personalize.ts';
import type { Edition } from '../email/types.ts';
import type { Pacer } from './pacer.ts';
import type {
  BatchMessage,
  Clock,
  EditionStore,
  Ledger,
  Logger,
  Mailer,
  SubscriberStore,
} from './ports.ts';
import { recipientFor } from './recipient-links.ts';
import { backoffMs, classifySendError } from './send-errors.ts';

export interface DeliverDeps {
  editions: EditionStore;
  subscribers: SubscriberStore;
  ledger: Ledger;
  mailer: Mailer;
  pacer: Pacer;
  clock: Clock;
  log: Logger;
  publicUrl: string;
  tokenSecret: string;
  /** Attempts per message on throttling or 5xx before it is deferred to the next run. */
  maxAttempts?: number;
  /** Source of jitter, 0 ≤ x < 1. */
  random?: () => number;
  /** Called after each recipient is settled (progress bars). */
  onSettled?: (outcome: RecipientOutcome) => void;
}

export type RecipientOutcome =
  | { subscriberId: string; outcome: 'sent'; messageId: string }
  | { subscriberId: string; outcome: 'skipped'; reason: string }
  | { subscriberId: string; outcome: 'failed'; reason: string }
  /** Not sent and not claimed: a later run (or redelivery) sends it. */
  | { subscriberId: string; outcome: 'deferred'; reason: string };

export interface BatchResult {
  editionId: string;
  sent: number;
  skipped: number;
  failed: number;
  deferred: number;
  /** Set when sending must stop (daily quota, paused account): the rest stays queued. */
  halted?: string;
  outcomes: RecipientOutcome[];
}

export class UnknownEditionError extends Error {
  constructor(editionId: string) {
    super(`Edition ${editionId} is not in the edition store; was it composed?`);
    this.name = 'UnknownEditionError';
  }
}

type Personalizer = ReturnType<typeof compilePersonalizer>;

/** Compile once per edition and process, not per batch: the cache is keyed by edition id. */
const personalizers = new Map<string, { edition: Edition; personalize: Personalizer }>();

async function loadEdition(deps: DeliverDeps, editionId: string) {
  const cached = personalizers.get(editionId);
  if (cached !== undefined) return cached;
  const record = await deps.editions.get(editionId);
  if (record === undefined) throw new UnknownEditionError(editionId);
  const entry = { edition: record.edition, personalize: compilePersonalizer(record.edition) };
  personalizers.set(editionId, entry);
  return entry;
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

type SendResult =
  | { outcome: 'sent'; messageId: string }
  | { outcome: 'retry-later' | 'halt' | 'failed'; reason: string };

/** Sends one message, retrying throttling and 5xx with jittered backoff. */
async function sendWithRetry(
  deps: DeliverDeps,
  send: () => Promise<{ messageId: string }>,
): Promise<SendResult> {
  const attempts = deps.maxAttempts ?? 4;
  const random = deps.random ?? Math.random;
  for (let attempt = 0; ; attempt += 1) {
    await deps.pacer.take();
    try {
      return { outcome: 'sent', ...(await send()) };
    } catch (error) {
      const reason = describe(error);
      const kind = classifySendError(error);
      if (kind === 'halt') return { outcome: 'halt', reason };
      if (kind === 'rejected') return { outcome: 'failed', reason };
      if (kind === 'unknown')
        return { outcome: 'failed', reason: `outcome unknown, not resent: ${reason}` };
      if (attempt + 1 >= attempts) return { outcome: 'retry-later', reason };
      await deps.clock.sleep(backoffMs(attempt, random()));
    }
  }
}

/**
 * Delivers one batch: for each recipient, skip unless still confirmed, claim the
 * ledger item (conditional write: the only gate against a second send), build the
 * personal MIME message, pace, send, record. At most once per edition and recipient:
 * a claim is released only when SES certainly did not take the message.
 */
export async function deliverBatch(deps: DeliverDeps, message: BatchMessage): Promise<BatchResult> {
  const { edition, personalize } = await loadEdition(deps, message.editionId);
  const result: BatchResult = {
    editionId: edition.id,
    sent: 0,
    skipped: 0,
    failed: 0,
    deferred: 0,
    outcomes: [],
  };
  const settle = (outcome: RecipientOutcome) => {
    result.outcomes.push(outcome);
    result[outcome.outcome] += 1;
    deps.onSettled?.(outcome);
  };
  const fail = async (subscriberId: string, reason: string) => {
    await deps.ledger.markFailed(edition.id, subscriberId, reason, deps.clock.now());
    deps.log.warn('recipient failed', { editionId: edition.id, subscriberId, reason });
    settle({ subscriberId, outcome: 'failed', reason });
  };

  for (const subscriberId of message.subscriberIds) {
    if (result.halted !== undefined) {
      settle({ subscriberId, outcome: 'deferred', reason: result.halted });
      continue;
    }
    const subscriber = await deps.subscribers.get(subscriberId);
    if (subscriber === undefined || subscriber.status !== 'confirmed') {
      const reason = `not confirmed (${subscriber?.status ?? 'gone'})`;
      settle({ subscriberId, outcome: 'skipped', reason });
      continue;
    }
    const now = deps.clock.now();
    if (!(await deps.ledger.claim(edition.id, subscriberId, subscriber.email, now))) {
      settle({ subscriberId, outcome: 'skipped', reason: 'already claimed for this edition' });
      continue;
    }
    let raw: Buffer;
    let to: string;
    try {
      const recipient = recipientFor(subscriber, edition.id, deps.publicUrl, deps.tokenSecret);
      to = recipient.email;
      raw = await buildMime(edition, recipient, personalize(recipient), { now });
    } catch (error) {
      await fail(subscriberId, describe(error));
      continue;
    }
    const sent = await sendWithRetry(deps, () =>
      deps.mailer.send({
        editionId: edition.id,
        subscriberId,
        from: edition.settings.from,
        to,
        raw,
      }),
    );
    if (sent.outcome === 'sent') {
      // Outside any catch: the message is out, so a failure to record it must not be
      // booked as a failed send (which a retry would send again). The claim stays.
      await deps.ledger.markSent(edition.id, subscriberId, sent.messageId, deps.clock.now());
      settle({ subscriberId, outcome: 'sent', messageId: sent.messageId });
    } else if (sent.outcome === 'failed') {
      await fail(subscriberId, sent.reason);
    } else {
      // SES certainly did not take it: give the claim back so a later run sends it.
      await deps.ledger.release(edition.id, subscriberId);
      if (sent.outcome === 'halt') {
        result.halted = sent.reason;
        deps.log.error('sending halted', { editionId: edition.id, reason: sent.reason });
      }
      settle({ subscriberId, outcome: 'deferred', reason: sent.reason });
    }
  }
  return result;
}
