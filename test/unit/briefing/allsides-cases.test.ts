import { describe, expect, it } from 'vitest';
import { loadClusters, storyOf } from '../../../bench/eval-set.ts';
import { buildBriefing } from '../../../lambda/briefing/index.ts';

// Real clusters read by hand, read in place like the property test's (the text is never copied).
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
