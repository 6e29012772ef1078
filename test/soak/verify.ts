import type { LedgerEntry } from '../../lambda/delivery/ports.ts';
import type { SesStoreEntry } from './ses-process.ts';

/**
 * The soak's verdict, from what SES holds and what the ledger says, per confirmed recipient:
 * - duplicate: SES holds two or more messages of the edition for them;
 * - silent loss: SES holds none and the ledger does not name them as unknown (`sending` or
 *   `unknown`, what `braid status <edition> --unknown` lists), or the ledger says `sent`
 *   and SES holds none;
 * - unknown named: the ledger says `sending` or `unknown` (SES may or may not hold one);
 * - misrecorded (reported, not a failure): SES holds the message but the ledger has no
 *   entry, or says `failed` or `skipped` (a `--retry-failed` would send it twice), or says
 *   `sent` with another message id.
 * - unexplained (reported, not a failure): named unknown without a cause the soak can see:
 *   `unknown` although no SES call for the address got an unclear answer (a 500, or none),
 *   or `sending` although its batch was in no killed invocation and no SES call for it got
 *   an unclear answer: SES never took it (yet it is left in doubt), or took it and the
 *   `sent` record was never written.
 */

export interface Recipient {
  id: string;
  email: string;
}

export interface Finding {
  subscriber: string;
  email: string;
  /** Messages of the edition SES holds for this address. */
  messages: number;
  messageIds: string[];
  entry: LedgerEntry | undefined;
  problem: string;
  /** What the soak saw of this recipient (its batch's deliveries, faults, worker outcomes). */
  trace?: string[];
}

/** What the soak saw happen to each recipient, to tell which doubts are explained. */
export interface Evidence {
  /** Per address: what each SES send met (`ok`, `throttle`, `error`, `appliedThenError`, `hang`, `hang+`). */
  sesHistory: Map<string, string[]>;
  /** Subscribers whose batch was in an invocation that was killed. */
  interrupted: Set<string>;
}

export interface Verdict {
  duplicates: Finding[];
  losses: Finding[];
  unknownNamed: Finding[];
  misrecorded: Finding[];
  unexplained: Finding[];
  /** Messages SES holds that are not one confirmed recipient's copy of the edition. */
  strays: SesStoreEntry[];
  /** Ledger entries by status, over the confirmed recipients. */
  statuses: Record<string, number>;
  /** Messages SES holds for the edition's recipients. */
  stored: number;
}

const UNKNOWN = new Set(['sending', 'unknown']);

/** `Name <a@b>` or `a@b` → `a@b`, lowercased. */
export function addressOf(text: string): string {
  const match = /<([^<>]+)>\s*$/.exec(text);
  return (match?.[1] ?? text).trim().toLowerCase();
}

export function verify(
  recipients: Recipient[],
  subject: string,
  stored: SesStoreEntry[],
  ledger: Map<string, LedgerEntry>,
  evidence: Evidence = { sesHistory: new Map(), interrupted: new Set() },
): Verdict {
  const byAddress = new Map<string, SesStoreEntry[]>();
  const known = new Set(recipients.map((r) => r.email.toLowerCase()));
  const strays: SesStoreEntry[] = [];
  let count = 0;
  for (const email of stored) {
    const to = email.to.map(addressOf);
    const address = to[0];
    if (
      to.length !== 1 ||
      address === undefined ||
      !known.has(address) ||
      email.subject !== subject
    ) {
      strays.push(email);
      continue;
    }
    count += 1;
    byAddress.set(address, [...(byAddress.get(address) ?? []), email]);
  }
  const verdict: Verdict = {
    duplicates: [],
    losses: [],
    unknownNamed: [],
    misrecorded: [],
    unexplained: [],
    strays,
    statuses: {},
    stored: count,
  };
  // SES's Destinations carry the mailbox (`Name <address>`): keyed by the address here.
  const history = new Map<string, string[]>();
  for (const [destination, sends] of evidence.sesHistory) {
    const address = addressOf(destination);
    history.set(address, [...(history.get(address) ?? []), ...sends]);
  }
  for (const recipient of recipients) {
    const held = byAddress.get(recipient.email.toLowerCase()) ?? [];
    const entry = ledger.get(recipient.id);
    const status = entry?.status ?? 'missing';
    verdict.statuses[status] = (verdict.statuses[status] ?? 0) + 1;
    const sends = history.get(recipient.email.toLowerCase()) ?? [];
    const killed = evidence.interrupted.has(recipient.id);
    const finding = (problem: string): Finding => ({
      subscriber: recipient.id,
      email: recipient.email,
      messages: held.length,
      messageIds: held.map((e) => e.messageId),
      entry,
      problem: `${problem}; SES sends [${sends.join(' ')}]${killed ? '; batch in a killed invocation' : ''}`,
    });
    if (held.length >= 2)
      verdict.duplicates.push(finding(`${held.length} messages; ledger ${status}`));
    if (entry !== undefined && UNKNOWN.has(entry.status)) {
      const f = finding(`ledger ${status}; SES holds ${held.length}`);
      verdict.unknownNamed.push(f);
      const unclear = sends.some((m) => m !== 'ok' && m !== 'throttle');
      const hung = sends.some((m) => m.startsWith('hang'));
      // `sending` after an unclear answer: SES may hold it, and marking it `unknown` failed.
      if (entry.status === 'unknown' ? !unclear : !killed && !hung && !unclear) {
        verdict.unexplained.push(f);
      }
    } else if (held.length === 0) {
      verdict.losses.push(
        finding(
          status === 'sent' ? 'ledger says sent; SES holds none' : `no message; ledger ${status}`,
        ),
      );
    } else if (held.length === 1 && status !== 'sent') {
      verdict.misrecorded.push(finding(`SES holds it; ledger ${status}`));
    } else if (
      held.length === 1 &&
      entry?.messageId !== undefined &&
      entry.messageId !== held[0]?.messageId
    ) {
      verdict.misrecorded.push(finding(`ledger sent with message id ${entry.messageId}`));
    }
  }
  return verdict;
}
