import { asksQuestion, type Claim, QUOTATION, sharedTerms } from './claim.ts';
import { eventCore, mayTell, REPORTING_LEMMAS, sameCore, swapped } from './event-core.ts';
import { isForecast } from './forecast.ts';
import { porterStem, type Tagged, tagWords } from './tag-words.ts';
import { stem } from './tokenize.ts';

/**
 * Whether two outlets' sentences tell one event, each in its own words: the test behind
 * "Also reported by" (tellings.ts, attribute.ts). Most of each one's content terms are in the
 * other (or, for two outlets' leads, 40 % and a verb in common; or, for any two, 30–40 % and the
 * same first verb; or both tell who did what to whom alike, event-core.ts), and nothing marks
 * them as
 * two different claims about one topic: another speaker,
 * or other people, numbers or days with none in common, doer and the one acted on swapped,
 * opposite verbs ("approved" /
 * "rejected"), a negation only one has, a plan against a deed, or a question against a
 * statement.
 * Weaker than supports(): either may add a detail, so neither outlet is credited with the other's
 * wording, only with the event.
 */

/** A sentence as the test reads it. */
export interface Told {
  text: string;
  claim: Claim;
  /** Its place among its article's body sentences (0: the lead), when known. */
  rank?: number;
}

/**
 * Share of each wording's terms the other has, below which two sentences are not taken to tell
 * one event. Measured on the judged pairs (bench/gold): at 0.5 every pair that passes reports
 * the same claim (28 of 28, on both halves).
 */
export const SAME_EVENT_COVER = 0.5;
// Fewer shared content terms than this is too little to tell one event by.
const SAME_EVENT_MIN_SHARED = 3;

const disjoint = (a: ReadonlySet<string>, b: ReadonlySet<string>) =>
  a.size > 0 && b.size > 0 && ![...a].some((x) => b.has(x));

// A value of a claim that is a day, month or part of the day, not a number.
const TIME_VALUE = /^\p{L}/u;

/**
 * Both give numbers and share none ("12 people" / "300 homes", "2019" / "2021", "69-30" /
 * "50-49"), or both give days or months and share none ("Monday" / "Tuesday"). One giving a
 * number the other lacks (an age, a count) is a detail, not another claim.
 */
function otherValues(a: Claim, b: Claim): boolean {
  const split = (c: Claim) => {
    const values = [...c.values];
    return [
      new Set(values.filter((v) => !TIME_VALUE.test(v))),
      new Set(values.filter((v) => TIME_VALUE.test(v))),
    ] as const;
  };
  const [numbersA, timesA] = split(a);
  const [numbersB, timesB] = split(b);
  return disjoint(numbersA, numbersB) || disjoint(timesA, timesB);
}

/**
 * Both say who speaks, and it is not the same one: a claim is also who makes it. Both name
 * people and none in common: another actor ("Senator Creighton said…" / "Senator Bettencourt
 * denied…").
 */
function otherActor(a: Claim, b: Claim): boolean {
  return (
    disjoint(a.speakers, b.speakers) ||
    disjoint(a.attribution, b.attribution) ||
    disjoint(a.people, b.people)
  );
}

// Whose figures or findings they are: "surveyed by Refinitiv", "according to Johns Hopkins".
const NAMED_BY =
  /\b(?:(?:surveyed|polled|compiled|conducted|published|released|commissioned|gathered) by|according to)\s+(?:the\s+)?((?:\p{Lu}[\p{L}.'’&-]*\s*)+)/gu;

/** The words of the sources a sentence names, quotations left out. */
function namedBy(text: string): Set<string> {
  const narration = text.replace(QUOTATION, ' ');
  return new Set(
    [...narration.matchAll(NAMED_BY)].flatMap((m) =>
      (m[1] ?? '').trim().toLowerCase().split(/\s+/u),
    ),
  );
}

/**
 * Both name whose figures or findings they tell, and neither names the other's anywhere:
 * "analysts surveyed by Refinitiv expected 870,000" is not "economists surveyed by Dow Jones
 * expected 845,000"; "according to NBC News" is "according to CDC data received by NBC News".
 */
function otherSource(a: Told, b: Told): boolean {
  const x = namedBy(a.text);
  const y = namedBy(b.text);
  if (x.size === 0 || y.size === 0) return false;
  const named = (words: ReadonlySet<string>, claim: Claim) =>
    [...words].some((w) => claim.wordSet.has(w));
  return !named(x, b.claim) && !named(y, a.claim);
}

// Verbs of opposite outcome in news copy, as stems of both forms: one outlet's "approved" is
// not the other's "rejected".
const OPPOSITES: readonly (readonly [string, string])[] = (
  [
    ['approve', 'reject'],
    ['pass', 'fail'],
    ['pass', 'block'],
    ['win', 'lose'],
    ['won', 'lost'],
    ['rise', 'fall'],
    ['rose', 'fell'],
    ['increase', 'decrease'],
    ['accept', 'refuse'],
    ['accept', 'reject'],
    ['confirm', 'deny'],
    ['support', 'oppose'],
    ['acquit', 'convict'],
    ['open', 'close'],
    ['allow', 'ban'],
    ['lift', 'impose'],
    ['raise', 'cut'],
    ['hire', 'fire'],
    ['arrest', 'release'],
    ['guilty', 'innocent'],
  ] as const
).map(([x, y]) => [stem(x), stem(y)] as const);

function opposite(a: Claim, b: Claim): boolean {
  return OPPOSITES.some(
    ([x, y]) => (a.terms.has(x) && b.terms.has(y)) || (a.terms.has(y) && b.terms.has(x)),
  );
}

// A negation in the narration (quotations are someone's words, not the sentence's claim).
// A "no vote" is a vote against, not a negation.
const NEGATION = /\b(?:not|never|no(?![\s-]+votes?\b)|neither|nor|without)\b|n['’]t\b/iu;
const negated = (text: string) => NEGATION.test(text.replace(QUOTATION, ' '));

// A relative clause opens here: what it says of someone ("a jury that is expected to weigh…")
// is not the sentence's own tense.
const RELATIVE_CLAUSE = /\s(?:that|which|who|whom|whose)\s/u;
const ownClause = (text: string) => text.split(RELATIVE_CLAUSE)[0] ?? text;

/**
 * What only the texts tell: a negation one lacks, a plan against a deed ("will vote" /
 * "approved"), or a question against a statement.
 */
function otherMood(a: string, b: string): boolean {
  const planned = (t: string) => isForecast(ownClause(t));
  return (
    negated(a) !== negated(b) || planned(a) !== planned(b) || asksQuestion(a) !== asksQuestion(b)
  );
}

function covers(a: Claim, b: Claim): boolean {
  const shared = sharedTerms(a, b);
  if (shared < SAME_EVENT_MIN_SHARED) return false;
  // Most of the telling is the item's event: more than half of its words; its extras are a detail.
  return shared / a.terms.size >= SAME_EVENT_COVER && shared / b.terms.size > SAME_EVENT_COVER;
}

/**
 * Two outlets' leads (each article's first sentence) each state that outlet's main news: told
 * with a verb in common, and both as a report of what someone said or neither, this share of
 * each one's terms is enough. Without the verb it would take "accused the DA" / "surrendered";
 * at 0.3, or with one sentence attributed and the other not, 7 of 60 such tellings read blind
 * told another claim ("…are not getting their second doses" / "…said that shows the importance
 * of a one-shot vaccine").
 */
export const LEAD_COVER = 0.4;
const LEAD_MIN_SHARED = 4;

function coversAsLeads(a: Told, b: Told): boolean {
  if (a.rank !== 0 || b.rank !== 0) return false;
  const shared = sharedTerms(a.claim, b.claim);
  if (shared < LEAD_MIN_SHARED) return false;
  if (shared / a.claim.terms.size < LEAD_COVER || shared / b.claim.terms.size < LEAD_COVER) {
    return false;
  }
  if (reported(a.claim) !== reported(b.claim)) return false;
  const verb = firstSharedVerb(a.text, b.text);
  return verb !== undefined && aheadAlike(a.text, b.text, verb, AHEAD);
}

/**
 * Two sentences that tell their event with the same first event verb (not a light one: "take",
 * "make", "use"…), done in both or ahead in both, sharing this share of each one's terms, at
 * least VERB_MIN_SHARED of them, and a number, a day or a person, or else VERB_COVER_ALONE of
 * each one's terms: "A federal judge in California on Friday overturned the state's
 * three-decade-old ban on assault weapons…" / "A federal judge overturned California's
 * 32-year-old ban on assault weapons, calling the law unconstitutional in a Friday decision…".
 * Two leads with the same doer need only LEAD_DOER_COVER.
 * On the judged pairs (bench/gold) it adds none that tells another claim. Read blind, any verb in
 * common (not the first of each) let in 17 wrong of 69 ("The prior week's reading was revised
 * down to 405,000" under "claims fell to 385,000"); the first verb of each kept 16, all right.
 */
export const VERB_COVER = 0.3;
// Two outlets' leads whose doer is the same ("The House passed a resolution Tuesday to expel
// Confederate statues…" / "The House passed legislation on Tuesday that would remove artwork…")
// need only this share: each outlet describes what was done at length, in its own words. Over
// the 483 clusters it adds 4 tellings, all of one event.
export const LEAD_DOER_COVER = 0.15;
const VERB_COVER_ALONE = 0.4;
const VERB_MIN_SHARED = 4;
// Verbs that say little of the event on their own.
const LIGHT_VERBS = new Set(
  (
    'be have do make take get go come give put set use need face expect see look hold keep ' +
    'call show include remain become seem begin continue want try help find know think feel ' +
    'leave ask warn'
  )
    .split(' ')
    .map(porterStem),
);

function coversWithVerb(a: Told, b: Told): boolean {
  const shared = sharedTerms(a.claim, b.claim);
  if (shared < VERB_MIN_SHARED) return false;
  const cover = Math.min(shared / a.claim.terms.size, shared / b.claim.terms.size);
  const leads = a.rank === 0 && b.rank === 0;
  if (cover < (leads ? LEAD_DOER_COVER : VERB_COVER)) return false;
  const anchored =
    cover >= VERB_COVER_ALONE ||
    [...a.claim.values].some((v) => b.claim.values.has(v)) ||
    [...a.claim.people].some((p) => b.claim.people.has(p));
  if (!anchored || opensOnQuotation(a.text) || opensOnQuotation(b.text)) return false;
  const [verb] = eventVerbs(a.text);
  if (verb === undefined || LIGHT_VERBS.has(verb) || [...eventVerbs(b.text)][0] !== verb) {
    return false;
  }
  // Under VERB_COVER only two leads with one doer; their cores are read last, as they cost most.
  if (cover < VERB_COVER && !sameDoer(a, b)) return false;
  return aheadAlike(a.text, b.text, verb, AHEAD);
}

/** Both tell who acts, and share a term of it (event-core.ts). */
function sameDoer(a: Told, b: Told): boolean {
  const x = eventCore(a.text);
  const y = x && eventCore(b.text);
  return !!x && !!y && [...x.agent].some((t) => y.agent.has(t));
}

// A sentence that opens on a quotation: whose words they are is the speaker's event, not a verb's.
const opensOnQuotation = (text: string): boolean => /^\s*["“”‘'«]/u.test(text);

/** The first of `a`'s event verbs that `b` tells its event with too. */
function firstSharedVerb(a: string, b: string): string | undefined {
  const verbs = eventVerbs(b);
  return [...eventVerbs(a)].find((v) => verbs.has(v));
}

/**
 * The verb the two share, `verb`, is done in both or ahead in both (`before`: the words that put
 * it ahead): "intends to sign" is not "signed".
 */
function aheadAlike(a: string, b: string, verb: string, before: RegExp): boolean {
  return verbsAhead(a, before).has(verb) === verbsAhead(b, before).has(verb);
}

// Words of an intention, for any two sentences: "intends to sign" is a plan, whatever the other
// says ("will extend" / "is extending" is one decision, "intends to sign" / "signed" is not).
const INTENTION = 'intends?|intending|plans?|planning|aims?|aiming|hopes?|hoping|wants?|seeks?';
const INTENDS = new RegExp(`^(?:${INTENTION})$`, 'iu');

// Words that put the verb after them ahead: "will sign", "intends to sign", "is set to sign".
const AHEAD = new RegExp(
  `^(?:will|shall|would|may|might|could|can|should|must|${INTENTION}|expects?|expected|set|due|going|poised|scheduled|slated|vows?|vowed|promised|pledged)$`,
  'iu',
);

/** The stems of verbs told as ahead: right after "will", or after "intends to", "plans to"…. */
function verbsAhead(text: string, before: RegExp): Set<string> {
  const { words, tags, lemmas } = tagWords(text.replace(QUOTATION, ' '));
  const ahead = new Set<string>();
  tags.forEach((tag, i) => {
    if (tag !== 'VERB') return;
    const word = words[i - 1]?.toLowerCase() === 'to' ? words[i - 2] : words[i - 1];
    if (before.test(word ?? '')) ahead.add(porterStem((lemmas[i] ?? '').toLowerCase()));
  });
  return ahead;
}

/** The sentence reports what someone said ("…, the ministry said"). */
const reported = (c: Claim): boolean => c.speakers.size > 0 || c.attribution.size > 0;

// Verbs that report speech, not the event spoken of ("said", "announced", "told").
const REPORTING_VERBS = new Set([...REPORTING_LEMMAS].map(porterStem));

// Words after which a verb describes someone or something named, not the event: "officers who
// worked…", "a committee investigating…", "tasked with investigating…".
const MODIFIED = /^(?:who|that|which)$/iu;
const BEFORE_PARTICIPLE = new Set(['NOUN', 'PROPN', 'ADP']);

/** Whether the verb at `i` only describes what precedes it (a relative clause, a participle). */
function describes(tagged: Tagged, i: number): boolean {
  const { words, tags } = tagged;
  if (MODIFIED.test(words[i - 1] ?? '')) return true;
  return isParticiple(tagged, i) && BEFORE_PARTICIPLE.has(tags[i - 1] ?? '');
}

/** A participle ("investigating"), not a verb that ends so ("bring"). */
function isParticiple({ words, lemmas }: Tagged, i: number): boolean {
  const word = (words[i] ?? '').toLowerCase();
  return /ing$/u.test(word) && lemmas[i] !== word;
}

/** The stems of the verbs the narration tells its event with (quotations are someone's words). */
function eventVerbs(text: string): Set<string> {
  const tagged = tagWords(text.replace(QUOTATION, ' '));
  const { tags, lemmas } = tagged;
  const verbs = new Set<string>();
  tags.forEach((tag, i) => {
    if (tag !== 'VERB' || describes(tagged, i)) return;
    // A capital inside the sentence is a name's ("the Voting Rights Act", "Anderson Cooper"); an
    // opening participle sets the scene ("Speaking in Phoenix, Trump hailed…").
    if (/^\p{Lu}/u.test(tagged.words[i] ?? '') && (i > 0 || isParticiple(tagged, i))) return;
    // "The media were up in arms … over Gov. Ron DeSantis, signing a new law": with no event verb
    // before it, a participle after a comma is someone else's act, not the sentence's event
    // ("Blinken testified …, facing a second day" is Blinken's second act).
    if (verbs.size === 0 && afterComma(tagged, i)) return;
    const verb = porterStem((lemmas[i] ?? '').toLowerCase());
    if (!REPORTING_VERBS.has(verb)) verbs.add(verb);
  });
  return verbs;
}

/** A participle right after a comma ("…, signing a new law"). */
const afterComma = (tagged: Tagged, i: number): boolean =>
  tagged.words[i - 1] === ',' && isParticiple(tagged, i);

/** Both tell who did what to whom alike (event-core.ts), sharing this many terms in all. */
function coresMatch(a: Told, b: Told): boolean {
  if (sharedTerms(a.claim, b.claim) < SAME_EVENT_MIN_SHARED) return false;
  const x = eventCore(a.text);
  // `a`'s act and what it acts on must be among `b`'s words before `b` is read for its core.
  if (!x || !mayTell(x, b.claim.terms)) return false;
  const y = eventCore(b.text);
  return y !== undefined && sameCore(x, y);
}

/** The same words, doer and the one acted on swapped: "Abbott criticized Adler" / "Adler…". */
function rolesSwapped(a: Told, b: Told): boolean {
  const x = eventCore(a.text);
  const y = x && eventCore(b.text);
  return x !== undefined && y !== undefined && swapped(x, y);
}

/** Whether `b` tells the event `a` tells (the module comment gives the rule). */
export function sameEvent(a: Told, b: Told): boolean {
  const [x, y] = [a.claim, b.claim];
  const overlap = covers(x, y) || coversAsLeads(a, b) || coversWithVerb(a, b);
  // Cores compare the act's own mood; a negation or plan elsewhere in the sentence is a detail.
  const core = !overlap && coresMatch(a, b);
  if (!(overlap || core) || otherActor(x, y) || otherValues(x, y) || opposite(x, y)) return false;
  if (otherSource(a, b)) return false;
  if (overlap && rolesSwapped(a, b)) return false;
  if (core) return asksQuestion(a.text) === asksQuestion(b.text);
  if (otherMood(a.text, b.text)) return false;
  const verb = firstSharedVerb(a.text, b.text);
  return verb === undefined || aheadAlike(a.text, b.text, verb, INTENDS);
}
