/** One sentence of a paragraph: its verbatim (trimmed) text and where it sits in the paragraph. */
export interface SentenceSpan {
  text: string;
  start: number;
  end: number;
}

// Straight and typographic double quotes. Machine-translated text mixes up “ and ”, so quote
// state is tracked by parity (every double-quote mark toggles) rather than by direction.
const DOUBLE_QUOTE = /["“”„«»]/u;
const TERMINAL = /[.!?…]/u;
const SPACE = /\s/u;
const LOWER = /\p{Ll}/u;
const LETTER = /\p{L}/u;

// Titles before a name: a period after them never ends a sentence ("Mr. Putin", "Gen. Milley").
const TITLE_ABBREVIATIONS = new Set(
  'Mr Mrs Ms Mx Dr Prof St Mt Ft Gen Sen Sens Rep Reps Gov Lt Col Sgt Capt Cmdr Adm Maj Brig Rev Hon Pres Supt Det Insp Fr Sr Jr vs v Fig Vol Nos'.split(
    ' ',
  ),
);
// Abbreviations that may also end a sentence ("… Apple Inc. The company …").
const AMBIGUOUS_ABBREVIATIONS = new Set(
  'Inc Ltd Co Corp Bros Dept Univ Assn Ave Blvd Rd Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec etc al approx est'.split(
    ' ',
  ),
);
// After an acronym, initial or ambiguous abbreviation, only these words are taken to start a
// new sentence: "in the U.S. The president…" splits, "U.S. Senator…" and "John F. Kennedy" do not.
const SENTENCE_STARTERS = new Set(
  'The A An He She It They We I You His Her Its Their Our This That These Those There Then But And Or So Yet In On At As After Before When While If Although Though However Meanwhile Still Also Some Many Most No Not One Two Both Each Every Officials Police'.split(
    ' ',
  ),
);

/** The word (letters and inner dots) that ends right before position `end`. */
function wordBefore(text: string, end: number): string {
  let start = end;
  while (start > 0) {
    const ch = text[start - 1] ?? '';
    if (LETTER.test(ch) || ch === '.') start--;
    else break;
  }
  return text.slice(start, end);
}

function wordAt(text: string, start: number): string {
  let end = start;
  while (end < text.length && LETTER.test(text[end] ?? '')) end++;
  return text.slice(start, end);
}

/** Whether the period at `dot` belongs to an abbreviation and should not end the sentence. */
function isAbbreviation(text: string, dot: number, next: number): boolean {
  const word = wordBefore(text, dot);
  if (word === '') return false;
  const bare = word.replace(/^\.+/, '');
  const nextWord = wordAt(text, next);
  const startsNew = SENTENCE_STARTERS.has(nextWord);
  if (bare === 'No' || bare === 'Nos') return /\d/.test(text[next] ?? '');
  if (TITLE_ABBREVIATIONS.has(bare)) return true;
  // e.g. / i.e. / a.m. mid-sentence: lower-case dotted forms never end a sentence here.
  if (/^(?:\p{Ll}\.)+\p{Ll}$/u.test(bare)) return !startsNew;
  // Acronyms (U.S., D.C.) and single initials (F., J.K.).
  if (/^(?:\p{Lu}\.)*\p{Lu}$/u.test(bare)) return !startsNew;
  if (AMBIGUOUS_ABBREVIATIONS.has(bare)) return !startsNew;
  return false;
}

// A sentence still inside an open quotation that closes later in the same paragraph is not
// split, unless it has grown this long (then the quote marks are probably unbalanced).
const MAX_WORDS_INSIDE_QUOTE = 80;

// After a sentence-ending mark: closing brackets and single quotes stay with the sentence.
const CLOSER = /[)\]’']/u;
// The next text goes on with the sentence when it starts with one of these (or lower case).
const CONTINUATION = /[,;:)\]]/;

/** A place where one sentence ends (`end`) and the next starts (`next`). */
interface Boundary {
  end: number;
  next: number;
  /** Double-quote marks from the paragraph start up to `end`. */
  quotes: number;
}

/** The index of the paragraph's last double-quote mark, or -1. */
function lastQuoteIndex(text: string): number {
  for (let i = text.length - 1; i >= 0; i--) {
    if (DOUBLE_QUOTE.test(text[i] ?? '')) return i;
  }
  return -1;
}

/**
 * Where the sentence-ending mark at `i` ends, with the whole terminal cluster and the closing
 * quotes and brackets after it ("…end.”)", "?!"); `quotes` counts the double quotes before `i`.
 */
function closingCluster(text: string, i: number, quotes: number): { end: number; quotes: number } {
  let end = i + 1;
  while (end < text.length && TERMINAL.test(text[end] ?? '')) end++;
  let q = quotes;
  while (end < text.length) {
    const c = text[end] ?? '';
    if (DOUBLE_QUOTE.test(c) && q % 2 === 1) q++;
    else if (!CLOSER.test(c)) break;
    end++;
  }
  return { end, quotes: q };
}

function skipSpaces(text: string, at: number): number {
  let k = at;
  while (k < text.length && SPACE.test(text[k] ?? '')) k++;
  return k;
}

/**
 * The sentence boundary at the sentence-ending mark at `i`; undefined when the sentence goes on
 * ("3.5", "U.S.-led", "Mr. Smith", "… the past. troubled"), 'paragraph-end' when only closing
 * marks and spaces follow.
 */
function boundaryAt(
  text: string,
  i: number,
  quotes: number,
): Boundary | 'paragraph-end' | undefined {
  const close = closingCluster(text, i, quotes);
  if (close.end >= text.length) return 'paragraph-end';
  if (!SPACE.test(text[close.end] ?? '')) return undefined; // "3.5", "U.S.-led", "word.”of"
  const next = skipSpaces(text, close.end);
  if (next >= text.length) return 'paragraph-end';
  const first = text[next] ?? '';
  if (LOWER.test(first) || CONTINUATION.test(first)) return undefined;
  if (text[i] === '.' && isAbbreviation(text, i, next)) return undefined;
  return { end: close.end, next, quotes: close.quotes };
}

/** Adds text[start, end), without its surrounding spaces, unless nothing else is left. */
function addSentence(spans: SentenceSpan[], text: string, start: number, end: number): void {
  let s = start;
  let e = end;
  while (s < e && SPACE.test(text[s] ?? '')) s++;
  while (e > s && SPACE.test(text[e - 1] ?? '')) e--;
  if (e > s) spans.push({ text: text.slice(s, e), start: s, end: e });
}

/**
 * Splits one paragraph into sentences. Sentence ends are `.`, `!`, `?` or `…`, together with any
 * closing quotes and brackets that follow, when the next text starts a sentence (not lower case).
 * A multi-sentence quotation that is closed later in the paragraph stays in one sentence
 * ("\"It was late. We left,\" he said.") so attribution is never cut off from its quote.
 * Linear in the paragraph length: a 1 MB paragraph must not go quadratic.
 */
export function splitSentences(paragraph: string): SentenceSpan[] {
  const text = paragraph;
  const lastQuote = lastQuoteIndex(text);
  const spans: SentenceSpan[] = [];
  let start = 0;
  let quotes = 0;
  let words = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] ?? '';
    if (DOUBLE_QUOTE.test(ch)) quotes++;
    else if (SPACE.test(ch)) words++;
    else if (TERMINAL.test(ch)) {
      const boundary = boundaryAt(text, i, quotes);
      if (boundary === 'paragraph-end') break;
      if (!boundary) continue;
      const inQuotation = boundary.quotes % 2 === 1 && lastQuote >= boundary.next;
      if (inQuotation && words < MAX_WORDS_INSIDE_QUOTE) continue;
      addSentence(spans, text, start, boundary.end);
      start = boundary.next;
      quotes = boundary.quotes;
      words = 0;
      i = boundary.next - 1;
    }
  }
  addSentence(spans, text, start, text.length);
  return spans;
}
