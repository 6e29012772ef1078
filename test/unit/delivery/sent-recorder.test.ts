import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Clock, Ledger, Logger, SentRecord } from '../../../lambda/delivery/ports.ts';
import {
  createSentRecorder,
  RECORD_BATCH,
  RECORD_WAIT_MS,
} from '../../../lambda/delivery/sent-recorder.ts';

/** The recorder starts no attempt with less than this left (DEADLINE_MARGIN_MS). */
const MARGIN_MS = 3_000;
const START = Date.parse('2021-03-18T06:00:00Z');

/** Time moves only by sleeping, at once. */
function virtualClock(): Clock & { slept: number[]; elapsed(): number } {
  let now = START;
  const slept: number[] = [];
  return {
    slept,
    elapsed: () => now - START,
    now: () => new Date(now),
    sleep: async (ms) => {
      slept.push(ms);
      now += ms;
    },
  };
}

interface LogLine {
  level: string;
  message: string;
  fields?: Record<string, unknown>;
}
function recordingLog(): Logger & { lines: LogLine[] } {
  const lines: LogLine[] = [];
  return {
    lines,
    info: (message, fields) => lines.push({ level: 'info', message, fields }),
    warn: (message, fields) => lines.push({ level: 'warn', message, fields }),
    error: (message, fields) => lines.push({ level: 'error', message, fields }),
  };
}

const records = (n: number): SentRecord[] =>
  Array.from({ length: n }, (_, i) => ({
    edition: 'ed-1',
    subscriber: `sub_${String(i).padStart(3, '0')}`,
    email: `r${i}@example.com`,
    claimId: `claim-${i}`,
    sendingAt: '2021-03-18T06:00:00.000Z',
    messageId: `id-${i}`,
    sentAt: '2021-03-18T06:00:00.000Z',
  }));

/** A ledger whose recordSent answers as `answer` says, call by call; it records each call. */
function fakeLedger(answer: (batch: SentRecord[], call: number) => SentRecord[] | Error) {
  const calls: SentRecord[][] = [];
  const ledger = {
    recordSent: async (batch: SentRecord[]) => {
      calls.push(batch);
      const outcome = answer(batch, calls.length);
      if (outcome instanceof Error) throw outcome;
      return outcome;
    },
  } as unknown as Ledger;
  return { ledger, calls };
}

const subscribersOf = (batch: SentRecord[]) => batch.map((r) => r.subscriber);

describe('createSentRecorder', () => {
  it(`writes ${RECORD_BATCH} records to a batched write, as soon as the buffer is full`, async () => {
    const { ledger, calls } = fakeLedger(() => []);
    const recorder = createSentRecorder({
      ledger,
      clock: virtualClock(),
      log: recordingLog(),
      random: () => 0.5,
    });
    const all = records(60);
    for (const record of all) recorder.add(record);
    // Two full batches went out at once, no timer needed.
    expect(calls.map((c) => c.length)).toEqual([25, 25]);
    const result = await recorder.flush();
    expect(calls.map((c) => c.length)).toEqual([25, 25, 10]);
    expect(calls.flatMap(subscribersOf)).toEqual(subscribersOf(all));
    expect(result).toEqual({ recorded: 60, unrecorded: [] });
  });

  it(`writes a buffer not full after ${RECORD_WAIT_MS} ms as it is, before any flush`, async () => {
    const { ledger, calls } = fakeLedger(() => []);
    const recorder = createSentRecorder({
      ledger,
      clock: virtualClock(),
      log: recordingLog(),
      random: () => 0.5,
    });
    for (const record of records(3)) recorder.add(record);
    await new Promise((resolve) => setImmediate(resolve));
    expect(calls).toEqual([]);
    await vi.waitFor(() => expect(calls.map((c) => c.length)).toEqual([3]), {
      timeout: RECORD_WAIT_MS * 10,
    });
    expect(await recorder.flush()).toEqual({ recorded: 3, unrecorded: [] });
    expect(calls).toHaveLength(1);
  });

  it('retries only the records left unprocessed (throttled), with backoff', async () => {
    const clock = virtualClock();
    const all = records(25);
    const { ledger, calls } = fakeLedger((batch, call) => (call === 1 ? batch.slice(-2) : []));
    const log = recordingLog();
    const recorder = createSentRecorder({ ledger, clock, log, random: () => 0.5 });
    for (const record of all) recorder.add(record);
    expect(await recorder.flush()).toEqual({ recorded: 25, unrecorded: [] });
    expect(calls.map(subscribersOf)).toEqual([subscribersOf(all), subscribersOf(all.slice(-2))]);
    // backoffMs(1, 0.5, 100, 5000)
    expect(clock.slept).toContain(100);
    expect(log.lines).toEqual([]);
  });

  it('retries a write that failed', async () => {
    const clock = virtualClock();
    const { ledger, calls } = fakeLedger((_batch, call) =>
      call <= 2 ? new Error('InternalServerError: injected') : [],
    );
    const recorder = createSentRecorder({ ledger, clock, log: recordingLog(), random: () => 0.5 });
    for (const record of records(4)) recorder.add(record);
    expect(await recorder.flush()).toEqual({ recorded: 4, unrecorded: [] });
    expect(calls.map((c) => c.length)).toEqual([4, 4, 4]);
  });

  it('gives up at the deadline: returns what it could not write, and logs it', async () => {
    const clock = virtualClock();
    const deadline = START + 10_000;
    const timeLeftMs = () => deadline - clock.now().getTime();
    const { ledger, calls } = fakeLedger((batch, call) =>
      call === 1 ? batch.slice(1) : new Error('InternalServerError: injected'),
    );
    const log = recordingLog();
    const recorder = createSentRecorder({ ledger, clock, log, random: () => 0.5, timeLeftMs });
    const all = records(3);
    for (const record of all) recorder.add(record);
    const result = await recorder.flush();
    expect(result).toEqual({ recorded: 1, unrecorded: all.slice(1) });
    expect(calls.length).toBeGreaterThan(2);
    expect(timeLeftMs()).toBeGreaterThan(0);
    expect(log.lines).toEqual([
      {
        level: 'error',
        message: expect.stringMatching(/not recorded/),
        fields: {
          edition: 'ed-1',
          subscribers: subscribersOf(all.slice(1)),
          reason: 'Error: InternalServerError: injected',
        },
      },
    ]);
  });

  it('starts no attempt with less than the margin left, so it gives up (and logs) before the deadline', async () => {
    // With the largest jitter a backoff reaches 5 s: a pause begun with a little over the
    // margin left must not run the attempt (and the log) past the invocation's end.
    const clock = virtualClock();
    const deadline = START + 10_000;
    const timeLeftMs = () => deadline - clock.now().getTime();
    const startedWith: number[] = [];
    const { ledger } = fakeLedger(() => {
      startedWith.push(timeLeftMs());
      return new Error('InternalServerError: injected');
    });
    let loggedWith: number | undefined;
    const log = recordingLog();
    const recorder = createSentRecorder({
      ledger,
      clock,
      log: {
        ...log,
        error: (message, fields) => {
          loggedWith = timeLeftMs();
          log.error(message, fields);
        },
      },
      random: () => 0.99,
      timeLeftMs,
    });
    recorder.add(records(1)[0] as SentRecord);
    expect(await recorder.flush()).toMatchObject({ recorded: 0, unrecorded: records(1) });
    expect(startedWith.length).toBeGreaterThan(1);
    // The first attempt is made whatever the time; every later one with the margin in hand.
    expect(startedWith.slice(1).filter((left) => left < MARGIN_MS)).toEqual([]);
    expect(loggedWith).toBeGreaterThan(0);
  });

  it('without a deadline, gives up after its attempts (about 40 s of backoff), and logs it', async () => {
    const clock = virtualClock();
    const { ledger, calls } = fakeLedger((batch) => batch);
    const log = recordingLog();
    const recorder = createSentRecorder({ ledger, clock, log, random: () => 1 });
    const all = records(2);
    for (const record of all) recorder.add(record);
    expect(await recorder.flush()).toEqual({ recorded: 0, unrecorded: all });
    expect(calls).toHaveLength(12);
    expect(clock.elapsed()).toBeLessThan(60_000);
    expect(log.lines).toEqual([
      expect.objectContaining({
        level: 'error',
        fields: expect.objectContaining({ reason: 'unprocessed items (throttled)' }),
      }),
    ]);
  });

  it('reports each batch it gave up on, and counts the ones it wrote', async () => {
    const clock = virtualClock();
    const all = records(30);
    const doomed = new Set(subscribersOf(all.slice(0, 25)));
    const { ledger } = fakeLedger((batch) =>
      batch.some((r) => doomed.has(r.subscriber)) ? new Error('down') : [],
    );
    const log = recordingLog();
    const recorder = createSentRecorder({ ledger, clock, log, random: () => 0.5 });
    for (const record of all) recorder.add(record);
    expect(await recorder.flush()).toEqual({ recorded: 5, unrecorded: all.slice(0, 25) });
    expect(log.lines).toHaveLength(1);
  });

  it('starts an attempt whose pause leaves exactly the margin', async () => {
    const clock = virtualClock();
    // backoffMs(1, 0.5, 100, 5000) = 100: after it, exactly the margin is left.
    const deadline = START + MARGIN_MS + 100;
    const timeLeftMs = () => deadline - clock.now().getTime();
    const { ledger, calls } = fakeLedger((_batch, call) =>
      call === 1 ? new Error('InternalServerError: injected') : [],
    );
    const recorder = createSentRecorder({
      ledger,
      clock,
      log: recordingLog(),
      random: () => 0.5,
      timeLeftMs,
    });
    for (const record of records(2)) recorder.add(record);
    expect(await recorder.flush()).toEqual({ recorded: 2, unrecorded: [] });
    expect(calls).toHaveLength(2);
    expect(clock.slept).toEqual([100]);
  });

  it('with a deadline, keeps trying until the margin, past the local run’s attempt count', async () => {
    const clock = virtualClock();
    const deadline = START + 120_000;
    const timeLeftMs = () => deadline - clock.now().getTime();
    const { ledger, calls } = fakeLedger(() => new Error('InternalServerError: injected'));
    const recorder = createSentRecorder({
      ledger,
      clock,
      log: recordingLog(),
      random: () => 0.5,
      timeLeftMs,
    });
    recorder.add(records(1)[0] as SentRecord);
    expect(await recorder.flush()).toMatchObject({ recorded: 0, unrecorded: records(1) });
    // Pauses of 100, 200 … 2,500 ms: some 45 attempts fit in 117 s.
    expect(calls.length).toBeGreaterThan(12);
    expect(timeLeftMs()).toBeGreaterThanOrEqual(MARGIN_MS);
    expect(timeLeftMs()).toBeLessThan(MARGIN_MS + 2_500);
  });
});

describe('createSentRecorder: the wait for a buffer not full', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  const recorderWith = (ledger: Ledger) =>
    createSentRecorder({ ledger, clock: virtualClock(), log: recordingLog(), random: () => 0.5 });

  it(`writes a lone record ${RECORD_WAIT_MS} ms after it came, timed from the buffer’s first record`, async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const { ledger, calls } = fakeLedger(() => []);
    const recorder = recorderWith(ledger);
    const [first, second] = records(2) as [SentRecord, SentRecord];
    recorder.add(first);
    vi.advanceTimersByTime(RECORD_WAIT_MS - 50);
    recorder.add(second);
    vi.advanceTimersByTime(49);
    expect(calls).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(calls.map(subscribersOf)).toEqual([subscribersOf([first, second])]);
    vi.advanceTimersByTime(RECORD_WAIT_MS * 2);
    expect(calls).toHaveLength(1);
    expect(await recorder.flush()).toEqual({ recorded: 2, unrecorded: [] });
  });

  it.each([
    ['a flush', ['flush', 'add 1']],
    ['a full batch, then a flush', ['add 25', 'add 1', 'flush', 'add 1']],
    ['a flush, then a full batch', ['flush', 'add 25', 'add 1']],
  ])(
    `after %s, the wait of a buffer already written does not cut short the next buffer’s`,
    async (_case, steps) => {
      vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
      const { ledger, calls } = fakeLedger(() => []);
      const recorder = recorderWith(ledger);
      const all = records(60);
      let next = 0;
      recorder.add(all[next++] as SentRecord);
      for (const step of steps) {
        vi.advanceTimersByTime(10);
        if (step === 'flush') await recorder.flush();
        else
          for (let i = Number(step.slice(4)); i > 0; i -= 1)
            recorder.add(all[next++] as SentRecord);
      }
      const written = calls.length;
      const last = all[next - 1] as SentRecord;
      // The first record's wait ends: the last record's buffer waits its own full time.
      vi.advanceTimersByTime(RECORD_WAIT_MS - 1);
      expect(calls).toHaveLength(written);
      vi.advanceTimersByTime(1);
      expect(calls.slice(written).map(subscribersOf)).toEqual([[last.subscriber]]);
      expect(await recorder.flush()).toEqual({ recorded: next, unrecorded: [] });
    },
  );
});
