import { isRecipientField, SENTINEL_NOMINAL_WIDTH, SENTINEL_PATTERN } from './sentinels.ts';

export const TEXT_WIDTH = 76;

/** A list marker at the start of a line; continuation lines are indented to match it. */
const MARKER = /^(\s*(?:[-*•]\s+|\[\d+\]\s+|\d+\.\s+)?)(.*)$/u;

/** Display width in columns: code points, with sentinels counted at their nominal width. */
export function columns(word: string): number {
  let width = 0;
  let last = 0;
  for (const match of word.matchAll(SENTINEL_PATTERN)) {
    const field = match[1] ?? '';
    width += codePoints(word.slice(last, match.index));
    width += isRecipientField(field) ? SENTINEL_NOMINAL_WIDTH[field] : match[0].length;
    last = match.index + match[0].length;
  }
  return width + codePoints(word.slice(last));
}

function codePoints(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

/**
 * Tidies rendered plain text and wraps it at `width` columns: trailing spaces go, runs of
 * blank lines become one, list items (`- `, `1. `, `[1] `) get a hanging indent. A word
 * wider than a line (a URL) is never broken; it gets a line of its own.
 */
export function wrapText(text: string, width = TEXT_WIDTH): string {
  const lines = text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => line.replace(/[ \t]+$/u, ''));
  const out: string[] = [];
  for (const line of lines) {
    if (line === '' && (out.length === 0 || out[out.length - 1] === '')) continue;
    out.push(...wrapLine(line, width));
  }
  while (out.length > 0 && out[out.length - 1] === '') out.pop();
  return `${out.join('\n')}\n`;
}

function wrapLine(line: string, width: number): string[] {
  if (columns(line) <= width) return [line];
  const [, marker = '', rest = ''] = MARKER.exec(line) ?? [];
  const indent = ' '.repeat(codePoints(marker));
  const words = rest.split(/\s+/u).filter((w) => w !== '');
  const wrapped: string[] = [];
  let current = marker;
  let currentWidth = codePoints(marker);
  let empty = true;
  for (const word of words) {
    const w = columns(word);
    if (!empty && currentWidth + 1 + w > width) {
      wrapped.push(current);
      current = indent + word;
      currentWidth = indent.length + w;
    } else {
      current += empty ? word : ` ${word}`;
      currentWidth += empty ? w : 1 + w;
    }
    empty = false;
  }
  wrapped.push(current);
  return wrapped;
}
