import { describe, expect, it } from 'vitest';
import {
  InvalidEmailError,
  normalizeEmail,
  subscriberIdFor,
} from '../../../lambda/subscribers/subscriber-id.ts';
import { InvalidTokenError, signToken, verifyToken } from '../../../lambda/subscribers/tokens.ts';

const secret = 's'.repeat(40);
const now = new Date('2026-01-01T00:00:00Z');
const inAnHour = Math.floor(now.getTime() / 1000) + 3600;

describe('tokens', () => {
  it('round-trips the claims', () => {
    const token = signToken(secret, {
      subscriberId: 'sub_1',
      purpose: 'confirm',
      expires: inAnHour,
    });
    expect(verifyToken(secret, token, 'confirm', now)).toEqual({
      subscriberId: 'sub_1',
      purpose: 'confirm',
      expires: inAnHour,
    });
  });

  it('keeps unsubscribe tokens (expires 0) working for ever', () => {
    const token = signToken(secret, { subscriberId: 'sub_1', purpose: 'unsubscribe', expires: 0 });
    expect(verifyToken(secret, token, 'unsubscribe', new Date('2099-01-01')).subscriberId).toBe(
      'sub_1',
    );
  });

  const good = signToken(secret, { subscriberId: 'sub_1', purpose: 'confirm', expires: inAnHour });
  it.each([
    ['another secret', () => verifyToken('t'.repeat(40), good, 'confirm', now), /bad signature/],
    [
      'another purpose',
      () => verifyToken(secret, good, 'unsubscribe', now),
      /bad signature|not a unsubscribe/,
    ],
    [
      'a changed subscriber',
      () => verifyToken(secret, good.replace('sub_1', 'sub_2'), 'confirm', now),
      /bad signature/,
    ],
    [
      'after expiry',
      () => verifyToken(secret, good, 'confirm', new Date((inAnHour + 1) * 1000)),
      /expired/,
    ],
    ['garbage', () => verifyToken(secret, 'abc', 'confirm', now), /malformed/],
  ])('rejects %s', (_case, run, message) => {
    expect(run).toThrow(InvalidTokenError);
    expect(run).toThrow(message);
  });
});

describe('subscriber ids', () => {
  it('are one per address, whatever the case and spacing', () => {
    expect(subscriberIdFor(' Ada@Example.com ')).toBe(subscriberIdFor('ada@example.com'));
    expect(subscriberIdFor('ada@example.com')).not.toBe(subscriberIdFor('grace@example.com'));
    expect(subscriberIdFor('ada@example.com')).toMatch(/^sub_[0-9a-f]{24}$/);
  });

  it.each(['not-an-address', 'a@b', 'ada@example.com\r\nBcc: x@example.com', ''])(
    'rejects %j',
    (value) => {
      expect(() => normalizeEmail(value)).toThrow(InvalidEmailError);
    },
  );
});
