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
const QUALIFIED =
  /(?:more than|less than|fewer than|at least|at most|nearly|almost|about|around|roughly|approximately|over|under|some|up to|as many as|as much as|below|above|upwards of|close to)\s*\$?\s*$/iu;

export interface Conflict {
  /** What differs, for the editor: "1.2 trillion vs 1 trillion (bipartisan)" or "2021-03-17 vs 2021-03-18". */
  what: string;
}

const SCALE: Record<string, number> = { thousand: 1e3, million: 1e6, billion: 1e9, trillion: 1e12 };
// A count and the words after it: "1,800 domestic flights", "eight people", "$3.5 trillion".
const COUNT = new RegExp(
  `(?<![\\p{L}\\p{N}.,])(\\d+(?:[.,]\\d+)*|${Object.keys(NUMBER_WORDS).join('|')})(?:\\s*(%|percent|per cent)|\\s+(${Object.keys(SCALE).join('|')}))?((?:\\s+[\\p{L}-]+){0,2})`,
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

/** (counted thing → values) of a sentence: "killed eight people" → peopl: {8}, keyed by stem. */
function counts(text: string): Map<string, { word: string; values: Set<number> }> {
  const out = new Map<string, { word: string; values: Set<number> }>();
  for (const m of text.matchAll(COUNT)) {
    const raw = (m[1] ?? '').toLowerCase();
    if (YEAR.test(raw)) continue;
    if (QUALIFIED.test(text.slice(Math.max(0, m.index - 24), m.index))) continue;
    let value = NUMBER_WORDS[raw] ?? Number(raw.replace(/,/gu, ''));
    if (!Number.isFinite(value)) continue;
    if (m[3]) value *= SCALE[m[3].toLowerCase()] ?? 1;
    // Shares are left out: "6%" and "5.9%" are seldom shares of the same thing.
    if (m[2]) continue;
    // The counted thing: the words right after the number, up to the first function word
    // ("1,800 domestic flights" → domestic, flight; "300,000 for the first time" → nothing).
    const run: string[] = [];
    for (const w of (m[4] ?? '').trim().toLowerCase().split(/\s+/u)) {
      if (!w || NOT_A_NOUN.has(w)) break;
      run.push(w);
    }
    for (const word of run) {
      const entry = out.get(stem(word)) ?? { word, values: new Set<number>() };
      entry.values.add(value);
      out.set(stem(word), entry);
    }
  }
  return out;
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
  const ca = counts(a.text);
  const cb = counts(b.text);
  for (const [noun, { word, values }] of ca) {
    const other = cb.get(noun)?.values;
    // One value each: "two months" here and "three months" there may be different spans.
    if (!other || values.size !== 1 || other.size !== 1) continue;
    const [x] = values;
    const [y] = other;
    if (x === undefined || y === undefined || x === y) continue;
    return { what: `${readable(x)} vs ${readable(y)} (${word})` };
  }
  // Two days are only a conflict when the sentences tell one event in near the same words:
  // otherwise each outlet may date a different step ("released on Tuesday", "Wednesday's
  // interview").
  if (similarity < SAME_EVENT) return undefined;
  const da = onlyDate(a);
  const db = onlyDate(b);
  if (da && db && da !== db) return { what: `${da} vs ${db}` };
  return undefined;
}
