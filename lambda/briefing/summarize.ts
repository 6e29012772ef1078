import { braid } from './braid.ts';
import { displayable, type Fact, type Unit } from './build-facts.ts';
import { cosine } from './cosine.ts';
import type { SparseVector } from './tfidf.ts';
import { tokenize } from './tokenize.ts';
import type { Story } from './types.ts';

export interface SummaryOptions {
  maxWords: number;
  maxSentences: number;
  /**
   * Keep going once every fact has been said, with other outlets' wordings and facts close to
   * one already taken, until the budget is spent. Only for scoring at a fixed length (the
   * baselines it is compared with fill theirs); a briefing never repeats itself.
   */
  fill?: boolean;
}

/** The contract's summary: 1–3 sentences, at most 70 words. */
export const briefingSummaryOptions: SummaryOptions = { maxWords: 70, maxSentences: 3 };

// A summary sentence this similar to one already chosen says the same thing again.
const SUMMARY_REDUNDANCY = 0.5;
// More translation artefacts than this and a sentence is kept out of the (strict) summary.
const SUMMARY_MAX_PENALTY = 1;
// Order of passes: corroborated facts in sentences that stand alone, then any fact in such a
// sentence, then anything displayable.
const TIERS = [
  { strict: true, multi: true },
  { strict: true, multi: false },
  { strict: false, multi: false },
] as const;

const ANAPHORIC_START =
  /^(?:He|She|It|They|His|Her|Its|Their|Them|This|That|These|Those|But|And|Also|However|Still|Yet|So|Then|There)\b/u;

/**
 * A sentence that needs no earlier sentence: no pronoun or connective opening, no "also" among
 * its first words, not a quotation first.
 */
export function standsAlone(text: string): boolean {
  if (ANAPHORIC_START.test(text) || /^["“”„«]/u.test(text)) return false;
  return !/\balso\b/iu.test(text.split(/\s+/u).slice(0, 6).join(' '));
}

export interface SummaryPick {
  fact: Fact;
  unit: Unit;
}

/** Concepts of a sentence: pairs of neighbouring content words, stemmed ("recall ambassador"). */
function conceptsOf(text: string): Set<string> {
  const tokens = tokenize(text);
  const concepts = new Set<string>();
  for (let i = 0; i + 1 < tokens.length; i++) concepts.add(`${tokens[i]} ${tokens[i + 1]}`);
  return concepts;
}

const leadWeight = (u: Unit): number => 1 / (1 + u.rank);

/**
 * Picks the summary by concept coverage (Gillick & Favre's idea, solved greedily): a concept is
 * a pair of neighbouring content words; its weight is the sum, over the outlets that use it, of
 * 1 / (1 + position) of the outlet's earliest sentence with it (so lead sentences and what every
 * outlet says weigh most), and a concept only one outlet uses counts for nothing when several
 * are braided. Each step takes the fact whose wording adds the most uncovered weight —
 * corroborated facts first, never a fact too like one already taken (cosine > 0.5), within the
 * word and sentence budget. A summary sentence should stand on its own, so openings like
 * "He…" or a bare quote are skipped unless nothing else fits.
 */
export function selectSummary(ranked: readonly Fact[], options: SummaryOptions): SummaryPick[] {
  // Concept weights come from every sentence that could be shown.
  const concepts = new Map<Unit, Set<string>>();
  const support = new Map<string, Map<number, number>>();
  for (const fact of ranked) {
    for (const unit of fact.units) {
      if (!displayable(unit)) continue;
      const own = conceptsOf(unit.text);
      concepts.set(unit, own);
      for (const concept of own) {
        const byArticle = support.get(concept) ?? new Map<number, number>();
        support.set(concept, byArticle);
        byArticle.set(unit.article, Math.max(byArticle.get(unit.article) ?? 0, leadWeight(unit)));
      }
    }
  }
  const articles = new Set([...concepts.keys()].map((u) => u.article)).size;
  const weight = (concept: string): number => {
    const byArticle = support.get(concept);
    if (!byArticle || (articles >= 2 && byArticle.size < 2)) return 0;
    let sum = 0;
    for (const w of byArticle.values()) sum += w;
    return sum;
  };
  const gainOf = (unit: Unit, covered: ReadonlySet<string>): number => {
    let gain = 0;
    for (const k of concepts.get(unit) ?? []) if (!covered.has(k)) gain += weight(k);
    return gain;
  };

  const picks: SummaryPick[] = [];
  const covered = new Set<string>();
  const usedTexts = new Set<string>();
  const vectors: SparseVector[] = [];
  let words = 0;
  // How machine-translated each article reads overall (mean artefact cost per sentence).
  const penalties = new Map<number, number[]>();
  for (const fact of ranked) {
    for (const u of fact.units)
      penalties.set(u.article, [...(penalties.get(u.article) ?? []), u.penalty]);
  }
  const articlePenalty = new Map(
    [...penalties].map(([a, ps]) => [a, ps.reduce((s, x) => s + x, 0) / ps.length]),
  );
  // A fact is shown in one of its outlets' wordings: the chosen (most fluent) one, or another
  // outlet's sentence that reads as cleanly (no more translation artefacts, from an article no
  // less clean) and says more of what the outlets agree on; in strict passes only sentences that
  // stand alone ("The US president also told…" leans on context).
  const wordingsOf = (fact: Fact, strict: boolean): Unit[] => {
    const usable = fact.units.filter(
      (u) =>
        displayable(u) &&
        !usedTexts.has(u.text) &&
        (!strict || (standsAlone(u.text) && u.penalty <= SUMMARY_MAX_PENALTY)),
    );
    const first = usable[0];
    if (!first) return [];
    const clean = (u: Unit) => articlePenalty.get(u.article) ?? 0;
    return usable.filter((u) => u.penalty <= first.penalty && clean(u) <= clean(first));
  };
  const tiers = options.fill ? [...TIERS, { strict: false, multi: false, fill: true }] : TIERS;
  for (const tier of tiers) {
    const { strict, multi } = tier;
    const fill = 'fill' in tier;
    for (;;) {
      if (picks.length >= options.maxSentences) break;
      let best: SummaryPick | undefined;
      let bestValue = Number.NEGATIVE_INFINITY;
      for (const fact of ranked) {
        if (multi && fact.sources.length < 2) continue;
        if (!fill && picks.some((p) => p.fact === fact)) continue;
        if (!fill && vectors.some((v) => cosine(v, fact.vector) > SUMMARY_REDUNDANCY)) continue;
        for (const unit of wordingsOf(fact, strict)) {
          if (words + unit.words > options.maxWords) continue;
          // Ties (nothing new to cover) go to the better-ranked fact, then its chosen wording.
          const value = gainOf(unit, covered);
          if (value > bestValue) {
            bestValue = value;
            best = { fact, unit };
          }
        }
      }
      if (!best) break;
      picks.push(best);
      for (const k of concepts.get(best.unit) ?? []) covered.add(k);
      usedTexts.add(best.unit.text);
      vectors.push(best.fact.vector);
      words += best.unit.words;
    }
  }
  return picks;
}

/**
 * The summary alone, with its own budget: what `npm run eval:briefing` scores against human
 * summaries (at the reference's length) and what the briefing shows (at 70 words).
 */
export function summarize(
  story: Story,
  options: SummaryOptions = briefingSummaryOptions,
): string[] {
  return selectSummary(braid(story).facts, options).map((p) => p.unit.text);
}
