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
