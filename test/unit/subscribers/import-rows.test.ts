import { describe, expect, it } from 'vitest';
import {
  IMPORT_CONSENT,
  importColumns,
  importRows,
} from '../../../lambda/subscribers/import-rows.ts';
import { subscriberIdFor } from '../../../lambda/subscribers/subscriber-id.ts';

const AT = new Date('2026-12-01T10:00:00Z');

describe('importColumns', () => {
  it('finds email and name by header, in any case and order, with spaces around', () => {
    expect(importColumns(['Name', ' EMAIL '])).toEqual({ email: 1, name: 0 });
    expect(importColumns(['email'])).toEqual({ email: 0 });
    expect(importColumns(['e-mail', 'name'])).toBeUndefined();
  });
});

describe('importRows', () => {
  it('makes pending subscribers without consent by default', () => {
    const { subscribers, rejected } = importRows(
      [{ line: 2, email: ' Ada@Example.com ', name: ' Ada  Lovelace ' }],
      { confirmed: false, at: AT },
    );
    expect(rejected).toEqual([]);
    expect(subscribers).toEqual([
      {
        id: subscriberIdFor('ada@example.com'),
        email: 'ada@example.com',
        name: 'Ada Lovelace',
        status: 'pending',
        createdAt: AT.toISOString(),
        updatedAt: AT.toISOString(),
      },
    ]);
  });

  it('confirms with the editor’s attestation as the consent record when asked', () => {
    const { subscribers } = importRows([{ line: 2, email: 'ada@example.com' }], {
      confirmed: true,
      at: AT,
    });
    expect(subscribers[0]).toMatchObject({
      status: 'confirmed',
      confirmedAt: AT.toISOString(),
      consent: { ...IMPORT_CONSENT, at: AT.toISOString(), source: 'import' },
    });
    expect(subscribers[0]?.consent?.text).toMatch(/editor attests/);
    expect(subscribers[0]?.name).toBeUndefined();
  });

  it('rejects bad addresses, bad names and repeated addresses, each with its line', () => {
    const { subscribers, rejected } = importRows(
      [
        { line: 2, email: 'ada@example.com' },
        { line: 3, email: 'not-an-address' },
        { line: 4, email: 'grace@example.com', name: 'Grace\r\nBcc: x@example.net' },
        { line: 5, email: 'ADA@example.com', name: 'Ada again' },
        { line: 7, email: '' },
        { line: 8, email: 'long@example.com', name: 'x'.repeat(101) },
        { line: 9, email: 'grace@example.com' },
      ],
      { confirmed: false, at: AT },
    );
    expect(subscribers.map((s) => s.email)).toEqual(['ada@example.com', 'grace@example.com']);
    expect(rejected.map((r) => r.line)).toEqual([3, 4, 5, 7, 8]);
    expect(rejected[0]?.reason).toMatch(/Expected an email address .*"not-an-address"/);
    expect(rejected[1]?.reason).toMatch(/line break or control character/);
    expect(rejected[2]?.reason).toBe('ada@example.com is a duplicate of line 2');
    expect(rejected[4]?.reason).toMatch(/101 characters/);
  });

  it('takes a 10,000-row file in one pass', () => {
    const rows = Array.from({ length: 10_000 }, (_, i) => ({
      line: i + 2,
      email: `reader${i}@example.org`,
    }));
    const { subscribers, rejected } = importRows(rows, { confirmed: true, at: AT });
    expect(subscribers).toHaveLength(10_000);
    expect(rejected).toEqual([]);
    expect(new Set(subscribers.map((s) => s.id)).size).toBe(10_000);
  });
});
