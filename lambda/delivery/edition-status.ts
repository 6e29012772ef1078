import type { EditionRecord, Ledger, LedgerEntry, LedgerStatus } from './ports.ts';

/** A recipient whose message SES may or may not have taken, as `status --unknown` lists it. */
export interface UnresolvedEntry {
  subscriber: string;
  email: string;
  status: 'sending' | 'unknown';
  /** When the hand-over started. */
  since: string;
  reason?: string;
}

export interface EditionStatusReport {
  record: EditionRecord;
  counts: Record<LedgerStatus, number>;
  /** Queued recipients with no ledger entry yet. */
  pending: number;
  /** `unknown`, and `sending` past the bound (its worker is gone): resent only on request. */
  unresolved: UnresolvedEntry[];
  /** `sending` within the bound: a worker may still be recording it. */
  inFlight: number;
  /**
   * Nothing left to do: every queued recipient has an entry, and none is `sending` or
   * `unknown`. An edition with unresolved recipients is not finished.
   */
  settled: boolean;
}

/** Whether an entry is unresolved at `now`: `unknown`, or `sending` since before the bound. */
export function isUnresolved(entry: LedgerEntry, now: Date, unresolvedAfterMs: number): boolean {
  if (entry.status === 'unknown') return true;
  if (entry.status !== 'sending') return false;
  const since = Date.parse(entry.sendingAt ?? '');
  return !Number.isFinite(since) || now.getTime() - since >= unresolvedAfterMs;
}

function unresolvedOf(entry: LedgerEntry): UnresolvedEntry {
  return {
    subscriber: entry.subscriber,
    email: entry.email,
    status: entry.status === 'unknown' ? 'unknown' : 'sending',
    since: entry.sendingAt ?? '',
    ...(entry.error === undefined ? {} : { reason: entry.error }),
  };
}

/** Where an edition stands, from its ledger: what `braid status` prints. */
export async function editionStatus(
  record: EditionRecord,
  ledger: Ledger,
  options: { now: Date; unresolvedAfterMs: number },
): Promise<EditionStatusReport> {
  const counts: Record<LedgerStatus, number> = {
    sending: 0,
    unknown: 0,
    sent: 0,
    failed: 0,
    skipped: 0,
  };
  const unresolved: UnresolvedEntry[] = [];
  let entries = 0;
  for await (const entry of ledger.list(record.id)) {
    counts[entry.status] += 1;
    entries += 1;
    if (isUnresolved(entry, options.now, options.unresolvedAfterMs)) {
      unresolved.push(unresolvedOf(entry));
    }
  }
  unresolved.sort(
    (a, b) => a.since.localeCompare(b.since) || a.subscriber.localeCompare(b.subscriber),
  );
  const queued = record.enqueue?.recipients ?? record.counts?.recipients ?? entries;
  const pending = Math.max(0, queued - entries);
  const allQueued = record.status === 'sent' || record.enqueue?.done === true;
  const settled = allQueued && pending === 0 && counts.sending === 0 && counts.unknown === 0;
  return {
    record,
    counts,
    pending,
    unresolved,
    inFlight: counts.sending - unresolved.filter((u) => u.status === 'sending').length,
    settled,
  };
}
