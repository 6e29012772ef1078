import type { Clock } from './ports.ts';

export interface Pacer {
  /** Resolves when one more message may go out. */
  take(): Promise<void>;
}

/** At most `n` sends in any `ms` milliseconds: the last n send times, oldest first to leave. */
class SlidingWindow {
  private readonly sent: number[];
  private oldest = 0;

  constructor(
    private readonly n: number,
    private readonly ms: number,
  ) {
    this.sent = new Array<number>(n).fill(Number.NEGATIVE_INFINITY);
  }

  /** When the next send may go. */
  freeAt(): number {
    return (this.sent[this.oldest] ?? Number.NEGATIVE_INFINITY) + this.ms;
  }

  record(now: number): void {
    this.sent[this.oldest] = now;
    this.oldest = (this.oldest + 1) % this.n;
  }
}

/**
 * Paces sends to `rate` a second the way SES counts MaxSendRate: never more than `rate` in
 * any one-second window (for a fractional rate, n sends in n ÷ rate seconds), and spread
 * within the second (a tenth of the rate per tenth of a second), so a second's worth never
 * leaves at once. One per sending instance; `rate` is the instance's share.
 */
export function createPacer(clock: Clock, rate: number): Pacer {
  if (!(rate > 0) || !Number.isFinite(rate)) {
    throw new RangeError(`Expected \`rate\` to be a positive number, got ${rate}`);
  }
  const perSecond = Math.max(1, Math.floor(rate));
  const perTick = Math.max(1, Math.ceil(rate / 10));
  const windows = [
    new SlidingWindow(perSecond, (perSecond / rate) * 1000),
    new SlidingWindow(perTick, (perTick / rate) * 1000),
  ];
  return {
    async take() {
      for (;;) {
        const now = clock.now().getTime();
        const free = Math.max(...windows.map((w) => w.freeAt()));
        if (now >= free) {
          for (const window of windows) window.record(now);
          return;
        }
        await clock.sleep(Math.max(1, Math.ceil(free - now)));
      }
    },
  };
}
