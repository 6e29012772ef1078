import { join } from 'node:path';
import { loadStory } from '../lambda/adapters/content-dir.ts';
import { buildBriefing } from '../lambda/briefing/index.ts';
import type { Article, Story } from '../lambda/briefing/types.ts';
import { loadClusters } from './eval-set.ts';
import { measure, printTable, trackPeakRss } from './measure.ts';

/**
 * The briefing's speed and memory targets (issue 3): the seed story in < 50 ms warm, a
 * 50-article story in < 1 s, on one core, with peak memory. Numbers, not assertions.
 *
 * The 50-article story is made in memory, never written anywhere: the two seed articles rotated
 * (each outlet opens at a different paragraph), thinned (every seventh paragraph dropped, at a
 * different offset for each outlet) and lightly reworded, plus — when the evaluation set is on
 * this machine — a few opening paragraphs of other clusters, the length and shape of real
 * multi-outlet coverage. Wall time is measured; CPU time per run is shown beside it because the
 * machine may be shared.
 */
const root = join(import.meta.dirname, '..');
const SEED = join(root, 'content', 'biden-calls-putin-a-killer');

/** A small deterministic generator (mulberry32): the same story on every run. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const REWORDINGS: [RegExp, string][] = [
  [/\bsaid\b/gu, 'stated'],
  [/\brelations\b/gu, 'ties'],
  [/\bRussia\b/gu, 'Moscow'],
  [/\bambassador\b/gu, 'envoy'],
  [/\breport\b/gu, 'assessment'],
];

/** Opening paragraphs of other clusters, as the evaluation set has them (read, not copied). */
function evalParagraphs(): string[] {
  return loadClusters()
    .slice(0, 40)
    .flatMap((c) => c.articles.flatMap((a) => a.text.split(/\n/u)))
    .map((p) => p.trim())
    .filter((p) => p.split(/\s+/u).length >= 12);
}

/** `count` outlets' articles about the seed story, made from the seeds in memory. */
export function syntheticStory(seed: Story, count: number): Story {
  const next = random(2021);
  const extra = evalParagraphs();
  const articles: Article[] = [];
  for (let i = 0; i < count; i++) {
    const base = seed.articles[i % seed.articles.length] as Article;
    const n = base.paragraphs.length;
    const rotated = base.paragraphs.map((_, k) => base.paragraphs[(k + i) % n] as string);
    const kept = rotated.filter((_, k) => (k + i) % 7 !== 0);
    const reworded = kept.map((p) =>
      REWORDINGS.reduce(
        (text, [pattern, word]) => (next() < 0.3 ? text.replace(pattern, word) : text),
        p,
      ),
    );
    const context = extra.length
      ? Array.from({ length: 3 }, () => extra[Math.floor(next() * extra.length)] as string)
      : [];
    articles.push({
      ...base,
      outlet: `Outlet ${String(i + 1).padStart(2, '0')}`,
      outletSlug: `outlet-${i + 1}`,
      file: `${seed.slug}/outlet-${i + 1}.md`,
      paragraphs: [...reworded.slice(0, 3), ...context, ...reworded.slice(3)],
    });
  }
  return { ...seed, articles };
}

/** Mean CPU milliseconds (user + system) per call over `runs` calls. */
function cpuMs(run: () => unknown, runs: number): number {
  const start = process.cpuUsage();
  for (let i = 0; i < runs; i++) run();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000 / runs;
}

/** Rows of [measure, value] for `npm run bench`. */
export async function briefingBench(): Promise<string[][]> {
  const peak = trackPeakRss();
  const seed = await loadStory(SEED);
  const fifty = syntheticStory(seed, 50);
  const fiftyWords = fifty.articles.reduce(
    (n, a) => n + a.paragraphs.join(' ').split(/\s+/u).length,
    0,
  );

  const seedRun = await measure('seed', () => buildBriefing(seed), { minMs: 2000 });
  const seedCpu = cpuMs(() => buildBriefing(seed), 20);
  const fiftyRun = await measure('fifty', () => buildBriefing(fifty), {
    warmup: 1,
    minMs: 3000,
    minOps: 3,
  });
  const fiftyCpu = cpuMs(() => buildBriefing(fifty), 2);
  const peakMb = peak.stop() / 1024 / 1024;

  const ms = (value: number) => `${value.toFixed(1)} ms`;
  return [
    ['brief: seed story, 2 articles, warm (target < 50 ms)', ms(seedRun.meanMs)],
    ['brief: seed story, CPU time per run', ms(seedCpu)],
    [
      `brief: 50-article story, ${Math.round(fiftyWords / 1000)}k words, warm (target < 1 s)`,
      ms(fiftyRun.meanMs),
    ],
    ['brief: 50-article story, CPU time per run', ms(fiftyCpu)],
    ['brief: peak RSS during these runs', `${peakMb.toFixed(0)} MB`],
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  printTable([['measure', 'value'], ...(await briefingBench())]);
}
