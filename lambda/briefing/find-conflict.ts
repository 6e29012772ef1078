import { NUMBER_WORDS } from './number-words.ts';
import { resolveDates } from './resolve-date.ts';
import { stem } from './tokenize.ts';

/** One outlet's sentence of an aligned fact, as conflict detection needs it. */
export interface ConflictInput {
  text: string;
  /** The day relative dates resolve against; undefined skips date comparison. */
  anchor: Date | undefined;
}

// Words before a number that make it a bound, not a value: "more than 1,000" and "at least
// 1,800" do not contradict each other.
const BOUND =
  /(?:more than|less than|fewer than|at least|at most|over|under|up to|as many as|as much as|below|above|upwards of)\s*[$€£~]?\s*$/iu;
// Words before a number that make it a change or a day, not a count: "an additional 4,901
// murders" is no total; "Jan. 6 attack" is a date.
const NOT_A_COUNT =
  /(?:\b(?:additional|another|extra|increase of|rise of|drop of|fall of)|\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?)\s*[$€£~]?\s*$/iu;
// Words that make it an estimate: "roughly 11.2 million" still contradicts "7.5 million", but
// "about 200" does not contradict "210".
const ESTIMATE =
  /(?:nearly|almost|about|around|roughly|approximately|some|close to|an estimated)\s*[$€£~]?\s*$/iu;
const ESTIMATE_TOLERANCE = 0.25;
// Counted things that are the same thing in news copy: "7.5 million people" / "11.2 million Americans".
const SAME_COUNTED: Readonly<Record<string, string>> = {
  person: 'peopl',
  american: 'peopl',
  resident: 'peopl',
  individual: 'peopl',
};

export interface Conflict {
  /** What differs, for the editor: "1.2 trillion vs 1 trillion (bipartisan)" or "2021-03-17 vs 2021-03-18". */
  what: string;
}

const SCALE: Record<string, number> = { thousand: 1e3, million: 1e6, billion: 1e9, trillion: 1e12 };
// A count and the words after it: "1,800 domestic flights", "eight people", "$3.5 trillion".
// "15-page report" counts pages as "20 pages" does.
const COUNT = new RegExp(
  `(?<![\\p{L}\\p{N}.,/-])(\\d+(?:[.,]\\d+)*(?!/)|${Object.keys(NUMBER_WORDS).join('|')})(?:\\s*(%|percent|per cent)|\\s+(${Object.keys(SCALE).join('|')}))?((?:(?:\\s+|-)[\\p{L}-]+){0,2})`,
  'giu',
);
const YEAR = /^(?:1[89]|20)\d\d$/u;
// Below this similarity two sentences share too little to contradict each other at all…
const SAME_FACT = 0.2;
// …and below this each outlet may be dating a different step of the story.
const SAME_EVENT = 0.5;
// Words after a number that say nothing about what is counted.
const NOT_A_NOUN = new Set(
  'a an the of and or to in on at by for from with as who which that than more about some nearly over under least most new other percent'.split(
    ' ',
  ),
);

function readable(value: number): string {
  for (const [word, scale] of Object.entries(SCALE).reverse()) {
    if (value >= scale) return `${Number((value / scale).toFixed(2))} ${word}`;
  }
  return String(value);
}

interface Counted {
  /** The counted thing's first word, stemmed ("pages" → "page"), as the key. */
  key: string;
  word: string;
  /** Keys of every word of the counted thing ("wealthy nations" → wealthy, nation). */
  run: Set<string>;
  value: number;
  /** An estimate ("roughly"): only a large gap is a disagreement. */
  estimate: boolean;
}

const countedKey = (word: string) => {
  const stemmed = stem(word);
  return SAME_COUNTED[stemmed] ?? stemmed;
};

/** The counted thing: the words right after the number, up to the first function word. */
function countedRun(after: string): string[] {
  const run: string[] = [];
  for (const w of after.replace(/^-/u, ' ').trim().toLowerCase().split(/\s+/u)) {
    if (!w || NOT_A_NOUN.has(w)) break;
    run.push(w);
  }
  return run;
}

/**
 * The counts of a sentence: "killed eight people" → 8 of peopl. "1,800 domestic flights" counts
 * domestic flights; "300,000 for the first time" counts nothing. Years, bounds and shares are
 * left out ("6%" and "5.9%" are seldom shares of the same thing).
 */
function counts(text: string): Counted[] {
  const out: Counted[] = [];
  for (const m of text.matchAll(COUNT)) {
    const raw = (m[1] ?? '').toLowerCase();
    const before = text.slice(Math.max(0, m.index - 24), m.index);
    if (YEAR.test(raw) || BOUND.test(before) || NOT_A_COUNT.test(before) || m[2]) continue;
    let value = NUMBER_WORDS[raw] ?? Number(raw.replace(/,/gu, ''));
    if (!Number.isFinite(value)) continue;
    if (m[3]) value *= SCALE[m[3].toLowerCase()] ?? 1;
    const run = countedRun(m[4] ?? '');
    const [word] = run;
    if (word === undefined) continue;
    const estimate = ESTIMATE.test(before);
    out.push({ key: countedKey(word), word, run: new Set(run.map(countedKey)), value, estimate });
  }
  return out;
}

/**
 * Two counts of one thing: the first word of one names what the other counts ("15-page report"
 * / "20 pages"; "$1 trillion bipartisan infrastructure bill" / "$1.2 trillion infrastructure
 * package"), but "Group of 7 wealthy nations" and "100 developing nations" count different ones.
 */
function sameThing(a: Counted, b: Counted): boolean {
  return a.key === b.key || a.run.has(b.key) || b.run.has(a.key);
}

// A sentence is compared with every other of its group: what it counts and dates is worked out
// once per input object (callers that compare one sentence often pass the same object).
const countCache = new WeakMap<ConflictInput, Counted[]>();
const dayCache = new WeakMap<ConflictInput, { day: string | undefined }>();

function countsOf(input: ConflictInput): Counted[] {
  let found = countCache.get(input);
  if (!found) {
    found = counts(input.text);
    countCache.set(input, found);
  }
  return found;
}

function dayOf(input: ConflictInput): string | undefined {
  let found = dayCache.get(input);
  if (!found) {
    found = { day: onlyDate(input) };
    dayCache.set(input, found);
  }
  return found.day;
}

/** The one day a sentence names, or undefined when it names none, several, or only periods. */
function onlyDate(input: ConflictInput): string | undefined {
  if (!input.anchor) return undefined;
  const days = resolveDates(input.text, input.anchor, { daysOnly: true });
  return days.length === 1 ? days[0] : undefined;
}

/**
 * Whether two outlets' sentences of one aligned fact disagree: a different exact count of the
 * same thing ("killed two civilians" / "killed eight civilians"; bounds such as "at least" are
 * never in conflict), or — for sentences that tell the same event — a different day when each
 * names exactly one. Conservative on purpose: a difference for the reader to weigh, never a
 * guess about which outlet is right.
 */
export function findConflict(
  a: ConflictInput,
  b: ConflictInput,
  /** Cosine similarity of the two sentences. */
  similarity: number,
): Conflict | undefined {
  if (similarity < SAME_FACT) return undefined;
  const found = countConflicts(countsOf(a), countsOf(b));
  // Two days are only a conflict when the sentences tell one event: in near the same words, or
  // already shown to be one fact by a count both give. Otherwise each outlet may date a
  // different step ("released on Tuesday", "Wednesday's interview").
  if (similarity >= SAME_EVENT || found.length > 0) {
    const da = dayOf(a);
    const db = dayOf(b);
    if (da && db && da !== db) found.push(`${da} vs ${db}`);
  }
  return found.length > 0 ? { what: found.join('; ') } : undefined;
}

/** Different exact counts of one thing, each as "x vs y (thing)". */
function countConflicts(ca: readonly Counted[], cb: readonly Counted[]): string[] {
  const found: string[] = [];
  for (const mine of ca) {
    // One count each: "two months" here and "three months" there may be different spans.
    const theirs = cb.filter((c) => sameThing(mine, c));
    const [other] = theirs;
    if (!other || theirs.length !== 1) continue;
    const [x, y] = [mine.value, other.value];
    if (x === y || found.some((f) => f.startsWith(`${readable(x)} vs ${readable(y)} `))) continue;
    const estimate = mine.estimate || other.estimate;
    if (estimate && Math.abs(x - y) <= ESTIMATE_TOLERANCE * Math.max(x, y)) continue;
    found.push(`${readable(x)} vs ${readable(y)} (${mine.word})`);
  }
  return found;
}
