import { describe, expect, it } from 'vitest';
import { createPacer } from '../../../lambda/delivery/pacer.ts';
import type { Clock } from '../../../lambda/delivery/ports.ts';

/** A clock that only moves when something sleeps: pacing measured without real time. */
function virtualClock(): Clock & { elapsed(): number } {
  let now = 0;
  return {
    now: () => new Date(now),
    sleep: async (ms) => {
      now += ms;
    },
    elapsed: () => now,
  };
}

describe('createPacer', () => {
  it.each([
    [10, 100],
    [100, 1000],
    [14, 140],
  ])('keeps %d messages/s over %d messages, never above it in any second', async (rate, count) => {
    const clock = virtualClock();
    const pacer = createPacer(clock, rate);
    const times: number[] = [];
    for (let i = 0; i < count; i += 1) {
      await pacer.take();
      times.push(clock.elapsed());
    }
    const burst = Math.ceil(rate / 10);
    // A tenth of a second's burst, then the rate.
    expect(clock.elapsed()).toBeGreaterThanOrEqual(((count - burst) / rate) * 1000 - 1);
    expect(count / (clock.elapsed() / 1000)).toBeLessThanOrEqual(rate * 1.12);
    // SES counts per second: no sliding one-second window holds more than rate + burst.
    for (let i = 0, j = 0; i < times.length; i += 1) {
      while ((times[i] ?? 0) - (times[j] ?? 0) >= 1000) j += 1;
      expect(i - j + 1).toBeLessThanOrEqual(rate + burst);
    }
  });

  it.each([0, -1, Number.NaN])('rejects a rate of %d', (rate) => {
    expect(() => createPacer(virtualClock(), rate)).toThrow(
      /Expected `rate` to be a positive number/,
    );
  });
});
