import type { Claim } from '../../../lambda/briefing/claim.ts';

/** A claim with only the given content terms: for coverage arithmetic in tests. */
export function termsOnly(...terms: string[]): Claim {
  return {
    terms: new Set(terms),
    values: new Set(),
    people: new Set(),
    speakers: new Set(),
    attribution: new Set(),
    names: new Set(),
    quotes: [],
    words: [],
    wordSet: new Set(),
  };
}
