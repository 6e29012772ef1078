import type { CleanParagraph } from './clean.ts';
import { editDistance } from './edit-distance.ts';
import { findQuoteSpans } from './find-quote-spans.ts';
import { nameLexicon as lex } from './name-lexicon.ts';
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
  /** Everyone named with first and last name at least once, most mentioned first. */
  people: BriefingPerson[];
  /** mentions[article][paragraph index in `paragraphs`], in text order. */
  mentions: PersonMention[][][];
  /** Canonical name for a surface form ("Biden", "President Biden", "Galleotti"), if known. */
  canonical(surface: string): string | undefined;
}

interface Token {
  text: string;
  start: number;
  end: number;
  possessive: boolean;
}

interface Run {
  article: number;
  paragraph: number;
  names: Token[];
  role?: string;
  subjectLike: boolean;
  inQuote: boolean;
  order: number;
}

const TOKEN = /[\p{L}\p{M}]+(?:[-'’][\p{L}\p{M}]+)*(?:['’](?=\s|$|[^\p{L}]))?/gu;
const CAPITALIZED = /^\p{Lu}.*\p{Ll}/u;
const UPPER_WORD = /^\p{Lu}[\p{Lu}\p{N}-]*$/u;
const MONTHS_AND_DAYS =
  /^(?:January|February|March|April|May|June|July|August|September|October|November|December|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)$/u;
// Work caps: names beyond these counts are rare and would only make merging quadratic.
const MAX_NAMES_MERGED = 300;
const MAX_FUZZY_LENGTH_GAP = 2;

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  for (const m of text.matchAll(TOKEN)) {
    let word = m[0];
    let possessive = false;
    if (/['’]s$/u.test(word)) {
      word = word.slice(0, -2);
      possessive = true;
    } else if (/['’]$/u.test(word)) {
      word = word.slice(0, -1);
      possessive = true; // "Bidens’"
    }
    if (word) tokens.push({ text: word, start: m.index, end: m.index + m[0].length, possessive });
  }
  return tokens;
}

/** Only whitespace (or the dot of an initial, "John F. Kennedy") between two tokens. */
function adjacent(text: string, left: Token, right: Token): boolean {
  if (left.possessive) return false;
  const gap = text.slice(left.end, right.start);
  if (/^\s+$/u.test(gap)) return true;
  return /^\p{Lu}$/u.test(left.text) && /^\.\s+$/u.test(gap);
}

function isSentenceInitial(text: string, at: number): boolean {
  const before = text.slice(Math.max(0, at - 12), at).replace(/[\s"“”‘'([]+$/u, '');
  return before === '' || /[.!?:…]$/u.test(before);
}

function isRoleToken(token: Token): boolean {
  const word = token.text;
  if (lex.nonNames.has(word)) return false;
  if (CAPITALIZED.test(word) || UPPER_WORD.test(word)) return true;
  const lower = word.toLowerCase();
  return lex.roleHeads.has(lower) || lex.roleModifiers.has(lower) || /^then-/u.test(lower);
}

function isRoleHead(word: string): boolean {
  const lower = word.toLowerCase();
  const last = lower.split('-').at(-1) ?? lower;
  return (
    (lex.roleHeads.has(lower) || lex.roleHeads.has(last) || lex.titles.has(word)) &&
    !lex.honorifics.has(word) &&
    !lex.demonyms.has(word)
  );
}

/** The role phrase directly before a name: titles inside the run plus role words before it. */
function roleBefore(text: string, tokens: Token[], first: number): string | undefined {
  const role: Token[] = [];
  for (let i = first - 1; i >= 0 && role.length < 5; i--) {
    const token = tokens[i];
    const right = role[0] ?? tokens[first];
    if (!token || !right) break;
    const gap = text.slice(token.end, right.start);
    // "Rep. Bennie Thompson", "Gov. Gavin Newsom": an abbreviated title keeps its period.
    const abbreviated = /^\.\s+$/u.test(gap) && lex.titles.has(token.text);
    if (!/^\s+$/u.test(gap) && !abbreviated) break;
    if (token.possessive) {
      // "Putin's spokesperson Dmitry Peskov": a possessive can open the role, nothing before it.
      if (CAPITALIZED.test(token.text) && role.length > 0) role.unshift(token);
      break;
    }
    if (!isRoleToken(token)) break;
    role.unshift(token);
  }
  while (role.length > 0 && lex.honorifics.has(role.at(-1)?.text ?? '')) role.pop();
  const head = role.at(-1);
  if (!role[0] || !head || !isRoleHead(head.text)) return undefined;
  const end = text[head.end] === '.' ? head.end + 1 : head.end;
  return text.slice(role[0].start, end).replace(/\s+/gu, ' ');
}

function isSubjectLike(text: string, tokens: Token[], last: number): boolean {
  const name = tokens[last];
  const next = tokens[last + 1];
  if (!name || !next || name.possessive) return false;
  if (!/^\s+$/u.test(text.slice(name.end, next.start))) return false;
  const word = next.text;
  if (!/^\p{Ll}/u.test(word)) return false;
  return lex.subjectVerbs.has(word) || /^\p{Ll}{3,}(?:ed|s)$/u.test(word);
}

/**
 * Finds people: capitalized runs of two to four words that are not titles, places or
 * organizations, with partial mentions ("Putin") joined to the full name ("Vladimir Putin") and
 * near-identical spellings ("Galleotti") merged. Roles come from the words directly before a name.
 */
export function findPeople(articles: readonly PeopleInput[]): PeopleResult {
  // Capitalized words that also occur in lower case are common words at a sentence start.
  const lowerVocabulary = new Set<string>();
  for (const article of articles) {
    for (const p of article.paragraphs) {
      for (const m of p.text.matchAll(/(?<![\p{L}])\p{Ll}+/gu)) lowerVocabulary.add(m[0]);
    }
  }

  const runs: Run[] = [];
  let order = 0;
  articles.forEach((article, a) => {
    article.paragraphs.forEach((p, pi) => {
      const text = p.text;
      const tokens = tokenize(text);
      const quotes = findQuoteSpans(text);
      let i = 0;
      while (i < tokens.length) {
        const first = tokens[i];
        if (!first || !CAPITALIZED.test(first.text)) {
          i++;
          continue;
        }
        let j = i;
        while (j + 1 < tokens.length) {
          const cur = tokens[j] as Token;
          const next = tokens[j + 1] as Token;
          const initial = /^\p{Lu}$/u.test(next.text);
          if (!(CAPITALIZED.test(next.text) || initial) || !adjacent(text, cur, next)) break;
          j++;
        }
        // Strip leading non-name words; titles and demonyms stripped here start the role.
        let s = i;
        while (s <= j) {
          const word = (tokens[s] as Token).text;
          const initialWord =
            s === i &&
            isSentenceInitial(text, (tokens[s] as Token).start) &&
            (lowerVocabulary.has(word.toLowerCase()) || /(?:ing|ly|ed)$/u.test(word));
          if (
            lex.nonNames.has(word) ||
            lex.titles.has(word) ||
            lex.demonyms.has(word) ||
            initialWord ||
            /^\p{Lu}$/u.test(word)
          ) {
            s++;
            continue;
          }
          break;
        }
        // A single capital letter cannot end a name ("Biden F.").
        let e = j;
        while (e >= s && /^\p{Lu}$/u.test((tokens[e] as Token).text)) e--;
        if (e >= s) {
          const names = tokens.slice(s, e + 1);
          const start = (names[0] as Token).start;
          runs.push({
            article: a,
            paragraph: pi,
            names,
            role: roleBefore(text, tokens, s),
            subjectLike: isSubjectLike(text, tokens, e),
            inQuote: quotes.some((q) => start > q.open && start < q.close),
            order: order++,
          });
        }
        i = j + 1;
      }
    });
  });

  const surfaceOf = (run: Run): string => {
    const text = (articles[run.article] as PeopleInput).paragraphs[run.paragraph]?.text ?? '';
    const first = run.names[0] as Token;
    const last = run.names.at(-1) as Token;
    return text.slice(first.start, last.start + last.text.length).replace(/\s+/gu, ' ');
  };

  const isPersonName = (names: Token[]): boolean => {
    if (names.length < 2 || names.length > 4) return false;
    const words = names.map((t) => t.text);
    const firstWord = words[0] as string;
    if (lex.placeStarts.has(firstWord) || MONTHS_AND_DAYS.test(firstWord)) return false;
    const notName = (w: string) =>
      lex.orgHeads.has(w) ||
      lex.demonyms.has(w) ||
      (lex.nonNames.has(w) && !MONTHS_AND_DAYS.test(w));
    if (words.some(notName)) {
      return false;
    }
    // "California Gov" (before "Gavin Newsom"): a title after the first word is not a name part,
    // except titles that are also surnames.
    if (words.slice(1).some((w) => lex.titles.has(w) && !lex.surnameTitles.has(w))) return false;
    // Only the last word of a name can be possessive ("Vladimir Putin's").
    return names.slice(0, -1).every((t) => !t.possessive);
  };

  // Full names and their counts, in first-seen order.
  const fullCounts = new Map<string, { count: number; order: number }>();
  for (const run of runs) {
    if (!isPersonName(run.names)) continue;
    const surface = surfaceOf(run);
    const entry = fullCounts.get(surface);
    if (entry) entry.count++;
    else fullCounts.set(surface, { count: 1, order: run.order });
  }

  // Merge near-identical spellings into the most frequent one.
  const surfaces = [...fullCounts.entries()]
    .sort((x, y) => y[1].count - x[1].count || x[1].order - y[1].order)
    .map(([surface]) => surface);
  const canonicalOf = new Map<string, string>();
  const canonicals: string[] = [];
  surfaces.forEach((surface, index) => {
    const words = surface.split(' ').length;
    const match =
      index < MAX_NAMES_MERGED && surface.length >= 8
        ? canonicals.find(
            (c) =>
              c.split(' ').length === words &&
              c.length >= 8 &&
              editDistance(c.toLowerCase(), surface.toLowerCase(), 2) <= 2,
          )
        : undefined;
    if (match) canonicalOf.set(surface, match);
    else {
      canonicalOf.set(surface, surface);
      canonicals.push(surface);
    }
  });

  // Surnames of known people (variants too), most-mentioned person first.
  const bySurname = new Map<string, string>();
  for (const surface of surfaces) {
    const surname = surface.split(' ').at(-1) as string;
    if (!bySurname.has(surname)) bySurname.set(surname, canonicalOf.get(surface) as string);
  }
  const surnames = [...bySurname.keys()].slice(0, MAX_NAMES_MERGED);
  const partialCache = new Map<string, string | undefined>();
  const resolvePartial = (word: string): string | undefined => {
    if (partialCache.has(word)) return partialCache.get(word);
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
    partialCache.set(word, person);
    return person;
  };

  const canonical = (surface: string): string | undefined => {
    const words = surface
      .trim()
      .split(/\s+/u)
      .filter((w) => !lex.titles.has(w));
    const joined = words.join(' ');
    const full = canonicalOf.get(joined);
    if (full) return full;
    if (words.length === 1 && words[0]) return resolvePartial(words[0]);
    return undefined;
  };

  // Count mentions, collect sources and roles, and place every mention for "he said".
  const stats = new Map<
    string,
    { mentions: number; order: number; sources: Set<string>; roles: Map<string, number> }
  >();
  const mentions: PersonMention[][][] = articles.map((article) => article.paragraphs.map(() => []));
  for (const run of runs) {
    const person = isPersonName(run.names)
      ? canonicalOf.get(surfaceOf(run))
      : run.names.length === 1
        ? resolvePartial((run.names[0] as Token).text)
        : undefined;
    if (!person) continue;
    let entry = stats.get(person);
    if (!entry) {
      entry = { mentions: 0, order: run.order, sources: new Set(), roles: new Map() };
      stats.set(person, entry);
    }
    entry.mentions++;
    entry.sources.add((articles[run.article] as PeopleInput).outlet);
    if (run.role) entry.roles.set(run.role, (entry.roles.get(run.role) ?? 0) + 1);
    const firstToken = run.names[0] as Token;
    const lastToken = run.names.at(-1) as Token;
    mentions[run.article]?.[run.paragraph]?.push({
      start: firstToken.start,
      end: lastToken.end,
      person,
      possessive: lastToken.possessive,
      subjectLike: run.subjectLike,
      inQuote: run.inQuote,
    });
  }

  const people: BriefingPerson[] = [...stats.entries()]
    .sort((x, y) => y[1].mentions - x[1].mentions || x[1].order - y[1].order)
    .map(([name, entry]) => {
      // The most frequent role; ties go to a role that does not lean on someone's possessive.
      const role = [...entry.roles.entries()].sort(
        (x, y) => y[1] - x[1] || Number(/['’]s\b/u.test(x[0])) - Number(/['’]s\b/u.test(y[0])),
      )[0]?.[0];
      const sources = articles.map((a) => a.outlet).filter((o) => entry.sources.has(o));
      const person: BriefingPerson = {
        name,
        mentions: entry.mentions,
        sources: [...new Set(sources)],
      };
      if (role) person.role = role;
      return person;
    });

  return { people, mentions, canonical };
}
