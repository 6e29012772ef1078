import type { Clock } from './ports.ts';

export interface Pacer {
  /** Resolves when one more message may go out. */
  take(): Promise<void>;
}

/**
 * A token bucket: `rate` messages per second on average, bursts of at most `burst`.
 * One per sending instance; the configured rate is the instance's share of SES MaxSendRate.
 */
export function createPacer(
  clock: Clock,
  rate: number,
  // A tenth of a second's worth: SES counts per second, so a whole second's burst on top of
  // the steady rate would overshoot it at the start of every run.
  burst = Math.max(1, Math.ceil(rate / 10)),
): Pacer {
  if (!(rate > 0)) throw new RangeError(`Expected \`rate\` to be a positive number, got ${rate}`);
  let tokens = burst;
  let last = clock.now().getTime();
  return {
    async take() {
      for (;;) {
        const now = clock.now().getTime();
        tokens = Math.min(burst, tokens + ((now - last) / 1000) * rate);
        last = now;
        if (tokens >= 1) {
          tokens -= 1;
          return;
        }
        await clock.sleep(Math.ceil(((1 - tokens) / rate) * 1000));
      }
    },
  };
}
