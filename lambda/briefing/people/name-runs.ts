import { nameLexicon as lex, speechVerbPattern } from '../name-lexicon.ts';
import { isGivenName } from './evidence.ts';
import { roleAfter, roleBefore } from './roles.ts';
import { adjacent, isCapitalized, isInitial, type WordSpan } from './word-spans.ts';

/** A run of capitalized words that may name a person, with the evidence around it. */
export interface NameRun {
  /** The name words: titles, organization words and stray words before them cut off. */
  names: WordSpan[];
  /** The role stated with this mention: a title before it or an appositive after it. */
  role?: string;
  /** A role is stated, or a title or honorific stands directly before the name ("Dr.", "Mr"). */
  titled: boolean;
  /** A speech verb attributes words to it ("Psaki said", "said Mark Galeotti"). */
  spoke: boolean;
  /** Followed by a verb ("Biden met…"): the likely subject, so a good antecedent for "he". */
  subjectLike: boolean;
  /** Reads as part of an organization: "the Joint Chiefs", "Bureau of Labor Statistics". */
  orgContext: boolean;
  /** Common words were cut from its front ("Rolling Stone" → "Stone"): a fragment, not a name. */
  clipped: boolean;
}

const SPEECH_AFTER = new RegExp(`^,?\\s+${speechVerbPattern}\\b`, 'u');
const SPEECH_BEFORE = new RegExp(`(?:\\b${speechVerbPattern}|\\baccording to)\\s+$`, 'u');
const ORG_BEFORE =
  /(?:^|\s)(?:the|of|for|at|firm|company|group|agency|organization|publication|magazine|newspaper|network|website|startup|bank)\s+$/u;
const ORG_AFTER =
  /^\s+(?:(?:of|for)\s+(?:the\s+)?\p{Lu}|(?:magazine|newspaper|company|firm|network|website|outlet|podcast|show|program|programme)\b)/u;

/** Index ranges [first, last] of capitalized runs (initials allowed inside: "John F. Kennedy"). */
function capitalizedRuns(text: string, words: readonly WordSpan[]): [number, number][] {
  const runs: [number, number][] = [];
  let i = 0;
  while (i < words.length) {
    if (!isCapitalized(words[i]?.text ?? '')) {
      i++;
      continue;
    }
    let j = i;
    for (let next = words[j + 1]; next; next = words[j + 1]) {
      const cur = words[j] as WordSpan;
      const joins = isCapitalized(next.text) || isInitial(next.text);
      if (!joins || !adjacent(text, cur, next)) break;
      j++;
    }
    runs.push([i, j]);
    i = j + 1;
  }
  return runs;
}

function isSentenceInitial(text: string, at: number): boolean {
  const before = text.slice(Math.max(0, at - 12), at).replace(/[\s"“”‘'([]+$/u, '');
  // "Sen. Ted Cruz": the period of an abbreviated title does not end a sentence.
  const title = /(\p{L}+)\.$/u.exec(before)?.[1];
  if (title && lex.titles.has(title)) return false;
  return before === '' || /[.!?:…]$/u.test(before);
}

/** "Director-General", "Vice-President": every part a title. */
const isHyphenatedTitle = (word: string): boolean =>
  word.includes('-') && word.split('-').every((part) => lex.titles.has(part));

/** Words that end a name's lead-in: titles, organizations, nationalities, function words. */
function breaksName(word: string): boolean {
  return (
    (lex.titles.has(word) && !lex.surnameTitles.has(word)) ||
    isHyphenatedTitle(word) ||
    lex.orgHeads.has(word) ||
    lex.demonyms.has(word) ||
    lex.nonNames.has(word)
  );
}

/**
 * Where the name starts inside a run: after leading non-name words ("The", "Russian", a common
 * word opening the sentence), after the last title or organization word ("Homeland Security
 * Secretary Alejandro Mayorkas"), and at a given name after a stray word ("Staff Colin Powell").
 */
function nameStart(
  text: string,
  words: readonly WordSpan[],
  [first, last]: [number, number],
  vocabulary: ReadonlySet<string>,
): number {
  let s = first;
  for (; s <= last; s++) {
    const word = (words[s] as WordSpan).text;
    const commonOpening =
      s === first &&
      !isGivenName(word) &&
      isSentenceInitial(text, (words[s] as WordSpan).start) &&
      (vocabulary.has(word.toLowerCase()) || /(?:ing|ly|ed)$/u.test(word));
    // "Judge Peter Cahill", "Rapper Trap Beckham": a role word opens the run, a name follows.
    const roleOpening =
      last - s >= 2 && (lex.surnameTitles.has(word) || lex.roleHeads.has(word.toLowerCase()));
    if (!(breaksName(word) || commonOpening || roleOpening || isInitial(word))) break;
  }
  for (let k = last - 1; k > s; k--) {
    const word = words[k] as WordSpan;
    // "Susan A. Magill": a middle initial, not the article "A".
    const initial = isInitial(word.text) && text[word.end] === '.';
    if (breaksName(word.text) && !initial) return k + 1;
  }
  if (last - s >= 2 && !isGivenName((words[s] as WordSpan).text)) {
    for (let g = s + 1; g < last; g++) if (isGivenName((words[g] as WordSpan).text)) return g;
  }
  return s;
}

function isSubjectLike(text: string, name: WordSpan, next: WordSpan | undefined): boolean {
  if (!next || name.possessive) return false;
  if (!/^\s+$/u.test(text.slice(name.end, next.start))) return false;
  const word = next.text;
  if (!/^\p{Ll}/u.test(word)) return false;
  return lex.subjectVerbs.has(word) || /^\p{Ll}{3,}(?:ed|s)$/u.test(word);
}

/** A title or honorific right before the name, abbreviated or not ("Dr. Anthony Fauci"). */
function titledBefore(text: string, words: readonly WordSpan[], s: number): boolean {
  const before = words[s - 1];
  const name = words[s];
  if (!before || !name) return false;
  const gap = text.slice(before.end, name.start);
  const isTitle = lex.titles.has(before.text) || lex.honorifics.has(before.text);
  // "35-year-old Babbitt": an age is said of people.
  const age = /\d+-year-old\s+$/u.test(text.slice(Math.max(0, name.start - 16), name.start));
  return age || (isTitle && /^\.?\s+$/u.test(gap) && !lex.demonyms.has(before.text));
}

/** Evidence around a name at words[s..e]: its role, a title, a speech verb, organization cues. */
function describe(
  text: string,
  words: readonly WordSpan[],
  [s, e]: [number, number],
  clipped: boolean,
): NameRun {
  const first = words[s] as WordSpan;
  const last = words[e] as WordSpan;
  const before = roleBefore(text, words, s, last.end);
  const after = last.possessive ? undefined : roleAfter(text, last.end);
  const leadStart = words[s - 1] && before ? text.lastIndexOf(before, first.start) : first.start;
  const strippedThe =
    words[s - 1]?.text === 'The' && adjacent(text, words[s - 1] as WordSpan, first);
  const run: NameRun = {
    names: words.slice(s, e + 1),
    titled: before !== undefined || after !== undefined || titledBefore(text, words, s),
    spoke:
      (!last.possessive && SPEECH_AFTER.test(text.slice(last.end, last.end + 24))) ||
      SPEECH_BEFORE.test(text.slice(Math.max(0, leadStart - 40), Math.max(0, leadStart))),
    subjectLike: isSubjectLike(text, last, words[e + 1]),
    orgContext:
      strippedThe ||
      ORG_BEFORE.test(text.slice(Math.max(0, first.start - 6), first.start)) ||
      (!last.possessive && ORG_AFTER.test(text.slice(last.end, last.end + 14))),
    clipped,
  };
  const role = before ?? after;
  if (role) run.role = role;
  return run;
}

/** The possible names of one paragraph, each with the evidence around it. */
export function nameRuns(
  text: string,
  words: readonly WordSpan[],
  vocabulary: ReadonlySet<string>,
): NameRun[] {
  const found: NameRun[] = [];
  for (const range of capitalizedRuns(text, words)) {
    const s = nameStart(text, words, range, vocabulary);
    // A single capital letter cannot end a name ("Biden F.").
    let e = range[1];
    while (e >= s && isInitial((words[e] as WordSpan).text)) e--;
    // Titles and function words may be cut off a name ("But Robinson"), a common word may not.
    const cut = words.slice(range[0], s).map((w) => w.text);
    const clipped = cut.some((w) => !breaksName(w) && !lex.honorifics.has(w) && !isInitial(w));
    if (e >= s) found.push(describe(text, words, [s, e], clipped));
  }
  return found;
}
