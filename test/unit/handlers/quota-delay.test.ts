import { describe, expect, it } from 'vitest';
import { quotaDelaySeconds } from '../../../lambda/handlers/deliver-handler.ts';

const HOUR = 60 * 60;

describe('quotaDelaySeconds', () => {
  it.each([
    [1, 1],
    [2, 2],
    [3, 4],
    [4, 8],
    [5, 12],
    [6, 12],
    [100, 12],
  ])('waits the batch of receive %i for %i h', (receiveCount, hours) => {
    expect(quotaDelaySeconds(receiveCount)).toBe(hours * HOUR);
  });

  it('reads a missing or odd receive count as the first', () => {
    expect(quotaDelaySeconds(0)).toBe(HOUR);
    expect(quotaDelaySeconds(-3)).toBe(HOUR);
  });

  it('covers a whole rolling 24 h window over the five receives before the dead-letter queue', () => {
    const total = [1, 2, 3, 4, 5].reduce((sum, n) => sum + quotaDelaySeconds(n), 0);
    expect(total).toBe(27 * HOUR);
    expect(total).toBeGreaterThan(24 * HOUR);
  });

  it('stays within what SQS ChangeMessageVisibility accepts (12 h)', () => {
    for (let n = 0; n < 50; n += 1) expect(quotaDelaySeconds(n)).toBeLessThanOrEqual(43_200);
  });
});
