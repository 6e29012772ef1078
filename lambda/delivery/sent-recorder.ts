import { backoffMs } from './backoff.ts';
import type { Clock, Ledger, Logger, SentRecord } from './ports.ts';

/** Records per batched write: DynamoDB's BatchWriteItem takes 25. */
export const RECORD_BATCH = 25;
/**
 * The longest an accepted send waits in the buffer: at a low rate 25 take seconds to gather,
 * and a process killed meanwhile would leave them all `sending`.
 */
export const RECORD_WAIT_MS = 200;
/** Below this much time left in the invocation, no further attempt is started. */
const DEADLINE_MARGIN_MS = 3_000;
/** Without a deadline (a local run), attempts before giving up: about 40 s of backoff. */
const MAX_ATTEMPTS = 12;

export interface SentRecorderDeps {
  ledger: Ledger;
  clock: Clock;
  log: Logger;
  random: () => number;
  /** Milliseconds left in the invocation; unbounded when absent. */
  timeLeftMs?: () => number;
}

export interface RecordingResult {
  recorded: number;
  /** Accepted by SES but not recorded before the deadline: still `sending` in the ledger. */
  unrecorded: SentRecord[];
}

/**
 * Writes the sends SES accepted, 25 to a batched write, retrying throttled or failed writes
 * with backoff until the invocation's deadline, never giving up silently: what could not be
 * recorded is returned (and logged), its entries left `sending`, where SES's Send event
 * settles them, and `braid status --unknown` names them meanwhile.
 */
export function createSentRecorder(deps: SentRecorderDeps) {
  let buffer: SentRecord[] = [];
  const writes: Promise<void>[] = [];
  const result: RecordingResult = { recorded: 0, unrecorded: [] };

  /** True when an attempt after this pause would start too close to the deadline. */
  const outOfTime = (attempt: number, pauseMs: number) =>
    (deps.timeLeftMs?.() ?? Number.POSITIVE_INFINITY) - pauseMs < DEADLINE_MARGIN_MS ||
    (deps.timeLeftMs === undefined && attempt >= MAX_ATTEMPTS);

  const write = async (records: SentRecord[]): Promise<void> => {
    let left = records;
    let lastError = '';
    for (let attempt = 0; left.length > 0; attempt += 1) {
      if (attempt > 0) {
        const pauseMs = backoffMs(attempt, deps.random(), 100, 5_000);
        if (outOfTime(attempt, pauseMs)) break;
        await deps.clock.sleep(pauseMs);
      }
      try {
        const unprocessed = await deps.ledger.recordSent(left);
        result.recorded += left.length - unprocessed.length;
        left = unprocessed;
        lastError = left.length > 0 ? 'unprocessed items (throttled)' : '';
      } catch (error) {
        lastError = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      }
    }
    if (left.length === 0) return;
    result.unrecorded.push(...left);
    deps.log.error('sent messages not recorded; they stay "sending" until SES events settle them', {
      edition: left[0]?.edition,
      subscribers: left.map((record) => record.subscriber),
      reason: lastError,
    });
  };

  const start = (records: SentRecord[]) => {
    writes.push(write(records));
  };
  const writeBuffer = () => {
    if (buffer.length > 0) start(buffer);
    buffer = [];
  };
  /** A buffer not full by RECORD_WAIT_MS after its first record is written as it is. */
  let generation = 0;
  const writeLater = () => {
    const mine = generation;
    // A real timer, not the clock's sleep (a test's virtual clock would jump ahead), and
    // not awaited by flush: flush writes the buffer itself, and the stale timer does nothing.
    setTimeout(() => {
      if (generation !== mine) return;
      generation += 1;
      writeBuffer();
    }, RECORD_WAIT_MS).unref();
  };

  return {
    add(record: SentRecord): void {
      buffer.push(record);
      if (buffer.length === 1) writeLater();
      if (buffer.length < RECORD_BATCH) return;
      generation += 1;
      writeBuffer();
    },
    /** Writes what is buffered and waits for every write started. */
    async flush(): Promise<RecordingResult> {
      generation += 1;
      writeBuffer();
      await Promise.all(writes);
      return result;
    },
  };
}
