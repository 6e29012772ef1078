/** A word of a paragraph with its character range; a trailing possessive is cut off the text. */
export interface WordSpan {
  text: string;
  start: number;
  end: number;
  possessive: boolean;
}

const WORD = /[\p{L}\p{M}]+(?:[-'’][\p{L}\p{M}]+)*(?:['’](?=\s|$|[^\p{L}]))?/gu;

/**
 * The words of a paragraph with their offsets, for finding names in place. Unlike the TF-IDF
 * `tokenize`, nothing is lower-cased or stemmed: capitals are the evidence here.
 */
export function wordSpans(text: string): WordSpan[] {
  const spans: WordSpan[] = [];
  for (const m of text.matchAll(WORD)) {
    let word = m[0];
    let possessive = false;
    if (/['’]s$/u.test(word)) {
      word = word.slice(0, -2);
      possessive = true;
    } else if (/['’]$/u.test(word)) {
      word = word.slice(0, -1);
      possessive = true; // "Bidens’"
    }
    if (word) spans.push({ text: word, start: m.index, end: m.index + m[0].length, possessive });
  }
  return spans;
}

/** Only whitespace (or the dot of an initial, "John F. Kennedy") between two words. */
export function adjacent(text: string, left: WordSpan, right: WordSpan): boolean {
  if (left.possessive) return false;
  const gap = text.slice(left.end, right.start);
  if (/^\s+$/u.test(gap)) return true;
  return isInitial(left.text) && /^\.\s+$/u.test(gap);
}

export const isInitial = (word: string): boolean => /^\p{Lu}$/u.test(word);
export const isCapitalized = (word: string): boolean => /^\p{Lu}.*\p{Ll}/u.test(word);
