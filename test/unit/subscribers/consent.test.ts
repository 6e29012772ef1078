import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CONSENT_VERSION, clientHash, consentText } from '../../../lambda/subscribers/consent.ts';

describe('consentText', () => {
  it('names the briefing and says how to leave, word for word', () => {
    // Act
    const text = consentText('Morning Braid');
    // Assess
    expect(text).toBe(
      'Yes, email me the Morning Braid briefing. I can unsubscribe at any time with one click; my address is used for nothing else.',
    );
  });

  it('is versioned by a date', () => {
    expect(CONSENT_VERSION).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });
});

describe('clientHash', () => {
  it('is 32 hex digits of a salted SHA-256, never the address itself', () => {
    // Prepare
    const address = '203.0.113.7';
    const salted = createHash('sha256').update(`braid-client:${address}`).digest('hex');
    // Act
    const hash = clientHash(address);
    // Assess
    expect(hash).toBe(salted.slice(0, 32));
    expect(hash).toMatch(/^[0-9a-f]{32}$/);
    expect(hash).not.toContain(address);
    expect(hash).not.toBe(createHash('sha256').update(address).digest('hex').slice(0, 32));
  });

  it('is stable for one address and differs between addresses', () => {
    expect(clientHash('2001:db8::1')).toBe(clientHash('2001:db8::1'));
    expect(clientHash('2001:db8::1')).not.toBe(clientHash('2001:db8::2'));
  });

  it.each([
    ['no address', undefined],
    ['an empty address', ''],
  ])('is undefined for %s', (_case, address) => {
    expect(clientHash(address)).toBeUndefined();
  });
});
