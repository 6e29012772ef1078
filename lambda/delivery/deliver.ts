import pLimit from 'p-limit';
import { compileMessages, type MessageFactory } from '../email/compile-messages.ts';
import type { Edition } from '../email/types.ts';
import type { Keyring } from '../subscribers/keyring.ts';
import type { Pacer } from './pacer.ts';
import type {
  BatchMessage,
  Clock,
  EditionStore,
  Ledger,
  Logger,
  Mailer,
  OutgoingMessage,
  SubscriberStore,
} from './ports.ts';
import { recipientFor } from './recipient-links.ts';
import { backoffMs, classifySendError } from './send-errors.ts';

/** A claim outlives the longest a worker can hold it: the 900 s Lambda limit. */
export const DEFAULT_LEASE_MS = 15 * 60 * 1000;

export interface DeliverDeps {
  editions: EditionStore;
  subscribers: SubscriberStore;
  ledger: Ledger;
  mailer: Mailer;
  pacer: Pacer;
  clock: Clock;
  log: Logger;
  publicUrl: string;
  /** Signs each recipient's unsubscribe link. */
  keyring: Keyring;
  /** Attempts per message on throttling or 5xx before it is deferred to the next run. */
  maxAttempts?: number;
  /** Messages in flight at once: SES answers in tens of ms, so the rate needs overlap. */
  concurrency?: number;
  /** How long a claim is exclusive before another worker may take it over. */
  leaseMs?: number;
  /** Source of jitter, 0 ≤ x < 1. */
  random?: () => number;
  /**
   * True when no new send may start (the Lambda is near its timeout): the rest is deferred
   * unclaimed, so the batch's redelivery sends it, instead of a timeout stranding claims.
   */
  shouldStop?: () => boolean;
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
  /** In the order of the batch's subscriber ids. */
  outcomes: RecipientOutcome[];
}

export class UnknownEditionError extends Error {
  constructor(editionId: string) {
    super(`Edition ${editionId} is not in the edition store; was it composed?`);
    this.name = 'UnknownEditionError';
  }
}

/**
 * Compile once per edition and process, not per batch: MailComposer builds the edition's
 * message once, and each recipient's message is spliced from it. Keyed by edition id.
 */
const compiled = new Map<string, { edition: Edition; messageFor: MessageFactory }>();

async function loadEdition(deps: DeliverDeps, editionId: string) {
  const cached = compiled.get(editionId);
  if (cached !== undefined) return cached;
  const record = await deps.editions.get(editionId);
  if (record === undefined) throw new UnknownEditionError(editionId);
  const entry = { edition: record.edition, messageFor: await compileMessages(record.edition) };
  compiled.set(editionId, entry);
  return entry;
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/**
 * Delivers one batch. Per recipient: skip unless still confirmed; claim the ledger item
 * (conditional put with a lease: the gate against a second send); build the personal MIME;
 * pace; mark it `sending` while the claim is still ours; send; record. A claim is given back
 * only when SES certainly did not take the message; when SES may have taken it (no answer,
 * or the process dies), it is never sent again automatically: at most once, never twice.
 */
export async function deliverBatch(deps: DeliverDeps, message: BatchMessage): Promise<BatchResult> {
  const { edition, messageFor } = await loadEdition(deps, message.editionId);
  const leaseMs = deps.leaseMs ?? DEFAULT_LEASE_MS;
  const attempts = deps.maxAttempts ?? 4;
  const random = deps.random ?? Math.random;
  const result: BatchResult = {
    editionId: edition.id,
    sent: 0,
    skipped: 0,
    failed: 0,
    deferred: 0,
    outcomes: [],
  };
  const outcomes = new Map<string, RecipientOutcome>();
  const settle = (outcome: RecipientOutcome): void => {
    outcomes.set(outcome.subscriberId, outcome);
    result[outcome.outcome] += 1;
    deps.onSettled?.(outcome);
  };
  const fail = async (subscriberId: string, reason: string): Promise<void> => {
    await deps.ledger.markFailed(edition.id, subscriberId, reason, deps.clock.now());
    deps.log.warn('recipient failed', { editionId: edition.id, subscriberId, reason });
    settle({ subscriberId, outcome: 'failed', reason });
  };
  const halt = (reason: string): void => {
    if (result.halted !== undefined) return;
    result.halted = reason;
    deps.log.error('sending halted', { editionId: edition.id, reason });
  };

  // Read fresh, once per batch: someone who left after compose queued them is not mailed.
  const current = await deps.subscribers.getMany(message.subscriberIds);

  const stopping = () => deps.shouldStop?.() ?? false;
  const OUT_OF_TIME = 'out of time in this invocation';

  const deliverOne = async (subscriberId: string): Promise<void> => {
    if (result.halted !== undefined || stopping()) {
      settle({ subscriberId, outcome: 'deferred', reason: result.halted ?? OUT_OF_TIME });
      return;
    }
    const subscriber = current.get(subscriberId);
    if (subscriber === undefined || subscriber.status !== 'confirmed') {
      const reason = `not confirmed (${subscriber?.status ?? 'gone'})`;
      const email = subscriber?.email ?? '';
      await deps.ledger.markSkipped(edition.id, subscriberId, email, reason, deps.clock.now());
      settle({ subscriberId, outcome: 'skipped', reason });
      return;
    }
    const claim = () =>
      deps.ledger.claim(edition.id, subscriberId, subscriber.email, deps.clock.now(), leaseMs);
    let claimId = await claim();
    if (claimId === undefined) {
      const holder = await deps.ledger.get(edition.id, subscriberId);
      if (holder?.status === 'claimed') {
        // Another worker holds a live lease and has not handed the message over: it may yet
        // send, or it died. Either way this is not settled: leave it for a later delivery.
        settle({ subscriberId, outcome: 'deferred', reason: 'claimed by another worker' });
      } else {
        const status = holder?.status ?? 'settled';
        settle({ subscriberId, outcome: 'skipped', reason: `already ${status} for this edition` });
      }
      return;
    }
    let raw: Buffer;
    let to: string;
    try {
      const recipient = recipientFor(subscriber, edition.id, deps.publicUrl, deps.keyring);
      to = recipient.email;
      raw = messageFor(recipient, deps.clock.now());
    } catch (error) {
      await fail(subscriberId, describe(error));
      return;
    }
    const outgoing: OutgoingMessage = {
      purpose: 'edition',
      editionId: edition.id,
      subscriberId,
      from: edition.settings.from,
      to,
      raw,
    };

    for (let attempt = 0; ; attempt += 1) {
      await deps.pacer.take();
      if (result.halted !== undefined || stopping()) {
        await deps.ledger.release(edition.id, subscriberId, claimId);
        settle({ subscriberId, outcome: 'deferred', reason: result.halted ?? OUT_OF_TIME });
        return;
      }
      if (!(await deps.ledger.markSending(edition.id, subscriberId, claimId, deps.clock.now()))) {
        settle({ subscriberId, outcome: 'skipped', reason: 'claim taken over by another worker' });
        return;
      }
      let messageId: string;
      try {
        ({ messageId } = await deps.mailer.send(outgoing));
      } catch (error) {
        const reason = describe(error);
        const kind = classifySendError(error);
        if (kind === 'rejected') return fail(subscriberId, reason);
        if (kind === 'unknown') return fail(subscriberId, `outcome unknown, not resent: ${reason}`);
        // SES certainly did not take it: give the claim back, so a later run or another
        // worker can send it.
        await deps.ledger.release(edition.id, subscriberId, claimId);
        if (kind === 'halt') halt(reason);
        if (kind === 'halt' || attempt + 1 >= attempts) {
          settle({ subscriberId, outcome: 'deferred', reason });
          return;
        }
        await deps.clock.sleep(backoffMs(attempt, random()));
        claimId = await claim();
        if (claimId === undefined) {
          settle({
            subscriberId,
            outcome: 'skipped',
            reason: 'claimed by another worker meanwhile',
          });
          return;
        }
        continue;
      }
      // Outside the catch: the message is out, so a failure to record it must not be booked
      // as a failed send. It propagates, leaving the item `sending`: never resent.
      await deps.ledger.markSent(edition.id, subscriberId, messageId, deps.clock.now());
      settle({ subscriberId, outcome: 'sent', messageId });
      return;
    }
  };

  const limit = pLimit(deps.concurrency ?? 16);
  await Promise.all(message.subscriberIds.map((id) => limit(() => deliverOne(id))));
  for (const id of message.subscriberIds) {
    const outcome = outcomes.get(id);
    if (outcome !== undefined) result.outcomes.push(outcome);
  }
  return result;
}
