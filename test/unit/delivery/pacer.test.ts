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
  ])(
    'keeps %d messages/s: %d messages take about 1 s beyond the first burst',
    async (rate, count) => {
      const clock = virtualClock();
      const pacer = createPacer(clock, rate);
      for (let i = 0; i < count; i += 1) await pacer.take();
      const achieved = count / (clock.elapsed() / 1000);
      // The first `rate` messages go as a burst; the rest at the rate.
      expect(clock.elapsed()).toBeGreaterThanOrEqual(((count - rate) / rate) * 1000 - 1);
      expect(achieved).toBeLessThanOrEqual(rate * 1.12);
    },
  );

  it.each([0, -1, Number.NaN])('rejects a rate of %d', (rate) => {
    expect(() => createPacer(virtualClock(), rate)).toThrow(
      /Expected `rate` to be a positive number/,
    );
  });
});
