import { nameLexicon as lex } from '../name-lexicon.ts';
import { isCapitalized, type WordSpan } from './word-spans.ts';

const UPPER_WORD = /^\p{Lu}[\p{Lu}\p{N}-]*$/u;
// Lower-case words that join a role phrase ("Secretary of State", "chairman of the Joint Chiefs").
const CONNECTORS = new Set(['of', 'the', 'for', 'and']);
const MAX_ROLE_WORDS = 12;
// Appositives longer than this are clauses about the person, not their role.
const MAX_APPOSITIVE_WORDS = 9;
// Plural titles head a list of people ("Sens. Joe Manchin and Kyrsten Sinema"): no one's role.
const PLURAL_TITLE =
  /^(?:Sens|Reps|Govs|Presidents|Senators|Representatives|Ministers|Leaders|Lawmakers|Officials|Judges)\.?$/u;

function isRoleWord(word: string): boolean {
  // "CDC Director Dr. Rochelle Walensky": an honorific inside the role is read, then dropped.
  if (lex.honorifics.has(word)) return true;
  if (lex.nonNames.has(word)) return false;
  if (isCapitalized(word) || UPPER_WORD.test(word)) return true;
  const lower = word.toLowerCase();
  return lex.roleHeads.has(lower) || lex.roleModifiers.has(lower) || /^then-/u.test(lower);
}

/** A word that can head a role: "spokesman", "Gov", "co-CEO", not "Mr" nor "Russian". */
export function isRoleHead(word: string): boolean {
  const lower = word.toLowerCase();
  const last = lower.split('-').at(-1) ?? lower;
  return (
    (lex.roleHeads.has(lower) || lex.roleHeads.has(last) || lex.titles.has(word)) &&
    !lex.honorifics.has(word) &&
    !lex.demonyms.has(word)
  );
}

const isLowerRoleWord = (word: string | undefined): boolean =>
  word !== undefined &&
  (lex.roleHeads.has(word) || lex.roleModifiers.has(word) || lex.titles.has(word));

// The last word of a department's or agency's name before its title ("Housing and Urban
// Development Secretary", "Food and Drug Administration Commissioner").
const DEPARTMENT_ENDS = new Set(
  'Development Prevention Administration Services Affairs Security Protection Enforcement Safety Budget Management Resources Environment Trade Industry Technology Communications Commerce Labor Justice Education Energy Transportation Agriculture Defense Health Intelligence Immigration Customs Control Research Investigation Exchange'.split(
    ' ',
  ),
);

/**
 * "and" joins two roles of one person ("secretary of state and chairman") or two words of one
 * department's name ("Housing and Urban Development Secretary"), never two people ("Sen. Cory
 * Booker and Rep. Karen Bass", "Biden and Russian President Vladimir Putin"): both its
 * neighbours are lower-case role words, or both are capitalized and the words after it up to
 * the title end a department's name.
 */
function joinsRoles(left: WordSpan, role: readonly WordSpan[]): boolean {
  const right = role[0];
  if (isLowerRoleWord(left.text) && /^\p{Ll}/u.test(left.text) && isLowerRoleWord(right?.text)) {
    return true;
  }
  const head = role.findIndex((w) => isRoleHead(w.text));
  const name = role.slice(0, head < 0 ? role.length : head);
  return (
    isCapitalized(left.text) &&
    name.length > 0 &&
    name.every((w) => isCapitalized(w.text)) &&
    DEPARTMENT_ENDS.has(name.at(-1)?.text ?? '')
  );
}

/**
 * "critic of President Joe Biden": when "of" is directly followed by the head, the words before
 * it describe someone else. "Secretary of State" and "chairman of the Joint Chiefs" go on.
 */
function opensWithHead(role: readonly WordSpan[]): boolean {
  // "of the President…", "of former President…": past an article and lower-case modifiers.
  const first = role.find((w) => w.text !== 'the' && !lex.roleModifiers.has(w.text));
  return first !== undefined && lex.roleHeads.has(first.text.toLowerCase());
}

// Nouns of a relation to someone else: "a critic of Belarus President Alexander Lukashenko"
// states the critic's role, not the president's.
const RELATIONAL = new Set(
  'critic critics ally allies rival rivals opponent opponents supporter supporters aide aides friend friends confidant confidants foe foes detractor detractors'.split(
    ' ',
  ),
);

/** Whether the "of"/"for" at `index` ends the role: what comes before it is someone else's. */
function endsRoleAt(words: readonly WordSpan[], index: number, role: readonly WordSpan[]): boolean {
  const word = words[index]?.text;
  if (word !== 'of' && word !== 'for') return false;
  return opensWithHead(role) || RELATIONAL.has(words[index - 1]?.text ?? '');
}

/** Whether the gap between a role word and what follows it keeps them in one phrase. */
function joined(text: string, word: WordSpan, right: WordSpan, commaSet: boolean): boolean {
  const gap = text.slice(word.end, right.start);
  if (/^\s+$/u.test(gap)) return true;
  // "Rep. Bennie Thompson", "Gov. Gavin Newsom": an abbreviated title keeps its period.
  if (/^\.\s+$/u.test(gap) && (lex.titles.has(word.text) || lex.honorifics.has(word.text))) {
    return true;
  }
  // "The Taliban spokesman, Zabiullah Mujahid, said": a role set off by commas.
  return commaSet && /^,\s+$/u.test(gap);
}

/** The words before a name that may form its role, nearest last, stopping at anything else. */
function roleWordsBefore(
  text: string,
  words: readonly WordSpan[],
  first: number,
  commaSet: boolean,
): WordSpan[] {
  const role: WordSpan[] = [];
  for (let i = first - 1; i >= 0 && role.length < MAX_ROLE_WORDS; i--) {
    const word = words[i];
    const right = role[0] ?? words[first];
    if (!word || !right || !joined(text, word, right, commaSet && role.length === 0)) break;
    if (word.possessive) {
      // "Putin's spokesperson Dmitry Peskov", "the Trump Organization's chief financial officer
      // Allen Weisselberg": a possessive name can open the role, nothing before it.
      if (isCapitalized(word.text) && role.length > 0) role.unshift(...possessor(text, words, i));
      break;
    }
    if (word.text === 'and' && !joinsRoles(words[i - 1] ?? word, role)) break;
    if (endsRoleAt(words, i, role)) break;
    if (!isRoleWord(word.text) && !CONNECTORS.has(word.text)) break;
    role.unshift(word);
  }
  role.splice(0, otherPersonsEnd(role));
  while (role[0] && CONNECTORS.has(role[0].text)) role.shift();
  while (role.length > 0 && lex.honorifics.has(role.at(-1)?.text ?? '')) role.pop();
  return role;
}

// Words of a possessor's name ("Trump Organization's"), at most.
const MAX_POSSESSOR_WORDS = 3;

/** The possessive at `index` with the capitalized words of its name before it. */
function possessor(text: string, words: readonly WordSpan[], index: number): WordSpan[] {
  const name = [words[index] as WordSpan];
  for (let i = index - 1; i >= 0 && name.length < MAX_POSSESSOR_WORDS; i--) {
    const word = words[i];
    const right = name[0] as WordSpan;
    // "On Monday Putin's spokesman": a word that opens a sentence or names a day is no name.
    if (!word || !isCapitalized(word.text) || word.possessive || lex.nonNames.has(word.text)) break;
    if (!/^\s+$/u.test(text.slice(word.end, right.start))) break;
    name.unshift(word);
  }
  return name;
}

// Titles that also name a department ("Health and Human Services Secretary"): before an "and"
// that joins a department's name, they are no other person's title.
const DEPARTMENT_TITLES = new Set(
  'Health Defense Defence Interior Treasury Finance State Home Foreign Press Homeland Justice Labor Commerce Energy Education Transportation Agriculture Veterans Housing'.split(
    ' ',
  ),
);

/**
 * Where a phrase joined by a capitalized "and" stops being someone else's ("Sen. Cory Booker and
 * Democratic California Rep.", "President Joe Biden and Russian President"): after the last such
 * "and" with a title before it. 0 when there is none ("Housing and Urban Development Secretary").
 */
function otherPersonsEnd(role: readonly WordSpan[]): number {
  const titled = (w: WordSpan) =>
    (isRoleHead(w.text) && !DEPARTMENT_TITLES.has(w.text)) || lex.honorifics.has(w.text);
  for (let k = role.length - 2; k > 0; k--) {
    const capitalAnd =
      role[k]?.text === 'and' &&
      isCapitalized(role[k - 1]?.text ?? '') &&
      isCapitalized(role[k + 1]?.text ?? '');
    if (capitalAnd && role.slice(0, k).some(titled)) return k + 1;
  }
  return 0;
}

/**
 * A role phrase is headed by its last word ("Kremlin spokesman"), or by a head followed by
 * "of/for" and a proper name ("Secretary of State", "envoy for Haiti").
 */
function hasHead(role: readonly WordSpan[]): boolean {
  const last = role.at(-1);
  if (!last) return false;
  if (isRoleHead(last.text)) return !PLURAL_TITLE.test(last.text);
  const head = role.findLastIndex((w) => isRoleHead(w.text));
  const tail = role.slice(head + 1);
  return head >= 0 && (tail[0]?.text === 'of' || tail[0]?.text === 'for');
}

// A role that ends on these words goes on into the name after it: that name is no person's.
const ROLE_OPEN_END = /^(?:of|the|for|at|to|in|on|a|an|and|with|from)$/iu;

/** The role phrase directly before a name, as written ("White House press secretary"). */
export function roleBefore(
  text: string,
  words: readonly WordSpan[],
  first: number,
  nameEnd: number,
): string | undefined {
  const commaSet = /^,/u.test(text.slice(nameEnd));
  const role = roleWordsBefore(text, words, first, commaSet);
  const head = role.at(-1);
  if (!role[0] || !head || !hasHead(role)) return undefined;
  // "the president of the Champlain South Towers…": the run is what the role is of, no person.
  if (ROLE_OPEN_END.test(head.text)) return undefined;
  const end = text[head.end] === '.' ? head.end + 1 : head.end;
  return text.slice(role[0].start, end).replace(/\s+/gu, ' ');
}

// An appositive ends at a clause mark or a full stop, not at the dot of "U.S." or "Donald J.",
// nor at an abbreviated title's ("a top surrogate for Sen. Bernie Sanders").
const APPOSITIVE_END =
  /[,;:()"“”…]|\.{2,}|(?<!\b\p{Lu}|\b(?:Sen|Rep|Gov|Dr|Mr|Mrs|Ms|Lt|Gen|Col|Sgt|Capt|Rev|Pres|Atty|Supt|Cmdr|Adm|Prof))\.(?=\s|$)|\s(?:who|which|that|said|says|told|was|is|has|had)\s/u;

/**
 * The appositive after a name that states a role ("Mark Galeotti, a professor at UCL,"), without
 * its leading "a"/"an"; an age first ("Jane Doe, 45, a nurse") is skipped.
 */
export function roleAfter(text: string, nameEnd: number): string | undefined {
  const opening = /^,\s+(?:\d{1,3},\s+)?/u.exec(text.slice(nameEnd, nameEnd + 12));
  if (!opening) return undefined;
  const from = nameEnd + opening[0].length;
  const rest = text.slice(from, from + 160);
  const end = rest.search(APPOSITIVE_END);
  const phrase = (end < 0 ? rest : rest.slice(0, end)).trim().replace(/^(?:a|an)\s+/u, '');
  const phraseWords = phrase.split(/\s+/u);
  const opener = phraseWords[0] ?? '';
  // "Daniel Foote, was appointed…", "Simone Biles, widely considered…": a clause, not a role.
  const capitalized = opener.charAt(0).toUpperCase() + opener.slice(1);
  const verb =
    lex.subjectVerbs.has(opener) ||
    /^\p{Ll}+(?:ed|ly)$/u.test(opener) ||
    (opener !== 'the' && lex.nonNames.has(capitalized));
  // "Makary, author of..." (the copy cut off): a role that goes on into what it is of.
  const openEnd = ROLE_OPEN_END.test(phraseWords.at(-1) ?? '');
  if (phraseWords.length > MAX_APPOSITIVE_WORDS || !/^\p{L}/u.test(phrase) || verb || openEnd) {
    return undefined;
  }
  return phraseWords.some((w) => isAppositiveHead(w)) ? phrase : undefined;
}

function isAppositiveHead(word: string): boolean {
  const lower = word.replace(/['’]s$/u, '').toLowerCase();
  return (
    /^\p{Ll}/u.test(word) &&
    (lex.roleHeads.has(lower) || lex.roleHeads.has(lower.split('-').at(-1) ?? ''))
  );
}

/** Adds a stated role, counted case-insensitively ("CDC Director" and "CDC director" agree). */
export function countRole(
  counts: Map<string, { role: string; count: number }>,
  role: string,
): void {
  const key = role.toLowerCase();
  const entry = counts.get(key);
  if (entry) entry.count++;
  else counts.set(key, { role, count: 1 });
}

/** The role most often stated; ties go to the longer (more specific) one, then to one that does
 * not lean on someone's possessive. */
export function pickRole(
  counts: ReadonlyMap<string, { role: string; count: number }>,
): string | undefined {
  const leansOnPossessive = (role: string) => Number(/['’]s\b/u.test(role));
  const ranked = [...counts.values()].sort(
    (x, y) =>
      y.count - x.count ||
      leansOnPossessive(x.role) - leansOnPossessive(y.role) ||
      y.role.length - x.role.length,
  );
  // "Gen." says less than "chairman of the Joint Chiefs of Staff": an abbreviated title alone
  // gives way to a role in words.
  const worded = ranked.find((r) => !BARE_TITLE.test(r.role));
  return (BARE_TITLE.test(ranked[0]?.role ?? '') ? worded : undefined)?.role ?? ranked[0]?.role;
}

// An abbreviated title with nothing else: "Gen.", "Sen.", "Rep.".
const BARE_TITLE = /^\p{Lu}\p{Ll}{0,4}\.$/u;
