import { countWords } from './count-words.ts';
import { findQuoteSpans } from './find-quote-spans.ts';
import { NUMBER_WORDS } from './number-words.ts';

/**
 * Shorter wordings of one source sentence, made only by deleting whole constituents: a text
 * that says no more than every credited outlet supports must still be the outlet's own words.
 * Nothing is reordered or added; the only other change is upper-casing the first letter.
 */

export type TrimKind =
  | 'dateline'
  | 'leading-adverbial'
  | 'relative-clause'
  | 'parenthetical'
  | 'appositive'
  | 'trailing-participle'
  | 'time-adjunct'
  | 'title'
  | 'circumstance';

/** One deleted constituent: [start, end) in the input sentence, delimiters included. */
export interface Removal {
  kind: TrimKind;
  range: [number, number];
}

export interface Trim {
  /** The shown text. */
  text: string;
  /** The source sentence the ranges index, so the trim is its own evidence. */
  sentence: string;
  /** [start, end) ranges of the sentence, in order, non-overlapping, non-empty. */
  kept: [number, number][];
  removed: Removal[];
}

type Range = [number, number];

// --- Words a removal may never contain -------------------------------------------------------
// Dropping any of these changes what the sentence claims (the prototype's misleading trims
// dropped exactly these), so a constituent holding one stays.

const NEGATIONS = words(
  'not no never nobody nothing none neither nor cannot without deny denies denied denying denial reject rejects rejected rejecting refuse refuses refused refusing fail fails failed failing unable lack lacks lacked lacking hardly barely nowhere false falsely incorrect incorrectly wrong wrongly mistaken mistakenly erroneous erroneously untrue baseless unfounded misleading debunked bogus',
);
const HEDGES = words(
  'alleged allegedly allegation allegations reportedly may might could would should likely unlikely possibly possible probably perhaps suspected suspect suspects expected expect expects appears appear appeared apparently seems seem seemed unconfirmed claimed claim claims claiming purportedly purported believed estimated approximately roughly nearly almost potential potentially',
);
const CONTRASTS = words(
  'but although though while whereas however despite yet even nevertheless nonetheless instead unlike contrast contrary conversely otherwise notwithstanding regardless except still other contradict contradicts contradicted contradicting undercut undercuts undercutting undermining defying',
);
const ATTRIBUTIONS = words(
  'said say says saying told tell tells telling according added adding reported reporting wrote writes tweeted stated asserted insisted argued argues noted explained declared acknowledged admitted confirmed confirms announced announces warned warns cautioned cautions accused accuses quoted quoting citing cited per source sources',
);
// Scope and quantity words: "only", "so far", "at least", "all" bound a claim as a number does.
const QUALIFIERS = words(
  'only just so far now least most all every each both many several few majority minority once twice half quarter',
);
const ORDINALS = words(
  'first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth hundredth thousandth millionth',
);
const LARGE_NUMBERS = words(
  'thirteen fourteen sixteen seventeen eighteen nineteen sixty seventy eighty ninety thousand thousands million millions billion billions trillion trillions dozens hundreds zero',
);

const PROTECTED = new Set([
  ...NEGATIONS,
  ...HEDGES,
  ...CONTRASTS,
  ...ATTRIBUTIONS,
  ...QUALIFIERS,
  ...ORDINALS,
  ...LARGE_NUMBERS,
  ...Object.keys(NUMBER_WORDS),
]);

function words(list: string): Set<string> {
  return new Set(list.split(' '));
}

const WORD = /[\p{L}\p{N}]+(?:['’][\p{L}\p{N}]+)*/gu;

function wordsOf(text: string): string[] {
  return [...text.matchAll(WORD)].map((m) => m[0].toLowerCase());
}

function isProtectedWord(word: string): boolean {
  // "n't" anywhere: "shouldn't've" is a negation too.
  return /\p{N}/u.test(word) || /n['’]t/u.test(word) || PROTECTED.has(word);
}

// --- Quotations --------------------------------------------------------------------------------

const SINGLE_OPEN = /(?<=^|[\s(“"—–-])['‘](?=[\p{L}\p{N}])/gu;
const SINGLE_CLOSE = /(?<=\S)['’](?![\p{L}\p{N}])/gu;

/**
 * [start, end) spans of the sentence's quotations, marks included: double quotes paired by
 * parity (see find-quote-spans.ts), and ‘…’ or '…' opened at a word start and closed by the next
 * mark that ends a word — an apostrophe inside a word ("Biden’s") is never a quote mark.
 */
export function quotationSpans(sentence: string): Range[] {
  const doubles: Range[] = findQuoteSpans(sentence).map((q) => [
    q.open,
    Math.min(q.close + 1, sentence.length),
  ]);
  const singles: Range[] = [];
  for (const open of sentence.matchAll(SINGLE_OPEN)) {
    SINGLE_CLOSE.lastIndex = open.index + 1;
    const close = SINGLE_CLOSE.exec(sentence);
    if (close) singles.push([open.index, close.index + 1]);
  }
  return [...doubles, ...singles].sort((a, b) => a[0] - b[0]);
}

// --- Datelines ---------------------------------------------------------------------------------

const CREDIT =
  '(?:Reuters|AP|AFP|CNN|CNBC|UPI|Bloomberg|Xinhua|TASS|Sputnik|dpa|DPA|ANI|PTI|IANS|BBC|Axios|The Hill|Fox News|CBS News|NBC News|ABC News|Associated Press|The Associated Press|CNN Business|CNN Politics)';
// "LONDON, March 3" or "KABUL, Afghanistan": a place, then a region or a date.
const DETAIL = "(?:, \\p{Lu}[\\p{L}.'’]*(?: \\p{Lu}[\\p{L}.'’]*)?(?: \\d{1,2})?)?";
const CAPS_PLACE = "\\p{Lu}[\\p{Lu}.'’-]{2,}(?: \\p{Lu}[\\p{Lu}.'’-]+){0,3}";
// Capitals that open ordinary copy ("NATO — Russia talks …"), not a dateline.
const NOT_PLACES =
  '(?!(?:NATO|GOP|OPEC|NASA|FBI|CIA|CDC|FDA|WHO|USA|U\\.S\\.|U\\.K\\.|EU|UN|UK|US)(?=[\\s,]))';
const ANY_PLACE = "\\p{Lu}[\\p{L}.'’-]*(?: \\p{Lu}[\\p{L}.'’-]*){0,2}";
const DASH = '(?:[-–—]{1,2})';
const DATELINES = [
  // "MOSCOW (Reuters) - ": capitals, a wire credit, then a dash.
  new RegExp(
    `^${NOT_PLACES}${CAPS_PLACE}${DETAIL} \\(${CREDIT}\\) ?${DASH} ?(?=\\p{Lu}|["“‘])`,
    'u',
  ),
  // "WASHINGTON — ": with no credit, only a long dash marks a dateline (a hyphen joins words).
  new RegExp(`^${NOT_PLACES}${CAPS_PLACE}${DETAIL} (?:—|–|--) (?=\\p{Lu}|["“‘])`, 'u'),
  // "(CNN)", "Washington (CNN) — ": a wire credit in brackets, dash optional.
  new RegExp(`^(?:${ANY_PLACE}${DETAIL} )?\\(${CREDIT}\\) ?(?:${DASH} ?)?`, 'u'),
];

/** Length of the dateline or wire credit that opens the sentence (0 when there is none). */
function datelineEnd(sentence: string): number {
  for (const pattern of DATELINES) {
    const match = pattern.exec(sentence);
    if (match && match[0].length < sentence.length) return match[0].length;
  }
  return 0;
}

// --- Sentence structure ------------------------------------------------------------------------

/** What the candidate finders need to know about a sentence. */
interface Frame {
  sentence: string;
  /** Where the text starts once the dateline is gone. */
  start: number;
  quotes: Range[];
  /** Commas outside quotations and brackets: the only ones that can delimit a constituent. */
  commas: number[];
  /** Index of the final . ! or ? (kept when a trailing constituent goes), or -1. */
  end: number;
}

function frameOf(sentence: string): Frame {
  const quotes = quotationSpans(sentence);
  return {
    sentence,
    start: datelineEnd(sentence),
    quotes,
    commas: topLevelCommas(sentence, quotes),
    end: finalPunctuation(sentence),
  };
}

function insideAny(index: number, spans: readonly Range[]): boolean {
  return spans.some(([s, e]) => index >= s && index < e);
}

function topLevelCommas(sentence: string, quotes: readonly Range[]): number[] {
  const commas: number[] = [];
  let depth = 0;
  for (let i = 0; i < sentence.length; i++) {
    const ch = sentence[i];
    if (ch === '(') depth++;
    else if (ch === ')') depth = Math.max(0, depth - 1);
    else if (ch === ',' && depth === 0 && !insideAny(i, quotes)) commas.push(i);
  }
  return commas;
}

// A truncated sentence ("…", "...") or one ending in a quote or bracket has no final point that
// a trailing removal could keep without cutting something.
function finalPunctuation(sentence: string): number {
  const last = sentence.length - 1;
  if (!/[.!?]$/u.test(sentence) || /(?:\.\.|…)$/u.test(sentence)) return -1;
  return /[\p{L}\p{N}]/u.test(sentence[last - 1] ?? '') ? last : -1;
}

// --- Word classes used to recognise constituents -----------------------------------------------

const TIME_WORDS = words(
  'monday tuesday wednesday thursday friday saturday sunday january february march april june july august september october november december jan feb mar apr jun jul aug sep sept oct nov dec morning afternoon evening night week weekend month year today yesterday tonight earlier later late early last this next recently previously meanwhile separately elsewhere',
);
// Verbs and auxiliaries that show a clause goes on after an inserted constituent.
const VERB_WORDS = words(
  'is are was were be been has have had will would can could may might must should shall do does did said says told withdrew took made gave went came saw found won lost left met led held kept sent spent brought bought thought fought wrote spoke broke chose rose fell began ran struck hit put set cut let became got knew grew threw drew flew sold paid stood sought caught built felt heard oversaw upheld',
);
const ADVERBS_BEFORE_VERB = words('also later previously recently earlier then now already');

/** A finite verb by its form; `strict` leaves out the -s form plural nouns share ("warns"). */
function isVerbLike(word: string, strict = false): boolean {
  const w = word.toLowerCase();
  if (VERB_WORDS.has(w)) return true;
  if (w !== word) return false;
  return (w.length > 4 && w.endsWith('ed')) || (!strict && /^[a-z]{3,}[^su]s$/u.test(w));
}

/** The word starting at `index` ('' when none does). */
function wordAt(sentence: string, index: number): string {
  return /^[\p{L}\p{N}]+(?:['’.-][\p{L}\p{N}]+)*\.?/u.exec(sentence.slice(index))?.[0] ?? '';
}

/** Whether a clause resumes at `index` ("said …", "has indicated …", "also said …"). */
function clauseResumes(sentence: string, index: number): boolean {
  const first = wordAt(sentence, index);
  if (isVerbLike(first, true)) return true;
  if (!ADVERBS_BEFORE_VERB.has(first) && !/^[a-z]+ly$/u.test(first)) return false;
  return isVerbLike(wordAt(sentence, index + first.length + 1), true);
}

// --- Candidate constituents --------------------------------------------------------------------

/** Whether the text in `range` can go: no quotation touched, no protected word inside. */
function isSafe(frame: Frame, [start, end]: Range): boolean {
  if (frame.quotes.some(([s, e]) => s < end && start < e)) return false;
  const text = frame.sentence.slice(start, end);
  if (/["“”„«»‘]/u.test(text)) return false;
  return !wordsOf(text).some(isProtectedWord);
}

/** The next top-level comma after `index`, or -1. */
function nextComma(frame: Frame, index: number): number {
  return frame.commas.find((c) => c > index) ?? -1;
}

function candidates(frame: Frame): Removal[] {
  const found = [
    ...leadingAdverbials(frame),
    ...commaConstituents(frame),
    ...parentheticals(frame),
    ...dashPairs(frame),
    ...trailingParticiples(frame),
    ...trailingCircumstances(frame),
    ...titles(frame),
    ...timeAdjuncts(frame),
  ];
  return found.filter((r) => isSafe(frame, r.range));
}

// --- Leading adverbials ------------------------------------------------------------------------

const LEADING_STARTERS = words(
  'in on at during after before amid amidst following over earlier later late early last this meanwhile separately elsewhere today yesterday tonight with since previously recently monday tuesday wednesday thursday friday saturday sunday',
);
// Words that make a leading phrase the question or topic an answer replies to ("Asked about
// X, he said …"), or a condition ("If …", "Under the plan, …"): dropping them misleads.
const FRAMING_WORDS = words(
  'about regarding concerning whether if unless asked responding response addressing referring commenting discussing reacting reaction answering answer replying reply pressed questioned question questions under as part plan deal proposal',
);
const SUBJECT_STARTERS = words(
  'the a an this that these those his her its their our my your he she it they we i you there',
);
const LIST_WORDS = words('and or of the a an');

/** "In a later news conference, Psaki said …" → "Psaki said …". */
function leadingAdverbials(frame: Frame): Removal[] {
  const comma = leadingComma(frame);
  if (comma < 0 || !startsClause(frame, comma + 2)) return [];
  return [{ kind: 'leading-adverbial', range: [frame.start, comma + 2] }];
}

/** The comma that closes an opening adverbial phrase, or -1. */
function leadingComma(frame: Frame): number {
  const comma = nextComma(frame, frame.start);
  if (comma < 0 || frame.sentence[comma + 1] !== ' ') return -1;
  return isLeadingPhrase(frame.sentence.slice(frame.start, comma)) ? comma : -1;
}

function isLeadingPhrase(phrase: string): boolean {
  const ws = wordsOf(phrase);
  const first = ws[0] ?? '';
  if (ws.length === 0 || ws.length > 14 || /[()—–"“”:;]|\s-/u.test(phrase)) return false;
  if (ws.some((w) => FRAMING_WORDS.has(w)) || scopesToPlace(phrase)) return false;
  if (ws.length === 1) return TIME_WORDS.has(first);
  const participle = /^\p{Lu}\p{Ll}{3,}ing$/u.test(phrase.split(' ')[0] ?? '');
  return participle || LEADING_STARTERS.has(first);
}

const PLACE_NOUNS = words(
  'country countries state states region city cities area areas nation world capital north south east west county district province chamber house senate party community',
);

/**
 * "In Mexico, politicians were cut off …": a place or body bounds where the claim holds, so
 * dropping it would make the claim general. Days and months are times, not places.
 */
function scopesToPlace(phrase: string): boolean {
  const [, ...rest] = phrase.split(' ');
  const head = rest.find((w) => !/^(?:the|a|an)$/u.test(w)) ?? '';
  const bare = head.replace(/[^\p{L}]/gu, '').toLowerCase();
  if (/^\p{Lu}/u.test(head)) return !TIME_WORDS.has(bare);
  return PLACE_NOUNS.has(bare);
}

/** Whether a main clause (subject first) starts at `index`, not the rest of a list. */
// A day or month right after the comma continues a list of dates ("On Monday, Tuesday and…").
const DATE_WORD =
  /^(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|May|June|July|August|September|October|November|December)$/u;

function startsClause(frame: Frame, index: number): boolean {
  const first = wordAt(frame.sentence, index);
  if (DATE_WORD.test(first)) return false;
  const lowerStart = /^\p{Ll}/u.test(first);
  if (first === '' || (lowerStart && !SUBJECT_STARTERS.has(first) && !/^[a-z]{4,}s$/u.test(first)))
    return false;
  // "On Monday, Tuesday and Wednesday, …": the next piece holds no common word, only names —
  // unless a name's appositive or relative clause opens there ("On Monday, Galeotti, who …").
  const stop = nextComma(frame, index);
  if (stop >= 0 && /^(?:a|an|the|which|who|whose|whom)$/u.test(wordAt(frame.sentence, stop + 2)))
    return true;
  const piece = frame.sentence.slice(index, stop < 0 ? undefined : stop);
  return piece.split(' ').some((w) => /^\p{Ll}/u.test(w) && !LIST_WORDS.has(w));
}

// --- Constituents between commas: relative clauses and appositives ----------------------------

const RELATIVE_PRONOUNS = words('which who whose whom where');
const RESUMING_PREPOSITIONS = words('on in at during after before over from to for with');

/**
 * A constituent opened by the comma at `open`: it closes at the next comma when a clause resumes
 * there ("Galeotti, a professor at UCL, said"), or at the final point when no comma follows.
 */
function commaSpan(frame: Frame, open: number): Range | undefined {
  const close = nextComma(frame, open);
  if (close < 0) return frame.end > open ? [open, frame.end] : undefined;
  if (frame.sentence[close + 1] !== ' ') return undefined;
  if (resumesAfterInsert(frame, close + 2)) return [open, close + 1];
  // "…hurt in the bombing, which occurred at …, officials said.": the tail keeps its comma.
  return isAttributionTail(frame, close) ? [open, close] : undefined;
}

function resumesAfterInsert(frame: Frame, index: number): boolean {
  return (
    clauseResumes(frame.sentence, index) || RESUMING_PREPOSITIONS.has(wordAt(frame.sentence, index))
  );
}

const MAX_TAIL_WORDS = 10;

/** ", officials said." or ", according to X.": a short attribution that ends the sentence. */
function isAttributionTail(frame: Frame, comma: number): boolean {
  if (frame.end < comma || nextComma(frame, comma) >= 0) return false;
  const tail = wordsOf(frame.sentence.slice(comma, frame.end));
  return tail.length <= MAX_TAIL_WORDS && tail.some((w) => ATTRIBUTIONS.has(w));
}

function commaConstituents(frame: Frame): Removal[] {
  const found: Removal[] = [];
  for (const comma of frame.commas) {
    if (comma < frame.start || frame.sentence[comma + 1] !== ' ') continue;
    const kind = constituentKind(frame, comma);
    const span = kind ? commaSpan(frame, comma) : undefined;
    if (kind && span) found.push({ kind, range: span });
  }
  return found;
}

// After "which is", what a judgement is not: a participle ("is separated"), a progressive ("is
// going"), an article or a preposition ("is in", "is home"… a noun phrase describes).
const NOT_A_JUDGEMENT = words(
  'a an the this that one not being been home part in on at of to for from by with near under',
);
const COPULAS = words('is was are were remains remained becomes became');

/**
 * ", which is legal in Massachusetts": a clause that judges what the sentence told (a copula and
 * an adjective) changes how it reads ("smoking marijuana" alone reads as wrongdoing), so it stays.
 */
function judgesTheClaim(frame: Frame, comma: number): boolean {
  const [pronoun, copula, word] = wordsOf(frame.sentence.slice(comma + 2)).slice(0, 3);
  if (pronoun !== 'which' || !copula || !COPULAS.has(copula) || !word) return false;
  return !NOT_A_JUDGEMENT.has(word) && !/(?:ed|en|ing)$/u.test(word);
}

function constituentKind(frame: Frame, comma: number): TrimKind | undefined {
  const next = wordAt(frame.sentence, comma + 2);
  if (RELATIVE_PRONOUNS.has(next))
    return judgesTheClaim(frame, comma) ? undefined : 'relative-clause';
  if (/^(?:a|an|the)$/u.test(next) && followsName(frame, comma) && isAppositive(frame, comma))
    return 'appositive';
  return undefined;
}

/** Whether a person's or place's name (not a day or month) ends right before `comma`. */
function followsName(frame: Frame, comma: number): boolean {
  const before = frame.sentence.slice(frame.start, comma).split(' ');
  const last = before.at(-1) ?? '';
  if (!/^\p{Lu}/u.test(last) || before.length < 2) return false;
  // "In Kabul, the Taliban …": the first comma closes a leading phrase, not a name.
  const opensPhrase = LEADING_STARTERS.has((before[0] ?? '').toLowerCase());
  if (opensPhrase && comma === nextComma(frame, frame.start)) return false;
  return !TIME_WORDS.has(last.replace(/\.$/u, '').toLowerCase());
}

/** A noun phrase, not a clause or the rest of a list ("Britain, the US and France"). */
function isAppositive(frame: Frame, comma: number): boolean {
  const span = commaSpan(frame, comma);
  if (!span) return false;
  const text = frame.sentence.slice(span[0] + 2, span[1]);
  const head = text.split(/ (?:who|which|that|whose)\b/u)[0] ?? '';
  if (head.split(' ').some((w) => isVerbLike(w, true))) return false;
  return !/ (?:and|or|&) (?:\p{Lu}|the |a |an )/u.test(text) && !inList(frame, comma);
}

/**
 * Whether the name before `comma` is itself one item of a comma chain ("the FDA, the Center for
 * Disease Control, the CDC, looked …"): there a comma separates items, not an insert.
 */
function inList(frame: Frame, comma: number): boolean {
  const previous = frame.commas.filter((c) => c >= frame.start && c < comma).at(-1);
  if (previous === undefined || leadingComma(frame) === previous) return false;
  const item = frame.sentence
    .slice(previous + 1, comma)
    .trim()
    .split(' ');
  return item.length <= 8 && !item.some((w) => isVerbLike(w, true));
}

// --- Brackets and dashes -----------------------------------------------------------------------

/** " (D-R.I.)", " (LCPS)": a bracketed aside after a word, never an opening bracket. */
function parentheticals(frame: Frame): Removal[] {
  const found: Removal[] = [];
  for (const m of frame.sentence.matchAll(/ \(([^()]+)\)(?=[\s,.;:!?]|$)/gu)) {
    if (m.index <= frame.start || reusedLater(frame.sentence, m[1] ?? '', m.index)) continue;
    found.push({ kind: 'parenthetical', range: [m.index, m.index + m[0].length] });
  }
  return found;
}

// An abbreviation defined in brackets and used again later would lose its definition.
function reusedLater(sentence: string, inner: string, index: number): boolean {
  return !inner.includes(' ') && sentence.indexOf(inner, index + inner.length + 3) >= 0;
}

const SPACED_DASH = / (?:—|–|--|-) /gu;
// An aside that adds a conjunct ("— and the evidence —") is part of what is claimed.
const CONJUNCT_START = /^(?:and|or|nor|plus|as well)\b/u;

/** "X — this time banning Y — Z" → "X Z"; a lone dash near the end runs to the final point. */
function dashPairs(frame: Frame): Removal[] {
  const dashes = [...frame.sentence.matchAll(SPACED_DASH)]
    .filter((m) => m.index >= frame.start && !insideAny(m.index + 1, frame.quotes))
    .map((m) => ({ at: m.index, after: m.index + m[0].length }));
  const found: Removal[] = [];
  for (let i = 0; i + 1 < dashes.length; i += 2) {
    const [a, b] = [dashes[i], dashes[i + 1]];
    if (a && b && !dashActsAsComma(frame.sentence, b.after))
      found.push({ kind: 'parenthetical', range: [a.at, b.after - 1] });
  }
  const lone = dashes.length % 2 === 1 ? dashes.at(-1) : undefined;
  if (lone && frame.end > lone.after)
    found.push({ kind: 'parenthetical', range: [lone.at, frame.end] });
  return found.filter((r) => !CONJUNCT_START.test(asideText(frame, r.range)));
}

// "— … — but the fact …", "— a lot — leading to …": the closing dash also separates clauses,
// and without it the join would lack its comma.
function dashActsAsComma(sentence: string, after: number): boolean {
  const next = wordAt(sentence, after);
  return /^(?:and|but|or|so|yet|nor|as)$/u.test(next) || /^[a-z]+ing$/u.test(next);
}

function asideText(frame: Frame, [start, end]: Range): string {
  return frame.sentence
    .slice(start, end)
    .replace(/^[\s—–-]+|[\s—–-]+$/gu, '')
    .toLowerCase();
}

// --- Trailing participial clauses --------------------------------------------------------------

// Participles that report speech or a claim ("…, saying …", "…, accusing …") carry attribution;
// nouns in -ing ("food, housing and …") are list items, not clauses.
const NOT_PARTICIPLES = words(
  'responding answering replying reacting referring saying adding telling citing noting arguing warning insisting claiming calling accusing blaming describing urging vowing promising acknowledging admitting asserting stating declaring announcing explaining writing tweeting asking demanding alleging charging denying rejecting dismissing defending praising criticizing criticising slamming blasting questioning suggesting indicating signaling signalling hinting pledging confirming reporting revealing disclosing predicting estimating including according following regarding concerning pending excluding during morning evening meeting building funding housing clothing training hearing ruling spending bombing shooting rating polling voting ceiling wedding something anything nothing everything thing king offering filing briefing setting landing crossing gathering uprising opening spring string bring',
);

// "in long, imposing rows": an adjective before the comma makes the -ing word one too.
const ADJECTIVES = words('long short big small new old large high low strong deep wide hard brief');

/** "…, prompting calls for an inquiry." → "…." */
function trailingParticiples(frame: Frame): Removal[] {
  const last = frame.commas.filter((c) => c >= frame.start).at(-1);
  if (last === undefined || frame.end < last) return [];
  const participle = wordAt(frame.sentence, last + 2);
  if (!/^[a-z]{3,}ing$/u.test(participle) || NOT_PARTICIPLES.has(participle)) return [];
  const before = wordsOf(frame.sentence.slice(frame.start, last)).at(-1) ?? '';
  const clause = frame.sentence.slice(last, frame.end);
  if (ADJECTIVES.has(before) || /[—–:;]|\s-\s/u.test(clause) || isShortList(clause)) return [];
  if (continuesGerunds(frame.sentence.slice(frame.start, last))) return [];
  return [{ kind: 'trailing-participle', range: [last, frame.end] }];
}

// "commit to increasing X, making Y and aligning Z": the -ing word is the next item of a list
// of gerunds begun before the comma, not a clause of its own.
function continuesGerunds(before: string): boolean {
  return /\b(?:to|of|for|by|about|on|in|from|without) [a-z]+ing\b/u.test(before);
}

// "more than style, sleeping in and barbecues": a short tail joined by "and" is a list's end.
function isShortList(clause: string): boolean {
  const ws = wordsOf(clause);
  return (
    ws.length < 3 || /^(?:and|or)$/u.test(ws[1] ?? '') || (ws.length <= 5 && ws.includes('and'))
  );
}

// --- Time adjuncts ------------------------------------------------------------------------------

// "on Monday", "late Tuesday night", "earlier today", "last week": when an event happened. Dropping
// it says less, never something else; a day two outlets give differently is a conflict that
// attribution finds on the whole sentences, so hiding it here cannot hide a disagreement.
const DAY = '(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)';
const POINT = `(?:(?:late|early|earlier|later) )?(?:on )?${DAY}(?: (?:morning|afternoon|evening|night))?`;
const RELATIVE_DAY = '(?:(?:earlier|later) )?(?:today|yesterday|tonight)';
const PERIOD =
  '(?:(?:earlier|later) )?(?:this|last) (?:week|weekend|month|year|fall|spring|summer|winter)';
// A deadline ("would end its mission by the end of the year"): without it the claim says less.
const DEADLINE = `by (?:the end of (?:the |this |next )?(?:year|month|week)|year['’]s end|${DAY})`;
const TIME_ADJUNCT = new RegExp(
  ` (?:(${POINT}|${RELATIVE_DAY})|(${PERIOD}|${DEADLINE}))(?![\\p{L}\\p{N}'’-])`,
  'gu',
);
// Any other date in the narration: "rose on Monday and fell on Tuesday" would lose its order.
const DATE_NAME = new RegExp(
  `\\b(?:${DAY}|January|February|March|April|May|June|July|August|September|October|November|December|today|yesterday|tonight|tomorrow|(?:this|last|next) (?:week|weekend|month|year))\\b`,
  'u',
);
// Words after which a time is the complement, not an adjunct: "is on Monday", "until Monday",
// "starting Monday", "the deadline, Monday".
const NOT_BEFORE_TIME = words(
  'is are was were be been being am on in until till by since from through before after as of for to at between and or than every each next that which the a an effective due set early late earlier later',
);
// What may follow an adjunct: a preposition or subordinator opening the next phrase. Anything
// else may make the day a modifier ("appeared on Sunday talk shows") or open a range
// ("Monday and Tuesday", "Monday to Friday").
const AFTER_TIME = words(
  'that in as after before with by for amid following during against over into about when where near outside inside across on',
);

/** "Biden on Monday signed …" → "Biden signed …"; "…, said Tuesday night." → "…, said." */
function timeAdjuncts(frame: Frame): Removal[] {
  const found: Removal[] = [];
  for (const m of frame.sentence.matchAll(TIME_ADJUNCT)) {
    const end = m.index + m[0].length;
    if (m.index < frame.start || otherDates(frame, [m.index, end])) continue;
    // A period or deadline bounds the figures of its clause: "rose 5% last year".
    if (m[2] !== undefined && hasNumber(frame.sentence)) continue;
    const range = adjunctRange(frame.sentence, m.index, end);
    if (range) found.push({ kind: 'time-adjunct', range });
  }
  return found;
}

function hasNumber(sentence: string): boolean {
  return wordsOf(sentence).some((w) => /\p{N}/u.test(w) || w in NUMBER_WORDS);
}

/** Whether the narration outside `range` names another date. */
function otherDates(frame: Frame, [start, end]: Range): boolean {
  const rest = keptRanges(frame.sentence.length, [{ kind: 'time-adjunct', range: [start, end] }])
    .map(([s, e]) => frame.sentence.slice(s, e))
    .join(' ');
  const narration = rest.replace(/["“][^"”]*["”]/gu, ' ');
  return DATE_NAME.test(narration);
}

/** The span to delete for the time at [space, end): the space before, or a pair of commas. */
function adjunctRange(sentence: string, space: number, end: number): Range | undefined {
  const next = sentence.slice(end);
  if (/^['’]s\b/u.test(next)) return undefined;
  if (sentence[space - 1] === ',') {
    return next.startsWith(',') ? [space - 1, end + 1] : undefined;
  }
  const before = /([\p{L}]+)$/u.exec(sentence.slice(0, space))?.[1] ?? '';
  if (before === '' || NOT_BEFORE_TIME.has(before.toLowerCase()) || /ing$/u.test(before)) {
    return undefined;
  }
  const after = /^ ([\p{L}]+)/u.exec(next)?.[1];
  if (after === undefined) return /^[,.;:!?]/u.test(next) ? [space, end] : undefined;
  return followsTime(before, after) ? [space, end] : undefined;
}

// "Biden on Monday signed", "said Monday in a statement", and after a verb of saying, its
// content ("said Tuesday the plan …").
function followsTime(before: string, after: string): boolean {
  if (AFTER_TIME.has(after) || isVerbLike(after, true)) return true;
  return ATTRIBUTIONS.has(before.toLowerCase()) && /^\p{Ll}/u.test(after);
}

// --- Past titles before a name -----------------------------------------------------------------

// "Former secretary of state Colin Powell has died" → "Colin Powell has died": a past office is
// background, who the person was. A current one stays: it is the capacity the person acts in
// ("District Attorney Cyrus Vance Jr. convened a grand jury"). Only a whole title goes, one that
// ends in a title noun (or "title of Place") right before a full name, so a name is never cut in
// two and never swapped for another's ("former aide to Senator John Smith" stays).
const PAST_ROLE = /\b(?:[Ff]ormer |[Tt]hen-)/gu;
const TITLE_NOUNS = words(
  'president vice secretary senator sen representative rep congressman congresswoman governor gov mayor chairman chairwoman chair director minister premier chancellor attorney general speaker leader whip judge justice ambassador envoy spokesperson spokesman spokeswoman commissioner adviser advisor officer ceo founder executive correspondent analyst anchor host prosecutor counsel lawyer chief head economist professor epidemiologist official strategist administrator commander admiral lawmaker nominee candidate student',
);
// Words that tie a title to someone else: "former aide to …", "former lawyer for …".
const RELATION_WORDS = words('to for with at by under from in on');
const DETERMINERS = words('the a an his her its their our my your this that');
const HONORIFIC = '(?:(?:Dr|Mr|Mrs|Ms|Sen|Rep|Gov|Gen|Lt|Col|Sgt|Adm|Capt|Rev|Prof)\\. )?';
const NAME_WORD = "\\p{Lu}\\p{Ll}+(?:[-'’]\\p{Lu}\\p{Ll}+)?";
const FULL_NAME = new RegExp(
  `${HONORIFIC}${NAME_WORD}(?: \\p{Lu}\\.)? ${NAME_WORD}(?: (?:Jr\\.|Sr\\.|II|III))?`,
  'uy',
);
// "Secretary of State", "chairman of the Joint Chiefs of Staff": offices named by what they are
// of, from a closed list, so that "president of the American" never passes for a title.
const TITLE_OF =
  /\b[\p{L}-]+ of (?:the )?(?:State|Defense|Homeland Security|Treasury|Justice|Commerce|Labor|Energy|Education|Agriculture|Transportation|Interior|Veterans Affairs|Health and Human Services|Army|Navy|Air Force|Joint Chiefs of Staff|Staff)$/iu;

/** "…against former President Donald Trump, …" → "…against Donald Trump, …". */
function titles(frame: Frame): Removal[] {
  const found: Removal[] = [];
  for (const m of frame.sentence.matchAll(PAST_ROLE)) {
    if (m.index < frame.start || !opensNounPhrase(frame.sentence, m.index)) continue;
    const end = titleEnd(frame.sentence, m.index);
    if (end !== undefined) found.push({ kind: 'title', range: [m.index, end] });
  }
  return found;
}

// "the former president Donald Trump", "Trump's former lawyer Michael Cohen": the title is the
// head of a larger phrase, and without it a determiner or possessive would dangle; after "and"
// it may be the second of two titles ("Businessman and former candidate Andrew Yang").
function opensNounPhrase(sentence: string, index: number): boolean {
  const before = (/(\S+) $/u.exec(sentence.slice(0, index))?.[1] ?? '').toLowerCase();
  return !DETERMINERS.has(before) && !/^(?:and|or|&)$|['’]s$/u.test(before);
}

/** Where the name after a title opening at `start` begins, when a whole title precedes it. */
function titleEnd(sentence: string, start: number): number | undefined {
  for (let at = sentence.indexOf(' ', start); at > 0 && at - start < 160; ) {
    const nameEnd = fullNameEnd(sentence, at + 1);
    if (nameEnd !== undefined && isTitle(sentence.slice(start, at))) return at + 1;
    at = sentence.indexOf(' ', at + 1);
  }
  return undefined;
}

/** Where a full name at `index` ends, if a lower-case word, a comma or a bracket follows it. */
function fullNameEnd(sentence: string, index: number): number | undefined {
  FULL_NAME.lastIndex = index;
  const name = FULL_NAME.exec(sentence);
  if (!name) return undefined;
  const end = index + name[0].length;
  return /^(?:[,.]| \p{Ll}| \()/u.test(sentence.slice(end, end + 2)) ? end : undefined;
}

function isTitle(text: string): boolean {
  const ws = wordsOf(text);
  if (ws.length > 14 || /[,;:()"“”‘’—–]|\s-/u.test(text.replace(/['’]s\b/gu, ''))) return false;
  if (ws.some((w) => RELATION_WORDS.has(w)) || text.split(' ').some((w) => isVerbLike(w, true))) {
    return false;
  }
  const last = (text.split(/[\s-]/u).at(-1) ?? '').replace(/\.$/u, '').toLowerCase();
  if (!TITLE_NOUNS.has(last) && !TITLE_OF.test(text)) return false;
  // "Biden and Vice President Kamala Harris": every conjunct must itself be a title.
  return text.split(/ (?:and|or|&) /u).every((part, i) => isConjunctTitle(part, i === 0));
}

// A conjunct opens with its title noun, and what follows "of" names a place or body, never
// another office holder ("former aide of President X" names X's aide, not X).
function isConjunctTitle(part: string, first: boolean): boolean {
  const ws = wordsOf(part);
  if (!first && !TITLE_NOUNS.has(ws[0] ?? '')) return false;
  const of = ws.indexOf('of');
  return of < 0 || !ws.slice(of + 1).some((w) => TITLE_NOUNS.has(w));
}

// --- Trailing circumstances --------------------------------------------------------------------

// ", as the Delta variant rattles the recovery": what was going on around the event. A clause
// must follow "as" (a subject, then a verb); "as well as", "as long as", "as part of" are not one.
const AS_SUBJECTS = words('the his her its their our this these those he she it they we');

/** "…, as the Delta variant rattles the recovery." → "…." */
function trailingCircumstances(frame: Frame): Removal[] {
  const last = frame.commas.filter((c) => c >= frame.start).at(-1);
  if (last === undefined || frame.end < last) return [];
  const clause = frame.sentence.slice(last + 2, frame.end);
  const [as, subject = '', ...rest] = clause.split(' ');
  if (as !== 'as' || !(AS_SUBJECTS.has(subject) || /^\p{Lu}\p{Ll}/u.test(subject))) return [];
  if (!rest.some((w) => isVerbLike(w.replace(/[^\p{L}]/gu, '')))) return [];
  return [{ kind: 'circumstance', range: [last, frame.end] }];
}

// --- Assembling trims --------------------------------------------------------------------------

/** The complement of the removals, as ordered non-empty ranges. */
function keptRanges(length: number, removed: readonly Removal[]): Range[] {
  const kept: Range[] = [];
  let at = 0;
  for (const { range } of [...removed].sort((a, b) => a.range[0] - b.range[0])) {
    if (range[0] > at) kept.push([at, range[0]]);
    at = Math.max(at, range[1]);
  }
  if (at < length) kept.push([at, length]);
  return kept;
}

/**
 * Rebuilds a text from kept ranges: the ranges' substrings joined, with the first letter
 * upper-cased — the only change ever made besides removal.
 */
export function textOf(sentence: string, kept: readonly (readonly [number, number])[]): string {
  const joined = kept.map(([s, e]) => sentence.slice(s, e)).join('');
  return joined.charAt(0).toUpperCase() + joined.slice(1);
}

function trimWith(sentence: string, removed: Removal[]): Trim {
  const ordered = [...removed].sort((a, b) => a.range[0] - b.range[0]);
  const kept = keptRanges(sentence.length, ordered);
  return { text: textOf(sentence, kept), sentence, kept, removed: ordered };
}

/** The sentence with its dateline/wire credit removed (always applied), or the whole sentence. */
export function baseTrim(sentence: string): Trim {
  const start = datelineEnd(sentence);
  return trimWith(sentence, start > 0 ? [{ kind: 'dateline', range: [0, start] }] : []);
}

const MIN_WORDS = 5;

// A join that leaves stray punctuation or spacing means a removal took the wrong delimiters.
const BAD_JOIN = /^(?: {2}| [,.;:!?)]|[,;:] ?[,.;:!?])/u;

function joinsCleanly(trim: Trim): boolean {
  return trim.kept.every(([start], i) => {
    if (i === 0) return start === 0 || /^[\p{L}"“‘(]/u.test(trim.sentence.slice(start));
    const left = trim.sentence.charAt((trim.kept[i - 1]?.[1] ?? 0) - 1);
    return !BAD_JOIN.test(left + trim.sentence.slice(start, start + 2));
  });
}

function hasMainVerb(text: string): boolean {
  return text.split(' ').some((w) => isVerbLike(w.replace(/[^\p{L}'’-]/gu, '')));
}

function acceptable(trim: Trim, base: Trim): boolean {
  if (countWords(trim.text) < MIN_WORDS || !joinsCleanly(trim)) return false;
  return hasMainVerb(trim.text) || !hasMainVerb(base.text);
}

function disjoint(removals: readonly Removal[]): boolean {
  const sorted = [...removals].sort((a, b) => a.range[0] - b.range[0]);
  return sorted.every((r, i) => i === 0 || (sorted[i - 1]?.range[1] ?? 0) <= r.range[0]);
}

const MAX_TRIMS = 32;
// No news sentence is this long; past it (a paragraph with no full stops) only the base trim is
// offered, so the cost stays bounded.
const MAX_SENTENCE_CHARS = 2000;
// 2^10 subsets at most: enough for any news sentence, and bounded for a pathological one.
const MAX_CANDIDATES = 10;

/** Subsets of `items` with at least two members, smallest first. */
function* combinations<T>(items: readonly T[]): Generator<T[]> {
  for (let size = 2; size <= items.length; size++) yield* subsetsOfSize(items, size, 0);
}

function* subsetsOfSize<T>(items: readonly T[], size: number, from: number): Generator<T[]> {
  if (size === 0) {
    yield [];
    return;
  }
  for (let i = from; i <= items.length - size; i++) {
    const head = items[i];
    if (head === undefined) continue;
    for (const tail of subsetsOfSize(items, size - 1, i + 1)) yield [head, ...tail];
  }
}

/**
 * Every safe trim of the sentence: the base trim first, then single removals, then
 * combinations, each distinct text once, at most 32.
 */
export function trims(sentence: string): Trim[] {
  const base = baseTrim(sentence);
  if (sentence.length > MAX_SENTENCE_CHARS) return [base];
  const found = candidates(frameOf(sentence)).slice(0, MAX_CANDIDATES);
  const result = [base];
  const seen = new Set([base.text]);
  const offer = (parts: Removal[]): void => {
    if (result.length >= MAX_TRIMS || !disjoint(parts)) return;
    const trim = trimWith(sentence, [...base.removed, ...parts]);
    if (seen.has(trim.text) || !acceptable(trim, base)) return;
    seen.add(trim.text);
    result.push(trim);
  };
  for (const one of found) offer([one]);
  for (const set of combinations(found)) offer(set);
  return result;
}
