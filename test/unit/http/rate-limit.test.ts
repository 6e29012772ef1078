import { describe, expect, it } from 'vitest';
import { createRateLimiter, DEFAULT_SIGNUP_RATE_LIMIT } from '../../../lambda/http/rate-limit.ts';

describe('createRateLimiter', () => {
  it('allows `limit` requests in a window, then refuses with the seconds left', () => {
    const limiter = createRateLimiter({ limit: 3, windowMs: 60_000, maxKeys: 10 });
    expect([0, 1, 2].map((i) => limiter.take('a', 1_000 + i).allowed)).toEqual([true, true, true]);
    expect(limiter.take('a', 11_000)).toEqual({ allowed: false, retryAfterSeconds: 50 });
    expect(limiter.take('a', 60_999)).toEqual({ allowed: false, retryAfterSeconds: 1 });
  });

  it('counts each key on its own: one client at its limit does not stop another', () => {
    const limiter = createRateLimiter({ limit: 2, windowMs: 60_000, maxKeys: 10 });
    limiter.take('a', 0);
    limiter.take('a', 0);
    expect(limiter.take('a', 0).allowed).toBe(false);
    expect(limiter.take('b', 0).allowed).toBe(true);
    expect(limiter.take('b', 0).allowed).toBe(true);
    expect(limiter.take('b', 0).allowed).toBe(false);
  });

  it('starts a new window once the old one ends', () => {
    const limiter = createRateLimiter({ limit: 1, windowMs: 1_000, maxKeys: 10 });
    expect(limiter.take('a', 0).allowed).toBe(true);
    expect(limiter.take('a', 999).allowed).toBe(false);
    expect(limiter.take('a', 1_000).allowed).toBe(true);
    expect(limiter.take('a', 1_500).allowed).toBe(false);
  });

  it('keeps at most maxKeys keys, however many clients come', () => {
    const limiter = createRateLimiter({ limit: 1, windowMs: 60_000, maxKeys: 100 });
    for (let i = 0; i < 10_000; i++) limiter.take(`client-${i}`, i);
    expect(limiter.size()).toBe(100);
    // The newest are the ones kept: the last client is still limited.
    expect(limiter.take('client-9999', 10_000).allowed).toBe(false);
  });

  it('drops ended windows before live ones when full', () => {
    const limiter = createRateLimiter({ limit: 1, windowMs: 1_000, maxKeys: 2 });
    limiter.take('old', 0);
    limiter.take('live', 900);
    limiter.take('new', 1_100); // "old" has ended and goes; "live" stays limited
    expect(limiter.size()).toBe(2);
    expect(limiter.take('live', 1_200).allowed).toBe(false);
  });

  it('refuses a configuration that would never allow anything', () => {
    expect(() => createRateLimiter({ limit: 0, windowMs: 1, maxKeys: 1 })).toThrow(RangeError);
    expect(() => createRateLimiter({ limit: 1, windowMs: 0, maxKeys: 1 })).toThrow(RangeError);
    expect(() => createRateLimiter({ limit: 1, windowMs: 1, maxKeys: 0 })).toThrow(RangeError);
  });

  it('defaults to 10 signups a minute per client', () => {
    expect(DEFAULT_SIGNUP_RATE_LIMIT).toMatchObject({ limit: 10, windowMs: 60_000 });
    const limiter = createRateLimiter(DEFAULT_SIGNUP_RATE_LIMIT);
    const answers = Array.from({ length: 12 }, () => limiter.take('a', 0).allowed);
    expect(answers.filter(Boolean)).toHaveLength(10);
    expect(answers.slice(10)).toEqual([false, false]);
  });
});
