import type { Clock } from '../lambda/delivery/ports.ts';

interface Sleeper {
  at: number;
  seq: number;
  wake: () => void;
}

/**
 * Simulated time for the bench: `sleep` waits in a queue, and `run(work)` moves time on only
 * when nothing else can run (every promise settled as far as it can), straight to the
 * earliest sleeper. So a 100-second send at 1,000/s, with SES answering in a simulated
 * 50–150 ms, runs as fast as its CPU allows, and every pause in it is exact.
 */
export class VirtualClock implements Clock {
  private time: number;
  private seq = 0;
  private readonly heap: Sleeper[] = [];

  constructor(start = Date.UTC(2021, 2, 17)) {
    this.time = start;
  }

  now(): Date {
    return new Date(this.time);
  }

  /** Milliseconds, not truncated to whole ones. */
  nowMs(): number {
    return this.time;
  }

  sleep(ms: number): Promise<void> {
    return new Promise((wake) => {
      this.push({ at: this.time + Math.max(0, ms), seq: this.seq++, wake });
    });
  }

  /** Runs `work` to its end in simulated time. */
  async run<T>(work: Promise<T>): Promise<T> {
    let done = false;
    const settled = work.finally(() => {
      done = true;
    });
    // Surface a rejection through `settled` only.
    settled.catch(() => undefined);
    let idleSince: number | undefined;
    for (;;) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (done) return settled;
      const next = this.pop();
      if (next === undefined) {
        // Nobody asleep but not done: real work in flight (a file read, a stream). Wait.
        idleSince ??= performance.now();
        if (performance.now() - idleSince > 10_000) {
          throw new Error('virtual clock: nothing has moved for 10 s of real time');
        }
        await new Promise<void>((resolve) => setTimeout(resolve, 1));
        continue;
      }
      idleSince = undefined;
      this.time = Math.max(this.time, next.at);
      next.wake();
      // Everyone due at the same instant wakes in the same turn.
      while (this.heap.length > 0 && (this.heap[0]?.at ?? Number.POSITIVE_INFINITY) <= this.time) {
        this.pop()?.wake();
      }
    }
  }

  private before(a: Sleeper, b: Sleeper): boolean {
    return a.at < b.at || (a.at === b.at && a.seq < b.seq);
  }

  private push(sleeper: Sleeper): void {
    const heap = this.heap;
    heap.push(sleeper);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = heap[parent] as Sleeper;
      if (!this.before(sleeper, p)) break;
      heap[i] = p;
      i = parent;
    }
    heap[i] = sleeper;
  }

  private pop(): Sleeper | undefined {
    const heap = this.heap;
    const top = heap[0];
    const last = heap.pop();
    if (top === undefined || last === undefined || heap.length === 0) return top;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= heap.length) break;
      const right = left + 1;
      const l = heap[left] as Sleeper;
      const r = heap[right];
      const child = r !== undefined && this.before(r, l) ? right : left;
      const c = heap[child] as Sleeper;
      if (!this.before(c, last)) break;
      heap[i] = c;
      i = child;
    }
    heap[i] = last;
    return top;
  }
}
