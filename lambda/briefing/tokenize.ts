import { stopwords } from './stopwords.ts';
import { phraseVariants, wordVariants } from './word-variants.ts';

const WORD = /[\p{L}\p{N}]+(?:['’][\p{L}]+)*/gu;

/** Undo a doubled final consonant left by suffix stripping ("stopped" → "stopp" → "stop"). */
function undouble(word: string): string {
  const last = word.at(-1) ?? '';
  if (word.length > 3 && last === word.at(-2) && !'lsz'.includes(last)) return word.slice(0, -1);
  return word;
}

/**
 * A light suffix stripper: plural -s/-es/-ies (and -is: "Nazis", "Israelis"; "axis" and "iris" are
 * whole), -ed, -ing and a final -e. It is deliberately weaker
 * than Porter (fewer false merges); the only goal is that "recalled"/"recall" and
 * "sanctions"/"sanction" meet in the TF-IDF space.
 */
export function stem(word: string): string {
  if (word.length <= 3 || /\d/.test(word)) return word;
  let w = word;
  if (w.endsWith('ies') && w.length > 4) w = `${w.slice(0, -3)}y`;
  else if (w.endsWith('sses')) w = w.slice(0, -2);
  else if (w.endsWith('s') && !/(?:ss|us)$/.test(w) && !/^.{1,2}is$/.test(w)) w = w.slice(0, -1);
  if (w.endsWith('ing') && w.length >= 7) w = undouble(w.slice(0, -3));
  else if (w.endsWith('ied') && w.length >= 5) w = `${w.slice(0, -3)}y`;
  else if (w.endsWith('ed') && w.length >= 6) w = undouble(w.slice(0, -2));
  if (w.endsWith('e') && w.length > 4) w = w.slice(0, -1);
  return w;
}

/**
 * Lower-cased, stemmed content words of a text, stopwords removed, possessive 's dropped, and
 * irregular or paraphrased forms joined (see word-variants.ts). British -ise/-our spellings are
 * folded into American ones so "authorised" meets "authorized".
 */
export function tokenize(text: string): string[] {
  let tokens = known.get(text);
  if (!tokens) {
    if (known.size >= KNOWN_MAX) known.clear();
    tokens = tokensOf(text);
    known.set(text, tokens);
  }
  return [...tokens];
}

// Within one briefing the same sentences are tokenized by alignment, attribution, trims and the
// summary: each text's tokens are kept until the next briefing starts (forgetTokens), and the
// cache is emptied if it ever grows past this.
const KNOWN_MAX = 20_000;
const known = new Map<string, readonly string[]>();

/** Empties the tokens kept so far: a briefing starts (braid.ts), so one never profits from another. */
export function forgetTokens(): void {
  known.clear();
}

function tokensOf(text: string): string[] {
  let lower = text.toLowerCase();
  for (const [pattern, replacement] of phraseVariants) lower = lower.replace(pattern, replacement);
  const tokens: string[] = [];
  for (const match of lower.matchAll(WORD)) {
    let word = match[0].replace(/['’]s$/u, '').replace(/['’]/gu, '');
    if (word.length < 2 && !/\d/.test(word)) continue;
    if (stopwords.has(word)) continue;
    word = wordVariants.get(word) ?? word;
    if (word.length >= 7) word = word.replace(/is(e|ed|es|ing|ation|ations)$/u, 'iz$1');
    if (word.length >= 6) word = word.replace(/our$/u, 'or');
    tokens.push(stem(wordVariants.get(word) ?? word));
  }
  return tokens;
}
