import { describe, expect, it } from 'vitest';
import {
  briefingLengthSystems,
  cut,
  type EvalResult,
  greedyOracle,
  half,
  leadRoundRobin,
  levelWith,
  loadBaseline,
  paired,
  reaches,
  resolveRefs,
  rougeTokens,
  type SystemScores,
  score,
  sentencesByArticle,
  TEXTRANK_OWN_LENGTH,
  TEXTRANK_WHOLE,
  textRank,
  V1_NAME,
  wholeSentences,
} from '../../../bench/eval-briefing.ts';
import { seedStory } from '../briefing/seed-story.ts';

const articles = [
  [
    'The council approved a new budget for road repairs on Monday.',
    'Residents had complained about potholes for years.',
    'The mayor said work starts in spring.',
  ],
  [
    'Road repairs across the city won a council budget vote on Monday.',
    'Opposition members called the spending too high.',
  ],
];

describe('the ROUGE evaluation harness', () => {
  it('stems words over three letters and keeps letters and digits only', () => {
    expect(rougeTokens('Repairs, repairing: 3 roads!')).toEqual(['repair', 'repair', '3', 'road']);
  });

  it('shows a ranking as an email could: whole sentences that fit, in rank order, up to a count', () => {
    const ranked = ['one two three', 'four five six seven', 'eight', 'nine ten', 'eleven'];
    expect(wholeSentences(ranked, 5, 3)).toEqual(['one two three', 'eight', 'eleven']);
    expect(wholeSentences(ranked, 6, 3)).toEqual(['one two three', 'eight', 'nine ten']);
    expect(wholeSentences(ranked, 100, 2)).toEqual(['one two three', 'four five six seven']);
    expect(wholeSentences(ranked, 3, 3)).toEqual(['one two three']);
    expect(wholeSentences(ranked, 2, 3)).toEqual(['eight', 'eleven']);
    expect(wholeSentences([], 70, 3)).toEqual([]);
  });

  it('cuts a ranking at the budget, the last sentence short', () => {
    expect(cut(['one two three', 'four five six'], 4)).toBe('one two three four');
    expect(cut(['one two'], 10)).toBe('one two');
  });

  it('takes outlets in turn for the lead baseline', () => {
    expect(leadRoundRobin(articles).slice(0, 3)).toEqual([
      articles[0]?.[0],
      articles[1]?.[0],
      articles[0]?.[1],
    ]);
  });

  it('ranks the sentences other sentences share words with first in TextRank', () => {
    const ranked = textRank(articles);
    expect(ranked).toHaveLength(5);
    expect(ranked.slice(0, 2).sort()).toEqual([articles[0]?.[0], articles[1]?.[0]].sort());
  });

  it('scores identical text 1 and unrelated text 0', () => {
    const text = 'The council approved a budget.';
    expect(score(text, text)).toEqual({ r1: 1, r2: 1, rl: 1 });
    expect(score('Nothing alike here.', text).r1).toBe(0);
  });

  it('gives the oracle the sentences the reference is made of, and beats every ranking', () => {
    const reference =
      'Residents had complained about potholes for years. Opposition members called the spending too high.';
    const budget = reference.split(' ').length;
    const picked = greedyOracle(articles, reference, budget);
    expect(picked.sort()).toEqual([articles[0]?.[1], articles[1]?.[1]].sort());
    const oracle = score(cut(picked, budget), reference);
    for (const ranking of [leadRoundRobin(articles), textRank(articles)]) {
      expect(oracle.r1).toBeGreaterThan(score(cut(ranking, budget), reference).r1);
    }
  });
});

const system = (name: string, r1: number[]): SystemScores => ({
  name,
  baseline: false,
  r1: 0,
  r2: 0,
  rl: 0,
  perCluster: r1.map((x) => ({ r1: x, r2: x / 2, rl: x })),
});

describe('paired comparisons', () => {
  const ours = system('ours', [40, 42, 38, 44]);
  const base = system('base', [39, 40, 38, 41]);

  it('takes the mean per-cluster difference and its standard error', () => {
    const d = paired(ours, base, 'r1');
    expect(d.mean).toBeCloseTo(1.5);
    // Differences 1, 2, 0, 3: sample SD √(5/3), SE √(5/3)/2.
    expect(d.se).toBeCloseTo(Math.sqrt(5 / 3) / 2);
  });

  it('is level with a baseline while the 95 % interval reaches above −0.3', () => {
    expect(levelWith({ mean: -0.5, se: 0.2 })).toBe(true);
    expect(levelWith({ mean: -0.8, se: 0.2 })).toBe(false);
  });

  it('meets a target on the mean difference', () => {
    expect(reaches({ mean: 1.5, se: 1 }, 1.5)).toBe(true);
    expect(reaches({ mean: 1.49, se: 0 }, 1.5)).toBe(false);
  });

  it('splits clusters into the even and the odd half, means recomputed', () => {
    const result: EvalResult = { clusters: 4, systems: [ours, base] };
    const even = half(result, 0);
    const odd = half(result, 1);
    expect(even.clusters).toBe(2);
    expect(even.systems[0]?.perCluster.map((s) => s.r1)).toEqual([40, 38]);
    expect(odd.systems[0]?.r1).toBeCloseTo(43);
  });
});

describe("today's summary (v1), frozen as sentence references", () => {
  const v1 = loadBaseline();

  it('holds 1–3 [article, sentence] references per cluster, and no text', () => {
    const entries = Object.entries(v1);
    expect(entries.length).toBe(483);
    for (const [id, refs] of entries) {
      expect(id).toMatch(/^allsides-\d+$/u);
      expect(refs.length).toBeLessThanOrEqual(3);
      for (const ref of refs) {
        expect(ref).toHaveLength(2);
        for (const n of ref) expect(Number.isInteger(n) && n >= 0).toBe(true);
      }
    }
  });

  it('resolves references against the sentence split, and refuses one that is not there', () => {
    const refs = { a: [[1, 0] as [number, number], [0, 2] as [number, number]] };
    expect(resolveRefs('a', refs, articles)).toEqual([articles[1]?.[0], articles[0]?.[2]]);
    expect(() => resolveRefs('a', { a: [[1, 5]] }, articles)).toThrow(/no sentence 5/u);
    expect(() => resolveRefs('b', refs, articles)).toThrow(/not in the frozen baseline/u);
  });

  it('is scored as a baseline at the email length, beside ours and TextRank', () => {
    const names = briefingLengthSystems(v1).map((s) => s.name);
    expect(names).toContain(V1_NAME);
    expect(names).toContain('TextRank');
    expect(names).toContain(TEXTRANK_WHOLE);
    expect(names).toContain(TEXTRANK_OWN_LENGTH);
  });

  it("cuts TextRank at the summary's own word count for the same story", () => {
    const story = seedStory();
    const byArticle = sentencesByArticle(story);
    const input = { id: story.slug, story, byArticle, reference: '', budget: 70 };
    const systems = briefingLengthSystems(v1);
    const rank = (name: string) => systems.find((s) => s.name === name)?.rank(input) ?? [];
    const length = rank('Braid summary (as emailed)').join(' ').split(/\s+/u).length;
    expect(length).toBeGreaterThan(30);
    expect(rank(TEXTRANK_OWN_LENGTH)).toEqual([cut(textRank(byArticle), length)]);
    expect(rank(TEXTRANK_WHOLE)).toEqual(wholeSentences(textRank(byArticle), 70, 3));
  });
});
