import { isGivenName, isLoneName } from './evidence.ts';
import { type SameOffice, surnameOf } from './merge-names.ts';
import type { NameRun } from './name-runs.ts';

/** What the office rules read of a possible name: where it is, its role, what is around it. */
export interface OfficeRun extends NameRun {
  article: number;
  /** The name as written, whitespace normalized. */
  surface: string;
  inHeadline: boolean;
  /** Its title opens the name of a work: "The Princess Bride". */
  titleOfWork: boolean;
  /** The name goes on in lower case: "Mustafa al-Kadhimi", "Bill de Blasio". */
  goesOnLower: boolean;
}

const SHARED_SURNAME = /^\s+and\s+(\p{Lu}\p{Ll}+)\s+(\p{Lu}\p{Ll}+(?:[-'’]\p{Lu}?\p{Ll}+)*)\b/u;

/** The surname a lone given name shares with the name after "and" ("Bill and Melinda Gates"). */
export function sharedSurname(run: NameRun, after: string): string | undefined {
  const only = run.names.length === 1 ? run.names[0] : undefined;
  if (!only || only.possessive || !isGivenName(only.text)) return undefined;
  const m = SHARED_SURNAME.exec(after);
  return m?.[1] && m[2] && isLoneName(m[1]) && isLoneName(m[2]) ? m[2] : undefined;
}

export const NAME_PARTICLE = /^\s+(?:al|el|de|da|di|du|del|der|dos|la|le|van|von|bin|ibn|ben)\b/u;

// Offices held by one person, said right before their surname ("Gov. Newsom"). Not "General"
// ("General Motors"), "National" or "Former", which also open the names of things.
const OFFICE =
  /^(?:President|Sen\.?|Senator|Rep\.?|Representative|Gov\.?|Governor|Mayor|Judge|Justice|Gen\.|Col\.|Lt\.|Capt\.|Sgt\.|Maj\.|Adm\.|Chancellor|King|Queen|Prince|Princess|Pope|Ambassador|Speaker|Leader|Chairman|Chairwoman|Secretary|Minister|Premier|Congressman|Congresswoman|Commissioner|Sheriff|Director|Coach)$/u;

// One office in its spellings: "Sen." is "Senator", "Gen." is "General".
const OFFICE_SPELLINGS: Readonly<Record<string, string>> = {
  Sen: 'Senator',
  Rep: 'Representative',
  Gov: 'Governor',
  Gen: 'General',
  Col: 'Colonel',
  Lt: 'Lieutenant',
  Capt: 'Captain',
  Sgt: 'Sergeant',
  Maj: 'Major',
  Adm: 'Admiral',
};

const FULL_SPELLINGS = new Set(Object.values(OFFICE_SPELLINGS));

/** The last word of a role, where its office is ("Central Command Gen." → "Gen."). */
const lastWord = (role: string | undefined): string => role?.split(/\s+/u).at(-1) ?? '';

/** The office a role ends in ("Central Command Gen." → "General"), if it is one. */
function officeOf(role: string | undefined): string | undefined {
  const word = lastWord(role);
  const bare = word.replace(/\.$/u, '');
  if (!OFFICE.test(word) && !FULL_SPELLINGS.has(bare)) return undefined;
  return OFFICE_SPELLINGS[bare] ?? bare;
}

/**
 * Two full names with one surname and office, each used by other outlets only ("Gen. Frank
 * McKenzie" in one article, "Gen. Kenneth F. McKenzie Jr" in another): one person, whom the
 * outlets call by different given names. Two such people in one article stay two.
 */
export function sameOfficeHolder(runs: readonly OfficeRun[]): SameOffice {
  const seen = new Map<string, { articles: Set<number>; offices: Set<string> }>();
  for (const run of runs) {
    const entry = seen.get(run.surface) ?? { articles: new Set(), offices: new Set() };
    seen.set(run.surface, entry);
    entry.articles.add(run.article);
    const office = officeOf(run.role);
    if (office) entry.offices.add(office);
  }
  return (a, b) => {
    const x = seen.get(a);
    const y = seen.get(b);
    if (!x || !y || surnameOf(a) !== surnameOf(b)) return false;
    if ([...x.articles].some((n) => y.articles.has(n))) return false;
    return [...x.offices].some((o) => y.offices.has(o));
  };
}

/**
 * Surnames the story names only with an office ("President Biden", "Gov. Newsom", never "Joe
 * Biden"): a person all the same, listed by the surname the articles give. A word the story
 * also writes in lower case, or one that names a place or an organization, is not one.
 */
export function titledSurnames(
  runs: readonly OfficeRun[],
  accepted: readonly string[],
  vocabulary: ReadonlySet<string>,
): string[] {
  const surnames = new Set(accepted.map((name) => name.split(' ').at(-1)));
  const found = new Set<string>();
  for (const run of runs) {
    const word = run.names[0]?.text;
    if (run.names.length !== 1 || !word || run.inHeadline || run.clipped) continue;
    if (run.titleOfWork || run.goesOnLower) continue;
    if (!OFFICE.test(lastWord(run.role))) continue;
    if (surnames.has(word) || vocabulary.has(word.toLowerCase()) || !isLoneName(word)) continue;
    found.add(word);
  }
  return [...found];
}
