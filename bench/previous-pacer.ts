import type { Pacer } from '../lambda/delivery/pacer.ts';
import type { Clock } from '../lambda/delivery/ports.ts';

/**
 * BASELINE: the pacer as it was before smoothing (git history of lambda/delivery/pacer.ts),
 * kept here only to be measured beside the current one. A sliding window of `rate` a second
 * and one of a tenth of the rate a tenth of a second: each tenth's sends may leave in the
 * same millisecond.
 */
class SlidingWindow {
  private readonly sent: number[];
  private oldest = 0;

  constructor(
    private readonly n: number,
    private readonly ms: number,
  ) {
    this.sent = new Array<number>(n).fill(Number.NEGATIVE_INFINITY);
  }

  freeAt(): number {
    return (this.sent[this.oldest] ?? Number.NEGATIVE_INFINITY) + this.ms;
  }

  record(now: number): void {
    this.sent[this.oldest] = now;
    this.oldest = (this.oldest + 1) % this.n;
  }
}

export function createPreviousPacer(clock: Clock, rate: number): Pacer {
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
