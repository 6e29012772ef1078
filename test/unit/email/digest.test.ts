import { describe, expect, it } from 'vitest';
import type { Briefing } from '../../../lambda/briefing/types.ts';
import {
  cutToLevel,
  DIGEST_MAX_SHOWN,
  fitPlan,
  isEmptyBriefing,
  plansFor,
  readingMinutes,
  type StoryLevel,
  WORDS_PER_MINUTE,
} from '../../../lambda/email/digest.ts';
import { briefingFixture } from './fixtures.ts';

describe('plansFor', () => {
  it('shows a lone story in full, then as a digest, then listed', () => {
    expect(plansFor(1)).toEqual([['full'], ['digest'], ['listed']]);
  });

  it('shows several stories as digests, giving up the last one first', () => {
    expect(plansFor(3)).toEqual([
      ['digest', 'digest', 'digest'],
      ['digest', 'digest', 'listed'],
      ['digest', 'listed', 'listed'],
      ['listed', 'listed', 'listed'],
    ]);
  });

  it(`lists every story beyond ${DIGEST_MAX_SHOWN} from the start`, () => {
    const plans = plansFor(40);
    expect(plans[0]?.filter((l) => l === 'digest')).toHaveLength(DIGEST_MAX_SHOWN);
    expect(plans[0]?.slice(DIGEST_MAX_SHOWN).every((l) => l === 'listed')).toBe(true);
    expect(plans).toHaveLength(DIGEST_MAX_SHOWN + 1);
    expect(plans.at(-1)?.every((l) => l === 'listed')).toBe(true);
  });
});

describe('fitPlan', () => {
  const plans = plansFor(12);
  const shown = (plan: StoryLevel[]) => plan.filter((l) => l !== 'listed').length;

  it('finds the richest plan that fits, asking few times', () => {
    for (const limit of [0, 1, 5, 11, 12]) {
      let asked = 0;
      const plan = fitPlan(plans, (p) => {
        asked++;
        return shown(p) <= limit;
      });
      expect(plan && shown(plan)).toBe(limit);
      expect(asked).toBeLessThanOrEqual(Math.ceil(Math.log2(plans.length + 1)));
    }
  });

  it("tries a lone story's plans in turn: its digest is not always smaller than its full form", () => {
    // A short story: full fits, its digest (with the link to the web copy) does not.
    expect(fitPlan(plansFor(1), (p) => p[0] !== 'digest')).toEqual(['full']);
    expect(fitPlan(plansFor(1), (p) => p[0] === 'listed')).toEqual(['listed']);
    expect(fitPlan(plansFor(1), () => false)).toBeUndefined();
  });

  it('gives undefined when nothing fits, and the first plan when everything does', () => {
    expect(fitPlan(plans, () => false)).toBeUndefined();
    expect(fitPlan(plans, () => true)).toBe(plans[0]);
    expect(fitPlan([], () => true)).toBeUndefined();
  });
});

describe('cutToLevel', () => {
  const base = briefingFixture();
  const [difference] = base.differences as [Briefing['differences'][number]];
  const many = briefingFixture({
    points: Array.from({ length: 6 }, (_, i) => ({
      text: `Point ${i}.`,
      sources: ['A'],
      evidence: [],
    })),
    differences: [difference, { ...difference, text: 'Another.' }],
  });

  it('keeps everything in full', () => {
    expect(cutToLevel(many, 'full')).toBe(many);
  });

  it('keeps the headline, summary, 3 points, 1 quote and 1 difference in a digest', () => {
    const cut = cutToLevel(many, 'digest');
    expect(cut.headline).toBe(many.headline);
    expect(cut.summary).toEqual(many.summary);
    expect(cut.points.map((p) => p.text)).toEqual(['Point 0.', 'Point 1.', 'Point 2.']);
    expect(cut.quotes).toEqual(many.quotes.slice(0, 1));
    expect(many.differences).toHaveLength(2);
    expect(cut.differences).toEqual(many.differences.slice(0, 1));
    expect([cut.timeline, cut.people, cut.sources]).toEqual([[], [], []]);
  });

  it('keeps only the headline when listed', () => {
    const cut = cutToLevel(many, 'listed');
    expect(cut.headline).toBe(many.headline);
    expect([cut.summary, cut.points, cut.quotes, cut.differences]).toEqual([[], [], [], []]);
    expect([cut.timeline, cut.people, cut.sources]).toEqual([[], [], []]);
  });
});

describe('readingMinutes', () => {
  it('is at least one minute', () => {
    expect(readingMinutes(cutToLevel(briefingFixture(), 'listed'))).toBe(1);
  });

  const words = (n: number) => Array.from({ length: n }, () => 'word').join(' ');
  const bare = briefingFixture({
    headline: '',
    summary: [],
    points: [],
    quotes: [],
    differences: [],
    timeline: [],
    people: [],
  });

  it(`counts the words shown at ${WORDS_PER_MINUTE} a minute, rounded`, () => {
    expect(readingMinutes({ ...bare, summary: [words(3 * WORDS_PER_MINUTE)] })).toBe(3);
    // 1.5 minutes round up, 1.495 down: every word counts, and nothing else does.
    expect(readingMinutes({ ...bare, summary: [words(1.5 * WORDS_PER_MINUTE)] })).toBe(2);
    expect(readingMinutes({ ...bare, summary: [words(1.5 * WORDS_PER_MINUTE - 1)] })).toBe(1);
    expect(readingMinutes({ ...bare, summary: [` ${words(1.5 * WORDS_PER_MINUTE - 1)} `] })).toBe(
      1,
    );
  });

  it('counts every section shown: headline, points, quotes and speakers, differences, timeline, people', () => {
    const half = words(WORDS_PER_MINUTE / 2); // 110 words
    const at = (extra: Partial<typeof bare>) =>
      readingMinutes({ ...bare, summary: [words(WORDS_PER_MINUTE)], ...extra });
    const evidence = [{ source: 'A', paragraph: 1, sentence: 1 }];
    expect(at({ headline: half })).toBe(2);
    expect(at({ points: [{ text: half, sources: [], evidence }] })).toBe(2);
    expect(at({ quotes: [{ text: words(55), speaker: words(55), sources: [], evidence }] })).toBe(
      2,
    );
    expect(at({ differences: [{ source: 'A', text: half, evidence, kind: 'exclusive' }] })).toBe(2);
    expect(
      at({ timeline: [{ date: '2021', precision: 'year', text: half, sources: [], evidence }] }),
    ).toBe(2);
    expect(at({ people: [{ name: words(55), role: words(55), mentions: 1, sources: [] }] })).toBe(
      2,
    );
    expect(at({ people: [{ name: words(110), mentions: 1, sources: [] }] })).toBe(2);
  });

  it('counts the other outlets’ tellings shown with the summary, points and timeline', () => {
    const half = words(WORDS_PER_MINUTE / 2);
    const evidence = [{ source: 'B', paragraph: 1, sentence: 1 }];
    const telling = { text: half, sources: ['B'], evidence };
    const base = { ...bare, summary: [words(WORDS_PER_MINUTE)] };
    expect(readingMinutes({ ...base, summaryAlsoReported: [[telling]] })).toBe(2);
    const point = { text: 'x', sources: ['A'], evidence, alsoReported: [telling] };
    expect(readingMinutes({ ...base, points: [point] })).toBe(2);
    const entry = { date: '2021', precision: 'year' as const, text: 'x', sources: ['A'], evidence };
    expect(readingMinutes({ ...base, timeline: [{ ...entry, alsoReported: [telling] }] })).toBe(2);
    // A telling of a summary sentence the level cut is not shown, so not read.
    expect(readingMinutes({ ...base, summary: [], summaryAlsoReported: [[telling]] })).toBe(1);
  });
});

describe('isEmptyBriefing', () => {
  it('is empty with neither summary nor points, whatever else it has', () => {
    expect(isEmptyBriefing(briefingFixture({ summary: [], points: [] }))).toBe(true);
    expect(isEmptyBriefing(briefingFixture({ summary: [] }))).toBe(false);
    expect(isEmptyBriefing(briefingFixture({ points: [] }))).toBe(false);
  });
});
