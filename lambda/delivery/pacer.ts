import type { Clock } from './ports.ts';

export interface Pacer {
  /** Resolves when one more message may go out: call the provider right after it. */
  take(): Promise<void>;
}

/**
 * The clock's grain: `Date` has whole milliseconds, so two sends read exactly a second apart
 * may be 999.x ms apart in fact. The window bound keeps one millisecond more than it needs.
 */
const TICK_MS = 1;
/**
 * Timers are late (whole milliseconds, a busy event loop, garbage collection). Slots a
 * wake-up finds due go at once if they are at most this late; after a longer stall the grid
 * moves on, and the time lost is not made up for. The grid keeps this much slack a window,
 * so catching up never crowds a window: a send is never before its slot, nor later than
 * this after it, so k + 1 sends always span the window. (Making up a longer stall would not
 * help: the window would stop the sends made up a second later, and again a second after.)
 */
const CATCH_UP_MS = 10;

/**
 * Paces sends to `rate` a second, smoothly, the way SES counts MaxSendRate.
 *
 * - Even spacing: every `take()` is given the next slot of a grid 1 ÷ rate apart (1.1 %
 *   more: TICK_MS and CATCH_UP_MS a second), in the order the callers asked, and resolves
 *   at its slot. Above 1,000/s slots are under a millisecond apart, so a few share one.
 * - A hard bound over every sliding window, measured when `take()` resolves: with
 *   k = max(1, floor(rate)), never k + 1 sends within k ÷ rate seconds. For a whole rate
 *   that is at most `rate` sends in any one second; for a fractional one, n sends span at
 *   least (n − 1) ÷ rate seconds (0.5/s: one send every two seconds).
 * - No crowd after a stall: at most CATCH_UP_MS of late slots go at once. No credit after
 *   idling: the grid starts afresh at the next caller.
 *
 * One per sending instance; `rate` is the instance's share.
 */
export function createPacer(clock: Clock, rate: number): Pacer {
  if (!(rate > 0) || !Number.isFinite(rate)) {
    throw new RangeError(`Expected \`rate\` to be a positive number, got ${rate}`);
  }
  /** The window bound: at most k sends within `windowMs`. */
  const k = Math.max(1, Math.floor(rate));
  const windowMs = (k * 1000) / rate + TICK_MS;
  /** The grid's spacing: k slots span the window and the catch-up slack. */
  const spacing = (windowMs + CATCH_UP_MS) / k;
  /** The last k release times (the clock's), oldest at `oldest`. */
  const released = new Array<number>(k).fill(Number.NEGATIVE_INFINITY);
  let oldest = 0;
  /** Slot n of the grid is at `anchor + n × spacing` (multiplied, so no error adds up). */
  let anchor = Number.NEGATIVE_INFINITY;
  let slot = 0;
  const slotAt = (n: number) => anchor + n * spacing;

  const waiting: (() => void)[] = [];
  let head = 0;
  let draining = false;

  const release = (now: number): void => {
    // Late by more than the slack (a stall): the grid moves on to the slack's edge.
    if (slotAt(slot) < now - CATCH_UP_MS) {
      anchor = now - CATCH_UP_MS;
      slot = 0;
    }
    slot += 1;
    released[oldest] = now;
    oldest = (oldest + 1) % k;
    const resolve = waiting[head];
    waiting[head] = noop;
    head += 1;
    if (head >= 1024 && head * 2 >= waiting.length) {
      waiting.splice(0, head);
      head = 0;
    }
    resolve?.();
  };

  /** One loop wakes the callers in order; it runs while anyone waits. */
  const drain = async (): Promise<void> => {
    draining = true;
    try {
      while (head < waiting.length) {
        const now = clock.now().getTime();
        // The window bound holds anyway; it is the net under the grid, for clocks that jump.
        const due = Math.max(slotAt(slot), (released[oldest] ?? 0) + windowMs);
        if (now >= due) release(now);
        else await clock.sleep(Math.max(1, Math.ceil(due - now)));
      }
    } finally {
      draining = false;
    }
  };

  return {
    take() {
      return new Promise<void>((resolve) => {
        if (head === waiting.length) {
          // Nobody waiting: a caller after a pause starts the grid afresh (no banked credit).
          const now = clock.now().getTime();
          if (slotAt(slot) < now) {
            anchor = now;
            slot = 0;
          }
        }
        waiting.push(resolve);
        if (!draining) void drain();
      });
    },
  };
}

function noop(): void {}
