import { align, defaultAlignOptions } from './align.ts';
import { cosine } from './cosine.ts';
import { countWords } from './count-words.ts';
import { fluencyPenalty } from './fluency-penalty.ts';
import { normalizeWhitespace } from './normalize-whitespace.ts';
import type { PreparedArticle } from './prepare-article.ts';
import { sentenceSimilarity } from './sentence-similarity.ts';
import { splitClauses } from './split-clauses.ts';
import { stopwords } from './stopwords.ts';
import { type SparseVector, tfidf } from './tfidf.ts';
import { tokenize } from './tokenize.ts';
import type { Ref } from './types.ts';

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
// Names in more than this share of the sentences do not count as shared evidence in alignment.
const UBIQUITOUS_ANCHOR_SHARE = 0.25;

/** One sentence of a braided article, with everything ranking needs. */
export interface Unit {
  article: number;
  outlet: string;
  ref: Ref;
  /** Whitespace-normalized verbatim sentence. */
  text: string;
  words: number;
  /** Position among the article's aligned sentences (0 = lead). */
  rank: number;
  penalty: number;
  vector: SparseVector;
  /** A quotation with (almost) no narration: needs the quotes section, not a bullet. */
  bareQuote: boolean;
  question: boolean;
  /** Ends in an ellipsis: cut off by the source ("…is able to appeal the..."), not a whole fact. */
  truncated: boolean;
}

export interface Fact {
  /** Chosen wording first, then the other outlets' sentences in article order. */
  units: Unit[];
  sources: string[];
  vector: SparseVector;
  score: number;
}

const MONTH_OR_DAY =
  /^(?:january|february|march|april|may|june|july|august|september|october|november|december|monday|tuesday|wednesday|thursday|friday|saturday|sunday)$/u;

/** Capitalized words (not function words, not dates) and numbers: evidence for a weak match. */
function anchorsOf(text: string): Set<string> {
  const anchors = new Set<string>();
  for (const m of text.matchAll(/\p{Lu}[\p{L}'’-]*/gu)) {
    const word = m[0].replace(/['’]s?$/u, '').toLowerCase();
    if (word.length > 1 && !stopwords.has(word) && !MONTH_OR_DAY.test(word)) anchors.add(word);
  }
  for (const m of text.matchAll(/\d+(?:[.,]\d+)*/gu)) anchors.add(m[0]);
  return anchors;
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

/** Corroborated facts first, then by importance. */
const byPriority = (a: Fact, b: Fact): number =>
  b.sources.length - a.sources.length || b.score - a.score;

function uniqueSources(units: readonly Unit[]): string[] {
  return [...new Set(units.map((u) => u.outlet))];
}

export interface FactSet {
  /** Every fact of the story, corroborated first, then most important first. */
  facts: Fact[];
  /** Whether another article has a sentence at least weakly like this one. */
  echoedElsewhere(unit: Unit): boolean;
}

/**
 * Turns braided articles into facts: body sentences (the first N per article) are vectorized,
 * aligned across outlets, given their most fluent wording and ranked by centrality and lead
 * position. Work-cap notes are pushed onto `warnings`.
 */
export function buildFacts(braided: readonly PreparedArticle[], warnings: string[]): FactSet {
  // Sentences that take part: body sentences, first N per article.
  const perArticle = Math.max(
    1,
    Math.min(MAX_ALIGNED_PER_ARTICLE, Math.floor(MAX_ALIGNED_TOTAL / Math.max(1, braided.length))),
  );
  const drafts: Omit<Unit, 'vector' | 'penalty'>[] = [];
  const unitTokens: string[][] = [];
  braided.forEach((p, a) => {
    let rank = 0;
    let total = 0;
    p.paragraphs.forEach((paragraph, pi) => {
      if (paragraph.kind !== 'body') return;
      (p.sentences[pi] ?? []).forEach((span, si) => {
        const text = normalizeWhitespace(span.text);
        const words = countWords(text);
        if (words < FACT_MIN_WORDS - 1) return;
        total++;
        if (rank >= perArticle) return;
        drafts.push({
          article: a,
          outlet: p.article.outlet,
          ref: { source: p.article.outlet, paragraph: paragraph.paragraph, sentence: si + 1 },
          text,
          words,
          rank: rank++,
          bareQuote: isBareQuote(text),
          question: /\?["'”’»)\]]*$/u.test(text),
          truncated: /(?:\.\.\.|…)["'”’»)\]]*$/u.test(text),
        });
        unitTokens.push(tokenize(text));
      });
    });
    if (total > perArticle) {
      warnings.push(
        `${p.article.outlet} (${p.article.file}): only the first ${perArticle} of ${total} sentences were compared with other outlets.`,
      );
    }
  });
  const model = tfidf(unitTokens);
  const units: Unit[] = drafts.map((d, i) => ({
    ...d,
    vector: model.vectors[i] as SparseVector,
    penalty: fluencyPenalty(d.text),
  }));

  // How machine-translated each article reads overall (mean artefact cost per sentence).
  const articlePenalty = braided.map((_, a) => {
    const own = units.filter((u) => u.article === a);
    return own.length ? own.reduce((s, u) => s + u.penalty, 0) / own.length : 0;
  });
  const wordingCost = (u: Unit): number =>
    (displayable(u) ? 0 : 100) +
    u.penalty +
    ARTICLE_FLUENCY_WEIGHT * (articlePenalty[u.article] ?? 0);

  // Align into facts and choose each fact's wording.
  // A name in most sentences ("Putin" in a Putin story) is no evidence that two sentences match.
  const anchorSets = units.map((u) => anchorsOf(u.text));
  const anchorCounts = new Map<string, number>();
  for (const set of anchorSets)
    for (const a of set) anchorCounts.set(a, (anchorCounts.get(a) ?? 0) + 1);
  const ubiquitous = Math.max(3, units.length * UBIQUITOUS_ANCHOR_SHARE);
  const alignItems = units.map((u, i) => ({
    group: u.article,
    vector: u.vector,
    clauses: splitClauses(u.text)
      .map(tokenize)
      .filter((tokens) => new Set(tokens).size >= MIN_CLAUSE_TERMS)
      .map(model.vectorize),
    anchors: new Set(
      [...(anchorSets[i] ?? [])].filter((a) => (anchorCounts.get(a) ?? 0) <= ubiquitous),
    ),
  }));
  const groups = align(alignItems);
  const unitIndex = new Map(units.map((u, i) => [u, i]));
  // Whether another article has a sentence at least weakly like this one: then it is not
  // something "only this outlet reports", even if alignment did not pair them.
  const echoedElsewhere = (unit: Unit): boolean => {
    const item = alignItems[unitIndex.get(unit) ?? -1];
    if (!item) return false;
    return alignItems.some(
      (other) =>
        other.group !== item.group && sentenceSimilarity(item, other) >= defaultAlignOptions.weak,
    );
  };
  const facts: Fact[] = groups.map((indices) => {
    const members = indices.map((i) => units[i] as Unit);
    const chosen = [...members].sort(
      (x, y) => wordingCost(x) - wordingCost(y) || x.article - y.article,
    )[0] as Unit;
    const others = members.filter((u) => u !== chosen).sort((x, y) => x.article - y.article);
    const ordered = [chosen, ...others];
    return {
      units: ordered,
      sources: uniqueSources(ordered),
      vector: centroid(members.map((u) => u.vector)),
      score: 0,
    };
  });

  // Importance: centrality (how much of the story a fact shares words with) blended with lead
  // position (news is written most important first).
  const centrality = facts.map((f, i) =>
    facts.reduce((sum, g, j) => (i === j ? sum : sum + cosine(f.vector, g.vector)), 0),
  );
  const maxCentrality = Math.max(1e-9, ...centrality);
  facts.forEach((f, i) => {
    const lead = Math.min(...f.units.map((u) => u.rank));
    f.score = 0.5 * ((centrality[i] ?? 0) / maxCentrality) + 0.5 / (1 + lead / 3);
  });
  return { facts: [...facts].sort(byPriority), echoedElsewhere };
}
