import { encode } from 'nodemailer/lib/qp/index.js';

/**
 * Quoted-printable in pieces that can be joined in any order: each piece starts on a
 * line of its own and, unless it is the last or ends with a line break, ends with a soft
 * line break (`=` CRLF). Lines stay within 76 characters, the soft break included
 * (RFC 2045 6.7), and no `=XX` escape or UTF-8 sequence is cut in two. Bytes are escaped
 * with nodemailer's encoder, so a joined body decodes to exactly the joined text.
 */

export const QP_LINE = 76;
export const SOFT_BREAK = '=\r\n';

/** Text with CRLF line ends, QP-encoded, wrapped; the caller appends SOFT_BREAK when needed. */
export function qpPiece(text: string): string {
  const crlf = text.includes('\n') ? text.replace(/\r?\n/gu, '\r\n') : text;
  return wrap(encode(crlf));
}

/** True when a piece (as encoded by qpPiece) needs SOFT_BREAK before the next piece. */
export function needsSoftBreak(encoded: string): boolean {
  return encoded !== '' && !encoded.endsWith('\r\n');
}

/** Plain printable ASCII without `=` and short enough: encodes to itself. */
const VERBATIM = /^[\x21-\x3c\x3e-\x7e](?:[\x20-\x3c\x3e-\x7e]{0,73}[\x21-\x3c\x3e-\x7e])?$/u;

/** qpPiece for a one-line value (no CR or LF), with a fast path for short plain ASCII. */
export function qpValue(value: string): string {
  return VERBATIM.test(value) ? value : wrap(encode(value));
}

/**
 * Breaks each hard line of QP text into lines of at most 75 characters plus `=`; the last
 * line of the text also stays within 75, so a soft break may follow it.
 */
function wrap(encoded: string): string {
  const max = QP_LINE - 1;
  if (encoded.length <= max && !encoded.includes('\r\n')) return encoded;
  let out = '';
  for (const [i, line] of encoded.split('\r\n').entries()) {
    if (i > 0) out += '\r\n';
    let rest = line;
    while (rest.length > max) {
      const cut = cutAt(rest, max);
      out += rest.slice(0, cut) + SOFT_BREAK;
      rest = rest.slice(cut);
    }
    out += rest;
  }
  return out;
}

/** Where to break a line of QP text at or before `max`: never inside `=XX` or a UTF-8 sequence. */
function cutAt(line: string, max: number): number {
  let cut = max;
  if (line[cut - 1] === '=') cut -= 1;
  else if (line[cut - 2] === '=') cut -= 2;
  // Step back over UTF-8 continuation bytes (=80..=BF) so a character stays on one line.
  for (let steps = 0; steps < 3 && cut >= 3 && line[cut] === '='; steps++) {
    const byte = Number.parseInt(line.slice(cut + 1, cut + 3), 16);
    if (byte < 0x80 || byte >= 0xc0) break;
    if (line[cut - 3] !== '=') break;
    cut -= 3;
  }
  return cut > 0 ? cut : max;
}

/** Decodes QP text (soft breaks dropped, `=XX` unescaped): the check that a splice is right. */
export function qpDecode(encoded: string): Buffer {
  const text = encoded.replace(/=\r\n/gu, '');
  const bytes = Buffer.allocUnsafe(text.length);
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x3d && /^[0-9A-F]{2}$/u.test(text.slice(i + 1, i + 3))) {
      bytes[n++] = Number.parseInt(text.slice(i + 1, i + 3), 16);
      i += 2;
    } else {
      bytes[n++] = c;
    }
  }
  return bytes.subarray(0, n);
}
