import type { EditionRecord, Ledger, LedgerStatus } from './ports.ts';

export interface EditionStatusReport {
  record: EditionRecord;
  counts: Record<LedgerStatus, number>;
  /** Queued recipients with no ledger entry yet. */
  pending: number;
  /** Failed with an unknown outcome (SES may have taken them): retried only on request. */
  unknownOutcome: number;
  /**
   * Nothing left to do: marked sent (local runs), or every queued recipient has an entry
   * and none is still claimed (in AWS, where delivery finishes an edition batch by batch).
   */
  settled: boolean;
}

/** Where an edition stands, from its ledger: what `braid status` prints. */
export async function editionStatus(
  record: EditionRecord,
  ledger: Ledger,
): Promise<EditionStatusReport> {
  const counts: Record<LedgerStatus, number> = {
    claimed: 0,
    sending: 0,
    sent: 0,
    failed: 0,
    skipped: 0,
  };
  let unknownOutcome = 0;
  let entries = 0;
  for await (const entry of ledger.list(record.id)) {
    counts[entry.status] += 1;
    entries += 1;
    if (entry.status === 'failed' && entry.error?.startsWith('outcome unknown'))
      unknownOutcome += 1;
  }
  const queued = record.enqueue?.recipients ?? record.counts?.recipients ?? entries;
  const pending = Math.max(0, queued - entries);
  const settled =
    record.status === 'sent' ||
    (record.enqueue?.done === true && pending === 0 && counts.claimed === 0);
  return { record, counts, pending, unknownOutcome, settled };
}
