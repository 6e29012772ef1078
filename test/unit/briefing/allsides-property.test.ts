import { describe, expect, it } from 'vitest';
import { loadClusters, storyOf } from '../../../bench/eval-set.ts';
import { buildBriefing } from '../../../lambda/briefing/index.ts';
import { expectTraceable } from './assert-traceable.ts';

// 483 real multi-outlet clusters, read in place: the text belongs to AllSides and the outlets
// and must never be copied into the repository (see shared/eval/README.md beside the repository).

describe('AllSides clusters (property test)', () => {
  // The evaluation set sits beside the repository (shared/eval), in CI too; a run without it
  // fails here, saying where it looked, rather than passing on nothing.
  const clusters = loadClusters();

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
