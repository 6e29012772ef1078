import { afterEach, describe, expect, it, vi } from 'vitest';
import { createPacer, type Pacer } from '../../../lambda/delivery/pacer.ts';
import type { Clock } from '../../../lambda/delivery/ports.ts';

/**
 * A clock that only moves when everything waits on it: each turn, once nothing else can
 * run, time jumps to the earliest sleeper and wakes it. Pacing measured without real time.
 * `late` adds lateness to a wake-up, as a busy event loop does.
 */
function virtualClock(late: (ms: number) => number = () => 0): Clock & {
  elapsed(): number;
  run<T>(work: Promise<T>): Promise<T>;
} {
  let now = 0;
  let sleepers: { at: number; wake: () => void }[] = [];
  const idle = () => new Promise<void>((resolve) => setImmediate(resolve));
  return {
    now: () => new Date(now),
    sleep: (ms) =>
      new Promise<void>((wake) => {
        sleepers.push({ at: now + ms + late(ms), wake });
      }),
    elapsed: () => now,
    async run(work) {
      let done = false;
      const settled = work.finally(() => {
        done = true;
      });
      for (;;) {
        await idle();
        if (done) return settled;
        if (sleepers.length === 0) throw new Error('nothing to wait for: a deadlock');
        const at = Math.min(...sleepers.map((s) => s.at));
        now = Math.max(now, at);
        const due = sleepers.filter((s) => s.at <= now);
        sleepers = sleepers.filter((s) => s.at > now);
        for (const sleeper of due) sleeper.wake();
      }
    },
  };
}

/** Most sends seen in any window of `windowMs` (sends less than `windowMs` apart). */
function busiestWindow(times: number[], windowMs: number): number {
  let most = 0;
  for (let i = 0, j = 0; i < times.length; i += 1) {
    while ((times[i] ?? 0) - (times[j] ?? 0) >= windowMs) j += 1;
    most = Math.max(most, i - j + 1);
  }
  return most;
}

/** `takers` callers at once take until `count` sends are out; the times `take()` resolved. */
async function takeAll(
  pacer: Pacer,
  clock: Clock,
  count: number,
  takers: number,
  times: number[] = [],
): Promise<number[]> {
  let started = 0;
  await Promise.all(
    Array.from({ length: takers }, async () => {
      while (started < count) {
        started += 1;
        await pacer.take();
        times.push(clock.now().getTime());
      }
    }),
  );
  return times;
}

/**
 * The pacer's slot spacing: 1 ÷ rate, stretched so k slots (k = max(1, floor(rate))) span
 * the window, a millisecond (the clock's grain) and the 10 ms a late wake-up may catch up.
 */
function slotSpacing(rate: number): number {
  const k = Math.max(1, Math.floor(rate));
  return ((k * 1000) / rate + 1 + 10) / k;
}

/** Sends per second between the first and the last send. */
function achieved(times: number[]): number {
  const first = times[0] ?? 0;
  const last = times.at(-1) ?? 0;
  return ((times.length - 1) / (last - first)) * 1000;
}

/** Real timers, faked: the pacer sleeps with setTimeout as the system clock does. */
const fakeClock: Clock = {
  now: () => new Date(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

const RATES = [0.5, 1, 14, 200, 1000, 3000];

describe('createPacer', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it.each(RATES)(
    'at %d/s, 64 callers at once: never over the rate in any sliding window, evenly spaced, at the rate',
    async (rate) => {
      const clock = virtualClock();
      const count = Math.max(8, rate * 10);
      const times = await clock.run(takeAll(createPacer(clock, rate), clock, count, 64));
      expect(times).toHaveLength(count);
      // The window bound: at most `rate` in any one second (a fractional rate: no k + 1
      // sends within k ÷ rate seconds, k = max(1, floor(rate))), with a millisecond to
      // spare for a clock of whole milliseconds.
      const k = Math.max(1, Math.floor(rate));
      expect(busiestWindow(times, 1000)).toBeLessThanOrEqual(Math.ceil(rate));
      expect(busiestWindow(times, (k * 1000) / rate + 1)).toBeLessThanOrEqual(k);
      // Even spacing: send i within a millisecond (the clock's grain) after slot i.
      const spacing = slotSpacing(rate);
      expect(spacing).toBeGreaterThanOrEqual(1000 / rate);
      expect(spacing).toBeLessThanOrEqual((1000 / rate) * 1.0111);
      times.forEach((t, i) => {
        expect(t).toBeGreaterThanOrEqual(i * spacing);
        expect(t).toBeLessThan(i * spacing + 1);
      });
      // Smooth within the second, too: a tenth of a second carries a tenth of the rate.
      expect(busiestWindow(times, 100)).toBeLessThanOrEqual(Math.ceil(rate / 10) + 1);
      expect(achieved(times)).toBeGreaterThanOrEqual(rate * 0.985);
      expect(achieved(times)).toBeLessThanOrEqual(rate * 1.01);
    },
  );

  it('gives concurrent callers their own slots, in the order they asked', async () => {
    const clock = virtualClock();
    const pacer = createPacer(clock, 100);
    const order: number[] = [];
    const times: number[] = [];
    await clock.run(
      Promise.all(
        Array.from({ length: 50 }, async (_, i) => {
          await pacer.take();
          order.push(i);
          times.push(clock.elapsed());
        }),
      ),
    );
    expect(order).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(times).toEqual(Array.from({ length: 50 }, (_, i) => Math.ceil(i * slotSpacing(100))));
  });

  it.each([14, 1000, 3000])(
    'at %d/s, a burst after a long idle is paced like any other (no banked credit)',
    async (rate) => {
      const clock = virtualClock();
      const pacer = createPacer(clock, rate);
      const times = await clock.run(takeAll(pacer, clock, rate * 2, 32));
      await clock.run(clock.sleep(60_000));
      const idleEnd = clock.elapsed();
      await clock.run(takeAll(pacer, clock, rate * 2, rate * 2, times));
      expect(busiestWindow(times, 1000)).toBeLessThanOrEqual(rate);
      const after = times.filter((t) => t >= idleEnd);
      expect(after[0]).toBe(idleEnd);
      // The first tenth of a second after idling carries a tenth of the rate, not a second's.
      expect(after.filter((t) => t < idleEnd + 100).length).toBeLessThanOrEqual(
        Math.ceil(rate / 10),
      );
      expect(busiestWindow(after, 10)).toBeLessThanOrEqual(Math.ceil(rate / 100) + 1);
      expect(achieved(after)).toBeGreaterThanOrEqual(rate * 0.985);
    },
  );

  it('a caller arriving after a pause goes at once, and the next one a slot later', async () => {
    const clock = virtualClock();
    const pacer = createPacer(clock, 10);
    await clock.run(pacer.take());
    await clock.run(clock.sleep(1234));
    await clock.run(pacer.take());
    const resumed = clock.elapsed();
    await clock.run(pacer.take());
    expect(resumed).toBe(1234);
    expect(clock.elapsed()).toBe(1234 + Math.ceil(slotSpacing(10)));
  });

  it('after a stall, resumes the grid 10 ms before the late wake-up: one late slot goes at once', async () => {
    let n = 0;
    // The first wake-up is 100 ms late.
    const clock = virtualClock(() => {
      n += 1;
      return n === 1 ? 100 : 0;
    });
    const pacer = createPacer(clock, 100);
    const times: number[] = [];
    await clock.run(
      Promise.all(
        Array.from({ length: 6 }, async () => {
          await pacer.take();
          times.push(clock.elapsed());
        }),
      ),
    );
    // Slot 1 (10.11 ms) woke at 111: the grid restarts at 101, so slot 101 + 10.11 is
    // already due and goes a millisecond later, and the rest follow it a slot apart.
    const spacing = slotSpacing(100);
    expect(times).toEqual([0, 111, 112, ...[2, 3, 4].map((i) => Math.ceil(101 + i * spacing))]);
  });

  it('a caller arriving while a wake-up is late joins the grid: lateness is not a pause', async () => {
    let n = 0;
    // The first wake-up (for slot 1, at 10.11 ms) is 5 ms late.
    const clock = virtualClock(() => {
      n += 1;
      return n === 1 ? 5 : 0;
    });
    const pacer = createPacer(clock, 100);
    const times: Record<string, number> = {};
    const take = async (who: string) => {
      await pacer.take();
      times[who] = clock.elapsed();
    };
    // c comes at 12 ms, after slot 1 was due, while b still waits for its late wake-up.
    await clock.run(Promise.all([take('a'), take('b'), clock.sleep(12).then(() => take('c'))]));
    expect(times).toEqual({ a: 0, b: 16, c: Math.ceil(2 * slotSpacing(100)) });
  });

  it.each([14, 1000, 3000])(
    'at %d/s with late wake-ups and stalls: still never over the rate in any second, the rate kept',
    async (rate) => {
      let n = 0;
      // Wake-ups 0–3 ms late, and every 500th one a 50 ms stall.
      const clock = virtualClock(() => {
        n += 1;
        return n % 500 === 0 ? 50 : n % 4;
      });
      const times = await clock.run(takeAll(createPacer(clock, rate), clock, rate * 10, 64));
      expect(busiestWindow(times, 1000)).toBeLessThanOrEqual(rate);
      expect(busiestWindow(times, 1001)).toBeLessThanOrEqual(rate);
      // After a stall it catches up at most 10 ms of slots at once, not the whole stall's.
      expect(busiestWindow(times, 1)).toBeLessThanOrEqual(Math.ceil(rate / 100) + 2);
      expect(achieved(times)).toBeGreaterThanOrEqual(rate * 0.9);
      expect(achieved(times)).toBeLessThanOrEqual(rate * 1.001);
    },
  );

  it.each([14, 1000, 3000])(
    'at %d/s, after a 2 s stall: at most 10 ms of late slots at once, then smooth (no crowd, no echo)',
    async (rate) => {
      let n = 0;
      const clock = virtualClock(() => {
        n += 1;
        return n === 20 ? 2000 : 0;
      });
      const times = await clock.run(takeAll(createPacer(clock, rate), clock, rate * 4, rate));
      const gap = times.findIndex((t, i) => i > 0 && t - (times[i - 1] ?? 0) >= 2000);
      const stallEnd = times[gap] ?? 0;
      expect(gap).toBeGreaterThan(0);
      expect(busiestWindow(times, 1000)).toBeLessThanOrEqual(rate);
      const sameMs = times.filter((t) => t === stallEnd).length;
      expect(sameMs).toBeLessThanOrEqual(Math.ceil((10 * rate) / 1000) + 1);
      // From then on, a tenth of a second carries a tenth of the rate, each second the same.
      const after = times.slice(gap);
      expect(busiestWindow(after, 100)).toBeLessThanOrEqual(
        Math.ceil(rate / 10) + Math.ceil((10 * rate) / 1000),
      );
      expect(achieved(after)).toBeGreaterThanOrEqual(rate * 0.985);
    },
  );

  it.each([
    [1, 10],
    [14, 140],
    [100, 1000],
    [1000, 10_000],
  ])(
    'with real timers (faked), %d/s: never over the rate in any one-second window',
    async (rate, count) => {
      vi.useFakeTimers({ now: 0 });
      const pacer = createPacer(fakeClock, rate);
      const times: number[] = [];
      const work = takeAll(pacer, fakeClock, count, 16, times);
      await vi.runAllTimersAsync();
      await work;
      expect(busiestWindow(times, 1000)).toBeLessThanOrEqual(rate);
      expect(busiestWindow(times, 100)).toBeLessThanOrEqual(Math.ceil(rate / 10));
      const last = times.at(-1) ?? 0;
      const sustained = times.filter((t) => t < last).length / (last / 1000);
      expect(sustained).toBeGreaterThanOrEqual(rate * 0.95);
      expect(sustained).toBeLessThanOrEqual(rate * 1.01);
    },
  );

  it('spreads a fractional rate: 0.5/s is one send every two seconds (and 11 ms)', async () => {
    const clock = virtualClock();
    const pacer = createPacer(clock, 0.5);
    const times: number[] = [];
    for (let i = 0; i < 4; i += 1) {
      await clock.run(pacer.take());
      times.push(clock.elapsed());
    }
    expect(times).toEqual([0, 2011, 4022, 6033]);
  });

  it.each([0, -1, Number.NaN, Number.POSITIVE_INFINITY])('rejects a rate of %d', (rate) => {
    expect(() => createPacer(virtualClock(), rate)).toThrow(
      /Expected `rate` to be a positive number/,
    );
  });
});
