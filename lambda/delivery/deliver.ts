import { randomUUID } from 'node:crypto';
import pLimit, { type LimitFunction } from 'p-limit';
import { compileMessages, type MessageFactory } from '../email/compile-messages.ts';
import type { SendOutcome } from '../email/mailer.ts';
import type { Edition } from '../email/types.ts';
import type { Keyring } from '../subscribers/keyring.ts';
import type { Subscriber } from '../subscribers/subscriber.ts';
import { backoffMs } from './backoff.ts';
import { isUnresolved } from './edition-status.ts';
import type { Pacer } from './pacer.ts';
import type {
  BatchMessage,
  ClaimOutcome,
  Clock,
  EditionStore,
  Ledger,
  LedgerEntry,
  Logger,
  Mailer,
  OutgoingMessage,
  SubscriberStore,
} from './ports.ts';
import { recipientFor } from './recipient-links.ts';
import { createSentRecorder } from './sent-recorder.ts';

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
  /** Attempts per message when SES throttles, before it is deferred to the next run. */
  maxAttempts?: number;
  /** Messages in flight at once: SES answers in tens of ms, so the rate needs overlap. */
  concurrency?: number;
  /**
   * The in-flight limit shared by the batches an instance delivers at once (a p-limit);
   * without it each batch has its own `concurrency`.
   */
  limit?: LimitFunction;
  /** Source of jitter, 0 ≤ x < 1. */
  random?: () => number;
  /**
   * True when no new send may start (near the Lambda's timeout, or Ctrl-C): the rest is
   * deferred unclaimed, so the batch's redelivery (or the next run) sends it.
   */
  shouldStop?: () => boolean;
  /** Milliseconds left in the invocation: recording accepted sends is retried until then. */
  timeLeftMs?: () => number;
  /** Called after each recipient is settled (progress bars). */
  onSettled?: (outcome: RecipientOutcome) => void;
  /**
   * How long a `sending` entry may belong to a live worker (BRAID_UNRESOLVED_AFTER_SECONDS):
   * a younger one defers its recipient, an older one is left unresolved. Default 15 min.
   */
  unresolvedAfterMs?: number;
}

export type RecipientOutcome =
  | { subscriberId: string; outcome: 'sent'; messageId: string }
  | { subscriberId: string; outcome: 'skipped'; reason: string }
  | { subscriberId: string; outcome: 'failed'; reason: string }
  /** SES may have taken it: recorded `unknown`, resent only on request. */
  | { subscriberId: string; outcome: 'unknown'; reason: string }
  /** Not sent and not claimed: a later run (or redelivery) sends it. */
  | { subscriberId: string; outcome: 'deferred'; reason: string };

/** Why sending stopped for everyone: the daily quota, or the account needing attention. */
export interface Halt {
  kind: 'quota-exhausted' | 'halted';
  reason: string;
}

export interface BatchResult {
  editionId: string;
  sent: number;
  skipped: number;
  failed: number;
  unknown: number;
  deferred: number;
  /** Sent, but not recorded before the deadline: their entries stay `sending`. */
  unrecorded: number;
  /** Set when sending must stop (daily quota, paused account): the rest stays queued. */
  halted?: string;
  halt?: Halt;
  /** In the order of the batch's subscriber ids. */
  outcomes: RecipientOutcome[];
}

/** An entry the caller has already taken for a retry, and what it returns to if not sent. */
export interface Preclaimed {
  claimId: string;
  giveBackAs: 'failed' | 'unknown';
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

const OUT_OF_TIME = 'stopped before sending (out of time, or asked to stop)';
/** Attempts to give a claim back, on top of the SDK's own retries. */
const RELEASE_ATTEMPTS = 5;
/** No further attempt starts with less than this left in the invocation. */
const RELEASE_MARGIN_MS = 3_000;

/** A claim outlives no worker longer than this: the 900 s Lambda limit. */
export const DEFAULT_UNRESOLVED_AFTER_MS = 15 * 60 * 1000;

/**
 * What an existing entry means for this batch. Settled, or `sending` past the bound (its
 * worker is gone: `status --unknown` names it): nothing to do, skipped. `sending` within the
 * bound: another worker holds it and may still give it back (SES throttled it), counting on
 * its own batch coming back, which may be this very batch, received twice: deferred, so the
 * batch comes back and finds it settled or free.
 */
function existingOutcome(
  id: string,
  entry: LedgerEntry,
  now: Date,
  unresolvedAfterMs: number,
): RecipientOutcome {
  if (entry.status === 'sending' && !isUnresolved(entry, now, unresolvedAfterMs)) {
    return { subscriberId: id, outcome: 'deferred', reason: 'being sent by another worker' };
  }
  const reason =
    entry.status === 'sending'
      ? 'handed to SES by a worker that is gone (outcome unknown)'
      : `already ${entry.status} for this edition`;
  return { subscriberId: id, outcome: 'skipped', reason };
}

/**
 * Delivers one batch. Per recipient: skip anyone no longer confirmed, or already in the
 * ledger; claim the entry (one conditional write, `sending`: the gate against a second
 * send); build the personal MIME; pace; send; then act on SES's outcome. Accepted sends are
 * recorded 25 to a write. A claim is given back only when SES certainly did not take the
 * message; when it may have (no answer, or the process dies), the entry stays `sending` or
 * becomes `unknown`, and is never sent again automatically: at most once, never twice.
 */
export async function deliverBatch(
  deps: DeliverDeps,
  message: BatchMessage,
  preclaimed: ReadonlyMap<string, Preclaimed> = new Map(),
): Promise<BatchResult> {
  const { edition, messageFor } = await loadEdition(deps, message.editionId);
  const run = new BatchRun(deps, edition, messageFor, preclaimed);
  // Read fresh, once per batch: someone who left after compose queued them is not mailed,
  // and someone already settled (a redelivered batch) costs no write.
  const ids = message.subscriberIds;
  const [current, entries] = await Promise.all([
    deps.subscribers.getMany(ids),
    deps.ledger.getMany(
      edition.id,
      ids.filter((id) => !preclaimed.has(id)),
    ),
  ]);
  const limit = deps.limit ?? pLimit(deps.concurrency ?? 16);
  await Promise.all(
    ids.map((id) => limit(() => run.guarded(id, current.get(id), entries.get(id)))),
  );
  return run.finish(ids);
}

/** One batch's recipients in flight, the outcomes so far, and the sent records to write. */
class BatchRun {
  private readonly result: BatchResult;
  private readonly outcomes = new Map<string, RecipientOutcome>();
  private readonly recorder;
  private readonly random: () => number;

  constructor(
    private readonly deps: DeliverDeps,
    private readonly edition: Edition,
    private readonly messageFor: MessageFactory,
    private readonly preclaimed: ReadonlyMap<string, Preclaimed>,
  ) {
    this.random = deps.random ?? Math.random;
    this.result = {
      editionId: edition.id,
      sent: 0,
      skipped: 0,
      failed: 0,
      unknown: 0,
      deferred: 0,
      unrecorded: 0,
      outcomes: [],
    };
    this.recorder = createSentRecorder({
      ledger: deps.ledger,
      clock: deps.clock,
      log: deps.log,
      random: this.random,
      ...(deps.timeLeftMs === undefined ? {} : { timeLeftMs: deps.timeLeftMs }),
    });
  }

  /** One recipient, never rejecting: a store error defers it (the batch comes back). */
  async guarded(id: string, subscriber?: Subscriber, entry?: LedgerEntry): Promise<void> {
    try {
      await this.deliverOne(id, subscriber, entry);
    } catch (error) {
      const reason = describe(error);
      this.deps.log.error('recipient not delivered: a store call failed', {
        editionId: this.edition.id,
        subscriberId: id,
        reason,
      });
      if (!this.outcomes.has(id)) this.settle({ subscriberId: id, outcome: 'deferred', reason });
    }
  }

  async finish(ids: string[]): Promise<BatchResult> {
    const recording = await this.recorder.flush();
    this.result.unrecorded = recording.unrecorded.length;
    for (const id of ids) {
      const outcome = this.outcomes.get(id);
      if (outcome !== undefined) this.result.outcomes.push(outcome);
    }
    return this.result;
  }

  private settle(outcome: RecipientOutcome): void {
    this.outcomes.set(outcome.subscriberId, outcome);
    this.result[outcome.outcome] += 1;
    this.deps.onSettled?.(outcome);
  }

  private stopping(): string | undefined {
    if (this.result.halt !== undefined) return this.result.halt.reason;
    return this.deps.shouldStop?.() === true ? OUT_OF_TIME : undefined;
  }

  private halt(halt: Halt): void {
    if (this.result.halt !== undefined) return;
    this.result.halt = halt;
    this.result.halted = halt.reason;
    this.deps.log.warn('batch stopped: nothing more can be sent now', {
      editionId: this.edition.id,
      ...halt,
    });
  }

  private async deliverOne(id: string, subscriber?: Subscriber, entry?: LedgerEntry) {
    const { deps, edition } = this;
    const stop = this.stopping();
    if (stop !== undefined)
      return this.settle({ subscriberId: id, outcome: 'deferred', reason: stop });
    const pre = this.preclaimed.get(id);
    if (subscriber === undefined || subscriber.status !== 'confirmed') {
      const reason = `not confirmed (${subscriber?.status ?? 'gone'})`;
      if (pre !== undefined) await this.giveBack(id, pre, reason);
      else
        await deps.ledger.markSkipped(
          edition.id,
          id,
          subscriber?.email ?? '',
          reason,
          deps.clock.now(),
        );
      return this.settle({ subscriberId: id, outcome: 'skipped', reason });
    }
    if (entry !== undefined) return this.settle(this.existing(id, entry));
    const claimId = pre?.claimId ?? (await this.claim(subscriber));
    if (claimId === undefined) return;
    let outgoing: OutgoingMessage;
    try {
      outgoing = this.outgoing(subscriber);
    } catch (error) {
      return this.fail(id, claimId, describe(error));
    }
    await this.sendClaimed(subscriber, claimId, outgoing, pre);
  }

  /** The claim, or undefined when another worker's entry was found (settled as skipped). */
  private async claim(subscriber: Subscriber): Promise<string | undefined> {
    const { deps, edition } = this;
    const claimId = randomUUID();
    let claim: ClaimOutcome;
    try {
      claim = await deps.ledger.claim(
        edition.id,
        subscriber.id,
        subscriber.email,
        deps.clock.now(),
        claimId,
      );
    } catch (error) {
      // The write may have been applied before the error: give the claim back, so the
      // batch's redelivery finds no entry instead of one that nobody will send.
      await this.release(subscriber.id, claimId).catch(() => undefined);
      throw error;
    }
    if ('claimId' in claim) return claim.claimId;
    this.settle(this.existing(subscriber.id, claim.existing));
    return undefined;
  }

  private existing(id: string, entry: LedgerEntry): RecipientOutcome {
    const bound = this.deps.unresolvedAfterMs ?? DEFAULT_UNRESOLVED_AFTER_MS;
    return existingOutcome(id, entry, this.deps.clock.now(), bound);
  }

  private outgoing(subscriber: Subscriber): OutgoingMessage {
    const { deps, edition } = this;
    const recipient = recipientFor(subscriber, edition.id, deps.publicUrl, deps.keyring);
    return {
      purpose: 'edition',
      editionId: edition.id,
      subscriberId: subscriber.id,
      from: edition.settings.from,
      to: recipient.email,
      raw: this.messageFor(recipient, deps.clock.now()),
    };
  }

  /** Paces, sends and acts on the outcome; retries throttling with backoff, claim given back. */
  private async sendClaimed(
    subscriber: Subscriber,
    firstClaim: string,
    outgoing: OutgoingMessage,
    pre: Preclaimed | undefined,
  ): Promise<void> {
    const { deps } = this;
    const id = subscriber.id;
    const attempts = deps.maxAttempts ?? 4;
    let claimId = firstClaim;
    for (let attempt = 0; ; attempt += 1) {
      // Nothing between the pacer and the send: the rate holds at the send call.
      await deps.pacer.take();
      const stop = this.stopping();
      if (stop !== undefined) return this.deferClaimed(id, claimId, pre, stop);
      const sendingAt = deps.clock.now().toISOString();
      const outcome = await deps.mailer.send(outgoing);
      if (outcome.kind !== 'throttled')
        return this.record(subscriber, claimId, sendingAt, outcome, pre);
      if (attempt + 1 >= attempts) return this.deferClaimed(id, claimId, pre, outcome.reason);
      // Certainly not taken: the claim goes back while we wait, so a crash now strands nothing.
      if (pre === undefined) await this.release(id, claimId);
      await deps.clock.sleep(backoffMs(attempt, this.random()));
      if (pre !== undefined) continue;
      const again = await this.claim(subscriber);
      if (again === undefined) return;
      claimId = again;
    }
  }

  private async record(
    subscriber: Subscriber,
    claimId: string,
    sendingAt: string,
    outcome: Exclude<SendOutcome, { kind: 'throttled' }>,
    pre: Preclaimed | undefined,
  ): Promise<void> {
    const { deps, edition } = this;
    const id = subscriber.id;
    switch (outcome.kind) {
      case 'accepted':
        this.recorder.add({
          edition: edition.id,
          subscriber: id,
          email: subscriber.email,
          claimId,
          sendingAt,
          messageId: outcome.messageId,
          sentAt: deps.clock.now().toISOString(),
        });
        return this.settle({ subscriberId: id, outcome: 'sent', messageId: outcome.messageId });
      case 'rejected':
        return this.fail(id, claimId, outcome.reason);
      case 'unknown':
        await this.markUnknown(id, claimId, outcome.reason);
        return this.settle({ subscriberId: id, outcome: 'unknown', reason: outcome.reason });
      case 'quota-exhausted':
      case 'halted':
        this.halt({ kind: outcome.kind, reason: outcome.reason });
        return this.deferClaimed(id, claimId, pre, outcome.reason);
    }
  }

  private async markUnknown(id: string, claimId: string, reason: string): Promise<void> {
    const { deps, edition } = this;
    const now = deps.clock.now();
    if (!(await deps.ledger.markUnknown(edition.id, id, claimId, reason, now))) {
      deps.log.warn('unknown outcome not recorded: the entry changed', { subscriberId: id });
    }
  }

  private async fail(id: string, claimId: string, reason: string): Promise<void> {
    const { deps, edition } = this;
    if (!(await deps.ledger.markFailed(edition.id, id, claimId, reason, deps.clock.now()))) {
      deps.log.warn('failure not recorded: the entry changed', { subscriberId: id });
    }
    deps.log.warn('recipient failed', { editionId: edition.id, subscriberId: id, reason });
    this.settle({ subscriberId: id, outcome: 'failed', reason });
  }

  /** SES certainly did not take it: the claim goes back, and a later run sends it. */
  private async deferClaimed(
    id: string,
    claimId: string,
    pre: Preclaimed | undefined,
    reason: string,
  ): Promise<void> {
    if (pre === undefined) await this.release(id, claimId);
    else await this.giveBack(id, pre, `not sent on retry: ${reason}`);
    this.settle({ subscriberId: id, outcome: 'deferred', reason });
  }

  /**
   * Gives a claim back (SES certainly did not take the message), retrying a failed write with
   * backoff while there is time: a claim left behind would keep the recipient `sending`, and
   * then unresolved, although nothing went out. Throws when it could not.
   */
  private async release(id: string, claimId: string): Promise<void> {
    const { deps, edition } = this;
    for (let attempt = 0; ; attempt += 1) {
      try {
        await deps.ledger.release(edition.id, id, claimId);
        return;
      } catch (error) {
        const pauseMs = backoffMs(attempt + 1, this.random(), 100, 2_000);
        const timeLeft = deps.timeLeftMs?.() ?? Number.POSITIVE_INFINITY;
        if (attempt + 1 >= RELEASE_ATTEMPTS || timeLeft - pauseMs < RELEASE_MARGIN_MS) {
          deps.log.error('claim not given back: the entry stays "sending"', {
            editionId: edition.id,
            subscriberId: id,
            reason: describe(error),
          });
          throw error;
        }
        await deps.clock.sleep(pauseMs);
      }
    }
  }

  /** A retried entry not sent this time returns to what it was, so the next retry finds it. */
  private async giveBack(id: string, pre: Preclaimed, reason: string): Promise<void> {
    const { deps, edition } = this;
    const now = deps.clock.now();
    if (pre.giveBackAs === 'failed') {
      await deps.ledger.markFailed(edition.id, id, pre.claimId, reason, now);
    } else {
      await deps.ledger.markUnknown(edition.id, id, pre.claimId, reason, now);
    }
  }
}
