import { describe, expect, it } from 'vitest';
import {
  cut,
  greedyOracle,
  leadRoundRobin,
  rougeTokens,
  score,
  textRank,
} from '../../../bench/eval-briefing.ts';

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
