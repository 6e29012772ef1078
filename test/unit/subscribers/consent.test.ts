import { createHash, createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CONSENT_VERSION, clientHash, consentText } from '../../../lambda/subscribers/consent.ts';
import { type Keyring, rotateKeyring } from '../../../lambda/subscribers/keyring.ts';
import { KEY_1, KEY_2, keyring } from './fixtures.ts';

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
  it('is the current key id and 32 hex digits of an HMAC under that key, never the address', () => {
    // Prepare
    const address = '203.0.113.7';
    const mac = createHmac('sha256', KEY_1).update(`braid-client:${address}`).digest('hex');
    // Act
    const hash = clientHash(keyring, address);
    // Assess
    expect(hash).toBe(`k1:${mac.slice(0, 32)}`);
    expect(hash).toMatch(/^k1:[0-9a-f]{32}$/);
    expect(hash).not.toContain(address);
  });

  it('cannot be recomputed without the key (not a plain or salted hash)', () => {
    // Prepare
    const address = '203.0.113.7';
    const plain = createHash('sha256').update(address).digest('hex').slice(0, 32);
    const salted = createHash('sha256')
      .update(`braid-client:${address}`)
      .digest('hex')
      .slice(0, 32);
    // Act
    const hash = clientHash(keyring, address) ?? '';
    // Assess
    expect(hash.slice(3)).not.toBe(plain);
    expect(hash.slice(3)).not.toBe(salted);
  });

  it('is stable for one address and key, and differs between addresses', () => {
    expect(clientHash(keyring, '2001:db8::1')).toBe(clientHash(keyring, '2001:db8::1'));
    expect(clientHash(keyring, '2001:db8::1')).not.toBe(clientHash(keyring, '2001:db8::2'));
  });

  it('follows a rotation: the new current key, named in the prefix', () => {
    // Prepare
    const rotated = rotateKeyring(keyring, KEY_2);
    const mac = createHmac('sha256', KEY_2).update('braid-client:203.0.113.7').digest('hex');
    // Act
    const hash = clientHash(rotated, '203.0.113.7');
    // Assess
    expect(hash).toBe(`k2:${mac.slice(0, 32)}`);
  });

  it.each([
    ['no address', undefined],
    ['an empty address', ''],
  ])('is undefined for %s', (_case, address) => {
    expect(clientHash(keyring, address)).toBeUndefined();
  });

  it('refuses a keyring whose current key is not listed', () => {
    // Prepare
    const broken: Keyring = { current: 'k9', keys: new Map([['k1', KEY_1]]) };
    // Act
    const act = () => clientHash(broken, '203.0.113.7');
    // Assess
    expect(act).toThrow(RangeError);
    expect(act).toThrow('The keyring has no key k9');
  });

  it('differs between two services whose current keys share an id but not a secret', () => {
    // Prepare
    const other: Keyring = { current: 'k1', keys: new Map([['k1', KEY_2]]) };
    // Act
    const mine = clientHash(keyring, '203.0.113.7');
    const theirs = clientHash(other, '203.0.113.7');
    // Assess
    expect(mine?.slice(0, 3)).toBe('k1:');
    expect(theirs?.slice(0, 3)).toBe('k1:');
    expect(theirs).not.toBe(mine);
  });

  it('keeps hashes made before a rotation apart from those made after it', () => {
    // Prepare
    const rotated = rotateKeyring(keyring, KEY_2);
    // Act
    const before = clientHash(keyring, '203.0.113.7');
    const after = clientHash(rotated, '203.0.113.7');
    // Assess
    expect(before).toMatch(/^k1:/u);
    expect(after).toMatch(/^k2:/u);
    expect(after?.slice(3)).not.toBe(before?.slice(3));
  });
});
