import type { CleanParagraph } from './clean.ts';
import { findQuoteSpans } from './find-quote-spans.ts';
import { nameLexicon as lex } from './name-lexicon.ts';
import { gatherEvidence, isHeadline, isNameShaped, isPerson } from './people/evidence.ts';
import { mergeNames, type NameIndex } from './people/merge-names.ts';
import { nameRuns } from './people/name-runs.ts';
import {
  NAME_PARTICLE,
  type OfficeRun,
  sameOfficeHolder,
  sharedSurname,
  titledSurnames,
} from './people/offices.ts';
import { countRole, pickRole } from './people/roles.ts';
import { wordSpans } from './people/word-spans.ts';
import type { BriefingPerson } from './types.ts';

/** One article as the people finder sees it: cleaned paragraphs, subheads included. */
export interface PeopleInput {
  outlet: string;
  paragraphs: readonly CleanParagraph[];
}

/** A mention of a known person at a character range of one cleaned paragraph. */
export interface PersonMention {
  start: number;
  end: number;
  person: string;
  possessive: boolean;
  /** Followed by a verb ("Biden met…"): the likely subject, so a good antecedent for "he". */
  subjectLike: boolean;
  inQuote: boolean;
}

export interface PeopleResult {
  /** Every person named with first and last name at least once, most mentioned first. */
  people: BriefingPerson[];
  /** mentions[article][paragraph index in `paragraphs`], in text order. */
  mentions: PersonMention[][][];
  /** Canonical name for a surface form ("Biden", "President Biden", "Galleotti"), if known. */
  canonical(surface: string): string | undefined;
}

/** A possible name where it occurs. */
interface PlacedRun extends OfficeRun {
  paragraph: number;
  inQuote: boolean;
  order: number;
  /** A given name sharing the next person's surname: "Bill" in "Bill and Melinda Gates". */
  sharesSurname: boolean;
}

interface PersonStats {
  mentions: number;
  order: number;
  sources: Set<string>;
  roles: Map<string, { role: string; count: number }>;
}

/** Words the story writes in lower case: capitalized, they are common words, not names. */
function lowerVocabulary(articles: readonly PeopleInput[]): Set<string> {
  const vocabulary = new Set<string>();
  for (const article of articles) {
    for (const p of article.paragraphs) {
      for (const m of p.text.matchAll(/(?<![\p{L}])\p{Ll}+/gu)) vocabulary.add(m[0]);
    }
  }
  return vocabulary;
}

/** Step 1: every possible name of every paragraph, in text order, with its evidence. */
function collectRuns(
  articles: readonly PeopleInput[],
  vocabulary: ReadonlySet<string>,
): PlacedRun[] {
  const runs: PlacedRun[] = [];
  articles.forEach((article, a) => {
    article.paragraphs.forEach(({ text }, p) => {
      const quotes = findQuoteSpans(text);
      const inHeadline = isHeadline(text);
      for (const run of nameRuns(text, wordSpans(text), vocabulary)) {
        const first = run.names[0];
        const last = run.names.at(-1);
        if (!first || !last) continue;
        const shared = sharedSurname(run, text.slice(last.end));
        const surface = shared
          ? `${first.text} ${shared}`
          : text.slice(first.start, last.start + last.text.length).replace(/\s+/gu, ' ');
        const inQuote = quotes.some((q) => first.start > q.open && first.start < q.close);
        const roleStart = run.role ? text.lastIndexOf(run.role, first.start) : -1;
        runs.push({
          ...run,
          article: a,
          paragraph: p,
          surface,
          inQuote,
          inHeadline,
          order: runs.length,
          titleOfWork: roleStart > 0 && /\bThe\s+$/u.test(text.slice(0, roleStart)),
          goesOnLower: NAME_PARTICLE.test(text.slice(last.end)),
          sharesSurname: shared !== undefined,
        });
      }
    });
  });
  return runs;
}

/** Step 2: the full names that are people, most mentioned first. */
function acceptedNames(runs: readonly PlacedRun[], vocabulary: ReadonlySet<string>): string[] {
  const bySurface = new Map<string, PlacedRun[]>();
  const lone = new Set<string>();
  const titledLone = new Set<string>();
  for (const run of runs) {
    if (run.inHeadline) continue;
    // A lone surname vouches for a name only where it reads as a person ("Haugen said", "Babbitt was").
    const personLike = run.titled || run.spoke || run.subjectLike;
    if (run.sharesSurname) {
      bySurface.set(run.surface, [...(bySurface.get(run.surface) ?? []), run]);
      continue;
    }
    if (run.names.length === 1 && !run.clipped && personLike) lone.add(run.surface);
    if (run.names.length === 1 && run.titled) titledLone.add(run.surface);
    else if (isNameShaped(run))
      bySurface.set(run.surface, [...(bySurface.get(run.surface) ?? []), run]);
  }
  const candidates = [...bySurface].map(([surface, found]) => ({
    surface,
    found,
    evidence: gatherEvidence(found, vocabulary),
    surname: surface.split(' ').at(-1) ?? '',
    // "Mr Chiu" for "Chiu Kuo-cheng": a titled lone word may be the family name written first.
    titledFamily: titledLone.has(surface.split(' ')[0] ?? ''),
  }));
  // "Team Biden" beside "Joe Biden": a surname used alone vouches only for the given-name person.
  const givenSurnames = new Set(candidates.filter((c) => c.evidence.given).map((c) => c.surname));
  return candidates
    .filter((c) =>
      isPerson(
        c.evidence,
        c.titledFamily || (lone.has(c.surname) && !givenSurnames.has(c.surname)),
      ),
    )
    .sort(
      (x, y) =>
        y.found.length - x.found.length || (x.found[0]?.order ?? 0) - (y.found[0]?.order ?? 0),
    )
    .map((c) => c.surface);
}

/** The person a run names: a full name as merged, or a lone surname of a known person. */
function personOf(run: PlacedRun, names: NameIndex): string | undefined {
  const full = names.canonicalOf.get(run.surface);
  if (full) return full;
  const only = run.names.length === 1 ? run.names[0] : undefined;
  return only ? names.resolveSurname(only.text) : undefined;
}

/** Step 4: count each person's mentions, sources and roles, and place every mention. */
function placeMentions(
  articles: readonly PeopleInput[],
  runs: readonly PlacedRun[],
  names: NameIndex,
) {
  const stats = new Map<string, PersonStats>();
  const mentions: PersonMention[][][] = articles.map((article) => article.paragraphs.map(() => []));
  for (const run of runs) {
    const person = personOf(run, names);
    const first = run.names[0];
    const last = run.names.at(-1);
    if (!person || !first || !last) continue;
    const entry = stats.get(person) ?? {
      mentions: 0,
      order: run.order,
      sources: new Set(),
      roles: new Map(),
    };
    stats.set(person, entry);
    entry.mentions++;
    entry.sources.add((articles[run.article] as PeopleInput).outlet);
    if (run.role) countRole(entry.roles, run.role);
    mentions[run.article]?.[run.paragraph]?.push({
      start: first.start,
      end: last.end,
      person,
      possessive: last.possessive,
      subjectLike: run.subjectLike,
      inQuote: run.inQuote,
    });
  }
  return { stats, mentions };
}

/** Step 5: the people list, most mentioned first, sources in story order. */
function listPeople(
  articles: readonly PeopleInput[],
  stats: ReadonlyMap<string, PersonStats>,
): BriefingPerson[] {
  return [...stats.entries()]
    .sort((x, y) => y[1].mentions - x[1].mentions || x[1].order - y[1].order)
    .map(([name, entry]) => {
      const sources = articles.map((a) => a.outlet).filter((o) => entry.sources.has(o));
      const person: BriefingPerson = {
        name,
        mentions: entry.mentions,
        sources: [...new Set(sources)],
      };
      const role = pickRole(entry.roles);
      if (role) person.role = role;
      return person;
    });
}

/**
 * Finds people: capitalized runs of two to four words that are shaped like a name and have
 * evidence of being a person (a given name, a title, a speech verb, the surname alone), each once:
 * partial mentions ("Putin") join the full name ("Vladimir Putin"), and spellings that differ by
 * initials, a short given name or a typo merge. Roles are the title before a name or the
 * appositive after it.
 */
export function findPeople(articles: readonly PeopleInput[]): PeopleResult {
  const vocabulary = lowerVocabulary(articles);
  const runs = collectRuns(articles, vocabulary);
  const accepted = acceptedNames(runs, vocabulary);
  const names = mergeNames(
    [...accepted, ...titledSurnames(runs, accepted, vocabulary)],
    sameOfficeHolder(runs),
  );
  const { stats, mentions } = placeMentions(articles, runs, names);
  const canonical = (surface: string): string | undefined => {
    const words = surface
      .trim()
      .split(/\s+/u)
      .filter((w) => !lex.titles.has(w));
    const full = names.canonicalOf.get(words.join(' '));
    if (full) return full;
    return words.length === 1 && words[0] ? names.resolveSurname(words[0]) : undefined;
  };
  return { people: listPeople(articles, stats), mentions, canonical };
}
