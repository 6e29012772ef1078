import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildBriefing } from '../../../lambda/briefing/index.ts';
import type { Story } from '../../../lambda/briefing/types.ts';
import { expectTraceable } from './assert-traceable.ts';

// 483 real multi-outlet clusters, read in place: the text belongs to AllSides and the outlets
// and must never be copied into the repository (see shared/eval/README.md beside the repository).
const EVAL_FILE = join(
  process.env.BRAID_EVAL_DIR ?? join(import.meta.dirname, '..', '..', '..', '..', 'shared', 'eval'),
  'allsides-dev.json',
);

interface Cluster {
  id: string;
  articles: { source: string; text: string }[];
}

function storyOf(cluster: Cluster): Story {
  return {
    slug: cluster.id,
    meta: { status: 'ready' },
    articles: cluster.articles.map((a, i) => ({
      story: cluster.id,
      outlet: a.source,
      outletSlug: `article-${i + 1}`,
      // The data set has no dates; the crawl's month keeps relative dates plausible.
      published: '2021-10-19',
      language: 'en',
      paragraphs: a.text
        .split(/\n/u)
        .map((p) => p.trim())
        .filter(Boolean),
      file: `${cluster.id}#${i + 1}`,
    })),
  };
}

describe('AllSides clusters (property test)', () => {
  // The evaluation set sits beside the repository (shared/eval), in CI too; a run without it
  // fails here, saying where it looked, rather than passing on nothing.
  if (!existsSync(EVAL_FILE)) {
    throw new Error(`The evaluation set is not at ${EVAL_FILE}; set BRAID_EVAL_DIR to its folder.`);
  }
  const clusters = JSON.parse(readFileSync(EVAL_FILE, 'utf8')) as Cluster[];

  it('has the expected data set', () => {
    expect(clusters.length).toBe(483);
  });

  it('every cluster yields a traceable briefing with a summary', () => {
    for (const cluster of clusters) {
      const story = storyOf(cluster);
      const briefing = buildBriefing(story);
      expect(briefing.summary.length, cluster.id).toBeGreaterThanOrEqual(1);
      expectTraceable(briefing, story);
      for (const d of briefing.differences) {
        // A difference is something only its outlet reports.
        expect(
          briefing.points.some((p) => p.text === d.text),
          cluster.id,
        ).toBe(false);
      }
    }
  }, 120_000);
});
