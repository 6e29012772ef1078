import { afterEach, describe, expect, it, vi } from 'vitest';
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

/** Most sends seen in any window of `windowMs`. */
function busiestWindow(times: number[], windowMs: number): number {
  let most = 0;
  for (let i = 0, j = 0; i < times.length; i += 1) {
    while ((times[i] ?? 0) - (times[j] ?? 0) >= windowMs) j += 1;
    most = Math.max(most, i - j + 1);
  }
  return most;
}

/** Real timers, faked: many concurrent sleepers, each woken at its own time. */
const fakeClock: Clock = {
  now: () => new Date(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

describe('createPacer', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it.each([
    [1, 10],
    [14, 140],
    [100, 1000],
    [1000, 10_000],
  ])(
    'never lets more than %d sends into any one-second window, and keeps up that rate',
    async (rate, count) => {
      vi.useFakeTimers({ now: 0 });
      const pacer = createPacer(fakeClock, rate);
      const times: number[] = [];
      // Many callers at once, as the deliver instance's concurrent sends are.
      const work = Promise.all(
        Array.from({ length: 16 }, async () => {
          while (times.length < count) {
            await pacer.take();
            times.push(Date.now());
          }
        }),
      );
      await vi.runAllTimersAsync();
      await work;
      times.sort((a, b) => a - b);
      expect(busiestWindow(times, 1000)).toBeLessThanOrEqual(rate);
      // Spread within the second: no tenth of a second carries more than a tenth of the rate.
      expect(busiestWindow(times, 100)).toBeLessThanOrEqual(Math.ceil(rate / 10));
      // Sends before the last one's instant, over the time up to it: the sustained rate.
      const last = times.at(-1) ?? 0;
      const achieved = times.filter((t) => t < last).length / (last / 1000);
      expect(achieved).toBeGreaterThanOrEqual(rate * 0.95);
      expect(achieved).toBeLessThanOrEqual(rate * 1.01);
    },
  );

  it('spreads a fractional rate: 0.5/s is one send every two seconds', async () => {
    const clock = virtualClock();
    const pacer = createPacer(clock, 0.5);
    const times: number[] = [];
    for (let i = 0; i < 4; i += 1) {
      await pacer.take();
      times.push(clock.elapsed());
    }
    expect(times).toEqual([0, 2000, 4000, 6000]);
  });

  it.each([0, -1, Number.NaN, Number.POSITIVE_INFINITY])('rejects a rate of %d', (rate) => {
    expect(() => createPacer(virtualClock(), rate)).toThrow(
      /Expected `rate` to be a positive number/,
    );
  });
});
