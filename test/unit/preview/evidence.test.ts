import { describe, expect, it } from 'vitest';
import type { Article, Briefing } from '../../../lambda/briefing/types.ts';
import { evidenceOutline, keptText, preparedByOutlet } from '../../../lambda/preview/evidence.ts';

const article: Article = {
  story: 's',
  outlet: 'BBC News',
  outletSlug: 'bbc-news',
  published: '2021-03-18',
  language: 'en',
  paragraphs: [
    'Russia, which denies the claims, recalled its ambassador on Wednesday. It said so late.',
  ],
  file: 's/bbc-news.md',
};
const sentence = 'Russia, which denies the claims, recalled its ambassador on Wednesday.';
const ref = { source: 'BBC News', paragraph: 1, sentence: 1 };

function briefing(points: Briefing['points']): Briefing {
  return {
    version: 2,
    story: 's',
    headline: 'h',
    summary: [],
    summaryEvidence: [],
    summaryAlsoReported: [],
    points,
    quotes: [],
    differences: [],
    timeline: [],
    people: [],
    sources: [],
    warnings: [],
  };
}

describe('keptText', () => {
  it('joins the kept ranges as the briefing does, the first letter upper-cased', () => {
    expect(keptText('and then, on Monday, it rained.', [[9, 31]])).toBe(
      ' on Monday, it rained.'.trim(),
    );
    expect(
      keptText(sentence, [
        [0, 6],
        [32, 70],
      ]),
    ).toBe('Russia recalled its ambassador on Wednesday.');
  });
});

describe('evidenceOutline', () => {
  const outline = (points: Briefing['points']) =>
    evidenceOutline(briefing(points), preparedByOutlet([article]));

  it('traces a point that is its sentence, whole or trimmed to its kept ranges', () => {
    const [whole, trimmed] = outline([
      { text: sentence, sources: ['BBC News'], evidence: [ref] },
      {
        text: 'Russia recalled its ambassador on Wednesday.',
        sources: ['BBC News'],
        evidence: [
          {
            ...ref,
            kept: [
              [0, 6],
              [32, 70],
            ],
          },
        ],
      },
    ]);
    expect(whole?.traced).toBe(true);
    expect(whole?.evidence[0]?.sentence).toBe(sentence);
    expect(trimmed?.traced).toBe(true);
    expect(trimmed?.evidence[0]?.keptText).toBe('Russia recalled its ambassador on Wednesday.');
  });

  it('follows an item with each other outlet’s telling, in its section, under its own outlet', () => {
    const nbc: Article = {
      ...article,
      outlet: 'NBC News',
      outletSlug: 'nbc-news',
      paragraphs: ['Russia withdrew its ambassador on Wednesday.'],
      file: 's/nbc-news.md',
    };
    const nbcRef = { source: 'NBC News', paragraph: 1, sentence: 1 };
    const telling = {
      text: 'Russia withdrew its ambassador on Wednesday.',
      sources: ['NBC News'],
      evidence: [nbcRef],
    };
    const b: Briefing = {
      ...briefing([
        { text: sentence, sources: ['BBC News'], evidence: [ref], alsoReported: [telling] },
      ]),
      summary: [sentence],
      summaryEvidence: [[ref]],
      summaryAlsoReported: [[telling]],
      timeline: [
        {
          date: '2021-03-17',
          precision: 'day',
          text: sentence,
          sources: ['BBC News'],
          evidence: [ref],
          alsoReported: [telling],
        },
      ],
    };
    const items = evidenceOutline(b, preparedByOutlet([article, nbc]));
    expect(items.map((i) => [i.section, i.credited, i.label ?? ''])).toEqual([
      ['summary', ['BBC News'], ''],
      ['summary', ['NBC News'], 'also reported'],
      ['point', ['BBC News'], ''],
      ['point', ['NBC News'], 'also reported'],
      ['timeline', ['BBC News'], '2021-03-17'],
      ['timeline', ['NBC News'], 'also reported'],
    ]);
    expect(items.every((i) => i.traced)).toBe(true);
    expect(items[1]?.evidence[0]?.sentence).toBe(telling.text);
  });

  it('flags a point whose text is not what its evidence says, or whose ref names no sentence', () => {
    const [reworded, nowhere] = outline([
      { text: 'Russia recalled its envoy on Wednesday.', sources: ['BBC News'], evidence: [ref] },
      { text: sentence, sources: ['BBC News'], evidence: [{ ...ref, paragraph: 9 }] },
    ]);
    expect(reworded?.traced).toBe(false);
    expect(nowhere?.traced).toBe(false);
    expect(nowhere?.evidence[0]?.sentence).toBeUndefined();
  });
});
