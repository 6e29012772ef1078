import { l as rougeL, n as rougeN } from 'js-rouge';
import model from 'wink-eng-lite-web-model';
import { braid } from '../lambda/briefing/braid.ts';
import { summarize } from '../lambda/briefing/summarize.ts';
import { tokenize } from '../lambda/briefing/tokenize.ts';
import type { Story } from '../lambda/briefing/types.ts';
import { type Cluster, loadClusters, storyOf } from './eval-set.ts';
import { printTable } from './measure.ts';

/**
 * `npm run eval:briefing`: the briefing's summary against 483 human-written merged summaries
 * (AllSides roundups, read in place — never copied into the repository), side by side with
 * classic baselines, in one run:
 *
 * - Braid summary: the briefing's own summary selection (lambda/briefing/summarize.ts) with no
 *   sentence cap; "not padded" stops once every fact is said, the main row goes on with other
 *   wordings as the baselines do (they never stop);
 * - lead (outlets in turn): the first sentence of each outlet, then the second of each, …;
 * - lead (first outlet): the first article's opening sentences only;
 * - TextRank: PageRank over the word-overlap graph of all sentences (Mihalcea & Tarau 2004);
 * - with `--oracle`, the ceiling: sentences chosen greedily with the reference in hand (slow).
 *
 * Every system ranks sentences from the same cleaning and sentence split; each ranking is cut at
 * the same budget, the reference's word count. Scores are ROUGE-1/2 F1 and ROUGE-L (summary-level
 * LCS) F1 over lower-cased, stemmed tokens (letters and digits; words over three letters stemmed
 * with wink's Porter2), as Google's rouge_score does with stemming, and the paired difference to
 * the best baseline with its 95% interval.
 */

const stem = model.addons.stem as (word: string) => string;

/** rouge_score's tokenizer with stemming: lower case, letters and digits, stem words over 3. */
export function rougeTokens(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/gu, ' ')
    .split(' ')
    .filter(Boolean)
    .map((w) => (w.length > 3 ? stem(w) : w));
}

export const words = (text: string): string[] => text.split(/\s+/u).filter(Boolean);

/** A ranked sentence list cut at `budget` words (the last sentence may be cut short). */
export function cut(sentences: readonly string[], budget: number): string {
  const out: string[] = [];
  for (const sentence of sentences) {
    const room = budget - out.length;
    if (room <= 0) break;
    out.push(...words(sentence).slice(0, room));
  }
  return out.join(' ');
}

/** Body sentences of each braided article, in order (the same split every system sees). */
export function sentencesByArticle(story: Story): string[][] {
  return braid(story).braided.map((p) =>
    p.paragraphs.flatMap((paragraph, pi) =>
      paragraph.kind === 'body' ? (p.sentences[pi] ?? []).map((s) => s.text) : [],
    ),
  );
}

export function leadRoundRobin(byArticle: readonly string[][]): string[] {
  const out: string[] = [];
  const longest = Math.max(0, ...byArticle.map((a) => a.length));
  for (let i = 0; i < longest; i++) {
    for (const a of byArticle) {
      const sentence = a[i];
      if (sentence) out.push(sentence);
    }
  }
  return out;
}

/** TextRank: sentence similarity = shared words / (log |a| + log |b|), damping 0.85. */
export function textRank(byArticle: readonly string[][]): string[] {
  const sentences = byArticle.flat();
  const bags = sentences.map((s) => new Set(tokenize(s)));
  const n = sentences.length;
  const weights = bags.map((a, i) =>
    bags.map((b, j) => {
      if (i === j || a.size < 2 || b.size < 2) return 0;
      let shared = 0;
      for (const w of a) if (b.has(w)) shared++;
      return shared / (Math.log(a.size) + Math.log(b.size));
    }),
  );
  const outSum = weights.map((row) => row.reduce((s, w) => s + w, 0));
  let score = new Array<number>(n).fill(1);
  for (let iteration = 0; iteration < 50; iteration++) {
    const next = score.map((_, i) => {
      let sum = 0;
      for (let j = 0; j < n; j++) {
        const w = weights[j]?.[i] ?? 0;
        if (w > 0) sum += (w / (outSum[j] ?? 1)) * (score[j] ?? 0);
      }
      return 0.15 + 0.85 * sum;
    });
    const delta = next.reduce((d, v, i) => d + Math.abs(v - (score[i] ?? 0)), 0);
    score = next;
    if (delta < 1e-6) break;
  }
  return sentences
    .map((text, i) => ({ text, score: score[i] ?? 0, i }))
    .sort((a, b) => b.score - a.score || a.i - b.i)
    .map((s) => s.text);
}

type Scores = { r1: number; r2: number; rl: number };

/**
 * The ceiling for whole-sentence selection: with the reference in hand, greedily add the
 * sentence that raises ROUGE-1 + ROUGE-2 F1 of the cut summary most, until nothing helps or the
 * budget is spent. No system can know the reference; this shows how much room the sentences
 * themselves leave.
 */
export function greedyOracle(
  byArticle: readonly string[][],
  reference: string,
  budget: number,
): string[] {
  const pool = byArticle.flat();
  const picked: string[] = [];
  let current = 0;
  while (words(picked.join(' ')).length < budget) {
    let best: string | undefined;
    for (const sentence of pool) {
      if (picked.includes(sentence)) continue;
      const s = score(cut([...picked, sentence], budget), reference);
      if (s.r1 + s.r2 > current) {
        current = s.r1 + s.r2;
        best = sentence;
      }
    }
    if (best === undefined) break;
    picked.push(best);
  }
  return picked;
}

export function score(candidate: string, reference: string): Scores {
  if (candidate.trim() === '') return { r1: 0, r2: 0, rl: 0 };
  const opts = { tokenizer: rougeTokens };
  return {
    r1: rougeN(candidate, reference, { ...opts, n: 1 }),
    r2: rougeN(candidate, reference, { ...opts, n: 2 }),
    rl: rougeL(candidate, reference, opts),
  };
}

export interface SystemScores {
  name: string;
  /** Ours or a baseline. */
  baseline: boolean;
  /** Mean F1 × 100. */
  r1: number;
  r2: number;
  rl: number;
  /** Per-cluster F1 × 100, in cluster order (for paired comparisons). */
  perCluster: Scores[];
}

export interface EvalResult {
  clusters: number;
  systems: SystemScores[];
}

// Every system ranks; the cut at the budget is the same for all (a system told the budget would
// stop short where the next sentence does not fit, and be scored on fewer words).
const unbounded = { maxWords: Number.POSITIVE_INFINITY, maxSentences: Number.POSITIVE_INFINITY };

// Only the oracle reads the reference and budget; every other system ranks without them.
type System = (story: Story, byArticle: string[][], reference: string, budget: number) => string[];

/** Scores every system over every cluster (with `oracle`, the reference-aware ceiling too). */
export function evaluate(
  clusters: readonly Cluster[],
  options: { oracle?: boolean } = {},
): EvalResult {
  const systems: [string, boolean, System][] = [
    ['Braid summary', false, (story) => summarize(story, { ...unbounded, fill: true })],
    ['Braid summary, not padded', false, (story) => summarize(story, unbounded)],
    ['lead (outlets in turn)', true, (_, byArticle) => leadRoundRobin(byArticle)],
    ['lead (first outlet)', true, (_, byArticle) => byArticle[0] ?? []],
    ['TextRank', true, (_, byArticle) => textRank(byArticle)],
  ];
  if (options.oracle) {
    systems.push([
      'oracle: whole sentences, reference known',
      false,
      (_, by, ref, budget) => greedyOracle(by, ref, budget),
    ]);
  }
  const perCluster = systems.map((): Scores[] => []);
  for (const cluster of clusters) {
    const reference = cluster.references[0] ?? '';
    const budget = words(reference).length;
    const story = storyOf(cluster);
    const byArticle = sentencesByArticle(story);
    systems.forEach(([, , system], i) => {
      const s = score(cut(system(story, byArticle, reference, budget), budget), reference);
      perCluster[i]?.push({ r1: s.r1 * 100, r2: s.r2 * 100, rl: s.rl * 100 });
    });
  }
  const mean = (xs: readonly Scores[], key: keyof Scores) =>
    xs.reduce((sum, x) => sum + x[key], 0) / Math.max(1, xs.length);
  return {
    clusters: clusters.length,
    systems: systems.map(([name, baseline], i) => {
      const scores = perCluster[i] ?? [];
      return {
        name,
        baseline,
        r1: mean(scores, 'r1'),
        r2: mean(scores, 'r2'),
        rl: mean(scores, 'rl'),
        perCluster: scores,
      };
    }),
  };
}

/** Mean paired difference (a − b) and its standard error over clusters. */
function paired(a: SystemScores, b: SystemScores, key: keyof Scores): { mean: number; se: number } {
  const d = a.perCluster.map((x, i) => x[key] - (b.perCluster[i]?.[key] ?? 0));
  const mean = d.reduce((s, x) => s + x, 0) / Math.max(1, d.length);
  const variance = d.reduce((s, x) => s + (x - mean) ** 2, 0) / Math.max(1, d.length - 1);
  return { mean, se: Math.sqrt(variance / Math.max(1, d.length)) };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const clusters = loadClusters();
  const started = performance.now();
  const result = evaluate(clusters, { oracle: process.argv.includes('--oracle') });
  const fmt = (x: number) => x.toFixed(2);
  printTable([
    ['system', 'ROUGE-1 F1', 'ROUGE-2 F1', 'ROUGE-L F1'],
    ...result.systems.map((s) => [s.name, fmt(s.r1), fmt(s.r2), fmt(s.rl)]),
  ]);
  const ours = result.systems[0] as SystemScores;
  const baselines = result.systems.filter((s) => s.baseline);
  const best = (key: 'r1' | 'r2') =>
    baselines.reduce((x, y) => (y[key] > x[key] ? y : x)) as SystemScores;
  const line = (key: 'r1' | 'r2', label: string, target: number) => {
    const b = best(key);
    const { mean, se } = paired(ours, b, key);
    const met = mean >= target ? 'met' : 'NOT met';
    return `${label} ${mean >= 0 ? '+' : ''}${fmt(mean)} ± ${fmt(1.96 * se)} over ${b.name} (target ≥ +${target}: ${met})`;
  };
  console.log('');
  console.log(
    `${result.clusters} clusters, budget = the reference's word count, ${((performance.now() - started) / 1000).toFixed(1)} s.`,
  );
  console.log(line('r1', 'ROUGE-1', 2));
  console.log(line('r2', 'ROUGE-2', 1));
}
