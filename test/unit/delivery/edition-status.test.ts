import { describe, expect, it } from 'vitest';
import { editionStatus, isUnresolved } from '../../../lambda/delivery/edition-status.ts';
import type {
  EditionRecord,
  Ledger,
  LedgerEntry,
  LedgerStatus,
} from '../../../lambda/delivery/ports.ts';
import type { Edition } from '../../../lambda/email/types.ts';

const BOUND_MS = 15 * 60_000;
const NOW = new Date('2021-03-18T07:00:00.000Z');
const ago = (ms: number) => new Date(NOW.getTime() - ms).toISOString();

const entry = (
  subscriber: string,
  status: LedgerStatus,
  extra: Partial<LedgerEntry> = {},
): LedgerEntry => ({
  edition: 'ed-1',
  subscriber,
  email: `${subscriber}@example.com`,
  status,
  ...extra,
});

describe('isUnresolved', () => {
  it.each([
    ['unknown', entry('a', 'unknown', { sendingAt: ago(1_000) }), true],
    ['unknown, however recent', entry('a', 'unknown', { sendingAt: ago(0) }), true],
    [
      'sending within the bound: its worker may be alive',
      entry('a', 'sending', { sendingAt: ago(BOUND_MS - 1) }),
      false,
    ],
    ['sending exactly at the bound', entry('a', 'sending', { sendingAt: ago(BOUND_MS) }), true],
    ['sending past the bound', entry('a', 'sending', { sendingAt: ago(BOUND_MS + 1) }), true],
    ['sending with no time', entry('a', 'sending'), true],
    ['sending with a time that does not parse', entry('a', 'sending', { sendingAt: 'soon' }), true],
    ['sent', entry('a', 'sent', { sendingAt: ago(BOUND_MS * 10) }), false],
    ['failed', entry('a', 'failed', { sendingAt: ago(BOUND_MS * 10) }), false],
    ['skipped', entry('a', 'skipped'), false],
  ])('%s → %s', (_case, e, expected) => {
    expect(isUnresolved(e, NOW, BOUND_MS)).toBe(expected);
  });

  it('with no bound (local: one run at a time), any sending entry is unresolved', () => {
    expect(isUnresolved(entry('a', 'sending', { sendingAt: NOW.toISOString() }), NOW, 0)).toBe(
      true,
    );
  });
});

function record(overrides: Partial<EditionRecord> = {}): EditionRecord {
  return {
    id: 'ed-1',
    status: 'sending',
    scheduledAt: '2021-03-18T06:00:00.000Z',
    stories: ['s'],
    storySet: 'set',
    edition: {} as Edition,
    createdAt: '2021-03-18T06:00:00.000Z',
    ...overrides,
  };
}

const ledgerOf = (entries: LedgerEntry[]) =>
  ({
    async *list(edition: string) {
      for (const e of entries) if (e.edition === edition) yield e;
    },
  }) as unknown as Ledger;

const status = (r: EditionRecord, entries: LedgerEntry[]) =>
  editionStatus(r, ledgerOf(entries), { now: NOW, unresolvedAfterMs: BOUND_MS });

const done = (recipients: number) => ({ enqueue: { batches: 1, recipients, done: true } });

describe('editionStatus', () => {
  it('counts every status and is settled once all queued recipients are settled', async () => {
    const report = await status(record(done(4)), [
      entry('a', 'sent', { sendingAt: ago(60_000) }),
      entry('b', 'failed', { sendingAt: ago(60_000), error: 'MessageRejected' }),
      entry('c', 'skipped'),
      entry('d', 'sent', { sendingAt: ago(60_000) }),
    ]);
    expect(report.counts).toEqual({ sending: 0, unknown: 0, sent: 2, failed: 1, skipped: 1 });
    expect(report).toMatchObject({ pending: 0, unresolved: [], inFlight: 0, settled: true });
  });

  it('is not settled while an entry is sending, even within the bound (in flight)', async () => {
    const report = await status(record(done(2)), [
      entry('a', 'sent'),
      entry('b', 'sending', { sendingAt: ago(1_000) }),
    ]);
    expect(report).toMatchObject({ inFlight: 1, unresolved: [], settled: false });
  });

  it('is not settled while an entry is unknown', async () => {
    const report = await status(record({ ...done(2), status: 'sent' }), [
      entry('a', 'sent'),
      entry('b', 'unknown', { sendingAt: ago(1_000), error: 'InternalFailure: x' }),
    ]);
    expect(report).toMatchObject({
      inFlight: 0,
      settled: false,
      unresolved: [
        {
          subscriber: 'b',
          email: 'b@example.com',
          status: 'unknown',
          since: ago(1_000),
          reason: 'InternalFailure: x',
        },
      ],
    });
  });

  it('lists unknown and stale sending entries, oldest first, and counts the live ones in flight', async () => {
    const report = await status(record(done(5)), [
      entry('live', 'sending', { sendingAt: ago(60_000) }),
      entry('z-stale', 'sending', { sendingAt: ago(BOUND_MS * 2) }),
      entry('unclear', 'unknown', { sendingAt: ago(BOUND_MS * 3) }),
      entry('a-stale', 'sending', { sendingAt: ago(BOUND_MS * 2) }),
      entry('done', 'sent'),
    ]);
    expect(report.unresolved.map((u) => [u.subscriber, u.status])).toEqual([
      ['unclear', 'unknown'],
      ['a-stale', 'sending'],
      ['z-stale', 'sending'],
    ]);
    expect(report.unresolved[1]).not.toHaveProperty('reason');
    expect(report.inFlight).toBe(1);
    expect(report.counts).toMatchObject({ sending: 3, unknown: 1, sent: 1 });
    expect(report.settled).toBe(false);
  });

  it('counts queued recipients with no entry yet as pending, and is not settled meanwhile', async () => {
    const report = await status(record(done(5)), [entry('a', 'sent'), entry('b', 'skipped')]);
    expect(report).toMatchObject({ pending: 3, settled: false });
  });

  it('is not settled while compose is still queueing', async () => {
    const report = await status(record({ enqueue: { batches: 1, recipients: 1, done: false } }), [
      entry('a', 'sent'),
    ]);
    expect(report).toMatchObject({ pending: 0, settled: false });
  });

  it('takes the recipients from the completed counts when there is no enqueue progress', async () => {
    const report = await status(
      record({
        status: 'sent',
        counts: { recipients: 3, sent: 2, skipped: 0, failed: 0, unknown: 0, deferred: 0 },
      }),
      [entry('a', 'sent'), entry('b', 'sent')],
    );
    expect(report).toMatchObject({ pending: 1, settled: false });
  });

  it('never counts pending below zero, and reads only its own edition', async () => {
    const report = await status(record(done(1)), [
      entry('a', 'sent'),
      entry('b', 'sent'),
      { ...entry('c', 'sending', { sendingAt: ago(0) }), edition: 'ed-other' },
    ]);
    expect(report).toMatchObject({ pending: 0, settled: true });
    expect(report.counts.sending).toBe(0);
  });

  it('is settled once a sent edition with only its completed counts has every recipient settled', async () => {
    const report = await status(
      record({
        status: 'sent',
        counts: { recipients: 2, sent: 1, skipped: 1, failed: 0, unknown: 0, deferred: 0 },
      }),
      [entry('a', 'sent'), entry('b', 'skipped')],
    );
    expect(report).toMatchObject({ pending: 0, settled: true });
  });

  it('with neither enqueue progress nor counts, takes the entries as the queued recipients', async () => {
    const sending = await status(record(), [entry('a', 'sent'), entry('b', 'failed')]);
    expect(sending).toMatchObject({ pending: 0, inFlight: 0, settled: false });
    const sent = await status(record({ status: 'sent' }), [entry('a', 'sent')]);
    expect(sent).toMatchObject({ pending: 0, settled: true });
  });

  it('lists an unresolved entry with no hand-over time first, with an empty "since"', async () => {
    const report = await status(record(done(2)), [
      entry('b', 'unknown', { sendingAt: ago(BOUND_MS) }),
      entry('a', 'sending'),
    ]);
    expect(report.unresolved).toEqual([
      { subscriber: 'a', email: 'a@example.com', status: 'sending', since: '' },
      { subscriber: 'b', email: 'b@example.com', status: 'unknown', since: ago(BOUND_MS) },
    ]);
    expect(report).toMatchObject({ inFlight: 0, settled: false });
  });
});
