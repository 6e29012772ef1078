import { describe, expect, it } from 'vitest';
import { braid } from '../../../lambda/briefing/braid.ts';
import { cosine } from '../../../lambda/briefing/cosine.ts';
import { countWords } from '../../../lambda/briefing/count-words.ts';
import {
  briefingSummaryOptions,
  selectSummary,
  standsAlone,
  summarize,
} from '../../../lambda/briefing/summarize.ts';
import { bbc, seedStory } from './seed-story.ts';

describe('standsAlone', () => {
  it.each([
    ['Russia has called home its ambassador for talks.', true],
    ['He said he would pay a price.', false],
    ['The US president also told ABC News Putin would pay.', false],
    ['"It takes one to know one," Putin said on Russian TV.', false],
    ['But the Kremlin denied it.', false],
    ['Theresa May resigned on Friday.', true],
  ])('%s → %s', (sentence, alone) => {
    expect(standsAlone(sentence)).toBe(alone);
  });
});

describe('the summary of the seed story', () => {
  const { facts } = braid(seedStory());
  const picks = selectSummary(facts, briefingSummaryOptions);

  it('is 1–3 sentences and at most 70 words', () => {
    expect(picks.length).toBeGreaterThanOrEqual(1);
    expect(picks.length).toBeLessThanOrEqual(3);
    expect(picks.reduce((n, p) => n + countWords(p.unit.text), 0)).toBeLessThanOrEqual(70);
  });

  it('says facts both outlets report, in the cleaner BBC wording, starting with the lead', () => {
    for (const { fact, unit } of picks) {
      expect(fact.sources).toEqual(['BBC News', 'NBC News']);
      expect(unit.outlet).toBe('BBC News');
    }
    expect(picks[0]?.unit.ref).toEqual({ source: 'BBC News', paragraph: 1, sentence: 1 });
  });

  it('never says one thing twice (fact cosine ≤ 0.5) and every sentence stands alone', () => {
    picks.forEach((p, i) => {
      expect(standsAlone(p.unit.text)).toBe(true);
      for (const q of picks.slice(i + 1)) {
        expect(cosine(p.fact.vector, q.fact.vector)).toBeLessThanOrEqual(0.5);
      }
    });
  });

  it('the budget binds: a tighter word budget gives fewer words', () => {
    const short = selectSummary(facts, { maxWords: 30, maxSentences: 3 });
    expect(short.length).toBeGreaterThanOrEqual(1);
    expect(short.reduce((n, p) => n + p.unit.words, 0)).toBeLessThanOrEqual(30);
  });

  it('fill: keeps going with other wordings once the facts run out, never a sentence twice', () => {
    const unbounded = {
      maxWords: Number.POSITIVE_INFINITY,
      maxSentences: Number.POSITIVE_INFINITY,
    };
    const plain = summarize(seedStory(), unbounded);
    const filled = summarize(seedStory(), { ...unbounded, fill: true });
    expect(filled.slice(0, plain.length)).toEqual(plain);
    expect(filled.length).toBeGreaterThan(plain.length);
    expect(new Set(filled).size).toBe(filled.length);
    // Without fill, one sentence per fact.
    const picked = selectSummary(facts, unbounded);
    expect(new Set(picked.map((p) => p.fact)).size).toBe(picked.length);
  });
});

describe('the summary of a single article', () => {
  it('takes its opening sentences, none leaning on an earlier one', () => {
    const summary = summarize(seedStory([bbc()]));
    expect(summary.length).toBeGreaterThanOrEqual(1);
    expect(summary[0]).toBe(bbc().paragraphs[0]);
    for (const s of summary) expect(standsAlone(s)).toBe(true);
  });
});
