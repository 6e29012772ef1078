import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { l as rougeL, n as rougeN } from 'js-rouge';
import model from 'wink-eng-lite-web-model';
import { braid } from '../lambda/briefing/braid.ts';
import { briefingSummaryOptions, summarize } from '../lambda/briefing/summarize.ts';
import { tokenize } from '../lambda/briefing/tokenize.ts';
import type { Story } from '../lambda/briefing/types.ts';
import { type Cluster, loadClusters, storyOf } from './eval-set.ts';
import { printHonesty } from './honesty-run.ts';
import { printTable } from './measure.ts';

/**
 * `npm run eval:briefing`: the briefing's summary against 483 human-written merged summaries
 * (AllSides roundups, read in place — never copied into the repository), side by side with
 * classic baselines, at two lengths:
 *
 * 1. The reference's length (its word count). Here ROUGE is a floor: the summary, going on as
 *    the baselines do, must stay level with the best baseline — the paired 95 % interval of the
 *    difference must reach above −0.3.
 * 2. The length the email shows (at most 3 sentences, 70 words). Here the summary is compared
 *    with today's summary (v1, frozen in bench/baselines/summary-v1.json as sentence references)
 *    and TextRank, with targets: +1.5 ROUGE-1 and +1.0 ROUGE-2 over v1, +0.5 ROUGE-1 over TextRank.
 *
 * Systems:
 * - Braid summary: the briefing's own summary (lambda/briefing/summarize.ts); at the reference's
 *   length with no sentence cap, "not padded" stopping once every fact is said, the main row
 *   going on with other wordings as the baselines do (they never stop);
 * - lead (outlets in turn): the first sentence of each outlet, then the second of each, …;
 * - lead (first outlet): the first article's opening sentences only;
 * - TextRank: PageRank over the word-overlap graph of all sentences (Mihalcea & Tarau 2004);
 * - with `--oracle`, the ceiling: sentences chosen greedily with the reference in hand (slow).
 *
 * Every system ranks sentences from the same cleaning and sentence split; each ranking is cut at
 * the same budget. Scores are ROUGE-1/2 F1 and ROUGE-L (summary-level LCS) F1 over lower-cased,
 * stemmed tokens (letters and digits; words over three letters stemmed with wink's Porter2), as
 * Google's rouge_score does with stemming. Differences are paired per cluster (mean ± 1.96 SE),
 * on all clusters and on the even and odd halves: tune on the even half, read the odd one.
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

/**
 * A ranking as an email could show it: whole sentences in rank order, each taken if it fits
 * in what is left of `maxWords`, at most `maxSentences` of them (no sentence cut short).
 */
export function wholeSentences(
  ranked: readonly string[],
  maxWords: number,
  maxSentences: number,
): string[] {
  const out: string[] = [];
  let used = 0;
  for (const sentence of ranked) {
    if (out.length >= maxSentences) break;
    const n = words(sentence).length;
    if (used + n > maxWords) continue;
    out.push(sentence);
    used += n;
  }
  return out;
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

/**
 * Sentence references per cluster id: [index of the braided article, index of the sentence among
 * that article's body sentences], both as `sentencesByArticle` numbers them. Only references are
 * stored — the evaluation text never enters the repository.
 */
export type SentenceRefs = Record<string, [number, number][]>;

/** Today's summary (v1), frozen before the summary learned to select on budget and trim. */
export const SUMMARY_V1 = join(import.meta.dirname, 'baselines', 'summary-v1.json');

export function loadBaseline(file: string = SUMMARY_V1): SentenceRefs {
  return JSON.parse(readFileSync(file, 'utf8')) as SentenceRefs;
}

/**
 * The sentences a frozen baseline names. Throws when a reference does not resolve: the sentence
 * split changed under the baseline, and its scores would silently mean something else.
 */
export function resolveRefs(
  id: string,
  refs: SentenceRefs,
  byArticle: readonly string[][],
): string[] {
  const own = refs[id];
  if (!own) throw new Error(`${id}: not in the frozen baseline`);
  return own.map(([article, sentence]) => {
    const text = byArticle[article]?.[sentence];
    if (text === undefined) throw new Error(`${id}: no sentence ${sentence} in article ${article}`);
    return text;
  });
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

export interface SystemInput {
  id: string;
  story: Story;
  byArticle: string[][];
  /** Only the oracle reads the reference and budget; every other system ranks without them. */
  reference: string;
  budget: number;
}

export interface System {
  name: string;
  baseline: boolean;
  rank: (input: SystemInput) => string[];
}

// Every system ranks; the cut at the budget is the same for all (a system told the budget would
// stop short where the next sentence does not fit, and be scored on fewer words).
const unbounded = { maxWords: Number.POSITIVE_INFINITY, maxSentences: Number.POSITIVE_INFINITY };

const baselines: System[] = [
  { name: 'lead (outlets in turn)', baseline: true, rank: (x) => leadRoundRobin(x.byArticle) },
  { name: 'lead (first outlet)', baseline: true, rank: (x) => x.byArticle[0] ?? [] },
  { name: 'TextRank', baseline: true, rank: (x) => textRank(x.byArticle) },
];

const oracle: System = {
  name: 'oracle: whole sentences, reference known',
  baseline: false,
  rank: (x) => greedyOracle(x.byArticle, x.reference, x.budget),
};

/** At the reference's length: ours (padded, as the baselines are, and not), the baselines. */
export function referenceLengthSystems(options: { oracle?: boolean } = {}): System[] {
  const systems: System[] = [
    {
      name: 'Braid summary',
      baseline: false,
      rank: (x) => summarize(x.story, { ...unbounded, fill: true }),
    },
    {
      name: 'Braid summary, not padded',
      baseline: false,
      rank: (x) => summarize(x.story, unbounded),
    },
    ...baselines,
  ];
  return options.oracle ? [...systems, oracle] : systems;
}

export const V1_NAME = "today's summary (v1)";

export const TEXTRANK_WHOLE = 'TextRank, whole sentences';
export const TEXTRANK_OWN_LENGTH = "TextRank at the summary's length";

/**
 * At the email's length: the summary as the email shows it, today's (v1), the baselines, and
 * TextRank twice more for a like-for-like reading (the plain row fills all 70 words, its last
 * sentence cut short, where the summary shows whole sentences and averages fewer words): as an
 * email could show it (whole sentences, at most 3, within 70 words), and cut at the word count
 * of the summary for the same cluster.
 */
export function briefingLengthSystems(
  v1: SentenceRefs,
  options: { oracle?: boolean } = {},
): System[] {
  const summaries = new Map<string, string[]>();
  const summaryOf = (x: SystemInput): string[] => {
    const known = summaries.get(x.id) ?? summarize(x.story);
    summaries.set(x.id, known);
    return known;
  };
  const { maxWords, maxSentences } = briefingSummaryOptions;
  const systems: System[] = [
    { name: 'Braid summary (as emailed)', baseline: false, rank: summaryOf },
    { name: V1_NAME, baseline: true, rank: (x) => resolveRefs(x.id, v1, x.byArticle) },
    ...baselines,
    {
      name: TEXTRANK_WHOLE,
      baseline: true,
      rank: (x) => wholeSentences(textRank(x.byArticle), maxWords, maxSentences),
    },
    {
      name: TEXTRANK_OWN_LENGTH,
      baseline: true,
      rank: (x) => [cut(textRank(x.byArticle), words(summaryOf(x).join(' ')).length)],
    },
  ];
  return options.oracle ? [...systems, oracle] : systems;
}

/** Scores every system over every cluster, each ranking cut at `budgetOf(reference)` words. */
export function evaluate(
  clusters: readonly Cluster[],
  systems: readonly System[],
  budgetOf: (reference: string) => number,
): EvalResult {
  const perCluster = systems.map((): Scores[] => []);
  for (const cluster of clusters) {
    const reference = cluster.references[0] ?? '';
    const budget = budgetOf(reference);
    const story = storyOf(cluster);
    const input = {
      id: cluster.id,
      story,
      byArticle: sentencesByArticle(story),
      reference,
      budget,
    };
    systems.forEach((system, i) => {
      const s = score(cut(system.rank(input), budget), reference);
      perCluster[i]?.push({ r1: s.r1 * 100, r2: s.r2 * 100, rl: s.rl * 100 });
    });
  }
  return withMeans(
    clusters.length,
    systems.map((s, i) => ({
      name: s.name,
      baseline: s.baseline,
      perCluster: perCluster[i] ?? [],
    })),
  );
}

type Unscored = Pick<SystemScores, 'name' | 'baseline' | 'perCluster'>;

function withMeans(clusters: number, systems: readonly Unscored[]): EvalResult {
  const mean = (xs: readonly Scores[], key: keyof Scores) =>
    xs.reduce((sum, x) => sum + x[key], 0) / Math.max(1, xs.length);
  return {
    clusters,
    systems: systems.map((s) => ({
      ...s,
      r1: mean(s.perCluster, 'r1'),
      r2: mean(s.perCluster, 'r2'),
      rl: mean(s.perCluster, 'rl'),
    })),
  };
}

/** The clusters at even (0) or odd (1) positions: tune on one half, report the other. */
export function half(result: EvalResult, parity: 0 | 1): EvalResult {
  const systems = result.systems.map((s) => ({
    ...s,
    perCluster: s.perCluster.filter((_, i) => i % 2 === parity),
  }));
  return withMeans(systems[0]?.perCluster.length ?? 0, systems);
}

export interface Difference {
  mean: number;
  /** Standard error of the mean; the 95 % interval is mean ± 1.96·se. */
  se: number;
}

/** Mean paired difference (a − b) over clusters and its standard error. */
export function paired(a: SystemScores, b: SystemScores, key: keyof Scores): Difference {
  const d = a.perCluster.map((x, i) => x[key] - (b.perCluster[i]?.[key] ?? 0));
  const mean = d.reduce((s, x) => s + x, 0) / Math.max(1, d.length);
  const variance = d.reduce((s, x) => s + (x - mean) ** 2, 0) / Math.max(1, d.length - 1);
  return { mean, se: Math.sqrt(variance / Math.max(1, d.length)) };
}

/** Level with a baseline: the 95 % interval of the difference reaches above −0.3. */
export const FLOOR = -0.3;
export const levelWith = (d: Difference): boolean => d.mean + 1.96 * d.se > FLOOR;

/** A target on the mean paired difference ("+1.5 ROUGE-1 over v1"). */
export const reaches = (d: Difference, target: number): boolean => d.mean >= target;

const fmt = (x: number) => x.toFixed(2);
const signed = (d: Difference) => `${d.mean >= 0 ? '+' : ''}${fmt(d.mean)} ± ${fmt(1.96 * d.se)}`;
const verdict = (ok: boolean) => (ok ? 'met' : 'NOT met');

const HALVES = [
  ['all', (r: EvalResult) => r],
  ['even half (tuning)', (r: EvalResult) => half(r, 0)],
  ['odd half (held out)', (r: EvalResult) => half(r, 1)],
] as const;

/** One table: each system's mean scores on all clusters, then each half's ROUGE-1 and -2. */
function printScores(result: EvalResult): void {
  const even = half(result, 0);
  const odd = half(result, 1);
  printTable([
    ['system', 'R-1', 'R-2', 'R-L', 'R-1 even', 'R-2 even', 'R-1 odd', 'R-2 odd'],
    ...result.systems.map((s, i) => [
      s.name,
      fmt(s.r1),
      fmt(s.r2),
      fmt(s.rl),
      fmt(even.systems[i]?.r1 ?? 0),
      fmt(even.systems[i]?.r2 ?? 0),
      fmt(odd.systems[i]?.r1 ?? 0),
      fmt(odd.systems[i]?.r2 ?? 0),
    ]),
  ]);
}

const named = (r: EvalResult, name: string) =>
  r.systems.find((s) => s.name === name) as SystemScores;

/** The floor at the reference's length, per half: ours − the best baseline of each metric. */
function printFloor(result: EvalResult): void {
  console.log(
    `Floor: paired 95 % interval of (Braid summary − best baseline) reaching above ${FLOOR}.`,
  );
  for (const [label, of] of HALVES) {
    const r = of(result);
    const ours = r.systems[0] as SystemScores;
    const cells = (['r1', 'r2'] as const).map((key) => {
      const best = r.systems
        .filter((s) => s.baseline)
        .reduce((x, y) => (y[key] > x[key] ? y : x)) as SystemScores;
      const d = paired(ours, best, key);
      return `${key === 'r1' ? 'ROUGE-1' : 'ROUGE-2'} ${signed(d)} vs ${best.name} (${verdict(levelWith(d))})`;
    });
    console.log(`  ${label}: ${cells.join('; ')}`);
  }
}

/** The targets at 70 words, per half. */
function printTargets(result: EvalResult): void {
  const targets = [
    ['ROUGE-1 over v1', V1_NAME, 'r1', 1.5],
    ['ROUGE-2 over v1', V1_NAME, 'r2', 1.0],
    ['ROUGE-1 over TextRank', 'TextRank', 'r1', 0.5],
  ] as const;
  console.log('Targets: mean paired difference ± 1.96 SE of the summary as emailed.');
  for (const [label, of] of HALVES) {
    const r = of(result);
    const ours = r.systems[0] as SystemScores;
    const cells = targets.map(([what, other, key, target]) => {
      const d = paired(ours, named(r, other), key);
      return `${what} ${signed(d)} (≥ +${target}: ${verdict(reaches(d, target))})`;
    });
    console.log(`  ${label}: ${cells.join('; ')}`);
  }
  console.log('Like for like, beside the target (TextRank fills every word of the 70):');
  for (const [label, of] of HALVES) {
    const r = of(result);
    const ours = r.systems[0] as SystemScores;
    const cells = [TEXTRANK_WHOLE, TEXTRANK_OWN_LENGTH].map(
      (other) => `ROUGE-1 over ${other} ${signed(paired(ours, named(r, other), 'r1'))}`,
    );
    console.log(`  ${label}: ${cells.join('; ')}`);
  }
}

export const EMAIL_WORDS = briefingSummaryOptions.maxWords;

if (import.meta.url === `file://${process.argv[1]}`) {
  const clusters = loadClusters();
  const withOracle = { oracle: process.argv.includes('--oracle') };
  const started = performance.now();
  const atReference = evaluate(
    clusters,
    referenceLengthSystems(withOracle),
    (r) => words(r).length,
  );
  const atEmail = evaluate(
    clusters,
    briefingLengthSystems(loadBaseline(), withOracle),
    () => EMAIL_WORDS,
  );
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(
    `${clusters.length} clusters (${seconds} s); even half for tuning, odd half held out.\n`,
  );
  console.log("At the reference's length (budget = the reference's word count):");
  printScores(atReference);
  printFloor(atReference);
  console.log(
    `\nAt the email's length (${EMAIL_WORDS} words; the summary also at most 3 sentences):`,
  );
  printScores(atEmail);
  printTargets(atEmail);
  await printHonesty();
}
