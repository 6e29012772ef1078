import { join } from 'node:path';
import { loadStory } from '../lambda/adapters/content-dir.ts';
import { readTemplates } from '../lambda/adapters/template-files.ts';
import { buildBriefing } from '../lambda/briefing/build-briefing.ts';
import type { Briefing } from '../lambda/briefing/types.ts';
import { htmlBudgetSize } from '../lambda/email/edition-view.ts';
import { renderCompiledEdition } from '../lambda/email/render-compiled.ts';
import { editionTemplateSet } from '../lambda/email/render-edition.ts';
import { compileTemplate } from '../lambda/email/template-compiler.ts';
import type { EditionInput } from '../lambda/email/types.ts';
import { BENCH_SETTINGS } from './edition-bench.ts';
import { loadClusters, storyOf } from './eval-set.ts';
import { measure } from './measure.ts';

/**
 * Issue 13's figures: the compose Lambda's render (Handlebars on the compiled template, the
 * plan fitted to the 90 KB budget) for 1, 12 and 40 stories, and the sizes of those editions.
 * The 1-story render is the baseline the others are a ratio of. Stories are real: the seed,
 * then AllSides clusters of two or more outlets (the evaluation set must be on this machine).
 */
export async function digestBench(): Promise<string[][]> {
  const root = join(import.meta.dirname, '..');
  const template = await compileTemplate(
    editionTemplateSet(await readTemplates(join(root, 'templates'))),
  );
  const seed = buildBriefing(await loadStory(join(root, 'content', 'biden-calls-putin-a-killer')));
  const clusters = loadClusters().filter((c) => new Set(c.articles.map((a) => a.source)).size >= 2);
  const briefings: Briefing[] = [
    seed,
    ...clusters.slice(0, 39).map((c) => buildBriefing(storyOf(c))),
  ];
  const input = (n: number): EditionInput => ({
    id: '2021-03-18',
    date: '2021-03-18T06:00:00Z',
    briefings: briefings.slice(0, n),
    settings: BENCH_SETTINGS,
  });
  const rows: string[][] = [];
  let baseline = 0;
  for (const n of [1, 12, 40]) {
    const edition = renderCompiledEdition(input(n), template);
    const timed = await measure(`digest render, ${n} stories`, () =>
      renderCompiledEdition(input(n), template),
    );
    baseline ||= timed.meanMs;
    const shown = edition.levels?.filter((l) => l !== 'listed').length ?? n;
    rows.push([
      `compose render, ${n} ${n === 1 ? 'story' : 'stories'} (fitted to the budget; web copy included)`,
      `${timed.meanMs.toFixed(1)} ms (${(timed.meanMs / baseline).toFixed(1)}× the 1-story render)`,
    ]);
    rows.push([
      `edition HTML as sent, ${n} ${n === 1 ? 'story' : 'stories'}: size, stories shown / listed`,
      `${(htmlBudgetSize(edition.html) / 1024).toFixed(1)} KB of 90 KB, ${shown} / ${n - shown}; web copy ${(Buffer.byteLength(edition.webHtml) / 1024).toFixed(0)} KB`,
    ]);
  }
  return rows;
}
