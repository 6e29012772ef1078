export interface RateLimitOptions {
  /** Requests allowed per key in one window. */
  limit: number;
  windowMs: number;
  /**
   * Keys tracked at most. When full, windows that have ended are dropped first, then the
   * oldest windows: memory stays bounded whatever the number of clients.
   */
  maxKeys: number;
}

export type RateLimitDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

export interface RateLimiter {
  /** Counts one request of `key` at `nowMs` and says whether it may go ahead. */
  take(key: string, nowMs: number): RateLimitDecision;
  /** Keys currently tracked (for tests and metrics). */
  size(): number;
}

/** 10 signups a minute per client, up to 10,000 clients tracked per instance. */
export const DEFAULT_SIGNUP_RATE_LIMIT: RateLimitOptions = {
  limit: 10,
  windowMs: 60_000,
  maxKeys: 10_000,
};

/**
 * A fixed-window counter per key, in memory. A window starts at a key's first request and
 * lasts `windowMs`; the Map is kept in window-start order (a new window re-inserts its key),
 * so the oldest windows are always at the front and eviction is cheap.
 *
 * It is per process: on Lambda each warm instance counts on its own, so a client spread over
 * several instances gets `limit` per instance. The API stage's throttling (set in the stack)
 * is the limit across instances; this one stops one client from hammering one instance.
 */
export function createRateLimiter(options: RateLimitOptions): RateLimiter {
  if (!(options.limit >= 1 && options.windowMs > 0 && options.maxKeys >= 1)) {
    throw new RangeError('Expected limit ≥ 1, windowMs > 0 and maxKeys ≥ 1');
  }
  const windows = new Map<string, { start: number; count: number }>();
  const evict = (nowMs: number) => {
    for (const [key, window] of windows) {
      if (windows.size < options.maxKeys) return;
      if (nowMs - window.start >= options.windowMs) windows.delete(key);
      else break;
    }
    // Still full: every tracked window is live. Forget the oldest ones.
    for (const key of windows.keys()) {
      if (windows.size < options.maxKeys) return;
      windows.delete(key);
    }
  };
  return {
    take(key, nowMs) {
      const current = windows.get(key);
      if (current !== undefined && nowMs - current.start < options.windowMs) {
        if (current.count >= options.limit) {
          const waitMs = current.start + options.windowMs - nowMs;
          return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) };
        }
        current.count += 1;
        return { allowed: true };
      }
      windows.delete(key);
      evict(nowMs);
      windows.set(key, { start: nowMs, count: 1 });
      return { allowed: true };
    },
    size: () => windows.size,
  };
}
