import { describe, expect, it } from 'vitest';
import { backoffMs } from '../../../lambda/delivery/backoff.ts';

describe('backoffMs', () => {
  it('doubles the ceiling each attempt from 200 ms by default', () => {
    expect([0, 1, 2, 3, 4].map((attempt) => backoffMs(attempt, 1))).toEqual([
      200, 400, 800, 1600, 3200,
    ]);
  });

  it('never waits more than the cap: 5 s by default', () => {
    expect(backoffMs(5, 1)).toBe(5000);
    expect(backoffMs(30, 1)).toBe(5000);
  });

  it('takes a base and a cap', () => {
    expect(backoffMs(0, 1, 100, 5_000)).toBe(100);
    expect(backoffMs(3, 1, 100, 5_000)).toBe(800);
    expect(backoffMs(7, 1, 100, 5_000)).toBe(5_000);
    expect(backoffMs(3, 1, 100, 500)).toBe(500);
  });

  it('jitters fully: anywhere from 0 to the ceiling, in whole milliseconds', () => {
    expect(backoffMs(2, 0)).toBe(0);
    expect(backoffMs(2, 0.5)).toBe(400);
    expect(backoffMs(0, 0.3333)).toBe(67);
    expect(backoffMs(0, 0.0024)).toBe(0);
    expect(Number.isInteger(backoffMs(3, 0.123456))).toBe(true);
  });
});
