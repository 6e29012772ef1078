import { describe, expect, it } from 'vitest';
import {
  needsSoftBreak,
  qpDecode,
  qpPiece,
  qpValue,
  SOFT_BREAK,
} from '../../../lambda/email/quoted-printable.ts';
import { prng } from './recipients.ts';

const ALPHABET = ['a', 'b', ' ', '\t', '=', '.', '-', '\n', 'é', '€', '中', '🎉', 'x', 'y', 'z'];

function randomText(random: () => number, length: number): string {
  let s = '';
  for (let i = 0; i < length; i++) s += ALPHABET[Math.floor(random() * ALPHABET.length)];
  return s;
}

/** Joins pieces the way compileMessages does: a soft break after each one that needs it. */
function join(pieces: string[]): string {
  return pieces
    .map((p, i) => (i < pieces.length - 1 && needsSoftBreak(p) ? p + SOFT_BREAK : p))
    .join('');
}

function expectValidLines(encoded: string): void {
  for (const line of encoded.split('\r\n')) {
    expect(line.length, line).toBeLessThanOrEqual(76);
    expect(line).toMatch(/^[\t -~]*$/);
    expect(line).not.toMatch(/[ \t]$/); // trailing whitespace would be lost in transport
    // Every "=" but a final soft break starts a whole =XX escape.
    expect(line.replace(/=$/, '')).not.toMatch(/=(?![0-9A-F]{2})/);
  }
}

describe('quoted-printable pieces', () => {
  it('decodes joined pieces to the joined text, whatever the pieces', () => {
    const random = prng(42);
    for (let round = 0; round < 300; round++) {
      const parts = Array.from({ length: 1 + Math.floor(random() * 6) }, () =>
        randomText(random, Math.floor(random() * 300)),
      );
      const encoded = join(
        parts.map((p, i) => (i % 2 ? qpValue(p.replace(/\n/g, '')) : qpPiece(p))),
      );
      const text = parts.map((p, i) => (i % 2 ? p.replace(/\n/g, '') : p)).join('');
      expectValidLines(encoded);
      expect(qpDecode(encoded).toString('utf8')).toBe(text.replace(/\n/g, '\r\n'));
    }
  });

  it('keeps every line within 76 characters, soft break included, and never cuts a character', () => {
    const long = `${'x'.repeat(74)}${'é'.repeat(50)}${'€'.repeat(30)}`;
    const encoded = qpPiece(long);
    expectValidLines(`${encoded}${SOFT_BREAK}`);
    for (const line of encoded.split(SOFT_BREAK)) {
      // Each line decodes to whole UTF-8 characters on its own.
      expect(qpDecode(line).toString('utf8')).not.toContain('\uFFFD');
    }
  });

  it('leaves short plain ASCII as it is and escapes "=" and edge whitespace', () => {
    expect(qpValue('https://example.org/a?b')).toBe('https://example.org/a?b');
    expect(qpValue('a=b')).toBe('a=3Db');
    expect(qpValue(' lead')).toBe(' lead'); // only whitespace that ends a line is escaped
    expect(qpValue('trail ')).toBe('trail=20');
    expect(qpValue('')).toBe('');
    expect(qpValue('x'.repeat(76))).toBe(`${'x'.repeat(75)}=\r\nx`);
  });

  it('needs a soft break only after a piece that does not end a line', () => {
    expect(needsSoftBreak(qpPiece('abc'))).toBe(true);
    expect(needsSoftBreak(qpPiece('abc\n'))).toBe(false);
    expect(needsSoftBreak('')).toBe(false);
  });
});
