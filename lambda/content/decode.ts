import chardet from 'chardet';
import iconv from 'iconv-lite';
import { ContentError } from '../briefing/content-error.ts';

/** The command that converts content files to UTF-8, named by every encoding error. */
export const FIX_ENCODING = 'npx braid check --fix-encoding';

const UTF8_BOM = [0xef, 0xbb, 0xbf];

/** Bytes a code point's first byte announces after itself (0: not a valid first byte). */
function continuationCount(lead: number): number {
  if (lead >= 0xc2 && lead <= 0xdf) return 1;
  if (lead >= 0xe0 && lead <= 0xef) return 2;
  if (lead >= 0xf0 && lead <= 0xf4) return 3;
  return 0;
}

/** The range the second byte must fall in (it rules out overlongs, surrogates, > U+10FFFF). */
function secondByteRange(lead: number): [number, number] {
  if (lead === 0xe0) return [0xa0, 0xbf];
  if (lead === 0xed) return [0x80, 0x9f];
  if (lead === 0xf0) return [0x90, 0xbf];
  if (lead === 0xf4) return [0x80, 0x8f];
  return [0x80, 0xbf];
}

/** The length of the valid UTF-8 sequence at `i`, or 0 when the bytes there are not UTF-8. */
function sequenceLength(bytes: Uint8Array, i: number): number {
  const lead = bytes[i] ?? 0;
  if (lead < 0x80) return 1;
  const count = continuationCount(lead);
  if (count === 0) return 0;
  const [low, high] = secondByteRange(lead);
  for (let k = 1; k <= count; k++) {
    const byte = bytes[i + k];
    const [min, max] = k === 1 ? [low, high] : [0x80, 0xbf];
    if (byte === undefined || byte < min || byte > max) return 0;
  }
  return count + 1;
}

/** The offset of the first byte that is not part of valid UTF-8, or -1 when all are. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  for (let i = 0; i < bytes.length; ) {
    const length = sequenceLength(bytes, i);
    if (length === 0) return i;
    i += length;
  }
  return -1;
}

/**
 * Whether the bytes hold a valid multi-byte UTF-8 sequence: a file that is UTF-8 in part (a
 * character pasted from another encoding), which no single encoding converts whole.
 */
export function hasUtf8Multibyte(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; ) {
    const length = sequenceLength(bytes, i);
    if (length > 1) return true;
    i += Math.max(1, length);
  }
  return false;
}

type UnicodeBom = 'UTF-32LE' | 'UTF-32BE' | 'UTF-16LE' | 'UTF-16BE';

/** The UTF-16 or UTF-32 encoding a byte order mark at byte 0 names (UTF-32LE's starts as UTF-16LE's). */
function unicodeBom(bytes: Uint8Array): UnicodeBom | undefined {
  const [a, b, c, d] = bytes;
  if (a === 0xff && b === 0xfe) return c === 0 && d === 0 ? 'UTF-32LE' : 'UTF-16LE';
  if (a === 0xfe && b === 0xff) return 'UTF-16BE';
  if (a === 0 && b === 0 && c === 0xfe && d === 0xff) return 'UTF-32BE';
  return undefined;
}

/** The encoding the bytes most likely are (chardet), when it is not UTF-8. */
export function likelyEncoding(bytes: Uint8Array): string | undefined {
  const bom = unicodeBom(bytes);
  if (bom !== undefined) return bom;
  const detected = chardet.detect(bytes);
  return detected === null || detected === 'UTF-8' || detected === 'ASCII' ? undefined : detected;
}

function encodingError(file: string, what: string, bytes: Uint8Array): ContentError {
  const converted = convertToUtf8(bytes);
  const fix = isMixed(bytes)
    ? 'the rest of the file is UTF-8, so one character was pasted from another encoding: retype it and save the file as UTF-8'
    : converted === undefined
      ? `its encoding cannot be told${bytes.includes(0) ? ' (a NUL is never in text)' : ''}: save the article as UTF-8 text again`
      : `it is most likely ${converted.from}. Convert it: ${FIX_ENCODING}`;
  return new ContentError(
    file,
    '(encoding)',
    `${file}: not UTF-8: ${what}; expected UTF-8 text; ${fix}`,
  );
}

/**
 * A content file's text, from its bytes: UTF-8 (a byte order mark is dropped), or a
 * ContentError naming the file, the offset of the first bad byte, the encoding it most
 * likely is, and the command that converts it. Never a silent `caf�`.
 */
export function decodeUtf8(bytes: Uint8Array, file: string): string {
  const bom = unicodeBom(bytes);
  if (bom !== undefined) {
    throw encodingError(file, `a ${bom.slice(0, 6)} byte order mark at byte 0`, bytes);
  }
  const nul = bytes.indexOf(0);
  if (nul >= 0) throw encodingError(file, `a NUL byte at byte ${nul}`, bytes);
  const bad = firstInvalidUtf8(bytes);
  if (bad >= 0) {
    const hex = (bytes[bad] ?? 0).toString(16).toUpperCase().padStart(2, '0');
    throw encodingError(file, `byte ${bad} (0x${hex}) is not valid UTF-8`, bytes);
  }
  const start = UTF8_BOM.every((b, i) => bytes[i] === b) ? 3 : 0;
  return new TextDecoder('utf-8').decode(bytes.subarray(start));
}

/** UTF-8 in part, and not a UTF-16 or UTF-32 file (whose bytes may look like UTF-8 by chance). */
export function isMixed(bytes: Uint8Array): boolean {
  return unicodeBom(bytes) === undefined && hasUtf8Multibyte(bytes);
}

/** A file's bytes as UTF-8, converted from the encoding they most likely are; undefined if unknown. */
export function convertToUtf8(bytes: Uint8Array): { text: string; from: string } | undefined {
  // Converting mixed bytes whole would turn every é already in UTF-8 into "Ã©".
  if (isMixed(bytes)) return undefined;
  const from = likelyEncoding(bytes);
  if (from === undefined || !iconv.encodingExists(from)) return undefined;
  const text = iconv.decode(Buffer.from(bytes), from, { stripBOM: true });
  // Text with a NUL or a replacement character in it was not text in that encoding either.
  return text.includes('\u0000') || text.includes('\uFFFD') ? undefined : { text, from };
}
