import { editDistance } from '../edit-distance.ts';
import { nameLexicon as lex } from '../name-lexicon.ts';

// Work caps: names beyond these counts are rare and would only make merging quadratic.
const MAX_NAMES_MERGED = 300;
const MAX_FUZZY_LENGTH_GAP = 2;
const MIN_FUZZY_LENGTH = 8;
const MIN_SHORT_FORM = 3;

/** Full names joined to one canonical spelling, and surnames resolved to a full name. */
export interface NameIndex {
  /** Full name as written → canonical name. */
  canonicalOf: ReadonlyMap<string, string>;
  /** The person a lone word ("Putin", "Galleotti") means, if any. */
  resolveSurname(word: string): string | undefined;
}

const SUFFIX = /^(?:Jr|Sr|II|III|IV)\.?$/u;
// Common short forms whose spelling is not a prefix of the full given name.
const NICKNAMES: Readonly<Record<string, string>> = {
  Chuck: 'Charles',
  Bob: 'Robert',
  Bill: 'William',
  Dick: 'Richard',
  Jim: 'James',
  Mike: 'Michael',
  Tom: 'Thomas',
  Joe: 'Joseph',
  Ted: 'Edward',
  Liz: 'Elizabeth',
  Peggy: 'Margaret',
  Jack: 'John',
};

/** Given name, middle words and surname, without a suffix ("Thomas J. Barrack Jr"). */
function nameParts(surface: string): { given: string; middle: string; surname: string } {
  const words = surface.split(' ').filter((w) => !SUFFIX.test(w));
  const given = words[0] ?? '';
  return {
    given: NICKNAMES[given] ?? given,
    middle: words.slice(1, -1).join(' '),
    surname: words.at(-1) ?? '',
  };
}

/** The surname of a full name, without a suffix ("Kenneth F. McKenzie Jr" → "McKenzie"). */
export const surnameOf = (surface: string): string => nameParts(surface).surname;

const keyOf = (surface: string): string => {
  const { given, surname } = nameParts(surface);
  return `${given} ${surname}`;
};

/** "Jeff Zients"/"Jeffrey Zients": same surname, one given name a short form of the other. */
function shortForm(a: string, b: string): boolean {
  const x = nameParts(a);
  const y = nameParts(b);
  if (x.surname !== y.surname || x.middle || y.middle) return false;
  const [short, long] = [x.given, y.given].sort((p, q) => p.length - q.length) as [string, string];
  return short.length >= MIN_SHORT_FORM && short !== long && long.startsWith(short);
}

/** "Mark Galleotti"/"Mark Galeotti": a near-identical spelling with as many words. */
function nearSpelling(a: string, b: string): boolean {
  return (
    a.split(' ').length === b.split(' ').length &&
    a.length >= MIN_FUZZY_LENGTH &&
    b.length >= MIN_FUZZY_LENGTH &&
    editDistance(a.toLowerCase(), b.toLowerCase(), 2) <= 2
  );
}

/**
 * "Donald J. Trump", "Paul Allard Hodgkins", "Chuck Schumer" and "Thomas Barrack Jr" are the plain
 * name unless the middle names tell two people apart ("George W. Bush", "George H. W. Bush"):
 * names with the same given name and surname merge when at most one middle appears.
 */
function middlesAmbiguous(surfaces: readonly string[]): Set<string> {
  const middles = new Map<string, Set<string>>();
  for (const s of surfaces) {
    const { middle } = nameParts(s);
    if (middle) middles.set(keyOf(s), (middles.get(keyOf(s)) ?? new Set()).add(middle));
  }
  return new Set([...middles].filter(([, m]) => m.size > 1).map(([key]) => key));
}

// "Taylor-Greene" and "Taylor Greene": a hyphen and a space join a compound surname alike.
const unhyphenated = (name: string): string => name.replace(/-/gu, ' ');

// "Judge Peter Cahill" (a title that is also a surname kept in the name) is "Peter A. Cahill".
const untitled = (name: string): string => {
  const words = name.split(' ');
  return words.length >= 3 && lex.surnameTitles.has(words[0] ?? '')
    ? words.slice(1).join(' ')
    : name;
};

function sameName(surface: string, canonical: string, ambiguous: ReadonlySet<string>): boolean {
  if (unhyphenated(surface) === unhyphenated(canonical)) return true;
  const key = keyOf(untitled(surface));
  if (key === keyOf(untitled(canonical)) && !ambiguous.has(key)) return true;
  // "Levine Cava" for "Daniella Levine Cava": a compound surname used without the given name.
  const words = surface.split(' ');
  const tail = words.length >= 2 && canonical.endsWith(` ${surface}`);
  return tail || shortForm(surface, canonical) || nearSpelling(surface, canonical);
}

/**
 * Whether two full names are one office-holder spelled two ways by two outlets ("Gen. Frank
 * McKenzie", "Central Command Gen. Kenneth McKenzie"): what the people finder knows of roles.
 */
export type SameOffice = (a: string, b: string) => boolean;

/** Canonical spellings, most frequent first: each surface joins the first one it matches. */
function canonicalSpellings(
  surfaces: readonly string[],
  holdOneOffice: SameOffice,
): Map<string, string> {
  const ambiguous = middlesAmbiguous(surfaces);
  const canonicalOf = new Map<string, string>();
  const canonicals: string[] = [];
  surfaces.forEach((surface, index) => {
    const match =
      index < MAX_NAMES_MERGED
        ? canonicals.find((c) => sameName(surface, c, ambiguous) || holdOneOffice(surface, c))
        : undefined;
    canonicalOf.set(surface, match ?? surface);
    if (!match) canonicals.push(surface);
  });
  return canonicalOf;
}

/** Joins spellings and builds the surname lookup; `surfaces` come most mentioned first. */
export function mergeNames(
  surfaces: readonly string[],
  holdOneOffice: SameOffice = () => false,
): NameIndex {
  const canonicalOf = canonicalSpellings(surfaces, holdOneOffice);
  const bySurname = new Map<string, string>();
  for (const surface of surfaces) {
    const surname = surface.split(' ').at(-1) as string;
    if (!bySurname.has(surname)) bySurname.set(surname, canonicalOf.get(surface) as string);
  }
  const surnames = [...bySurname.keys()].slice(0, MAX_NAMES_MERGED);
  const cache = new Map<string, string | undefined>();
  const resolveSurname = (word: string): string | undefined => {
    if (cache.has(word)) return cache.get(word);
    let person = bySurname.get(word);
    if (!person && word.length >= 6) {
      const lower = word.toLowerCase();
      const near = surnames.find(
        (s) =>
          s.length >= 6 &&
          s[0] === word[0] &&
          Math.abs(s.length - word.length) <= MAX_FUZZY_LENGTH_GAP &&
          editDistance(s.toLowerCase(), lower, 2) <= 2,
      );
      if (near) person = bySurname.get(near);
    }
    cache.set(word, person);
    return person;
  };
  return { canonicalOf, resolveSurname };
}
