import { nameLexicon as lex } from '../name-lexicon.ts';
import type { NameRun } from './name-runs.ts';

const MONTHS_AND_DAYS =
  /^(?:January|February|March|April|May|June|July|August|September|October|November|December|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)$/u;
// A line with this share of capitalized words is a headline or subhead, in title case.
const HEADLINE_CAPITALS = 0.7;

/** The name-shaped test: two to four words, none an organization, place or function word. */
export function isNameShaped(run: NameRun): boolean {
  const { names } = run;
  if (names.length < 2 || names.length > 4) return false;
  const words = names.map((t) => t.text);
  const firstWord = words[0] as string;
  if (lex.placeStarts.has(firstWord) || MONTHS_AND_DAYS.test(firstWord)) return false;
  const notName = (w: string) =>
    lex.orgHeads.has(w) || lex.demonyms.has(w) || (lex.nonNames.has(w) && !MONTHS_AND_DAYS.test(w));
  // "Susan A. Magill": a letter inside a run is a middle initial, not the article "A".
  const middleInitial = (i: number) =>
    i > 0 && i < words.length - 1 && /^\p{Lu}$/u.test(words[i] ?? '');
  // "Iran-backed", "WHO-convened": a hyphenated participle describes, it does not name.
  if (
    words.some((w, i) => notName(w) && !middleInitial(i)) ||
    words.some((w) => /-\p{Ll}*(?:ed|ing|made|based|led|run)$/u.test(w))
  )
    return false;
  // "California Gov" (before "Gavin Newsom"): a title after the first word is not a name part,
  // except titles that are also surnames.
  if (words.slice(1).some((w) => lex.titles.has(w) && !lex.surnameTitles.has(w))) return false;
  // Only the last word of a name can be possessive ("Vladimir Putin's").
  return names.slice(0, -1).every((t) => !t.possessive);
}

/** One capitalized word that may be a surname: not a title, place, organization or month. */
export function isLoneName(word: string): boolean {
  return !(
    isGivenName(word) ||
    lex.titles.has(word) ||
    lex.orgHeads.has(word) ||
    lex.demonyms.has(word) ||
    lex.nonNames.has(word) ||
    lex.placeStarts.has(word) ||
    MONTHS_AND_DAYS.test(word) ||
    // "Newsom", "McConnell", "DeSantis", "O'Rourke", "Ocasio-Cortez".
    !/^\p{Lu}\p{Ll}*(?:\p{Lu}\p{Ll}+)?(?:[-'’]\p{Lu}?\p{Ll}+)*$/u.test(word)
  );
}

/** Title-case lines ("Job Openings Hit Record High") capitalize common nouns: no evidence there. */
export function isHeadline(text: string): boolean {
  // Sentences end in punctuation; headlines and subheads do not.
  if (/[.!?:;,"”’)…]\s*$/u.test(text)) return false;
  const words = text.match(/\p{L}{4,}/gu) ?? [];
  if (words.length < 3) return false;
  const capitals = words.filter((w) => /^\p{Lu}/u.test(w)).length;
  return capitals / words.length >= HEADLINE_CAPITALS;
}

export const isGivenName = (word: string): boolean =>
  lex.givenNames.has(word) || lex.givenNames.has(word.split('-')[0] ?? '');

/** What all the mentions of one full name say about it. */
export interface NameEvidence {
  given: boolean;
  titled: boolean;
  spoke: boolean;
  /** Every mention reads as part of an organization ("the Joint Chiefs"). */
  alwaysOrg: boolean;
  /** Every word also occurs in lower case in the story: a phrase of common nouns. */
  commonWords: boolean;
}

export function gatherEvidence(
  runs: readonly NameRun[],
  vocabulary: ReadonlySet<string>,
): NameEvidence {
  const words = runs[0]?.names.map((w) => w.text) ?? [];
  return {
    given: isGivenName(words[0] ?? ''),
    titled: runs.some((r) => r.titled),
    spoke: runs.some((r) => r.spoke),
    alwaysOrg: runs.every((r) => r.orgContext),
    commonWords: words.every((w) => vocabulary.has(w.toLowerCase())),
  };
}

/**
 * A name-shaped phrase is a person only with evidence: a given name, a title or role, a speech
 * verb, or its surname used alone in the story (`surnameAlone`). Organization cues and common
 * nouns outweigh everything but a given name.
 */
export function isPerson(evidence: NameEvidence, surnameAlone: boolean): boolean {
  if (evidence.given) return true;
  if (evidence.commonWords) return false;
  if (evidence.alwaysOrg && !evidence.titled) return false;
  return evidence.titled || evidence.spoke || surnameAlone;
}
