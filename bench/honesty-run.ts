import { join } from 'node:path';
import { loadStory } from '../lambda/adapters/content-dir.ts';
import { buildBriefing } from '../lambda/briefing/build-briefing.ts';
import type { Story } from '../lambda/briefing/types.ts';
import {
  emptyFigures,
  type HonestyFigures,
  judgeBriefing,
  loadGold,
  precision,
} from './eval-honesty.ts';
import { loadClusters, storyOf } from './eval-set.ts';
import { printTable } from './measure.ts';

export const SEED = 'biden-calls-putin-a-killer';

/** The seed story, as `npm start` loads it. */
export function loadSeed(): Promise<Story> {
  return loadStory(join(import.meta.dirname, '..', 'content', SEED));
}

/** Honesty figures on the seed story and on the judged eval-set clusters, separately. */
export async function runHonesty(): Promise<{
  seed: HonestyFigures;
  clusters: HonestyFigures;
  judged: number;
}> {
  const gold = loadGold();
  const seed = emptyFigures();
  const story = await loadSeed();
  judgeBriefing(story, buildBriefing(story), gold, seed);
  const clusters = emptyFigures();
  const judged = loadClusters().filter((c) => c.id in gold.attribution || c.id in gold.conflicts);
  for (const c of judged) {
    const s = storyOf(c);
    judgeBriefing(s, buildBriefing(s), gold, clusters);
  }
  return { seed, clusters, judged: judged.length };
}

const pct = (x: number) => `${(100 * x).toFixed(1)} %`;

function row(name: string, f: HonestyFigures, target: number): string[] {
  const p = precision(f);
  return [
    name,
    `${f.right}/${f.credits}`,
    `${f.eventRight}/${f.eventCredits}`,
    `${pct(p)} (target ≥ ${pct(target)}: ${p >= target ? 'met' : 'NOT met'})`,
    String(f.unjudged.length),
    `${f.multiSourceSummary} + ${f.multiSourcePoints}`,
    `${f.storiesShowingShared} of ${f.storiesSharing}`,
    `${f.falsePrecisionDates.length} of ${f.datedEntries}`,
    String(f.forecastsAsEvents.length),
    String(f.repeatedFacts.length),
    `${f.conflictsFound}/${f.conflictsExpected}, ${f.falseConflicts.length} false`,
  ];
}

/** Prints the honesty table, then every failure by name (story and sentence keys). */
export async function printHonesty(): Promise<void> {
  const { seed, clusters, judged } = await runHonesty();
  console.log(
    `\nHonesty, against our own judgements (bench/gold: the seed story and ${judged} clusters):`,
  );
  printTable([
    [
      'set',
      'wording credits right',
      'event credits right',
      'attribution precision',
      'unjudged',
      'multi-source summary + points',
      'stories showing a shared fact',
      'false-precision dates',
      'forecasts as events',
      'repeated facts',
      'conflicts found',
    ],
    row('seed story', seed, 1),
    row('judged clusters', clusters, 0.98),
  ]);
  for (const f of [seed, clusters]) {
    for (const e of [...f.wrong, ...f.unjudged]) {
      console.log(`  credit ${e.story} ${e.section} ${e.shown} → ${e.witness}`);
    }
    const lines = [...f.falsePrecisionDates, ...f.forecastsAsEvents, ...f.repeatedFacts];
    for (const line of [...lines, ...f.falseConflicts.map((c) => `false conflict ${c}`)]) {
      console.log(`  ${line}`);
    }
  }
}
