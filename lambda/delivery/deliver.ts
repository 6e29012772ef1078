import { buildMime } from '../email/build-mime.ts';
import { compilePersonalizer } from '../email/personalize.ts';
import type { Edition, Recipient } from '../email/types.ts';
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
  /** Called after each recipient is settled (progress bars). */
  onSettled?: (outcome: RecipientOutcome) => void;
}

export type RecipientOutcome =
  | { subscriberId: string; outcome: 'sent'; messageId: string }
  | { subscriberId: string; outcome: 'skipped'; reason: string }
  | { subscriberId: string; outcome: 'failed'; reason: string };

export interface BatchResult {
  editionId: string;
  sent: number;
  skipped: number;
  failed: number;
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

/**
 * Delivers one batch: for each recipient, skip unless still confirmed, claim the
 * ledger item (conditional write: the only gate against a second send), build the
 * personal MIME message, pace, send, record. At most once per edition and recipient.
 */
export async function deliverBatch(deps: DeliverDeps, message: BatchMessage): Promise<BatchResult> {
  const { edition, personalize } = await loadEdition(deps, message.editionId);
  const result: BatchResult = {
    editionId: edition.id,
    sent: 0,
    skipped: 0,
    failed: 0,
    outcomes: [],
  };
  const settle = (outcome: RecipientOutcome) => {
    result.outcomes.push(outcome);
    if (outcome.outcome === 'sent') result.sent += 1;
    else if (outcome.outcome === 'skipped') result.skipped += 1;
    else result.failed += 1;
    deps.onSettled?.(outcome);
  };

  for (const subscriberId of message.subscriberIds) {
    const subscriber = await deps.subscribers.get(subscriberId);
    if (subscriber === undefined || subscriber.status !== 'confirmed') {
      settle({
        subscriberId,
        outcome: 'skipped',
        reason: `not confirmed (${subscriber?.status ?? 'gone'})`,
      });
      continue;
    }
    const claimed = await deps.ledger.claim(
      edition.id,
      subscriberId,
      subscriber.email,
      deps.clock.now(),
    );
    if (!claimed) {
      settle({ subscriberId, outcome: 'skipped', reason: 'already claimed for this edition' });
      continue;
    }
    let raw: Buffer;
    let recipient: Recipient;
    try {
      recipient = recipientFor(subscriber, edition.id, deps.publicUrl, deps.tokenSecret);
      raw = await buildMime(edition, recipient, personalize(recipient), { now: deps.clock.now() });
    } catch (error) {
      const reason = describe(error);
      await deps.ledger.markFailed(edition.id, subscriberId, reason, deps.clock.now());
      deps.log.warn('message not built', { editionId: edition.id, subscriberId, reason });
      settle({ subscriberId, outcome: 'failed', reason });
      continue;
    }
    let messageId: string;
    try {
      await deps.pacer.take();
      ({ messageId } = await deps.mailer.send({
        editionId: edition.id,
        subscriberId,
        from: edition.settings.from,
        to: recipient.email,
        raw,
      }));
    } catch (error) {
      const reason = describe(error);
      await deps.ledger.markFailed(edition.id, subscriberId, reason, deps.clock.now());
      deps.log.warn('send failed', { editionId: edition.id, subscriberId, reason });
      settle({ subscriberId, outcome: 'failed', reason });
      continue;
    }
    // Outside the send's try: the message is out, so a failure to record it must not
    // be booked as a failed send (which a retry would send again).
    await deps.ledger.markSent(edition.id, subscriberId, messageId, deps.clock.now());
    settle({ subscriberId, outcome: 'sent', messageId });
  }
  return result;
}
