import { QUOTATION } from './claim.ts';
import { FUTURE_VERB } from './forecast.ts';
import { stopwords } from './stopwords.ts';
import { type Tagged, tagWords } from './tag-words.ts';
import { stem, tokenize } from './tokenize.ts';

/**
 * Who did what to whom: the core of the event a sentence tells, read from wink-nlp's parts of
 * speech. "Russia withdrew its ambassador to the United States on Wednesday…" and "Russia has
 * called home its ambassador for talks…" share their core (Russia, recall, ambassador) while
 * sharing too few of their other words for same-event.ts's overlap tests. Terms are tokenize()'s,
 * so an outlet's "withdrew" and another's "called home" meet as "recall".
 */
export interface EventCore {
  /** Who acts: the nouns before the verb (for a passive, those after "by"). */
  agent: ReadonlySet<string>;
  /** The act: the main verb's term ("withdrew" → "recall"), and the class of acts it is in. */
  acts: ReadonlySet<string>;
  /** Who or what undergoes it: the nouns after an active verb, or a passive verb's subject. */
  patient: ReadonlySet<string>;
  /** Whether the sentence reports what someone said ("…, the ministry said"). */
  reported: boolean;
  /** Whether the act is denied ("did not approve") or ahead ("will approve", "plans to approve"). */
  negated: boolean;
  planned: boolean;
  /**
   * `passive`: "was arrested (by police)". `objectless`: the verb acts on nothing ("benefits
   * expired", "he surrendered to authorities"), so what it tells of is its subject, in
   * `patient`. Absent: an active verb with its object.
   */
  voice?: 'passive' | 'objectless';
}

/**
 * Verbs news copy uses for one act, by stem: a court "struck down", "vacated" or "blocked" a
 * rule; a chamber "approved" or "passed" a bill. Used only where who acts and on what already
 * agree (sameCore), so "blocked a measure" (Senate) meets "sank a plan" but never "killed".
 */
const ACT_CLASSES: readonly (readonly string[])[] = [
  ['strike down', 'vacate', 'overturn', 'overrule', 'nullify', 'void', 'block'],
  ['sink', 'block', 'reject', 'defeat', 'vote down'],
  ['approve', 'pass', 'adopt', 'clear'],
  ['ban', 'prohibit', 'outlaw', 'bar'],
  ['require', 'mandate'],
  ['fire', 'dismiss', 'oust', 'sack'],
  ['arrest', 'detain'],
  ['charge', 'indict'],
  ['raise', 'hike', 'increase', 'boost'],
  ['cut', 'lower', 'reduce', 'slash'],
  ['free', 'release'],
  ['urge', 'press'],
  ['reach', 'hit', 'surpass', 'top', 'cross', 'pass', 'record'],
  ['end', 'expire'],
  ['reinstate', 'restore', 'reimpose'],
  ['ease', 'loosen'],
  ['invite', 'challenge'],
  ['resign', 'step down', 'quit'],
  ['receive', 'get'],
];
const lower = (word: string | undefined) => (word ?? '').toLowerCase();
/** A verb's key: its term, and a particle after it ("strike down"). */
const verbKey = (verb: string, particle?: string) => {
  const term = tokenize(verb)[0] ?? verb.toLowerCase();
  return particle ? `${term} ${particle}` : term;
};
const classesOf = new Map<string, string[]>();
// Each class's verbs as a sentence's terms have them ("struck down" → "strike"'s term).
const classWords = new Map<string, string[]>();
for (const verbs of ACT_CLASSES) {
  const name = `class:${verbs[0]}`;
  for (const verb of verbs) {
    const [head = verb, particle] = verb.split(' ');
    const key = verbKey(head, particle);
    classesOf.set(key, [...(classesOf.get(key) ?? []), name]);
    // The verb's own stem too: "vote" is "election" to tokenize, "voted" is "vot".
    classWords.set(name, [...(classWords.get(name) ?? []), verbKey(head), stem(head)]);
  }
}

/**
 * Terms a sentence must have to tell this core's act: its verb's, or any verb's of its classes.
 * A cheap test before a sentence is read for its own core.
 */
export function actWords(core: EventCore): string[] {
  return [...core.acts].flatMap((act) => classWords.get(act) ?? [act.split(' ')[0] ?? act]);
}

// A sentence's term of the same word: a verb's lemma and its form may stem apart ("fire" /
// "fired", "end" / "ending", "revis" / "reviz"); their first four letters (three, for a word of
// three) are enough for this first test.
function alike(terms: ReadonlySet<string>, word: string): boolean {
  if (terms.has(word)) return true;
  const n = Math.min(4, word.length);
  if (n < 3) return false;
  const head = word.slice(0, n);
  for (const t of terms) if (t.length >= n && t.startsWith(head)) return true;
  return false;
}

// Verbs a sentence's terms leave out ("asked", "said"): their act cannot be looked for there.
const unlisted = new Set([...stopwords].map(stem));
// Whether an act word is such a verb, worked out once per word (there are few).
const unlistedWords = new Map<string, boolean>();
function isUnlisted(word: string): boolean {
  let known = unlistedWords.get(word);
  if (known === undefined) {
    known = alike(unlisted, word);
    unlistedWords.set(word, known);
  }
  return known;
}

/**
 * Whether `terms` (a sentence's) could tell `core`'s event: they have its act and what it acts
 * on. A cheap test before the sentence is read for its own core; it may let through more.
 */
export function mayTell(core: EventCore, terms: ReadonlySet<string>): boolean {
  return (
    [...core.patient].some((t) => alike(terms, t)) &&
    actWords(core).some((w) => isUnlisted(w) || alike(terms, w))
  );
}

/** Verbs that report speech, as lemmas: the event is in what they report, not in them. */
export const REPORTING_LEMMAS: ReadonlySet<string> = new Set(
  'say tell announce report add state claim note confirm accord write tweet explain'.split(' '),
);
// Words that open a clause about someone already named ("…, which the Kremlin said…").
const RELATIVE = new Set(['which', 'who', 'whom', 'whose', 'that', 'where', 'when']);
const NOMINAL = new Set(['NOUN', 'PROPN']);
// Where the noun phrase after a verb ends.
const PHRASE_END = new Set(['ADP', 'PUNCT', 'VERB', 'AUX', 'PART', 'SCONJ', 'CCONJ']);
// A particle that makes another verb of its verb ("called home" is "recalled").
const PARTICLES = new Set(['home', 'back', 'out', 'off', 'up', 'down']);

/** A particle at `k` ("called back"), not the start of "up to nine" or "down to 40". */
const particleAt = (t: Tagged, k: number) =>
  PARTICLES.has(lower(t.words[k])) && !(lower(t.words[k + 1]) === 'to' && t.tags[k + 2] === 'NUM');
const termsOf = (words: readonly string[]) => new Set(words.flatMap((w) => tokenize(w)));
/** A doer's terms, its words themselves where all are stopwords ("the US" is not "Western countries"). */
function doerOf(words: readonly string[]): Set<string> {
  const terms = termsOf(words);
  return terms.size > 0 ? terms : new Set(words.map((w) => w.toLowerCase().replace(/\./gu, '')));
}
// Verbs that link a subject to what it is ("has become the first…"): no act to compare.
const COPULAS = new Set(['be', 'become', 'remain', 'seem', 'appear']);

/**
 * The verb's act: its term with a particle after it joined ("called back" → "recall", "struck
 * down"), and the classes of acts it is in.
 */
function actsAt(t: Tagged, i: number): Set<string> | undefined {
  const word = t.words[i] ?? '';
  const lemma = lower(t.lemmas[i]);
  const next = lower(t.words[i + 1]);
  // A verb the terms leave out ("get") is its own key where a class names it.
  let key = tokenize(lemma)[0] ?? (classesOf.has(lemma) ? lemma : undefined);
  if (particleAt(t, i + 1)) {
    const [joined] = tokenize(`${word} ${next}`);
    const phrased = verbKey(lemma, next);
    if (joined !== undefined && joined !== tokenize(word)[0]) key = joined;
    else if (classesOf.has(phrased)) key = phrased;
  }
  if (key === undefined) return undefined;
  return new Set([key, ...(classesOf.get(key) ?? [])]);
}

/** A participle in -ing right after a noun, describing it ("officials seeking approval"). */
function describesNoun(t: Tagged, k: number): boolean {
  const word = lower(t.words[k]);
  return /ing$/u.test(word) && word !== lower(t.lemmas[k]) && NOMINAL.has(t.tags[k - 1] ?? '');
}

/** A verb that is not the clause's own: an infinitive, a relative clause's, a participle's. */
function subordinate(t: Tagged, i: number, start: number): boolean {
  // The word before the verb group: "to", or "that" in "benefits that have kept…".
  let b = i - 1;
  while (b > start && BEFORE_VERB.has(t.tags[b] ?? '') && !RELATIVE.has(lower(t.words[b]))) b--;
  const before = lower(t.words[b]);
  if (before === 'to' || RELATIVE.has(before)) return true;
  // "Officials at Pfizer seeking approval met": a participle right after a name describes it.
  if (describesNoun(t, i)) return true;
  // "Documents obtained by The Intercept contain…": so does a past participle before its "by".
  if (
    lower(t.words[i]) !== lower(t.lemmas[i]) &&
    NOMINAL.has(t.tags[i - 1] ?? '') &&
    lower(t.words[i + 1]) === 'by'
  ) {
    return true;
  }
  // No noun or pronoun before it in its clause: a leading participle ("Announcing the decision, …").
  for (let k = start; k < i; k++) {
    if (NOMINAL.has(t.tags[k] ?? '') || t.tags[k] === 'PRON') return false;
  }
  return true;
}

/** After a form of "be" and not its dictionary form: "had been called", "was arrested". */
function passive(t: Tagged, i: number): boolean {
  const word = lower(t.words[i]);
  if (word === lower(t.lemmas[i]) || /ing$/u.test(word)) return false;
  for (const k of [i - 1, i - 2]) {
    if (t.tags[k] === 'AUX' && lower(t.lemmas[k]) === 'be') return true;
  }
  return false;
}

/**
 * The nouns of the noun phrase from `from` on ("the framework of a budget plan"), after a day or
 * time that may come first ("struck down on Wednesday the moratorium").
 */
function phraseAfter(t: Tagged, from: number): string[] {
  const nouns: string[] = [];
  let k = skipWhen(t, from);
  // "at least nine people", "more than 200 Afghans": a quantity's hedge is not where it ends.
  const hedge = QUANTITY_HEDGE.exec(lower(t.words.slice(k, k + 2).join(' ')));
  if (hedge && t.tags[k + (hedge[0].includes(' ') ? 2 : 1)] === 'NUM')
    k += hedge[0].split(' ').length;
  for (; k < t.words.length; k++) {
    const tag = t.tags[k] ?? '';
    if (PHRASE_END.has(tag) && !(t.words[k] === 'of' && nouns.length > 0)) break;
    if (NOMINAL.has(tag)) nouns.push(t.words[k] ?? '');
  }
  return nouns;
}

/** Past a day or time ("on Wednesday", "Friday") and adverbs at `from`. */
function skipWhen(t: Tagged, from: number): number {
  let k = from;
  for (;;) {
    if (t.tags[k] === 'ADV' || WHEN.test(t.words[k] ?? '')) k++;
    else if (OPENS_WHEN.test(t.words[k] ?? '') && WHEN.test(t.words[k + 1] ?? '')) k += 2;
    else return k;
  }
}

// What may come before a number in a noun phrase: "at least 9", "more than 200", "about 40".
const QUANTITY_HEDGE =
  /^(?:at least|at most|more than|fewer than|less than|up to|about|nearly|almost|roughly|around|some|over)\b/u;
// Words a subject's noun phrase is made of, and words between a subject and its verb.
const IN_SUBJECT = new Set(['NOUN', 'PROPN', 'ADJ', 'DET', 'NUM', 'PART']);
const BEFORE_VERB = new Set(['AUX', 'ADV']);
// What opens a day or time before it: "on Friday", "this morning", "late Thursday".
const OPENS_WHEN = /^(?:on|in|at|by|this|last|late|early)$/iu;
const NOT = /^(?:not|n['’]t|never)$/iu;
// Prepositions that tie a noun to the head before it inside a subject ("the envoy to Haiti").
const POST_MODIFIER = /^(?:in|of|at|from|for|to)$/iu;
// A day or time between the subject and its verb ("President Biden on Friday fired…").
const WHEN =
  /^(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|today|tonight|yesterday|morning|afternoon|evening|night|weekend)$/iu;
// Possessives inside a noun phrase ("its ambassador"); any other pronoun is a subject of its own.
const POSSESSIVE = /^(?:its|his|her|their|our|my|your)$/iu;

/**
 * The subject right before the verb at `i` ("the Russian leader invited…", "Russia has called…"):
 * where it starts and its nouns. Undefined when a pronoun is the subject ("he had warned").
 */
function subjectBefore(t: Tagged, i: number): { from: number; nouns: string[] } | undefined {
  let k = i - 1;
  for (;;) {
    if (BEFORE_VERB.has(t.tags[k] ?? '') || NOT.test(t.words[k] ?? '')) k--;
    else if (OPENS_WHEN.test(t.words[k - 1] ?? '') && WHEN.test(t.words[k] ?? '')) k -= 2;
    else break;
  }
  k = pastAppositive(t, k);
  const nouns: string[] = [];
  for (; k >= 0; k--) {
    const tag = t.tags[k] ?? '';
    if (tag === 'PRON' && POSSESSIVE.test(t.words[k] ?? '')) continue;
    // "A federal judge in Washington", "the leader of Russia": the head comes before.
    if (
      nouns.length > 0 &&
      POST_MODIFIER.test(t.words[k] ?? '') &&
      NOMINAL.has(t.tags[k - 1] ?? '')
    ) {
      continue;
    }
    // "A diplomat who oversees Haiti policy has resigned": the nouns so far are the relative
    // clause's; the subject is the noun before "who".
    const relative = tag === 'VERB' ? relativeBefore(t, k) : undefined;
    if (relative !== undefined) {
      nouns.length = 0;
      k = relative;
      continue;
    }
    if (adjectival(t, k)) continue;
    if (!IN_SUBJECT.has(tag)) break;
    if (NOMINAL.has(tag)) nouns.unshift(t.words[k] ?? '');
  }
  // "…afloat during the pandemic expired": nouns after a preposition that follows no noun are
  // its object, and the subject is further back, past what this reading can follow. So are
  // nouns right after another verb ("…, blasting the administration stepped…"), unless it
  // reports the clause ("said the envoy had been recalled").
  if (k > 0 && t.tags[k] === 'ADP' && !NOMINAL.has(t.tags[k - 1] ?? '')) return undefined;
  if (k > 0 && t.tags[k] === 'VERB' && !REPORTING_LEMMAS.has(lower(t.lemmas[k]))) return undefined;
  return nouns.length > 0 ? { from: k + 1, nouns } : undefined;
}

/** A past participle right before a noun or adjective: "ousted officials", "expanded aid". */
const adjectival = (t: Tagged, k: number) =>
  t.tags[k] === 'VERB' &&
  /ed$/iu.test(t.words[k] ?? '') &&
  (NOMINAL.has(t.tags[k + 1] ?? '') || t.tags[k + 1] === 'ADJ');

/**
 * Where a relative clause whose verb is at `k` opens ("who", "that" after a noun, with
 * auxiliaries between; or the participle itself): the index it opens at, or undefined.
 */
function relativeBefore(t: Tagged, k: number): number | undefined {
  // "Officials at Pfizer seeking approval": a participle right after a noun opens one too.
  if (describesNoun(t, k)) return k;
  let r = k - 1;
  while (r > 0 && BEFORE_VERB.has(t.tags[r] ?? '')) r--;
  if (!/^(?:who|that|which)$/iu.test(t.words[r] ?? '') || !NOMINAL.has(t.tags[r - 1] ?? '')) {
    return undefined;
  }
  return r;
}

// The longest aside between a subject and its verb: ", 78,", ", a Republican,".
const APPOSITIVE_MAX = 6;

/**
 * Past an aside between commas that ends at `k` ("Ron DeSantis, a Republican, signed…"): the
 * index of the subject's last word before it, or `k` when there is none.
 */
function pastAppositive(t: Tagged, k: number): number {
  if (t.words[k] !== ',') return k;
  for (let j = k - 1; j >= Math.max(1, k - APPOSITIVE_MAX); j--) {
    const tag = t.tags[j] ?? '';
    if (t.words[j] === ',') return NOMINAL.has(t.tags[j - 1] ?? '') ? j - 1 : k;
    if (tag === 'VERB' || tag === 'AUX') return k;
  }
  return k;
}

// Pronouns that may stand for the one who speaks: "The U.S. said it will ease…".
const SPEAKER_PRONOUN = /^(?:it|they|he|she|we)$/iu;

/**
 * The subject of a reported clause that opens with a pronoun, as the speaker's nouns: "The U.S.
 * said Monday it will ease restrictions" — the U.S. eases them.
 */
function speakerSubject(t: Tagged, start: number, i: number, speaker: readonly string[]) {
  if (speaker.length === 0 || !SPEAKER_PRONOUN.test(t.words[start] ?? '')) return undefined;
  for (let k = start + 1; k < i; k++) if (!BEFORE_VERB.has(t.tags[k] ?? '')) return undefined;
  return { from: start, nouns: [...speaker] };
}

// Words that open a clause inside another ("since Biden took office"): its verb is not the main one.
const SUBORDINATORS = new Set(
  'since after before when while because as if although though until once unless whereas'.split(
    ' ',
  ),
);

/** The index of the main verb of the clause that starts at `start`, if any. */
function mainVerb(t: Tagged, start: number): number | undefined {
  for (let i = start; i < t.tags.length; i++) {
    if (t.tags[i] !== 'VERB' || subordinate(t, i, start)) continue;
    const from = subjectBefore(t, i)?.from ?? i;
    if (!SUBORDINATORS.has(lower(t.words[from - 1]))) return i;
  }
  return undefined;
}

/**
 * A part between commas (or after the last) that only says who spoke: "…, the ministry said." or
 * "The US is ending its mission, President Biden announced Monday, though…".
 */
function attributed(t: Tagged): boolean {
  let from = 0;
  for (let k = 0; k <= t.words.length; k++) {
    if (k < t.words.length && t.words[k] !== ',') continue;
    if (from > 0 && onlySaysWhoSpoke(t, from, k)) return true;
    from = k + 1;
  }
  return false;
}

// Parts that open so say where, when or why, not who spoke ("…, to 938,000 positions added").
const NOT_WHO = new Set(['ADP', 'SCONJ', 'PART', 'CCONJ']);

function onlySaysWhoSpoke(t: Tagged, from: number, to: number): boolean {
  if (RELATIVE.has(lower(t.words[from])) || NOT_WHO.has(t.tags[from] ?? '')) {
    return false;
  }
  const verbs: number[] = [];
  for (let k = from; k < to; k++) if (t.tags[k] === 'VERB') verbs.push(k);
  const [verb] = verbs;
  if (verbs.length !== 1 || verb === undefined || /ing$/iu.test(t.words[verb] ?? '')) return false;
  const names = t.tags.slice(from, to).some((tag) => NOMINAL.has(tag));
  return names && REPORTING_LEMMAS.has(lower(t.lemmas[verb]));
}

/** Where what a reporting verb reports begins: after "on Monday", an adverb, and "that". */
function reportStart(t: Tagged, from: number): number {
  const k = skipWhen(t, from);
  if (lower(t.words[k]) === 'that') return k + 1;
  // "confirmed a report in El País that McAfee had been found dead": what the report says.
  const noun = t.tags[k] === 'DET' ? k + 1 : k;
  const that = REPORT_NOUN.test(t.words[noun] ?? '') ? thatAfter(t, noun + 1) : undefined;
  return that === undefined ? k : that + 1;
}

// Nouns that carry what was said ("a report that…", "reports that…", "a statement that…").
const REPORT_NOUN = /^(?:reports?|statements?|claims?|accounts?)$/iu;
// How far a report noun's "that" may come after it ("a report in El País that…").
const REPORT_THAT_MAX = 5;

/** The index of "that" within a few words from `from`, before any verb, or undefined. */
function thatAfter(t: Tagged, from: number): number | undefined {
  for (let k = from; k < Math.min(t.words.length, from + REPORT_THAT_MAX); k++) {
    if (lower(t.words[k]) === 'that') return k;
    if (t.tags[k] === 'VERB' || t.tags[k] === 'AUX') return undefined;
  }
  return undefined;
}

const NEGATION = /\b(?:not|never|no longer)\b|n['’]t\b/iu;

/** Whether the words from the subject to the verb deny the act or put it ahead. */
function moodOf(t: Tagged, from: number, i: number): { negated: boolean; planned: boolean } {
  // The word after the verb too: "is expected to", "plans to".
  const words = t.words.slice(from, i + 2).join(' ');
  return { negated: NEGATION.test(words), planned: FUTURE_VERB.test(words) };
}

// Passive verbs name their doer right after them ("was arrested by police").
const byAgent = (t: Tagged, i: number) => {
  const k = [i + 1, i + 2].find((j) => lower(t.words[j]) === 'by');
  return k === undefined ? new Set<string>() : doerOf(phraseAfter(t, k + 1));
};

/**
 * The core of the clause from `start`. Within a report ("the ministry said [that] X did Y",
 * `speaker` the ministry's nouns) the clause must open with its subject, or it is not what was
 * said; a pronoun there stands for the speaker ("The U.S. said it will ease…").
 */
function coreFrom(t: Tagged, start: number, speaker?: readonly string[]): EventCore | undefined {
  const reported = speaker !== undefined;
  const i = mainVerb(t, start);
  if (i === undefined) return undefined;
  if (REPORTING_LEMMAS.has(lower(t.lemmas[i]))) {
    if (reported) return undefined;
    const who = subjectBefore(t, i)?.nouns ?? [];
    return coreFrom(t, reportStart(t, i + 1), who) ?? coordinated(t, i, who);
  }
  const acts = actsAt(t, i);
  const subject =
    subjectBefore(t, i) ?? (speaker ? speakerSubject(t, start, i, speaker) : undefined);
  if (COPULAS.has(lower(t.lemmas[i]))) return undefined;
  if (acts === undefined || !subject || (reported && subject.from !== start)) return undefined;
  const mood = moodOf(t, subject.from, i);
  // "is expected to pass the bill", "plans to visit": the act ahead is the infinitive's.
  if (mood.planned && t.words[i + 1] === 'to' && t.tags[i + 2] === 'VERB') {
    const ahead = actsAt(t, i + 2);
    const patient = termsOf(phraseAfter(t, i + 3));
    return ahead && { agent: doerOf(subject.nouns), acts: ahead, patient, reported, ...mood };
  }
  if (passive(t, i)) {
    const patient = termsOf(subject.nouns);
    return { agent: byAgent(t, i), acts, patient, reported, ...mood, voice: 'passive' };
  }
  return actedOn(
    t,
    i,
    { agent: doerOf(subject.nouns), acts, patient: new Set(), reported, ...mood },
    subject.nouns,
  );
}

// Verbs that say little without their object: "the end of the aid came as…" is told in "end".
const LIGHT_VERBS = new Set(['come', 'go', 'happen', 'occur', 'follow', 'continue']);
// What may follow a verb that acts on nothing: "expired on Monday", "surrendered to…", "died.".
const NO_OBJECT = new Set(['ADP', 'PUNCT', 'SCONJ', 'CCONJ']);

/**
 * The core with what its active verb at `i` acts on: the noun phrase after it, or, where a
 * preposition or the clause's end follows ("benefits expired on Monday"), its own subject.
 */
function actedOn(t: Tagged, i: number, core: EventCore, subject: readonly string[]): EventCore {
  const particle = particleAt(t, i + 1) ? 2 : 1;
  const patient = termsOf(phraseAfter(t, i + particle));
  if (patient.size > 0) return { ...core, patient };
  const next = skipWhen(t, i + particle);
  if (next < t.words.length && !NO_OBJECT.has(t.tags[next] ?? '')) return core;
  if (LIGHT_VERBS.has(lower(t.lemmas[i]))) return core;
  return { ...core, agent: new Set(), patient: termsOf(subject), voice: 'objectless' };
}

/**
 * After a report with nothing the speaker is said to have done in it, what they went on to do:
 * "'It takes one to know one,' Putin said on Russian TV, and challenged Biden to talk…".
 */
function coordinated(t: Tagged, i: number, speaker: readonly string[]): EventCore | undefined {
  if (speaker.length === 0) return undefined;
  for (let k = i + 1; k < t.words.length - 1; k++) {
    if (t.tags[k] === 'VERB' || lower(t.words[k]) !== 'and') continue;
    const v = t.tags[k + 1] === 'ADV' ? k + 2 : k + 1;
    const acts = t.tags[v] === 'VERB' ? actsAt(t, v) : undefined;
    if (!acts) continue;
    if (REPORTING_LEMMAS.has(lower(t.lemmas[v]))) return undefined;
    const core = { agent: doerOf(speaker), acts, patient: new Set<string>(), reported: false };
    return actedOn(t, v, { ...core, ...moodOf(t, k, v) }, speaker);
  }
  return undefined;
}

// Cores kept within one briefing (braid() forgets them with the tags): sections ask of the same
// texts again and again.
const cores = new Map<string, EventCore | undefined>();
const CORES_MAX = 20_000;

/** The core of the event `text` tells, when its clause has a noun subject and a main verb. */
export function eventCore(text: string): EventCore | undefined {
  if (cores.has(text)) return cores.get(text);
  if (cores.size >= CORES_MAX) cores.clear();
  const core = coreOfText(text);
  cores.set(text, core);
  return core;
}

/** Forgets the kept cores: called as a briefing starts, so memory stays one briefing's. */
export function forgetCores(): void {
  cores.clear();
}

function coreOfText(text: string): EventCore | undefined {
  const tagged = tagWords(text.replace(QUOTATION, ' '));
  const core = coreFrom(tagged, 0);
  if (!core || core.patient.size === 0) return undefined;
  return core.reported ? core : { ...core, reported: attributed(tagged) };
}

const meet = (a: ReadonlySet<string>, b: ReadonlySet<string>) => [...a].some((x) => b.has(x));

/**
 * Two cores tell one event: the same act, undergone by the same one, done by the same one (a
 * passive may leave the doer unsaid), both reported as someone's words or neither, and both
 * done, denied or ahead alike.
 */
export function sameCore(a: EventCore, b: EventCore): boolean {
  if (!meet(a.acts, b.acts) || !meet(a.patient, b.patient)) return false;
  // "X surrendered" is not "Y surrendered X"; either may meet a passive ("X was surrendered").
  const objectless = (c: EventCore) => c.voice === 'objectless';
  if (objectless(a) !== objectless(b) && a.voice !== 'passive' && b.voice !== 'passive') {
    return false;
  }
  if (a.reported !== b.reported || a.negated !== b.negated || a.planned !== b.planned) return false;
  if (a.agent.size === 0 || b.agent.size === 0) return true;
  return meet(a.agent, b.agent);
}

/** The same act with doer and the one acted on swapped: "Abbott criticized Adler" / "Adler…". */
export function swapped(a: EventCore, b: EventCore): boolean {
  return (
    meet(a.acts, b.acts) &&
    meet(a.agent, b.patient) &&
    meet(a.patient, b.agent) &&
    !meet(a.agent, b.agent)
  );
}

/** What a story's people list tells the cores: who is named, and each one's role. */
export interface PeopleTerms {
  /** The terms of every person's name. */
  names: ReadonlySet<string>;
  /** Role head nouns by name term: "antonov" → ["ambassador"] ("Anatoly Antonov, Ambassador"). */
  roles: ReadonlyMap<string, readonly string[]>;
}

// A role's head noun is its last word before "of" or "for" ("spokesman for the ministry").
const ROLE_TAIL = /\s+(?:of|for|to|at|in)\s.*$/iu;

// Roles whose holder news copy also calls a country's leader.
const LEADERS = /^(?:president|minister|premier|chancellor|king|queen|emperor|emir|monarch)$/iu;

export function peopleTermsOf(people: readonly { name: string; role?: string }[]): PeopleTerms {
  const names = new Set<string>();
  const roles = new Map<string, string[]>();
  for (const { name, role } of people) {
    const head = role?.replace(ROLE_TAIL, '').trim().split(/\s+/u).at(-1);
    const heads = head ? tokenize(head) : [];
    // "the Russian leader" is its president, prime minister, chancellor or king.
    if (head && LEADERS.test(head)) heads.push(...tokenize('leader'));
    for (const term of tokenize(name)) {
      names.add(term);
      if (heads.length > 0) roles.set(term, [...(roles.get(term) ?? []), ...heads]);
    }
  }
  return { names, roles };
}

/** The core with each named person's role head beside their name: Antonov is the ambassador. */
export function withRoles(core: EventCore, people: PeopleTerms): EventCore {
  const expand = (terms: ReadonlySet<string>) =>
    new Set([...terms, ...[...terms].flatMap((t) => people.roles.get(t) ?? [])]);
  return { ...core, agent: expand(core.agent), patient: expand(core.patient) };
}

/** Both name people there, and none in common: "Deputy Commissioner David Black" is not Saul. */
function otherPeople(a: ReadonlySet<string>, b: ReadonlySet<string>, names: ReadonlySet<string>) {
  const x = [...a].filter((t) => names.has(t));
  const y = new Set([...b].filter((t) => names.has(t)));
  return x.length > 0 && y.size > 0 && !x.some((t) => y.has(t));
}

/**
 * Whether `b` tells `a`'s event again, for a reader who has read `a`: as sameCore, but a report of
 * the act ("the government said Antonov had been called back") tells it as much as the act does;
 * and never when the two name other people as doer or as the one acted on.
 */
export function tellsAgain(a: EventCore, b: EventCore, people: PeopleTerms): boolean {
  if (otherPeople(a.agent, b.agent, people.names)) return false;
  if (otherPeople(a.patient, b.patient, people.names)) return false;
  return sameCore(a, { ...b, reported: a.reported });
}
