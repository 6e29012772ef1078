import { type AlignItem, align } from './align.ts';
import { type Attributed, attribute, type Telling, type Wording } from './attribute.ts';
import { asksQuestion, type Claim, claimOf } from './claim.ts';
import { cosine } from './cosine.ts';
import { countWords } from './count-words.ts';
import type { PeopleResult, PersonMention } from './find-people.ts';
import { findQuoteSpans, opensInsideQuote, startsQuoted } from './find-quote-spans.ts';
import { endsCutOff, fluencyPenalty } from './fluency-penalty.ts';
import { isRoleWord, speechVerbPattern } from './name-lexicon.ts';
import { normalizeWhitespace } from './normalize-whitespace.ts';
import type { PreparedArticle } from './prepare-article.ts';
import { relativeYears } from './resolve-date.ts';
import { sentenceSimilarity } from './sentence-similarity.ts';
import { splitClauses } from './split-clauses.ts';
import { standsAlone } from './stands-alone.ts';
import { type SparseVector, tfidf } from './tfidf.ts';
import { tokenize } from './tokenize.ts';
import { baseTrim, type Trim, trims } from './trim.ts';
import type { Ref } from './types.ts';
import { wordPairs } from './word-pairs.ts';

// Work caps. Alignment and centrality are quadratic in sentences, so only the first sentences of
// each article (news puts the story up top) take part; a 1 MB article costs the same as a long one.
const MAX_ALIGNED_PER_ARTICLE = 150;
const MAX_ALIGNED_TOTAL = 600;
// A fact is a sentence a reader can take on its own: not a fragment, not a run-on.
const FACT_MIN_WORDS = 5;
const FACT_MAX_WORDS = 80;
// Weight of an article's overall artefact rate when choosing a fact's wording: a machine-
// translated article's clean-looking sentences are still less trustworthy than a clean article's.
const ARTICLE_FLUENCY_WEIGHT = 0.5;
// Sentences this garbled (several translation artefacts) are not shown at all.
const MAX_DISPLAY_PENALTY = 4;
// A clause with fewer content words matches anything that shares one rare word.
const MIN_CLAUSE_TERMS = 4;
// A sentence this similar to one of another outlet is not something only this outlet reports.
const ECHO_SIMILARITY = 0.15;
// Names in more than this share of the sentences do not count as shared evidence in alignment.
const UBIQUITOUS_ANCHOR_SHARE = 0.25;

/** One sentence of a braided article, with everything ranking needs. */
export interface Unit {
  article: number;
  outlet: string;
  ref: Ref;
  /** Whitespace-normalized verbatim sentence. */
  text: string;
  /** Its content terms, tokenize(text). */
  tokens: string[];
  words: number;
  /** Position among the article's aligned sentences (0 = lead). */
  rank: number;
  penalty: number;
  /** How machine-translated its article reads overall: mean artefact cost per sentence. */
  articlePenalty: number;
  vector: SparseVector;
  /** A quotation with (almost) no narration: needs the quotes section, not a bullet. */
  bareQuote: boolean;
  question: boolean;
  /**
   * Ends in an ellipsis or a colon: cut off by the source ("…is able to appeal the..."), or
   * opening a list or statement it does not hold ("For the Marine Corps, the deceased are:").
   */
  truncated: boolean;
  /** What the whole sentence asserts. */
  claim: Claim;
  /** People the sentence names, with the surface form used. */
  named: { person: string; surface: string }[];
  /** The article's publication day. */
  published: Date | undefined;
}

export interface Fact {
  /** The shown wording's sentence first, then the other outlets' sentences that support it. */
  units: Unit[];
  /** How the fact is shown: units[0]'s sentence, or a trim of it. */
  wording: Wording;
  /** What the wording asserts. */
  claim: Claim;
  /** Exactly the outlets whose sentences support the wording. */
  sources: string[];
  /** Aligned sentences of other outlets that report it with other numbers or another day. */
  disagreements: { unit: Unit; what: string }[];
  /** Other outlets' tellings of the same event, each in its own wording (attribute.ts). */
  also: Telling<Unit>[];
  /** Every outlet that reports the event: `sources`, then those of `also`. */
  reporters: string[];
  /**
   * The alignment group it was split from: facts of one group tell one event, so once one is
   * shown the others would only tell it again.
   */
  group: number;
  vector: SparseVector;
  score: number;
}

const NUMBER = /\d+(?:[.,]\d+)*/gu;

/** Numbers as written ("40,000" → "40000"), and years that relative phrases point at. */
export function numbersOf(text: string, published: Date | undefined): Set<string> {
  const numbers = new Set<string>();
  for (const m of text.matchAll(NUMBER)) numbers.add(m[0].replace(/,/gu, ''));
  if (published) for (const year of relativeYears(text, published)) numbers.add(String(year));
  return numbers;
}

const SPEECH_AFTER = new RegExp(`^[\\s,]+${speechVerbPattern}\\b`, 'u');
// "…, said Mark Galeotti, a professor…", "…, told Kremlin spokesman Dmitry Peskov.": the speech
// verb, at most four role words, the name, then the clause ends.
const SPEECH_BEFORE = new RegExp(
  `(?:\\b${speechVerbPattern}|\\baccording to)\\s+((?:[\\p{L}.'’-]+\\s+){0,4})$`,
  'u',
);
const CLAUSE_END = /^\s*(?:[,.;:!?)]|$)/u;

function roleWords(words: string): boolean {
  return words
    .trim()
    .split(/\s+/u)
    .filter(Boolean)
    .every((w) => /^\p{Lu}/u.test(w) || isRoleWord(w));
}

/** People a sentence attributes speech to: "Peskov said", "said Mark Galeotti". */
export function speakersOf(paragraph: string, mentions: readonly PersonMention[]): Set<string> {
  const speakers = new Set<string>();
  for (const m of mentions) {
    if (m.inQuote || m.possessive) continue;
    if (SPEECH_AFTER.test(paragraph.slice(m.end, m.end + 24))) {
      speakers.add(m.person);
      continue;
    }
    const before = SPEECH_BEFORE.exec(paragraph.slice(Math.max(0, m.start - 80), m.start));
    if (before && roleWords(before[1] ?? '') && CLAUSE_END.test(paragraph.slice(m.end))) {
      speakers.add(m.person);
    }
  }
  return speakers;
}

function normalized(vectorSum: Map<string, number>): SparseVector {
  let norm = 0;
  for (const w of vectorSum.values()) norm += w * w;
  norm = Math.sqrt(norm);
  if (norm > 0) for (const [k, w] of vectorSum) vectorSum.set(k, w / norm);
  return vectorSum;
}

function centroid(vectors: readonly SparseVector[]): SparseVector {
  const sum = new Map<string, number>();
  for (const v of vectors) for (const [k, w] of v) sum.set(k, (sum.get(k) ?? 0) + w);
  return normalized(sum);
}

function isBareQuote(text: string): boolean {
  if (!/^["“”„«]/u.test(text)) return false;
  const narration = text.replace(/["“”„«][^"“”„«»]*(?:["“”»]|$)/gu, ' ');
  return countWords(narration) < 3;
}

/** A unit that may be shown as a summary sentence, point, difference or timeline entry. */
export function displayable(u: Unit): boolean {
  return (
    !u.bareQuote &&
    !u.question &&
    !u.truncated &&
    u.penalty <= MAX_DISPLAY_PENALTY &&
    u.words >= FACT_MIN_WORDS &&
    u.words <= FACT_MAX_WORDS
  );
}

/** Facts more outlets report first, then by importance. */
const byPriority = (a: Fact, b: Fact): number =>
  b.reporters.length - a.reporters.length || b.score - a.score;

export interface FactSet {
  /** Every fact of the story, corroborated first, then most important first. */
  facts: Fact[];
  /** Whether another article has a sentence at least weakly like this one. */
  echoedElsewhere(unit: Unit): boolean;
}

/** What alignment's weak band may lean on, per sentence: people named, speakers, numbers. */
interface AlignEvidence {
  people: Map<string, string[]>;
  speakers: Set<string>;
  numbers: Set<string>;
}

type Draft = Omit<Unit, 'vector' | 'penalty' | 'articlePenalty' | 'claim' | 'tokens'>;

interface Collected {
  drafts: Draft[];
  tokens: string[][];
  evidence: AlignEvidence[];
}

function draftOf(p: PreparedArticle, a: number, paragraph: number, si: number, text: string) {
  return {
    article: a,
    outlet: p.article.outlet,
    ref: { source: p.article.outlet, paragraph, sentence: si + 1 },
    text,
    words: countWords(text),
    bareQuote: isBareQuote(text),
    question: asksQuestion(text),
    truncated: endsCutOff(text) || text.endsWith(':'),
    published: p.published,
  };
}

/** The body sentences that take part (the first `perArticle` of each article), with evidence. */
function collect(
  braided: readonly PreparedArticle[],
  perArticle: number,
  warnings: string[],
  people?: Pick<PeopleResult, 'mentions'>,
): Collected {
  const out: Collected = { drafts: [], tokens: [], evidence: [] };
  braided.forEach((p, a) => {
    let rank = 0;
    let total = 0;
    const runOn = opensInsideQuote(p.paragraphs.map((paragraph) => paragraph.text));
    p.paragraphs.forEach((paragraph, pi) => {
      if (paragraph.kind !== 'body') return;
      const quotations = findQuoteSpans(paragraph.text);
      (p.sentences[pi] ?? []).forEach((span, si) => {
        const text = normalizeWhitespace(span.text);
        if (countWords(text) < FACT_MIN_WORDS - 1) return;
        total++;
        if (rank >= perArticle) return;
        // The speaker's words run on from a quotation opened above: no narration to show.
        const quoted = startsQuoted(paragraph.text, span.start, runOn[pi] === true, quotations);
        const here = (people?.mentions[a]?.[pi] ?? []).filter(
          (m) => m.start >= span.start && m.start < span.end,
        );
        const named = here.map((m) => ({
          person: m.person,
          surface: paragraph.text.slice(m.start, m.end),
        }));
        const draft = draftOf(p, a, paragraph.paragraph, si, text);
        if (quoted) draft.bareQuote = true;
        out.drafts.push({ ...draft, rank: rank++, named });
        out.tokens.push(tokenize(text));
        out.evidence.push(alignEvidence(paragraph.text, here, text, p.published));
      });
    });
    if (total > perArticle) {
      warnings.push(
        `${p.article.outlet} (${p.article.file}): only the first ${perArticle} of ${total} sentences were compared with other outlets.`,
      );
    }
  });
  return out;
}

function alignEvidence(
  paragraph: string,
  here: readonly PersonMention[],
  text: string,
  published: Date | undefined,
): AlignEvidence {
  const named = new Map<string, string[]>();
  for (const m of here) {
    const terms = tokenize(paragraph.slice(m.start, m.end));
    named.set(m.person, [...(named.get(m.person) ?? []), ...terms]);
  }
  return {
    people: named,
    speakers: speakersOf(paragraph, here),
    numbers: numbersOf(text, published),
  };
}

/** Counts of each key over a list of key sets. */
function tally(sets: Iterable<Iterable<string>>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const set of sets) for (const k of set) counts.set(k, (counts.get(k) ?? 0) + 1);
  return counts;
}

/**
 * Alignment's view of each sentence. A person or number in most sentences ("Putin" in a Putin
 * story) is no evidence that two sentences match, so only rare ones are anchors.
 */
function alignItemsOf(
  units: readonly Unit[],
  evidence: readonly AlignEvidence[],
  model: ReturnType<typeof tfidf>,
): AlignItem[] {
  const anchorCounts = tally(evidence.map((e) => [...e.people.keys(), ...e.numbers]));
  const ubiquitous = Math.max(3, units.length * UBIQUITOUS_ANCHOR_SHARE);
  const rare = (a: string) => (anchorCounts.get(a) ?? 0) <= ubiquitous;
  // How many sentences of each article attribute speech to each person.
  const speechCounts = tally(
    evidence.map((e, i) => [...e.speakers].map((s) => `${units[i]?.article}\u0000${s}`)),
  );
  return units.map((u, i) => {
    const e = evidence[i] as AlignEvidence;
    const sole = [...e.speakers].filter(
      (s) => rare(s) && speechCounts.get(`${u.article}\u0000${s}`) === 1,
    );
    const item: AlignItem = {
      group: u.article,
      vector: u.vector,
      clauses: splitClauses(u.text)
        .map(tokenize)
        .filter((tokens) => new Set(tokens).size >= MIN_CLAUSE_TERMS)
        .map(model.vectorize),
      anchors: new Set([...e.people.keys(), ...e.numbers].filter(rare)),
      anchorTerms: new Set([
        ...[...e.people].filter(([person]) => rare(person)).flatMap(([, terms]) => terms),
        ...[...e.numbers].filter(rare).flatMap((n) => tokenize(n)),
      ]),
    };
    if (sole.length === 1) item.soleSpeaker = sole[0] as string;
    if (u.rank === 0) item.lead = true;
    return item;
  });
}

/**
 * Whether another article has a sentence somewhat like a given one, or uses one of its specific
 * word pairs ("native american", "recall ambassador"; people's names left out): then it is not
 * something "only this outlet reports", even if alignment (which needs more) did not pair them.
 * A pair is specific while it is in no more sentences than there are outlets.
 */
function echoDetector(
  units: readonly Unit[],
  items: readonly AlignItem[],
  tokens: readonly string[][],
  outlets: number,
): (unit: Unit) => boolean {
  const nameTerms = new Set(items.flatMap((item) => [...item.anchorTerms]));
  const pairsOf = (i: number) =>
    [...wordPairs(tokens[i] ?? [])].filter((p) => !p.split(' ').every((t) => nameTerms.has(t)));
  const counts = tally(units.map((_, i) => pairsOf(i)));
  const byArticle = new Map<number, Set<string>>();
  units.forEach((u, i) => {
    const set = byArticle.get(u.article) ?? new Set<string>();
    for (const p of pairsOf(i)) set.add(p);
    byArticle.set(u.article, set);
  });
  const specific = (p: string) => (counts.get(p) ?? 0) <= Math.max(2, outlets);
  const index = new Map(units.map((u, i) => [u, i]));
  return (unit) => {
    const i = index.get(unit) ?? -1;
    const item = items[i];
    if (!item) return false;
    const own = pairsOf(i).filter(specific);
    for (const [article, pairs] of byArticle) {
      if (article !== unit.article && own.some((p) => pairs.has(p))) return true;
    }
    return items.some(
      (other) => other.group !== item.group && sentenceSimilarity(item, other) >= ECHO_SIMILARITY,
    );
  };
}

/**
 * The unit with its claim worked out on first use: most sentences are never shown nor compared
 * with another outlet's, and a claim costs a dozen patterns.
 */
function withLazyClaim(unit: Omit<Unit, 'claim'>, speakers: ReadonlySet<string>): Unit {
  let claim: Claim | undefined;
  return Object.defineProperty(unit, 'claim', {
    enumerable: true,
    get: (): Claim => {
      claim ??= claimOf(unit.text, {
        terms: unit.tokens,
        people: unit.named.map((n) => n.person),
        speakers,
        published: unit.published,
      });
      return claim;
    },
  }) as Unit;
}

/** The mean of each article's values. */
function meanByArticle(drafts: readonly Draft[], values: readonly number[]): Map<number, number> {
  const sums = new Map<number, { sum: number; n: number }>();
  drafts.forEach((d, i) => {
    const s = sums.get(d.article) ?? { sum: 0, n: 0 };
    sums.set(d.article, { sum: s.sum + (values[i] ?? 0), n: s.n + 1 });
  });
  return new Map([...sums].map(([article, s]) => [article, s.sum / s.n]));
}

/** Ways to show a unit: its sentence without a wire dateline, then its safe trims. */
export type WordingsOf = (unit: Unit) => readonly Wording[];

/**
 * Splits each aligned group into honestly credited facts (attribute.ts): a wording and exactly
 * the outlets whose sentences support it. A machine-translated article's clean-looking sentences
 * are still less trustworthy than a clean article's, so the article's artefact rate weighs in.
 */
function factsOf(groups: readonly Unit[][], wordingsOf: WordingsOf): Fact[] {
  const cost = (u: Unit, w: Wording): number =>
    (displayable(u) ? 0 : 100) +
    u.penalty +
    ARTICLE_FLUENCY_WEIGHT * u.articlePenalty +
    (standsAlone(w.text) ? 0 : 1);
  const deps = {
    wordingsOf,
    baseWording:
      wordingsOf === wholeSentence ? (u: Unit): Wording => ({ text: u.text }) : baseWording,
    cost,
    cosine: (a: Unit, b: Unit) => cosine(a.vector, b.vector),
  };
  return groups.flatMap((members, group) => attribute(members, deps).map((a) => toFact(a, group)));
}

function toFact(a: Attributed<Unit>, group: number): Fact {
  const [shown, ...others] = a.units as [Unit, ...Unit[]];
  const units = [shown, ...others.sort((x, y) => x.article - y.article)];
  const sources = [...new Set(units.map((u) => u.outlet))];
  const tellers = a.also.flatMap((t) => t.units);
  return {
    units,
    wording: a.wording,
    claim: a.claim,
    sources,
    disagreements: a.disagreements,
    also: a.also,
    reporters: [...new Set([...sources, ...tellers.map((u) => u.outlet)])],
    group,
    vector: centroid([...units, ...tellers].map((u) => u.vector)),
    score: 0,
  };
}

/** The fact's sentences and those of its other tellings. */
const allUnits = (f: Fact): Unit[] => [...f.units, ...f.also.flatMap((t) => t.units)];

/** Every sentence of the facts: each fact's own, then those of its joined tellings. */
export const unitsOf = (facts: readonly Fact[]): Unit[] => facts.flatMap(allUnits);

/**
 * Importance: centrality (how much of the story a fact shares words with) blended with lead
 * position (news is written most important first).
 */
function rank(facts: Fact[]): Fact[] {
  const centrality = facts.map((f, i) =>
    facts.reduce((sum, g, j) => (i === j ? sum : sum + cosine(f.vector, g.vector)), 0),
  );
  const maxCentrality = Math.max(1e-9, ...centrality);
  facts.forEach((f, i) => {
    const lead = Math.min(...allUnits(f).map((u) => u.rank));
    f.score = 0.5 * ((centrality[i] ?? 0) / maxCentrality) + 0.5 / (1 + lead / 3);
  });
  return [...facts].sort(byPriority);
}

/**
 * Turns braided articles into facts: body sentences (the first N per article) are vectorized,
 * aligned across outlets, split into honestly credited facts with their wording, and ranked by
 * centrality and lead position. `people` (findPeople's mentions) tells alignment who each
 * sentence names and who speaks in it; without it only numbers can back a weak match. Work-cap
 * notes are pushed onto `warnings`.
 */
export function buildFacts(
  braided: readonly PreparedArticle[],
  warnings: string[],
  people?: Pick<PeopleResult, 'mentions'>,
  wordingsOf: WordingsOf = wholeSentence,
): FactSet {
  const perArticle = Math.max(
    1,
    Math.min(MAX_ALIGNED_PER_ARTICLE, Math.floor(MAX_ALIGNED_TOTAL / Math.max(1, braided.length))),
  );
  const { drafts, tokens, evidence } = collect(braided, perArticle, warnings, people);
  const model = tfidf(tokens);
  const penalties = drafts.map((d) => fluencyPenalty(d.text));
  const articlePenalty = meanByArticle(drafts, penalties);
  const units: Unit[] = drafts.map((d, i) =>
    withLazyClaim(
      {
        ...d,
        tokens: tokens[i] ?? [],
        vector: model.vectors[i] as SparseVector,
        penalty: penalties[i] ?? 0,
        articlePenalty: articlePenalty.get(d.article) ?? 0,
      },
      evidence[i]?.speakers ?? new Set(),
    ),
  );
  const items = alignItemsOf(units, evidence, model);
  const groups = align(items).map((indices) => indices.map((i) => units[i] as Unit));
  return {
    facts: rank(factsOf(groups, wordingsOf)),
    echoedElsewhere: echoDetector(units, items, tokens, braided.length),
  };
}

/** The whole sentence, the only wording when no trims are offered. */
export const wholeSentence: WordingsOf = (unit) => [{ text: unit.text }];

const asWording = (unit: Unit, t: Trim): Wording =>
  t.removed.length === 0 ? { text: unit.text } : { text: t.text, kept: t.kept };

// Trims are asked for by attribution and again by the summary: computed once per sentence.
const trimCache = new WeakMap<Unit, Trim[]>();

/** The sentence without its wire dateline, then every safe trim of it (trim.ts), once per unit. */
export function trimsOf(unit: Unit): Trim[] {
  let cached = trimCache.get(unit);
  if (!cached) {
    cached = trims(unit.text);
    trimCache.set(unit, cached);
  }
  return cached;
}

/** The sentence without its wire dateline, then every safe trim of it. */
export const trimmedWordings: WordingsOf = (unit) => trimsOf(unit).map((t) => asWording(unit, t));

/** The sentence without its wire dateline: how another outlet's telling is shown. */
export const baseWording = (unit: Unit): Wording => asWording(unit, baseTrim(unit.text));
