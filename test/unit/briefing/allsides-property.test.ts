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

describe('AllSides clusters (cases read by hand)', () => {
  const byId = new Map(loadClusters().map((c) => [c.id, c]));
  const briefingOf = (id: string) => {
    const cluster = byId.get(id);
    if (!cluster) throw new Error(`${id} is not in the evaluation set`);
    return buildBriefing(storyOf(cluster));
  };

  it('shows a fact in the words of a telling when its own wording retells a shown event (allsides-6032)', () => {
    // The Hill's "The bill passed in a 364-62 vote…" retells the summary's passing and names a
    // bill no item above names; the Post's count is shown, with The Hill's sentence its telling.
    const b = briefingOf('allsides-6032');
    const vote = b.points.find((p) => p.text.startsWith('The vote was 364 to 62'));
    expect(vote?.sources).toEqual(['Washington Post']);
    expect(vote?.alsoReported?.map((t) => t.sources)).toEqual([['The Hill']]);
    expect(vote?.alsoReported?.[0]?.text).toMatch(/^The bill passed in a 364-62 vote/u);
  });
});
