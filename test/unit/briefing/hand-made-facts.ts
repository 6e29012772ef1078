import type { Fact, Unit } from '../../../lambda/briefing/build-facts.ts';
import { claimOf } from '../../../lambda/briefing/claim.ts';
import { countWords } from '../../../lambda/briefing/count-words.ts';
import type { SparseVector } from '../../../lambda/briefing/tfidf.ts';
import { tokenize } from '../../../lambda/briefing/tokenize.ts';

/** Units and facts made by hand, for tests that need exact control over rank, penalty or group. */

const published = new Date(2021, 2, 18);

/** A unit vector over the given terms, all weighted alike. */
export function vectorOf(terms: readonly string[]): SparseVector {
  const distinct = [...new Set(terms)];
  return new Map(distinct.map((t) => [t, 1 / Math.sqrt(distinct.length)]));
}

/**
 * One outlet sentence as build-facts.ts makes it: `article` is the outlet's index in the story,
 * `rank` the sentence's position among its article's sentences (0 = lead, paragraph rank + 1).
 */
export function handUnit(
  article: number,
  outlet: string,
  rank: number,
  text: string,
  extra: Partial<Unit> = {},
): Unit {
  const tokens = tokenize(text);
  return {
    article,
    outlet,
    ref: { source: outlet, paragraph: rank + 1, sentence: 1 },
    text,
    tokens,
    words: countWords(text),
    rank,
    penalty: 0,
    articlePenalty: 0,
    vector: vectorOf(tokens),
    bareQuote: false,
    question: text.endsWith('?'),
    truncated: false,
    claim: claimOf(text, { terms: tokens, people: [], published }),
    named: [],
    published,
    ...extra,
  };
}

let groups = 0;

/** A fact shown in its first unit's wording, in an alignment group of its own unless told. */
export function handFact(units: Unit[], extra: Partial<Fact> = {}): Fact {
  const first = units[0] as Unit;
  const outlets = [...new Set(units.map((u) => u.outlet))];
  return {
    units,
    wording: { text: first.text },
    claim: first.claim,
    sources: outlets,
    disagreements: [],
    also: [],
    reporters: outlets,
    group: groups++,
    vector: first.vector,
    score: 0,
    ...extra,
  };
}
