/** A quotation inside a paragraph: `open` is the index of its opening mark, `close` of its closing
 * mark (or the paragraph length when the quotation runs on into the next paragraph). */
export interface QuoteSpan {
  open: number;
  close: number;
  closed: boolean;
}

const DOUBLE_QUOTE = /["“”„«»]/gu;

/**
 * Double-quoted spans of a paragraph, paired by parity: machine-translated text often uses “ to
 * close a quotation, so direction cannot be trusted. Single quotes are left alone because ’ is
 * also the apostrophe; in English news they only nest inside double quotes.
 */
export function findQuoteSpans(paragraph: string): QuoteSpan[] {
  const marks = [...paragraph.matchAll(DOUBLE_QUOTE)].map((m) => m.index);
  const spans: QuoteSpan[] = [];
  for (let i = 0; i < marks.length; i += 2) {
    const open = marks[i];
    if (open === undefined) break;
    const close = marks[i + 1];
    spans.push(
      close === undefined
        ? { open, close: paragraph.length, closed: false }
        : { open, close, closed: true },
    );
  }
  return spans;
}

// How many paragraphs an unclosed quotation may run on into, unmarked, before its mark is taken
// for a stray one.
const MAX_RUN_ON = 4;
// An opening mark has the speaker's words after it: a last mark with fewer is a stray closer
// ("…under threat.” of collapse “.").
const WORDS_AFTER_OPENING = /^\s*[\p{L}\p{N}'’-]+\s+[\p{L}\p{N}]/u;

/** The paragraph leaves a quotation open at its end: an odd mark with words after it. */
function leavesOpen(text: string): boolean {
  const spans = findQuoteSpans(text);
  const last = spans.at(-1);
  return last !== undefined && !last.closed && WORDS_AFTER_OPENING.test(text.slice(last.open + 1));
}

/**
 * For each paragraph, whether it is inside a quotation an earlier paragraph left open. Copy that
 * puts each sentence on a line of its own drops the mark that would reopen the quotation
 * ("“This is an American tragedy." / "People are dying…"): the later lines are still the
 * speaker's words. Only a paragraph with no mark of its own is taken to run on; one with a mark
 * opens, closes or reopens a quotation itself.
 */
export function opensInsideQuote(paragraphs: readonly string[]): boolean[] {
  let runOn = 0;
  return paragraphs.map((text) => {
    const unmarked = !/["“”„«»]/u.test(text);
    const inside = runOn > 0 && unmarked;
    if (inside) runOn--;
    else runOn = leavesOpen(text) ? MAX_RUN_ON : 0;
    return inside;
  });
}

/**
 * Whether a sentence starting at `start` of a paragraph is the speaker's words: the paragraph runs
 * on inside a quotation (`runsOn`), or the sentence starts inside one of the paragraph's own
 * quotations, after its opening mark. `spans` are the paragraph's, when the caller has them.
 */
export function startsQuoted(
  paragraph: string,
  start: number,
  runsOn: boolean,
  spans: readonly QuoteSpan[] = findQuoteSpans(paragraph),
): boolean {
  if (runsOn) return true;
  return spans.some(
    (q) =>
      q.open < start &&
      start < q.close &&
      (q.closed || WORDS_AFTER_OPENING.test(paragraph.slice(q.open + 1))),
  );
}

/** A quotation that opens `text`: its words, and the text after its closing mark. */
export function openingQuotation(text: string): { quoted: string; after: string } | undefined {
  if (!/^["“”„«]/u.test(text)) return undefined;
  const close = text.slice(1).search(/["”“»]/u) + 1;
  if (close < 1) return undefined;
  return { quoted: text.slice(1, close), after: text.slice(close + 1) };
}
