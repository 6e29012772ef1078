import { describe, expect, it } from 'vitest';
import { ContentError } from '../../../lambda/briefing/content-error.ts';
import {
  convertToUtf8,
  decodeUtf8,
  FIX_ENCODING,
  firstInvalidUtf8,
  hasUtf8Multibyte,
  isMixed,
  likelyEncoding,
} from '../../../lambda/content/decode.ts';
import { errorOf } from './content-error-of.ts';

const FILE = 'content/paris/lemonde.md';
const bytes = (...parts: (string | number[])[]): Uint8Array =>
  Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p) : Buffer.from(p))));
const latin1 = (text: string): Uint8Array => Buffer.from(text, 'latin1');

const LATIN1_TEXT = 'Le café était très bon, dit René Müller, à Paris.\n';
// “hello” – in Windows-1252: curly quotes and an en dash live in 0x80–0x9F, which Latin-1 lacks.
const CP1252 = bytes(
  'He said ',
  [0x93],
  'hello',
  [0x94],
  ' and it was fine ',
  [0x96],
  ' really, the caf',
  [0xe9],
  ' was good, said the man from the shop on the corner.\n',
);

describe('FIX_ENCODING', () => {
  it('is the command that converts content files', () => {
    expect(FIX_ENCODING).toBe('npx braid check --fix-encoding');
  });
});

describe('firstInvalidUtf8', () => {
  it.each<[string, number[], number]>([
    ['empty', [], -1],
    ['ASCII', [0x61, 0x62, 0x7f], -1],
    ['2-byte é', [0x61, 0xc3, 0xa9], -1],
    ['lowest 2-byte lead C2', [0xc2, 0x80], -1],
    ['highest 2-byte lead DF', [0xdf, 0xbf], -1],
    ['3-byte € E2 82 AC', [0xe2, 0x82, 0xac, 0x61], -1],
    ['E0 A0 80 (U+0800, the lowest 3-byte)', [0xe0, 0xa0, 0x80], -1],
    ['E0 BF BF', [0xe0, 0xbf, 0xbf], -1],
    ['ED 9F BF (U+D7FF, below the surrogates)', [0xed, 0x9f, 0xbf], -1],
    ['ED 80 80', [0xed, 0x80, 0x80], -1],
    ['EF BF BF', [0xef, 0xbf, 0xbf], -1],
    ['EE 80 80 (other leads take 80..BF)', [0xee, 0x80, 0x80], -1],
    ['4-byte emoji F0 9F 98 80', [0xf0, 0x9f, 0x98, 0x80], -1],
    ['F0 90 80 80 (U+10000, the lowest 4-byte)', [0xf0, 0x90, 0x80, 0x80], -1],
    ['F0 BF BF BF', [0xf0, 0xbf, 0xbf, 0xbf], -1],
    ['F1 80 80 80', [0xf1, 0x80, 0x80, 0x80], -1],
    ['F4 80 80 80', [0xf4, 0x80, 0x80, 0x80], -1],
    ['F4 8F BF BF (U+10FFFF, the highest)', [0xf4, 0x8f, 0xbf, 0xbf], -1],
    ['a lone continuation byte', [0x61, 0x80], 1],
    ['continuation BF alone', [0x61, 0x62, 0xbf], 2],
    ['overlong C0 AF (a slash)', [0x61, 0xc0, 0xaf], 1],
    ['overlong C1 BF', [0xc1, 0xbf], 0],
    ['overlong E0 9F BF', [0x61, 0xe0, 0x9f, 0xbf], 1],
    ['overlong F0 8F BF BF', [0xf0, 0x8f, 0xbf, 0xbf], 0],
    ['a surrogate ED A0 80', [0x61, 0xed, 0xa0, 0x80], 1],
    ['beyond U+10FFFF: F4 90 80 80', [0xf4, 0x90, 0x80, 0x80], 0],
    ['continuation bytes are never a lead, however many follow', [0x80, 0x80, 0x80, 0x80], 0],
    ['C0 is never a lead, however many follow', [0xc0, 0x80, 0x80, 0x80], 0],
    ['F5 is never a lead', [0xf5, 0x80, 0x80, 0x80], 0],
    ['FF is never a lead', [0x61, 0xff], 1],
    ['a 2-byte sequence cut at the end', [0x61, 0x62, 0xc3], 2],
    ['a 3-byte sequence cut at the end', [0x61, 0xe2, 0x82], 1],
    ['a 4-byte sequence cut at the end', [0xf0, 0x9f, 0x98], 0],
    ['a second byte that is ASCII', [0xc3, 0x41], 0],
    ['a second byte above BF', [0xc3, 0xc0], 0],
    ['a third byte that is ASCII', [0xe2, 0x82, 0x41], 0],
    ['a third byte above BF', [0xe2, 0x82, 0xc0], 0],
    ['a fourth byte above BF', [0xf0, 0x9f, 0x98, 0xc0], 0],
    ['a fourth byte below 80', [0xf0, 0x9f, 0x98, 0x7f], 0],
    ['E0 with second byte C0', [0xe0, 0xc0, 0x80], 0],
    ['ED with second byte 7F', [0xed, 0x7f, 0x80], 0],
    ['F0 with second byte C0', [0xf0, 0xc0, 0x80, 0x80], 0],
    ['F4 with second byte 7F', [0xf4, 0x7f, 0x80, 0x80], 0],
    ['valid, then bad after a 4-byte sequence', [0xf0, 0x9f, 0x98, 0x80, 0xe9], 4],
    ['valid, then bad after a 3-byte sequence', [0xe2, 0x82, 0xac, 0xe9], 3],
    ['valid, then bad after a 2-byte sequence', [0xc3, 0xa9, 0xe9], 2],
  ])('%s', (_name, input, expected) => {
    expect(firstInvalidUtf8(Uint8Array.from(input))).toBe(expected);
  });
});

describe('decodeUtf8', () => {
  it('returns UTF-8 text unchanged', () => {
    expect(decodeUtf8(bytes('Le café — “ok” 😀\n'), FILE)).toBe('Le café — “ok” 😀\n');
  });

  it('returns an empty file as empty text', () => {
    expect(decodeUtf8(new Uint8Array(), FILE)).toBe('');
  });

  it('drops a UTF-8 byte order mark', () => {
    expect(decodeUtf8(bytes([0xef, 0xbb, 0xbf], 'hi'), FILE)).toBe('hi');
  });

  it('keeps bytes that only start like a byte order mark', () => {
    // U+FEFF in the middle is text; EF BB BE is not a BOM (it is U+FEFE).
    expect(decodeUtf8(bytes([0xef, 0xbb, 0xbe], 'hi'), FILE)).toBe('\ufefehi');
    expect(decodeUtf8(bytes([0xef, 0xba, 0xbf], 'hi'), FILE)).toBe('\ufebfhi');
    expect(decodeUtf8(bytes([0xee, 0xbb, 0xbf], 'hi'), FILE)).toBe('\ueeffhi');
    expect(decodeUtf8(bytes('a', [0xef, 0xbb, 0xbf], 'b'), FILE)).toBe('a\ufeffb');
  });

  it('Latin-1: names the file, the first bad byte and its offset, the encoding and the fix', () => {
    const input = latin1(LATIN1_TEXT);
    const error = errorOf(() => decodeUtf8(input, FILE));
    expect(error).toBeInstanceOf(ContentError);
    expect(error.file).toBe(FILE);
    expect(error.field).toBe('(encoding)');
    expect(error.message).toBe(
      `${FILE}: not UTF-8: byte 6 (0xE9) is not valid UTF-8; expected UTF-8 text; it is most likely ISO-8859-1. Convert it: npx braid check --fix-encoding`,
    );
  });

  it('Windows-1252: the offset of the curly quote and its upper-case hex', () => {
    expect(errorOf(() => decodeUtf8(CP1252, FILE)).message).toBe(
      `${FILE}: not UTF-8: byte 8 (0x93) is not valid UTF-8; expected UTF-8 text; it is most likely windows-1252. Convert it: ${FIX_ENCODING}`,
    );
  });

  it('a bad first byte is reported at byte 0', () => {
    const error = errorOf(() =>
      decodeUtf8(latin1('Émile Zola a dit que le café était bon.'), FILE),
    );
    expect(error.message).toMatch(/: not UTF-8: byte 0 \(0xC9\) is not valid UTF-8; /);
  });

  it('pads a small hex byte to two digits', () => {
    // 0x0B would be valid; a lone continuation byte is the smallest invalid one: 0x80.
    expect(errorOf(() => decodeUtf8(bytes('ab', [0x80]), FILE)).message).toContain(
      'byte 2 (0x80) is not valid UTF-8',
    );
  });

  it('a multi-byte sequence cut at the end of the file: the offset of its first byte', () => {
    const input = bytes('Le café est très bon, dit René. ', [0xe2, 0x80]);
    const error = errorOf(() => decodeUtf8(input, FILE));
    expect(error.message).toContain(
      `not UTF-8: byte ${input.length - 2} (0xE2) is not valid UTF-8`,
    );
  });

  it('an overlong encoding is not UTF-8', () => {
    const error = errorOf(() => decodeUtf8(bytes('A slash ', [0xc0, 0xaf], ' here.'), FILE));
    expect(error.message).toContain('not UTF-8: byte 8 (0xC0) is not valid UTF-8');
  });

  it('a UTF-8 file with one bad sequence: says the rest is UTF-8, offers no conversion', () => {
    const error = errorOf(() => decodeUtf8(bytes('Le café est très bon. ', [0xe2, 0x80]), FILE));
    expect(error.message).toMatch(
      /; expected UTF-8 text; the rest of the file is UTF-8, so one character was pasted from another encoding: retype it and save the file as UTF-8$/,
    );
    expect(error.message).not.toContain('NUL');
    expect(error.message).not.toContain(FIX_ENCODING);
  });

  it('a file chardet cannot place: says so, not a guess and not a NUL', () => {
    const error = errorOf(() => decodeUtf8(latin1('café\n'), FILE));
    expect(error.message).toMatch(
      /; expected UTF-8 text; its encoding cannot be told: save the article as UTF-8 text again$/,
    );
    expect(error.message).not.toContain('NUL');
    expect(error.message).not.toContain(FIX_ENCODING);
  });

  it('never converts a file that is UTF-8 in part: that would garble every character already right', () => {
    const mixed = bytes('Le café de Montréal a fermé ', [0x92], ' hier.\n');
    expect(isMixed(mixed)).toBe(true);
    expect(convertToUtf8(mixed)).toBeUndefined();
    expect(isMixed(latin1('Le café de Montréal a fermé hier.\n'))).toBe(false);
    expect(hasUtf8Multibyte(bytes('plain ASCII'))).toBe(false);
    expect(hasUtf8Multibyte(bytes('é'))).toBe(true);
    // A UTF-16 file may look like UTF-8 by chance; it is converted whole.
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Ãé', 'utf16le')]);
    expect(isMixed(utf16)).toBe(false);
  });

  it.each<[string, number[], string]>([
    ['UTF-16LE', [0xff, 0xfe], 'UTF-16LE'],
    ['UTF-16BE', [0xfe, 0xff], 'UTF-16BE'],
  ])('a %s byte order mark is named at byte 0', (_name, bom, encoding) => {
    const text = Buffer.from('Le café était très bon.\n', 'utf16le');
    const body = encoding === 'UTF-16BE' ? Buffer.from(text).swap16() : text;
    const error = errorOf(() => decodeUtf8(bytes(bom, [...body]), FILE));
    expect(error.field).toBe('(encoding)');
    expect(error.message).toBe(
      `${FILE}: not UTF-8: a UTF-16 byte order mark at byte 0; expected UTF-8 text; it is most likely ${encoding}. Convert it: ${FIX_ENCODING}`,
    );
  });

  it('a NUL byte: its offset, and no encoding guessed', () => {
    const error = errorOf(() => decodeUtf8(bytes('Hello', [0], ' world.\n'), FILE));
    expect(error.file).toBe(FILE);
    expect(error.field).toBe('(encoding)');
    expect(error.message).toBe(
      `${FILE}: not UTF-8: a NUL byte at byte 5; expected UTF-8 text; its encoding cannot be told (a NUL is never in text): save the article as UTF-8 text again`,
    );
  });

  it('a NUL at byte 0 is found too', () => {
    expect(errorOf(() => decodeUtf8(bytes([0], 'abc'), FILE)).message).toContain(
      'a NUL byte at byte 0;',
    );
  });

  it('the NUL is reported before a bad byte that comes first', () => {
    expect(errorOf(() => decodeUtf8(bytes([0xe9], 'ab', [0]), FILE)).message).toContain(
      'a NUL byte at byte 3;',
    );
  });
});

describe('likelyEncoding', () => {
  it('UTF-8 and ASCII are not another encoding', () => {
    expect(likelyEncoding(bytes('plain ascii text, nothing else'))).toBeUndefined();
    expect(likelyEncoding(bytes('Le café était très bon, dit René Müller.'))).toBeUndefined();
  });

  it('names a single-byte encoding', () => {
    expect(likelyEncoding(latin1(LATIN1_TEXT))).toBe('ISO-8859-1');
    expect(likelyEncoding(CP1252)).toBe('windows-1252');
  });

  it('a UTF-16 byte order mark decides, whatever follows', () => {
    expect(likelyEncoding(bytes([0xff, 0xfe], 'xyz'))).toBe('UTF-16LE');
    expect(likelyEncoding(bytes([0xfe, 0xff], 'xyz'))).toBe('UTF-16BE');
    // Half a byte order mark is no byte order mark: chardet guesses a single-byte encoding.
    expect(likelyEncoding(bytes([0xff, 0xff], 'plain ascii text'))).toMatch(/^ISO-8859-/);
    expect(likelyEncoding(bytes([0xfe, 0xfe], 'plain ascii text'))).toMatch(/^ISO-8859-/);
    expect(likelyEncoding(bytes([0xff], 'plain ascii text'))).toMatch(/^ISO-8859-/);
    expect(likelyEncoding(bytes([0xfe], 'plain ascii text'))).toMatch(/^ISO-8859-/);
  });
});

describe('convertToUtf8', () => {
  it('converts Latin-1 and says from what', () => {
    expect(convertToUtf8(latin1(LATIN1_TEXT))).toEqual({ text: LATIN1_TEXT, from: 'ISO-8859-1' });
  });

  it('converts Windows-1252, curly quotes and dashes included', () => {
    expect(convertToUtf8(CP1252)).toEqual({
      text: 'He said “hello” and it was fine – really, the café was good, said the man from the shop on the corner.\n',
      from: 'windows-1252',
    });
  });

  it('names a UTF-32 file by its byte order mark, not as UTF-16, and converts it', () => {
    const utf32le = (text: string) => {
      const out: number[] = [];
      for (const ch of text) {
        const cp = ch.codePointAt(0) ?? 0;
        out.push(cp & 0xff, (cp >> 8) & 0xff, (cp >> 16) & 0xff, 0);
      }
      return out;
    };
    const le = bytes([0xff, 0xfe, 0, 0], utf32le('Müller'));
    expect(likelyEncoding(le)).toBe('UTF-32LE');
    expect(convertToUtf8(le)).toEqual({ text: 'Müller', from: 'UTF-32LE' });
    expect(errorOf(() => decodeUtf8(le, FILE)).message).toBe(
      `${FILE}: not UTF-8: a UTF-32 byte order mark at byte 0; expected UTF-8 text; it is most likely UTF-32LE. Convert it: ${FIX_ENCODING}`,
    );
    const beBody = utf32le('Müller');
    for (let i = 0; i < beBody.length; i += 4)
      beBody.splice(i, 4, ...beBody.slice(i, i + 4).reverse());
    const be = bytes([0, 0, 0xfe, 0xff], beBody);
    expect(likelyEncoding(be)).toBe('UTF-32BE');
    expect(convertToUtf8(be)).toEqual({ text: 'Müller', from: 'UTF-32BE' });
    expect(errorOf(() => decodeUtf8(be, FILE)).message).toContain(
      'a UTF-32 byte order mark at byte 0',
    );
    // A UTF-16LE file whose first character is not U+0000 stays UTF-16LE.
    expect(likelyEncoding(bytes([0xff, 0xfe], [0x41, 0, 0, 0]))).toBe('UTF-16LE');
  });

  it('converts UTF-16 with its byte order mark dropped', () => {
    const le = bytes([0xff, 0xfe], [...Buffer.from('Müller', 'utf16le')]);
    expect(convertToUtf8(le)).toEqual({ text: 'Müller', from: 'UTF-16LE' });
    const be = bytes([0xfe, 0xff], [...Buffer.from('Müller', 'utf16le').swap16()]);
    expect(convertToUtf8(be)).toEqual({ text: 'Müller', from: 'UTF-16BE' });
  });

  it('nothing to convert from when the bytes are UTF-8 already', () => {
    expect(convertToUtf8(bytes('Le café était très bon, dit René Müller.'))).toBeUndefined();
  });

  it('nothing to convert from when iconv-lite lacks the encoding chardet names', () => {
    const jis = latin1('\x1b$B$3$s$K$A$O\x1b(B hello \x1b$B$3$s$K$A$O\x1b(B');
    expect(likelyEncoding(jis)).toBe('ISO-2022-JP');
    expect(convertToUtf8(jis)).toBeUndefined();
  });

  it('refuses a conversion that would put a NUL in the text', () => {
    // UTF-16LE by its BOM, but ASCII "A\0" pairs decode to U+0041 … and a NUL pair to U+0000.
    expect(convertToUtf8(bytes([0xff, 0xfe], [0x41, 0, 0, 0, 0x42, 0]))).toBeUndefined();
  });

  it('refuses a guess that turns the bytes into replacement characters', () => {
    // chardet calls a lone 0xE0 ("à" in Latin-1) UTF-32LE; decoding it so gives U+FFFD.
    expect(convertToUtf8(latin1('à'))).toBeUndefined();
    expect(convertToUtf8(bytes('a', [0x80]))).toBeUndefined();
  });
});
