import { isRoleWord, nameLexicon, SPEECH_VERB } from './name-lexicon.ts';
import { NUMBER_WORDS } from './number-words.ts';
import { relativeYears } from './resolve-date.ts';
import { quoteWords, sameQuotation } from './select-quotes.ts';
import { tokenize } from './tokenize.ts';

/** What a wording asserts, as support checking compares it. */
export interface Claim {
  /** Content terms (stemmed, stopwords out, variants joined). */
  terms: ReadonlySet<string>;
  /** Numbers as values ("40,000" → "40000", "eight" → "8"), and years "ten years ago" points at. */
  values: ReadonlySet<string>;
  /** Canonical names of the people it names. */
  people: ReadonlySet<string>;
  /** People it attributes speech to ("Peskov said"): a claim is also who makes it. */
  speakers: ReadonlySet<string>;
  /** Terms of whoever it attributes speech to, people or not ("the foreign ministry said"). */
  attribution: ReadonlySet<string>;
  /** Its proper nouns, lower case ("barcelona", "facebook"): places and bodies it names. */
  names: ReadonlySet<string>;
  /** The words of each quotation of three or more words. */
  quotes: readonly (readonly string[])[];
  /** All its words, lower case: where another wording's quotation may be found. */
  words: readonly string[];
  /** The same words as a set, possessive 's dropped: where a proper noun is looked up. */
  wordSet: ReadonlySet<string>;
}

export interface SupportOptions {
  /** Share of the shown wording's content terms the witness must contain. */
  cover: number;
}

/**
 * Tuned on the judged pairs (bench/gold): below this the witness reports a topic the shown
 * wording shares, seldom its claim.
 */
export const defaultSupportOptions: SupportOptions = { cover: 0.85 };

// A number, not one inside a name ("COVID-19", "AR-15", "F-35"): those name a thing, not a value.
const NUMBER = /(?<!\p{L}-)(?<![\d.,])\d+(?:[.,]\d+)*/gu;
// Days and months are facts too: "died on Monday" says more than "died".
const TIME_WORD =
  /\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|today|tonight|yesterday|tomorrow|january|february|march|april|may|june|july|august|september|october|november|december|morning|evening|night|weekend)\b/giu;
// A capitalized word inside the sentence (not its first word): a proper noun.
const PROPER = /(?<=[\p{L}\p{N},;:)”"’]\s+)\p{Lu}[\p{L}\p{N}'’.-]*/gu;
// Nor one that makes a compound ("four-star general", "one-time adviser", "two-shot series").
const NUMBER_WORD = new RegExp(
  `\\b(?:${Object.keys(NUMBER_WORDS).join('|')})\\b(?!-\\p{L})`,
  'giu',
);
/** A quotation between double quotes of any kind; its words are the first group. */
export const QUOTATION = /["“”„«»]([^"“”„«»]*)["“”„«»]/gu;

/** A sentence that ends as a question (closing quotes or brackets after the mark allowed). */
export const asksQuestion = (text: string): boolean => /\?["'”’»)\]]*$/u.test(text.trim());
const QUOTE_MIN_WORDS = 3;

function valuesOf(text: string, published: Date | undefined): Set<string> {
  const values = new Set<string>();
  for (const m of text.matchAll(NUMBER)) values.add(m[0].replace(/,/gu, ''));
  for (const m of text.matchAll(NUMBER_WORD)) {
    const value = NUMBER_WORDS[m[0].toLowerCase()];
    if (value !== undefined) values.add(String(value));
  }
  if (published) for (const year of relativeYears(text, published)) values.add(String(year));
  for (const m of text.matchAll(TIME_WORD)) values.add(m[0].toLowerCase());
  return values;
}

const bareWord = (word: string) => word.replace(/['’]s$/u, '');

// "…, the foreign ministry said." / "The State Department said …": up to four words before a
// speech verb, or after one that ends the sentence. The verb is found first; the words around it
// are read with patterns anchored at the verb (scanning every word for four before it is slow).
const WORDS_BEFORE = /((?:[\p{L}’'-]+\s+){0,3}[\p{L}’'-]+)\s+$/u;
const WORDS_AFTER_TO_END = /^\s+((?:[\p{L}’'.-]+\s+){0,3}[\p{L}’'.-]+)[.!]?$/u;

/** The words naming who spoke around each speech verb of the narration. */
function speakerPhrases(narration: string): string[] {
  const phrases: string[] = [];
  for (const m of narration.matchAll(SPEECH_VERB)) {
    const before = WORDS_BEFORE.exec(narration.slice(Math.max(0, m.index - 80), m.index));
    const after = WORDS_AFTER_TO_END.exec(narration.slice(m.index + m[0].length));
    const phrase = before?.[1] ?? after?.[1];
    if (phrase) phrases.push(phrase);
  }
  return phrases;
}

/** Terms of who the narration says spoke (quotations left out). */
function attributionOf(text: string): Set<string> {
  const found = new Set<string>();
  for (const phrase of speakerPhrases(text.replace(QUOTATION, ' , '))) {
    // "President Biden said": the title is not who spoke.
    const words = phrase.split(/\s+/u).filter((w) => !nameLexicon.titles.has(w));
    for (const t of tokenize(words.join(' '))) found.add(t);
  }
  return found;
}

/** "eight" and "8" are one term. */
const asDigits = (term: string) => {
  const value = NUMBER_WORDS[term];
  return value === undefined ? term : String(value);
};

/** The proper nouns outside quotations, lower case, possessive dropped. */
function namesOf(text: string): Set<string> {
  const narration = text.replace(QUOTATION, ' ');
  return new Set(
    [...narration.matchAll(PROPER)]
      // Titles are capitalized before names ("President Biden") without being places or bodies.
      .filter((m) => !isRoleWord(m[0]))
      .flatMap((m) => quoteWords(m[0]).map(bareWord)),
  );
}

function quotesOf(text: string): string[][] {
  return [...text.matchAll(QUOTATION)]
    .map((m) => quoteWords(m[1] ?? ''))
    .filter((words) => words.length >= QUOTE_MIN_WORDS);
}

/** What claimOf needs besides the text: who it names and speaks, when its article appeared. */
export interface ClaimContext {
  /** tokenize(text), when the caller has it already. */
  terms?: readonly string[];
  people: Iterable<string>;
  speakers?: Iterable<string>;
  published: Date | undefined;
}

/** The claim of a wording. */
export function claimOf(text: string, context: ClaimContext): Claim {
  const words = quoteWords(text);
  return {
    terms: new Set((context.terms ?? tokenize(text)).map(asDigits)),
    values: valuesOf(text, context.published),
    people: new Set(context.people),
    speakers: new Set(context.speakers ?? []),
    attribution: attributionOf(text),
    names: namesOf(text),
    quotes: quotesOf(text),
    words,
    wordSet: new Set(words.map(bareWord)),
  };
}

function subset(small: ReadonlySet<string>, large: ReadonlySet<string>): boolean {
  for (const x of small) if (!large.has(x)) return false;
  return true;
}

/** The quotation's words, in order and close together, among `words` (quoted or told). */
function contains(words: readonly string[], quote: readonly string[]): boolean {
  return quote.length <= words.length && sameQuotation(quote, words);
}

/** How many content terms two claims have in common. */
export function sharedTerms(a: Claim, b: Claim): number {
  let shared = 0;
  for (const t of a.terms) if (b.terms.has(t)) shared++;
  return shared;
}

/** Share of `shown`'s terms that `witness` has. */
export function coverage(witness: Claim, shown: Claim): number {
  if (shown.terms.size === 0) return 1;
  return sharedTerms(shown, witness) / shown.terms.size;
}

/**
 * Whether an outlet whose sentence is `witness` reports what `shown` says: every number, day,
 * person, speaker, proper noun and quotation of the shown wording is in the witness, and most of
 * its content terms are. An
 * outlet is credited with a wording only when this holds; a quote, a number or a name only one
 * outlet gives stays that outlet's own.
 */
export function supports(
  witness: Claim,
  shown: Claim,
  options: SupportOptions = defaultSupportOptions,
): boolean {
  if (!subset(shown.values, witness.values) || !subset(shown.people, witness.people)) return false;
  if (!subset(shown.speakers, witness.speakers) || !subset(shown.names, witness.wordSet)) {
    return false;
  }
  if (!subset(shown.attribution, witness.terms)) {
    return false;
  }
  if (!shown.quotes.every((q) => contains(witness.words, q))) return false;
  return coverage(witness, shown) >= options.cover;
}
