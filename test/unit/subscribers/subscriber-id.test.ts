import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { isEmailAddress } from '../../../lambda/subscribers/email-address.ts';
import {
  InvalidEmailError,
  normalizeEmail,
  subscriberIdFor,
} from '../../../lambda/subscribers/subscriber-id.ts';
import { addressOfLength } from './fixtures.ts';

describe('isEmailAddress', () => {
  it.each([
    'a@example.com',
    'a@b.co',
    'first.last@example.com',
    "o'hara+news_1~x@sub.example.co.uk",
    "!#$%&'*+/=?^_`{|}~-@example.com",
    'a@123.example.com',
    'a@example.c0m',
    'a@example.com1',
    'a@example.1com',
    'first.o+hara@example.com',
    'a@a-b.example.com',
    `${'l'.repeat(64)}@example.com`,
    `a@${'d'.repeat(63)}.com`,
    'UPPER@EXAMPLE.COM',
  ])('accepts %s', (value) => {
    expect(isEmailAddress(value)).toBe(true);
  });

  it.each([
    ['no @ (a domain alone)', 'ada.example.com'],
    ['nothing before the @', '@example.com'],
    ['nothing after the @', 'ada@'],
    ['a single label', 'ada@localhost'],
    ['two @', 'ada@b@example.com'],
    ['a leading dot', '.ada@example.com'],
    ['a trailing dot in the local part', 'ada.@example.com'],
    ['two dots in a row', 'a..b@example.com'],
    ['a space', 'a b@example.com'],
    ['a quoted local part', '"ada"@example.com'],
    ['a label starting with a hyphen', 'ada@-example.com'],
    ['a label ending with a hyphen', 'ada@example-.com'],
    ['an empty label', 'ada@example..com'],
    ['a trailing dot in the domain', 'ada@example.com.'],
    ['an all-digit top-level label', 'ada@example.123'],
    ['an IP literal', 'ada@[192.0.2.1]'],
    ['a local part of 65 characters', `${'l'.repeat(65)}@example.com`],
    ['a label of 64 characters', `a@${'d'.repeat(64)}.com`],
    ['non-ASCII', 'josé@example.com'],
    ['a line break', 'ada@example.com\r\nBcc: x@example.com'],
    ['an empty string', ''],
  ])('refuses %s', (_case, value) => {
    expect(isEmailAddress(value)).toBe(false);
  });

  it('accepts 254 characters and refuses 255', () => {
    // Prepare
    const longest = addressOfLength(254);
    const tooLong = addressOfLength(255);
    // Assess
    expect(longest).toHaveLength(254);
    expect(tooLong).toHaveLength(255);
    expect(isEmailAddress(longest)).toBe(true);
    expect(isEmailAddress(tooLong)).toBe(false);
  });
});

describe('normalizeEmail', () => {
  it('trims and lowercases', () => {
    expect(normalizeEmail('  Ada.Lovelace@Example.COM \t')).toBe('ada.lovelace@example.com');
  });

  it.each([
    'not-an-address',
    'a@b',
    'ada@example.com\r\nBcc: x@example.com',
    '',
    'a@b-.com',
    `${'x'.repeat(65)}@example.com`,
    `a@${'x'.repeat(64)}.com`,
  ])('refuses %j with InvalidEmailError, as MIME building would', (value) => {
    // Act
    const act = () => normalizeEmail(value);
    // Assess
    expect(act).toThrow(InvalidEmailError);
    expect(act).toThrow(
      `Expected an email address like name@example.org, got ${JSON.stringify(value)}`,
    );
  });

  it('names its error', () => {
    expect(new InvalidEmailError('x').name).toBe('InvalidEmailError');
  });
});

describe('subscriberIdFor', () => {
  it('is sub_ and the first 24 hex digits of the SHA-256 of the normalized address', () => {
    // Prepare
    const digest = createHash('sha256').update('ada@example.com').digest('hex');
    // Act
    const id = subscriberIdFor(' Ada@Example.com ');
    // Assess
    expect(id).toBe(`sub_${digest.slice(0, 24)}`);
    expect(id).toMatch(/^sub_[0-9a-f]{24}$/);
  });

  it('is one per address, whatever the case and spacing, and differs between addresses', () => {
    expect(subscriberIdFor(' Ada@Example.com ')).toBe(subscriberIdFor('ada@example.com'));
    expect(subscriberIdFor('ada@example.com')).not.toBe(subscriberIdFor('grace@example.com'));
  });

  it('refuses what is not an address', () => {
    expect(() => subscriberIdFor('nobody')).toThrow(InvalidEmailError);
  });
});
