/** Exponential backoff with full jitter: 0 … min(cap, base × 2^attempt) ms. */
export function backoffMs(attempt: number, random: number, base = 200, cap = 5000): number {
  return Math.round(random * Math.min(cap, base * 2 ** attempt));
}
