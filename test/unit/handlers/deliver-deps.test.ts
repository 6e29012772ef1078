import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../lambda/config.ts';
import { instanceRate, quotaExhausted } from '../../../lambda/handlers/deliver-deps.ts';

const quota = (maxSendRate: number, max24HourSend: number, sentLast24Hours: number) => ({
  maxSendRate,
  max24HourSend,
  sentLast24Hours,
});

describe('quotaExhausted', () => {
  it.each([
    ['no quota known (local SES)', undefined, undefined],
    ['room left', quota(14, 50_000, 49_999), undefined],
    ['an unlimited quota (-1)', quota(14, -1, 12_345), undefined],
    ['the quota used up', quota(14, 50_000, 50_000), 'daily quota reached (50000 of 50000)'],
  ])('%s', (_case, limits, expected) => {
    expect(quotaExhausted(limits)).toBe(expected);
  });
});

describe('instanceRate', () => {
  it.each([
    ['the configured rate when SES allows more', { BRAID_SEND_RATE: '10' }, quota(14, -1, 0), 10],
    ['SES MaxSendRate when it is lower', { BRAID_SEND_RATE: '100' }, quota(14, -1, 0), 14],
    [
      'a share per instance',
      { BRAID_SEND_RATE: '100', BRAID_DELIVER_CONCURRENCY: '4' },
      quota(1000, -1, 0),
      25,
    ],
    ['the configured rate with no quota known', { BRAID_SEND_RATE: '7' }, undefined, 7],
  ])('is %s', (_case, env, limits, expected) => {
    expect(instanceRate(loadConfig(env), limits)).toBe(expected);
  });
});
