import { braid } from './braid.ts';
import { displayable, type Fact, trimsOf, type Unit, unitsOf } from './build-facts.ts';
import { cosine } from './cosine.ts';
import { countWords } from './count-words.ts';
import { bareDefiniteHead, introducedBy } from './definite-subject.ts';
import { sameEvent } from './same-event.ts';
import { standsAlone } from './stands-alone.ts';
import type { SparseVector } from './tfidf.ts';
import { tokenize } from './tokenize.ts';
import { baseTrim, type Trim } from './trim.ts';
import type { Story } from './types.ts';
import { wordPairs } from './word-pairs.ts';

// Until build-briefing.ts imports it from stands-alone.ts.

export interface SummaryOptions {
  maxWords: number;
  maxSentences: number;
  /**
   * Keep going once every fact has been said, with other outlets' wordings and facts close to
   * one already taken, until the budget is spent. Only for scoring at a fixed length (the
   * baselines it is compared with fill theirs); a briefing never repeats itself.
   */
  fill?: boolean;
  /**
   * The words the reader has met before the summary (introducedBy the headline): a sentence
   * opening with a bare "The move…" stands alone only when they or a pick above name its noun.
   */
  known?: ReadonlySet<string>;
}

/** The contract's summary: 1–3 sentences, at most 70 words. */
export const briefingSummaryOptions: SummaryOptions = { maxWords: 70, maxSentences: 3 };

/** One summary sentence: the fact, the outlet sentence it is said in, and how it is cut. */
export interface SummaryPick {
  fact: Fact;
  unit: Unit;
  /** The text shown: the unit's sentence, or its trim. */
  text: string;
  /** Present when constituents of the sentence were removed (a dateline, an aside, …). */
  trim?: Trim;
}

// A summary sentence this similar to one already chosen says the same thing again.
const SUMMARY_REDUNDANCY = 0.5;
// More translation artefacts than this and a sentence is kept out of the (strict) summary.
const SUMMARY_MAX_PENALTY = 1;
// Two summary sentences sharing this share of the shorter's content words, or more, repeat.
const WORD_OVERLAP = 0.5;
// Up to this many sentences, the best set is searched for; beyond, sentences are added greedily.
const SEARCH_MAX_SENTENCES = 3;
// Candidates the search considers: the best by concept weight and the best by weight per word.
const SEARCH_POOL = 24;
// How many of the best-ranked facts are offered in trimmed wordings too.
const TRIMMED_FACTS = 30;
// What one more word is worth against concept weight (a lead concept both outlets use ≈ 1): a
// summary that uses its room says more, so between sets covering alike the fuller one wins.
const WORD_VALUE = 0.2;
// What being the most central sentence (TextRank's idea: the sentence other outlets' sentences
// share most words with) is worth against concept weight.
const CENTRALITY_WEIGHT = 3;
// What a shared content word is worth against a shared pair of them, for the summary as emailed:
// the words the outlets share are what a reader (and ROUGE-1) finds again in any retelling.
const WORD_CONCEPT_WEIGHT = 0.15;
// What an outlet's lead sentence is worth on its own (1 / (1 + position) of this): the news comes
// first, so a fact told early outranks a reaction told late that only repeats the lead's words
// (on the seed, a spokesperson's defence of the remark).
const POSITION_WEIGHT = 1;

/**
 * Picks the summary by concept coverage (Gillick & Favre): a concept is a pair of neighbouring
 * content words ("recall ambassador"); its weight is the sum, over the outlets that use it, of
 * 1 / (1 + position) of the outlet's earliest sentence with it (so lead sentences and what every
 * outlet says weigh most), and a concept only one outlet uses counts for nothing when several
 * are braided. For the briefing (≤ 3 sentences) the set of sentences — whole or trimmed — that
 * covers the most weight within the word budget is found by search, so a long important
 * sentence is not skipped for whatever fits last; never two sentences of one fact or of facts
 * alike (cosine > 0.5), and only sentences that stand alone unless none fits. The search also
 * counts each content word the outlets share (a little), each pick's centrality and its place
 * in its article, so an early fact beats a late reaction that only repeats the lead's words. With more
 * sentences allowed (the evaluation at the reference's length) it goes greedily, corroborated
 * facts first.
 */
export function selectSummary(ranked: readonly Fact[], options: SummaryOptions): SummaryPick[] {
  const model = conceptModel(ranked);
  if (options.maxSentences <= SEARCH_MAX_SENTENCES && !options.fill) {
    for (const strict of [true, false]) {
      const found = searchBest(candidatesOf(ranked, model, strict, options), model, options);
      if (found.length > 0) return found.map(({ pick }) => pick);
    }
    return [];
  }
  return selectGreedily(ranked, model, options);
}

/**
 * The summary alone, with its own budget: what `npm run eval:briefing` scores against human
 * summaries (at the reference's length and at 70 words). Like the briefing, it leaves facts the
 * outlets disagree on to the points.
 */
export function summarize(
  story: Story,
  options: SummaryOptions = briefingSummaryOptions,
): string[] {
  const agreed = braid(story).facts.filter((f) => f.disagreements.length === 0);
  const known = new Set(introducedBy(readerHeadline(story)));
  return selectSummary(agreed, { known, ...options }).map((p) => p.text);
}

/** The headline the reader sees before the summary: the editor's, or the first article title. */
export function readerHeadline(story: Story): string {
  return story.meta.headline ?? story.articles.find((a) => a.title?.trim())?.title ?? '';
}

/**
 * Whether a summary sentence reads after `before` (the sentences shown above it): it stands
 * alone, and a bare "The move…" opening names a noun the headline or those sentences named.
 */
function readsAfter(text: string, before: readonly string[], options: SummaryOptions): boolean {
  if (!standsAlone(text)) return false;
  const head = bareDefiniteHead(text);
  if (head === undefined || options.known?.has(head)) return true;
  return before.some((b) => introducedBy(b).includes(head));
}

/**
 * The set in an order a reader can follow, or undefined when there is none: each pick whose
 * opening is a bare "The move…" comes after the headline or a pick that names its noun.
 */
function readingOrder(set: readonly Candidate[], options: SummaryOptions): Candidate[] | undefined {
  if (set.every((c) => c.head === undefined)) return [...set];
  const known = new Set(options.known);
  const left = [...set];
  const order: Candidate[] = [];
  while (left.length > 0) {
    const next = left.findIndex((c) => c.head === undefined || known.has(c.head));
    if (next < 0) return undefined;
    const [pick] = left.splice(next, 1) as [Candidate];
    order.push(pick);
    for (const word of introducedBy(pick.pick.text)) known.add(word);
  }
  return order;
}

interface ConceptModel {
  /** The shared-word concepts of a text ("#ambassador"), for the search's set value. */
  wordConceptsOf: (tokens: readonly string[]) => string[];
  weight: (concept: string) => number;
  centrality: Map<Unit, number>;
}
/**
 * How central each sentence is, 0–1: the sum over other outlets' sentences of shared words /
 * (log |a| + log |b|), TextRank's similarity, without the iteration.
 */
function centralities(units: readonly Unit[]): Map<Unit, number> {
  const bags = units.map((u) => new Set(tokenize(u.text)));
  const c = units.map((u, i) => {
    let sum = 0;
    const a = bags[i] as Set<string>;
    units.forEach((v, j) => {
      if (v.article === u.article) return;
      const b = bags[j] as Set<string>;
      if (a.size < 2 || b.size < 2) return;
      let shared = 0;
      for (const w of a) if (b.has(w)) shared++;
      sum += shared / (Math.log(a.size) + Math.log(b.size));
    });
    return sum;
  });
  const max = Math.max(1e-9, ...c);
  return new Map(units.map((u, i) => [u, (c[i] ?? 0) / max]));
}

/** The concepts of a unit's whole sentence, from the terms it already has. */
function unitConcepts(unit: Unit): string[] {
  return [...wordPairs(unit.tokens)];
}

const leadWeight = (u: Unit): number => 1 / (1 + u.rank);

// A single content word as a concept: its key cannot collide with a pair ("a b").
const wordConcept = (token: string): string => `#${token}`;
const wordConceptsOf = (tokens: readonly string[]): string[] => [
  ...new Set(tokens.map(wordConcept)),
];

/** Concept weights from every sentence that could be shown. */
function conceptModel(ranked: readonly Fact[]): ConceptModel {
  const support = new Map<string, Map<number, number>>();
  const articles = new Set<number>();
  for (const unit of unitsOf(ranked).filter(displayable)) {
    articles.add(unit.article);
    for (const concept of [...unitConcepts(unit), ...wordConceptsOf(unit.tokens)]) {
      const byArticle = support.get(concept) ?? new Map<number, number>();
      support.set(concept, byArticle);
      byArticle.set(unit.article, Math.max(byArticle.get(unit.article) ?? 0, leadWeight(unit)));
    }
  }
  const weight = (concept: string): number => {
    const byArticle = support.get(concept);
    if (!byArticle || (articles.size >= 2 && byArticle.size < 2)) return 0;
    let sum = 0;
    for (const w of byArticle.values()) sum += w;
    return concept.startsWith('#') ? WORD_CONCEPT_WEIGHT * sum : sum;
  };
  const shown = unitsOf(ranked).filter(displayable);
  return { wordConceptsOf, weight, centrality: centralities(shown) };
}

function gainOf(concepts: readonly string[], covered: ReadonlySet<string>, m: ConceptModel) {
  let gain = 0;
  for (const k of concepts) if (!covered.has(k)) gain += m.weight(k);
  return gain;
}

/**
 * A fact is shown in one of its outlets' wordings: the chosen (most fluent) one, or another
 * outlet's sentence that reads as cleanly (no more translation artefacts, from an article no
 * less clean); in strict passes only fluent ones, and only those `usable` allows.
 */
function wordingsOf(
  fact: Fact,
  strict: boolean,
  usable: (u: Unit) => boolean = () => true,
): Unit[] {
  // Another outlet's telling of the fact's event may be the wording too (tellings.ts credits it).
  const shown = unitsOf([fact]).filter(
    (u) => displayable(u) && usable(u) && (!strict || u.penalty <= SUMMARY_MAX_PENALTY),
  );
  const first = shown[0];
  if (!first) return [];
  return shown.filter(
    (u) => u.penalty <= first.penalty && u.articlePenalty <= first.articlePenalty,
  );
}

interface Candidate {
  pick: SummaryPick;
  /** Position of the fact in the ranking (ties go to the better-ranked fact). */
  order: number;
  words: number;
  /** Its distinct content words, stemmed. */
  contentWords: string[];
  concepts: string[];
  /** What it is worth alone: its share of centrality and its sentence's place (standing). */
  central: number;
  /** Its value alone: its standing plus the concept weight it covers. */
  gain: number;
  /** In strict passes, the noun of a bare "The move…" opening, which a sentence above must name. */
  head?: string;
}

/**
 * Every way to say each fact: each wording whole (less any dateline) or trimmed of whole
 * constituents, so a long important sentence can fit. In strict passes, only texts that stand
 * alone — a trim can make one ("In a later news conference, Psaki said…" → "Psaki said…").
 */
function candidatesOf(
  ranked: readonly Fact[],
  model: ConceptModel,
  strict: boolean,
  options: SummaryOptions,
): Candidate[] {
  const out: Candidate[] = [];
  ranked.forEach((fact, order) => {
    for (const unit of wordingsOf(fact, strict)) {
      // Trimming is worth its cost for the better-ranked facts only; the others compete whole.
      const wordings = order < TRIMMED_FACTS ? trimsOf(unit) : [baseTrim(unit.text)];
      for (const trim of wordings) {
        const words = countWords(trim.text);
        if (words > options.maxWords || (strict && !standsAlone(trim.text))) continue;
        const tokens = trim.removed.length > 0 ? tokenize(trim.text) : unit.tokens;
        const concepts = [...wordPairs(tokens), ...model.wordConceptsOf(tokens)];
        const pick: SummaryPick =
          trim.removed.length > 0
            ? { fact, unit, text: trim.text, trim }
            : { fact, unit, text: unit.text };
        const central = standing(unit, words, model);
        const gain = central + gainOf(concepts, new Set(), model);
        const contentWords = [...new Set(tokens)];
        const candidate: Candidate = { pick, order, words, contentWords, concepts, central, gain };
        const head = strict ? bareDefiniteHead(trim.text) : undefined;
        if (head !== undefined) candidate.head = head;
        out.push(candidate);
      }
    }
  });
  return poolOf(out);
}

/**
 * What a wording is worth alone, before what it says: the share of its sentence's centrality
 * that its words keep (a trim keeps less), and its sentence's place in its article.
 */
function standing(unit: Unit, words: number, model: ConceptModel): number {
  const central = (model.centrality.get(unit) ?? 0) * (words / Math.max(1, unit.words));
  return CENTRALITY_WEIGHT * central + POSITION_WEIGHT * leadWeight(unit);
}

/** The most valuable candidates, and the most valuable per word (the short ones that fill up). */
function poolOf(candidates: readonly Candidate[]): Candidate[] {
  const byGain = [...candidates].sort((a, b) => b.gain - a.gain || a.order - b.order);
  const byDensity = [...candidates].sort(
    (a, b) => b.gain / b.words - a.gain / a.words || a.order - b.order,
  );
  const pool = new Set([...byGain.slice(0, SEARCH_POOL), ...byDensity.slice(0, SEARCH_POOL)]);
  return [...pool].sort((a, b) => b.gain - a.gain || a.order - b.order);
}

/**
 * Two candidates may stand together: different facts, not alike, and the shorter not mostly
 * the other's words ("When asked if he thought Putin was a killer, Biden said 'I do'" after
 * "Biden labeled Putin a 'killer'…": two facts to the aligner, one to the reader).
 */
function compatible(a: Candidate, b: Candidate): boolean {
  // Facts split from one alignment group tell one event.
  if (a.pick.fact.group === b.pick.fact.group) return false;
  if (cosine(a.pick.fact.vector, b.pick.fact.vector) > SUMMARY_REDUNDANCY) return false;
  const shared = a.contentWords.filter((w) => b.contentWords.includes(w)).length;
  if (shared >= WORD_OVERLAP * Math.min(a.contentWords.length, b.contentWords.length)) return false;
  // Two outlets' tellings of one event: the second is shown as the first one's telling.
  return a.pick.unit.outlet === b.pick.unit.outlet || !sameEvent(a.pick.unit, b.pick.unit);
}

/** Concept weight covered, the picks' standing, and a little for every word. */
function setValue(set: readonly Candidate[], words: number, model: ConceptModel): number {
  const covered = new Set(set.flatMap((c) => c.concepts));
  let sum = WORD_VALUE * words;
  for (const c of set) sum += c.central;
  for (const k of covered) sum += model.weight(k);
  return sum;
}

const isLead = (c: Candidate): boolean => c.pick.unit.rank === 0;

/**
 * The set of at most `maxSentences` compatible candidates within `maxWords` that covers the most
 * concept weight (depth-first, pruned by the best that the remaining candidates could add).
 * Shown most valuable first.
 */
function searchBest(
  pool: readonly Candidate[],
  model: ConceptModel,
  options: SummaryOptions,
): Candidate[] {
  let best: Candidate[] = [];
  let bestValue = Number.NEGATIVE_INFINITY;
  // Several outlets' news is in their leads: a summary without one says only what surrounds it.
  // (A lead that needs its noun named first may not be the one; one outlet's lead may say little.)
  const outlets = new Set(pool.map((c) => c.pick.unit.article));
  const leads = outlets.size >= 2 && pool.some((c) => isLead(c) && c.head === undefined);
  const visit = (from: number, set: Candidate[], words: number, value: number): void => {
    if (value > bestValue && (!leads || set.some(isLead)) && readingOrder(set, options)) {
      best = [...set];
      bestValue = value;
    }
    const left = options.maxSentences - set.length;
    if (left === 0) return;
    for (let i = from; i < pool.length; i++) {
      const c = pool[i] as Candidate;
      // Sorted by gain: no later pick adds more than `left` times this one's gain.
      const bound = value + left * c.gain + WORD_VALUE * (options.maxWords - words);
      if (bound <= bestValue) return;
      if (words + c.words > options.maxWords || !set.every((s) => compatible(s, c))) continue;
      const next = [...set, c];
      visit(i + 1, next, words + c.words, setValue(next, words + c.words, model));
    }
  };
  visit(0, [], 0, 0);
  return readingOrder(best, options) ?? [];
}

// Order of passes: corroborated facts in sentences that stand alone, then any fact in such a
// sentence, then anything displayable; with `fill`, other wordings and facts alike at the end.
const TIERS = [
  { strict: true, multi: true, fill: false },
  { strict: true, multi: false, fill: false },
  { strict: false, multi: false, fill: false },
] as const;
const FILL_TIER = { strict: false, multi: false, fill: true } as const;
type Tier = (typeof TIERS)[number] | typeof FILL_TIER;

interface GreedyState {
  picks: SummaryPick[];
  covered: Set<string>;
  usedTexts: Set<string>;
  vectors: SparseVector[];
  words: number;
}

/** Each step takes the fact whose whole sentence adds the most uncovered weight, tier by tier. */
function selectGreedily(
  ranked: readonly Fact[],
  model: ConceptModel,
  options: SummaryOptions,
): SummaryPick[] {
  const state: GreedyState = {
    picks: [],
    covered: new Set(),
    usedTexts: new Set(),
    vectors: [],
    words: 0,
  };
  for (const tier of options.fill ? [...TIERS, FILL_TIER] : TIERS) {
    while (state.picks.length < options.maxSentences) {
      const best = bestNext(ranked, model, options, tier, state);
      if (!best) break;
      state.picks.push(best);
      for (const k of unitConcepts(best.unit)) state.covered.add(k);
      state.usedTexts.add(best.unit.text);
      state.vectors.push(best.fact.vector);
      state.words += best.unit.words;
    }
  }
  return state.picks;
}

function bestNext(
  ranked: readonly Fact[],
  model: ConceptModel,
  options: SummaryOptions,
  tier: Tier,
  state: GreedyState,
): SummaryPick | undefined {
  let best: SummaryPick | undefined;
  let bestValue = Number.NEGATIVE_INFINITY;
  for (const fact of ranked) {
    if (tier.multi && fact.sources.length < 2) continue;
    if (!tier.fill && state.picks.some((p) => p.fact === fact)) continue;
    if (!tier.fill && state.vectors.some((v) => cosine(v, fact.vector) > SUMMARY_REDUNDANCY))
      continue;
    const before = state.picks.map((p) => p.text);
    const usable = (u: Unit) =>
      !state.usedTexts.has(u.text) && (!tier.strict || readsAfter(u.text, before, options));
    for (const unit of wordingsOf(fact, tier.strict, usable)) {
      if (state.words + unit.words > options.maxWords) continue;
      // Ties (nothing new to cover) go to the better-ranked fact, then its chosen wording.
      const value = gainOf(unitConcepts(unit), state.covered, model);
      if (value > bestValue) {
        bestValue = value;
        best = { fact, unit, text: unit.text };
      }
    }
  }
  return best;
}
