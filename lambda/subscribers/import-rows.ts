import { newSubscriber } from './new-subscriber.ts';
import type { Consent, Subscriber } from './subscriber.ts';
import { InvalidEmailError, normalizeEmail } from './subscriber-id.ts';
import { checkedName, InvalidNameError } from './subscriber-name.ts';

/** One data row of an import file; `line` is where it starts in the file (the header is line 1). */
export interface ImportRow {
  line: number;
  email: string;
  name?: string | undefined;
}

export interface RejectedRow {
  line: number;
  reason: string;
}

export interface ImportResult {
  subscribers: Subscriber[];
  rejected: RejectedRow[];
}

/**
 * The consent recorded for an import with `--confirmed`: nobody confirmed by email, so the
 * record says who vouches for the consent. Without it imported subscribers are pending.
 */
export const IMPORT_CONSENT: Omit<Consent, 'at'> = {
  source: 'import',
  text: 'Imported as confirmed: the editor attests that this person consented to receive the briefing (braid subscribers import --confirmed).',
  version: 'import-1',
};

/** The columns of an import file, found by header name (any case); undefined without `email`. */
export function importColumns(
  header: readonly string[],
): { email: number; name?: number } | undefined {
  const names = header.map((cell) => cell.trim().toLowerCase());
  const email = names.indexOf('email');
  if (email === -1) return undefined;
  const name = names.indexOf('name');
  return name === -1 ? { email } : { email, name };
}

/**
 * Checks the rows of an import: each valid, new address becomes a subscriber record (pending,
 * or confirmed with the editor's attestation); an invalid address, a bad name or a repeat of
 * an earlier row's address is rejected with its line. Pure: the store decides what is new.
 */
export function importRows(
  rows: Iterable<ImportRow>,
  options: { confirmed: boolean; at: Date },
): ImportResult {
  const subscribers: Subscriber[] = [];
  const rejected: RejectedRow[] = [];
  const firstLine = new Map<string, number>();
  for (const row of rows) {
    let email: string;
    let name: string | undefined;
    try {
      email = normalizeEmail(row.email);
      name = checkedName(row.name);
    } catch (error) {
      if (!(error instanceof InvalidEmailError || error instanceof InvalidNameError)) throw error;
      rejected.push({ line: row.line, reason: error.message });
      continue;
    }
    const earlier = firstLine.get(email);
    if (earlier !== undefined) {
      rejected.push({ line: row.line, reason: `${email} is a duplicate of line ${earlier}` });
      continue;
    }
    firstLine.set(email, row.line);
    subscribers.push(
      newSubscriber({
        email,
        name,
        at: options.at,
        ...(options.confirmed
          ? { status: 'confirmed', consent: IMPORT_CONSENT }
          : { status: 'pending' }),
      }),
    );
  }
  return { subscribers, rejected };
}
