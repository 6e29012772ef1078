import { countWords } from './count-words.ts';
import { openingQuotation } from './find-quote-spans.ts';
import { speechVerbPattern } from './name-lexicon.ts';
import { tagWords } from './tag-words.ts';
import { stem } from './tokenize.ts';

/**
 * Whether a sentence can be read with nothing before it: the summary, a point or a difference
 * is shown on its own, so an opening that points back ("He…", "But…", "Later, …", "In a later
 * news conference…") or a wire dateline ("MOSCOW (Reuters) - ") would read wrongly there.
 */
export function standsAlone(text: string): boolean {
  let alone = judged.get(text);
  if (alone === undefined) {
    if (judged.size >= JUDGED_MAX) judged.clear();
    alone = judge(text.trim());
    judged.set(text, alone);
  }
  return alone;
}

// The summary search, points, differences and tellings ask about the same sentences and trims
// many times over: each text's answer is kept within one briefing (braid() forgets them with the
// tags), the store emptied if it ever grows past this.
const JUDGED_MAX = 20_000;
const judged = new Map<string, boolean>();

/** Forgets the kept answers: called as a briefing starts, so one never profits from another. */
export function forgetJudgements(): void {
  judged.clear();
}

function judge(t: string): boolean {
  if (opensWithCredit(t)) return false;
  if (/^["“”„«]/u.test(t)) {
    const quotation = openingQuotation(t);
    return quotation !== undefined && quoteIsAttributed(quotation);
  }
  return !leansOnContext(t);
}

/** `(?:[Hh]e|…)`: an opening word in either case, but never an acronym ("US", "IT"). */
function openings(alternatives: readonly string[]): string {
  const capitalized = (w: string) => `[${w[0]?.toUpperCase()}${w[0]}]${w.slice(1)}`;
  return `(?:${alternatives.map(capitalized).join('|')})`;
}

// What "this" or "these" may open as a date rather than a reference ("This week, …").
const DATE_NOUNS =
  'week|weekend|year|month|morning|afternoon|evening|night|spring|summer|fall|autumn|winter|season|past|coming|decade|century|January|February|March|April|May|June|July|August|September|October|November|December|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday';

// Openings that refer back to someone or something named before, or continue an argument.
const BACK_REFERENCE = new RegExp(
  `^${openings([
    ...'he she it they him her his hers its their theirs them'.split(' '),
    ...'i we us our my me you your that those such'.split(' '),
    // "This move…", "These changes…", but not a date: "This week, the Senate voted…".
    `this(?!\\s+(?:${DATE_NOUNS})\\b)`,
    `these(?!\\s+(?:${DATE_NOUNS})\\b)`,
    ...'but and or nor also however still yet so then thus hence therefore again'.split(' '),
    ...'meanwhile moreover furthermore besides nevertheless nonetheless likewise'.split(' '),
    ...'similarly additionally afterwards afterward otherwise accordingly'.split(' '),
    'consequently',
    'instead(?!\\s+of\\b)',
    'in addition(?!\\s+to\\b)',
    'in response(?!\\s+to\\b)',
    'as well(?!\\s+as\\b)',
    'in turn',
    'in contrast',
    'even so',
    'on the other hand',
    'for (?:his|her|its|their) part',
    // "Other states…", "Another 20 people…": set against what was named before.
    'other(?!\\s+than\\b)',
    'another',
    // A list or an argument already under way ("Second, …", "For one, …", "Now, …").
    'first(?=\\s*,)',
    'second(?=\\s*,)',
    'third(?=\\s*,)',
    'secondly',
    'thirdly',
    'finally',
    'lastly',
    'for one(?=\\s*,)',
    // An example or a part of something named before: "For example, …", "In the second, …".
    'for (?:example|instance)',
    'take(?=\\s*,)',
    'in the (?:first|second|third|former|latter)(?=\\s*,)',
    'in other words',
    // In place of, or after, something named before: "In its place, Facebook has…".
    'in (?:its|their|his|her) (?:place|stead|wake)',
    'now(?![-–]|\\s+\\d)',
  ])}\\b`,
  'u',
);

// "There is…" says something; "There, …" points at a place named before.
const EXISTENTIAL_THERE =
  /^there\s+(?:is|are|was|were|has|have|had|will|would|may|might|could|can|seems?|appears?)\b/iu;

// "It took 93 years for the Academy to name…", "It may take weeks to find out who won": the
// "it" of a span of time, not of something named before. ("It took effect…" is the law's.)
const EXPLETIVE_IT =
  /^It\s+(?:(?:will|would|may|might|could|can|has|had|should)\s+(?:(?:not|also|still|likely)\s+)?)?(?:take|takes|took|taken)\s+(?!(?:him|her|them|us|me|it)\b)(?:[^.;:,]*?\b(?:seconds?|minutes?|hours?|days?|weeks?|months?|years?|decades?|centur(?:y|ies)|time|while)\b[^.;:,]*?\bto\s+\p{Ll}|[^.;:]*?\bfor\s+[^.;:]+?\s+to\s+\p{Ll})/u;

// "Later, …" and "Earlier…" need a previous event, unless a date follows ("Earlier this week").
// Case-sensitive on purpose: "on Monday" and "in March" name a date, "in the day" does not.
const RELATIVE_TIME =
  /^(?:[Ll]ater|[Ee]arlier)\b(?!\s+(?:this|today|tonight|on\s+\p{Lu}|in\s+[\p{Lu}\d]))/u;

// "The former said…" (not "The former president…"), "The latter…" (not "the latter half").
const FORMER_LATTER =
  /^the\s+(?:latter\b(?!\s+(?:half|part|stages?|years?|days?|months?|weeks?)\b)|former(?=\s*[,;:]|\s+(?:is|was|are|were|has|had|have|said|says|told|added|did|does|would|will|can|could)\b))/iu;

// Anywhere in the sentence: a time or event only the previous sentence fixes.
const NEEDS_PREVIOUS = new RegExp(
  [
    // The time word first: the verb behind it is looked for only where one is.
    `\\b(?:earlier|later)\\b(?<=\\b${speechVerbPattern}\\s+(?:earlier|later))`,
    '\\b(?:in|at|during)\\s+a\\s+(?:later|subsequent|separate)\\b',
    '\\bas\\s+well(?!\\s+as\\b)\\s*[.,;]',
  ].join('|'),
  'iu',
);
// A time counted from an event: "the next day", "Moments later, …", "…two days later". The event
// is the previous sentence's, unless this one names a day before it ("…on Thursday night … but
// Fox News regained clearance the next day", "…fired two missiles Wednesday and South Korea said
// hours later…").
const COUNTED_FROM_EVENT = new RegExp(
  [
    '\\b(?:the\\s+same|the\\s+next|the\\s+following)\\s+day\\b',
    '\\b(?:later|afterwards?)\\b(?<=\\b(?:moments|minutes|hours|days|weeks|months|years|shortly|soon)\\s+(?:later|afterwards?))',
  ].join('|'),
  'iu',
);
// A day the sentence itself names: a weekday, a month, a year, "yesterday", "today".
const NAMED_DAY = new RegExp(
  `\\b(?:${DATE_NOUNS.split('|')
    .filter((w) => /^\p{Lu}/u.test(w))
    .join('|')}|[Yy]esterday|[Tt]oday|[Tt]onight)\\b|\\b(?:1[89]|20)\\d\\d\\b`,
  'u',
);

function countedFromEarlierEvent(narration: string): boolean {
  const counted = COUNTED_FROM_EVENT.exec(narration);
  return counted !== null && !NAMED_DAY.test(narration.slice(0, counted.index));
}

// The narration speaking as its outlet ("As we went to press…", "our analysis shows…"): in a
// briefing of several outlets "we" is no one. Case-sensitive, so "US" is the country.
const NARRATOR = /\b(?:[Ww]e|[Oo]ur|us|[Mm]y|me)\b(?!\.)|(?<!\p{Lu}\p{L}*\s)\bI\b(?![.'’-])/u;
// After a verb of speech, "we" is the speaker's: "scientists now say we'll cross…".
const SPOKEN = new RegExp(`\\b(?:${speechVerbPattern}|say|warn|predict)\\b`, 'iu');

function narratorSpeaks(narration: string): boolean {
  const we = NARRATOR.exec(narration);
  return we !== null && !SPOKEN.test(narration.slice(0, we.index));
}

// A word every phrase above has: most sentences have none, and are spared the search above.
const MAY_NEED_PREVIOUS = /later|earlier|subsequent|separate|day|well|afterward/iu;

// Whoever the sentence before introduced: "according to the people, who spoke on condition of
// anonymity" ("people familiar with the plan" says who), "Sen. Joe Manchin, another member of the
// group, …", "Health experts say that just isn't true".
const NAMED_BEFORE = new RegExp(
  [
    '\\baccording to the (?:people|person|sources?|officials?)\\b(?!\\s+(?:familiar|close|with|who|in|at|from|of|briefed|involved|knowledgeable))',
    // "…, said the official, who spoke on condition of anonymity": an official named before.
    `\\b${speechVerbPattern}\\s+the\\s+(?:people|person|sources?|officials?|aides?),\\s+who\\b`,
    ',\\s+another\\s+(?:\\p{Ll}+\\s+){1,2}(?:of|who|in)\\b',
    `\\b(?:${speechVerbPattern}|say)\\s+that\\s+(?:just\\s+|simply\\s+)?(?:is|isn['’]t|was|wasn['’]t)\\b`,
  ].join('|'),
  'u',
);

// "The US president also told…": an "also" or "however" among the first words leans on what
// came before just as an opening one does.
const EARLY_CONNECTIVE = /\b(?:also|however|meanwhile|instead(?!\s+of))\b|,\s*(?:too|though)\b/iu;

// An opening phrase around a pronoun or "this …" ("Without it, …", "In this cycle, …",
// "Understanding this, …"): it names what the sentence before named. "This week" is a date.
const BACK_PHRASE = new RegExp(
  String.raw`^(?:(?!(?:During|Including|Following|Regarding|Concerning|According|Excluding|Pending)\b)\p{Lu}\p{Ll}*ing|[Ww]ithout|[Bb]ecause of|[Dd]espite|[Ll]ike|[Uu]nlike|[Aa]mid|[Aa]fter|[Bb]efore|[Ww]ith|[Ff]or|[Ii]n|[Oo]n|[Aa]t|[Bb]y|[Ff]rom|[Uu]nder|[Gg]iven)\s+(?:(?:it|them|him)\b|(?:this|that|these|those)\b(?!\s+(?:${DATE_NOUNS})\b)(?<!this(?=\s+time))(?:\s+\p{Ll}+)?\s*,)`,
  'u',
);

// "Johnson asked, looking over to Biden…", "Psaki added.": the speaker and verb after a
// quotation that the sentence before holds (a question mark ended it there). "Biden said, “…”"
// opens a quotation, and "…said, in a letter, that…" goes on to what was said: both stand.
const QUOTE_TAIL = new RegExp(
  `^(?:\\p{Lu}[\\p{L}.'’-]*\\s+){1,4}${speechVerbPattern}\\s*(?:,\\s*\\p{Ll}+ing\\b|[.!?]$)`,
  'u',
);

// A short adverbial before the subject ("In late August, …", "Normally, …"): what follows it
// opens the clause, and a pronoun there points back as one opening the sentence does.
const LEADING_ADVERBIAL =
  /^(?:\p{Lu}\p{Ll}+ly|(?:In|On|At|By|After|Before|During|Since|Until|Over|Following|Amid|Within|Last|Earlier|Later|As of)\s[^,;:"“”]{1,40}),\s+/u;
// The pronouns and demonstratives of BACK_REFERENCE, as a clause's subject after that adverbial.
const PRONOUN_SUBJECT = new RegExp(
  String.raw`^(?:he|she|it|they|his|her|its|their|them|him|that|those|this(?!\s+(?:${DATE_NOUNS}|time)\b)|these)\b`,
  'iu',
);

function pronounAfterAdverbial(t: string): boolean {
  const lead = LEADING_ADVERBIAL.exec(t);
  return lead !== null && PRONOUN_SUBJECT.test(t.slice(lead[0].length));
}

// "How it all works out may make the case…", "Why he did it remains unclear": a question word
// whose clause is about someone or something named before.
const WH_PRONOUN =
  /^(?:How|What|Why|Whether|Where|When)\s+(?:it|they|he|she|this|that|these|those|its|their|his|her)\b/u;

// Where the sentence's first clause ends: a comma, a colon, a dash aside, "but", "while", or a
// relative clause ("athletes who play sports for those schools" may point at the words before).
const CLAUSE_END = /[,;:]|\s[-–—]{1,2}\s|\s(?:but|while|and that|who|which|whose)\s/u;
// "this", "these" or "those", the word after it, and the word after that.
const DEMONSTRATIVE = /\b(this|these|those)\s+([\p{Ll}\d][\p{L}\d-]*)(?:['’]s)?(?:\s+(\p{Ll}+))?/gu;
// Words after "these" or "those" that make it a pronoun of its own ("those who…", "those with").
const FUNCTION_WORD =
  /^(?:who|whom|whose|which|that|with|without|in|of|at|on|for|from|by|to|and|or|not|under|over|above|below|before|after|between|among|living|aged|age|ages)$/u;
// "this may be…", "these are…": the demonstrative is the subject.
const THIS_ALONE = /^(?:is|was|are|were|may|might|will|would|could|can)$/u;
// What makes a demonstrative describe, not point back: "those fully vaccinated", "those making",
// "those 65 and older".
const NOT_A_NOUN = /(?:ly|ing|ed)$|^\d/u;
// "this week", "this time", and the country the outlet writes in. (Months are capitalized, so
// "this may" is the verb.)
const TIME_NOUN = new RegExp(`^(?:${DATE_NOUNS}|time|times|country)$`, 'u');

// "that" as a determiner, not "said that …" or "a virus that leaked": after a preposition
// ("evidence of that effort"), or after a past verb not of speech or thought, on one noun
// before a comma, a stop or a preposition ("blocked that effort, leaving…").
const PREPOSITION = 'of|for|to|from|with|about|on|in|at|by|under|into|against|despite';
const NOT_SAID = String.raw`(?<!\b(?:${speechVerbPattern}|showed|found|believed|hoped|suggested|argued|warned|noted)\s+that)`;
const QUANTIFIER = 'one|some|many|much|all|most|none|everyone|everything|anyone|nobody|people';
const THAT_NOUN = new RegExp(
  String.raw`(?:\b(?:${PREPOSITION})\s+that|\b\p{Ll}+ed\s+that${NOT_SAID}(?=\s+\p{Ll}+(?<!s)(?:\s*[,.;]|\s+(?:${PREPOSITION})\b)))\s+(?!(?:${QUANTIFIER}|is|was|are|were|it|he|she|they|we|the|a|an|if|when|while|because)\b|\p{Ll}+(?:ed|ing|ly)\b)(\p{Ll}+)`,
  'gu',
);

/**
 * The narration past a short opening adverbial (`rest`, starting at `at`), and where its first
 * clause ends.
 */
function firstClause(narration: string): { rest: string; at: number; end: number } {
  const at = LEADING_ADVERBIAL.exec(narration)?.[0].length ?? 0;
  const rest = narration.slice(at);
  return { rest, at, end: CLAUSE_END.exec(rest)?.index ?? rest.length };
}

/** Whether a demonstrative points back: "these groups", "this may be", not "those who…". */
function pointsBack(match: RegExpMatchArray, namedBefore: (word: string) => boolean): boolean {
  const [, which, next = '', after = ''] = match;
  const word = next.toLowerCase();
  if (TIME_NOUN.test(word) || NOT_A_NOUN.test(word)) return false;
  // "this may be", "these are": the demonstrative alone stands for something named before.
  if (THIS_ALONE.test(word)) return true;
  // "for this," points back; "those who…", "those patients who have…", "those individuals with
  // severe cases" are defined where they stand.
  if (FUNCTION_WORD.test(word)) return which === 'this';
  if (which !== 'this' && FUNCTION_WORD.test(after)) return false;
  return !namedBefore(word);
}

/**
 * "Senate Republicans blocked that effort", "some of these parents", "Exhibit A for this may
 * be…": a demonstrative in the first clause on a noun the sentence has not named points at what
 * the sentence before named. After a clause boundary ("…by 2030, but … to achieve that goal")
 * it may point at the sentence's own words.
 */
function demonstrativeLeans(narration: string): boolean {
  const { rest, at, end } = firstClause(narration);
  const namedBefore = (index: number) => (word: string) =>
    (
      narration
        .slice(0, at + index)
        .toLowerCase()
        .match(/\p{L}+/gu) ?? []
    )
      .map(stem)
      .includes(stem(word));
  const inClause = (m: RegExpMatchArray) => (m.index ?? 0) < end;
  for (const m of [...rest.matchAll(THAT_NOUN)].filter(inClause)) {
    if (!namedBefore(m.index ?? 0)(m[1] ?? '')) return true;
  }
  return [...rest.matchAll(DEMONSTRATIVE)]
    .filter(inClause)
    .some((m) => pointsBack(m, namedBefore(m.index ?? 0)));
}

// "The official, who has direct knowledge…, was not authorized to discuss the matter and spoke on
// condition of anonymity": who the source named before is, and no fact of its own.
const SOURCING_ONLY =
  /^(?:The|That|This|These|Those)\s+(?:[\p{L}.-]+\s+){0,3}(?:officials?|person|people|sources?|aides?)\b(?:(?!\bsaid\b|\btold\b)[^.;])*\b(?:condition of anonymity|not authorized to (?:discuss|speak|comment))\b/u;

// "A risk to their fellow citizens.", "A threat to the nation's economic recovery.": a short
// noun phrase with no verb is an item of a list the sentence before opened.
const FRAGMENT_OPENING = /^An?\s/u;
const FRAGMENT_MAX_WORDS = 12;

function listFragment(t: string): boolean {
  if (!FRAGMENT_OPENING.test(t) || countWords(t) > FRAGMENT_MAX_WORDS) return false;
  return !tagWords(t).tags.some((tag) => tag === 'VERB' || tag === 'AUX');
}

function leansOnContext(t: string): boolean {
  if (SOURCING_ONLY.test(t) || listFragment(t)) return true;
  if (QUOTE_TAIL.test(t) || pronounAfterAdverbial(t) || WH_PRONOUN.test(t)) return true;
  if (BACK_REFERENCE.test(t) && !EXISTENTIAL_THERE.test(t) && !EXPLETIVE_IT.test(t)) return true;
  if (BACK_PHRASE.test(t)) return true;
  if (/^there\b/iu.test(t) && !EXISTENTIAL_THERE.test(t)) return true;
  if (RELATIVE_TIME.test(t) || FORMER_LATTER.test(t)) return true;
  // Quoted words are the speaker's ("the truth of that day"), not the narration's references.
  const narration = t.replace(/[“"][^”"]*[”"]/gu, '""');
  if (MAY_NEED_PREVIOUS.test(narration)) {
    if (NEEDS_PREVIOUS.test(narration) || countedFromEarlierEvent(narration)) return true;
  }
  if (NAMED_BEFORE.test(narration)) return true;
  if (narratorSpeaks(narration)) return true;
  if (demonstrativeLeans(narration)) return true;
  return EARLY_CONNECTIVE.test(t.split(/\s+/u).slice(0, 6).join(' '));
}

// "MOSCOW (Reuters) - ", "NEW YORK, March 18 (AP) — ", "(CNN) ": where and who filed it.
const DATELINE =
  /^\p{Lu}[\p{Lu}\s.'’-]*\p{Lu}\.?(?:,\s*[\p{L}.]+(?:\s+[\p{L}\d.]+){0,2})?(?:,?\s*\([^)]{1,40}\))?\s*[-–—]+\s/u;
const CREDIT = /^\([^)]{1,40}\)\s*(?:[-–—]+\s*)?/u;

function opensWithCredit(t: string): boolean {
  return DATELINE.test(t) || CREDIT.test(t);
}

// Besides the speech verbs: an outlet that "reported" the words, a crowd that "shouted" them.
const SPEECH_VERB = `(?:${speechVerbPattern}|reported|commented|shouted|chanted|according\\s+to)`;
const PRONOUN = '(?:[Hh]e|[Ss]he|[Tt]hey|[Ii]t|[Ww]e|[Ii]|[Hh]is|[Hh]er|[Tt]heir|[Ii]ts)';
// After the closing mark: a speaker of at most six words and a speech verb, or the verb first
// ("…,” said Kremlin spokesman Dmitry Peskov). A pronoun speaker ("…,” he said) is no name.
const ATTRIBUTION = new RegExp(
  `^[,.!?]?\\s*(?:${SPEECH_VERB}\\s+(?!${PRONOUN}\\b)[\\p{L}]|(?!${PRONOUN}\\s)(?:[\\p{L}\\p{N}.'’-]+\\s+){1,6}${SPEECH_VERB}\\b)`,
  'iu',
);
// Or a name and, between commas, who they are: "…,” Bridgett Floyd, George Floyd's sister, said…".
const NAMED_WITH_APPOSITIVE = new RegExp(
  `^[,.!?]?\\s*(?!${PRONOUN}\\b)(?:\\p{Lu}[\\p{L}.'’-]*\\s+){0,3}\\p{Lu}[\\p{L}.'’-]*,\\s+[^,"“”]{1,80},\\s+${SPEECH_VERB}\\b`,
  'u',
);

/**
 * "“He will pay a price,” Biden said…" names its speaker; a bare quotation does not. A quoted
 * word or two used as a noun ("“Killer” is how…") is read like any other opening.
 */
function quoteIsAttributed({ quoted, after }: { quoted: string; after: string }): boolean {
  if (ATTRIBUTION.test(after) || NAMED_WITH_APPOSITIVE.test(after)) return true;
  const words = quoted.split(/\s+/u).filter(Boolean).length;
  return words <= 3 && /^\s+\p{Ll}/u.test(after) && !leansOnContext(after.trim());
}
