import { describe, expect, it } from 'vitest';
import { forgetTags, porterStem, tagWords } from '../../../lambda/briefing/tag-words.ts';

describe('tagWords', () => {
  it('gives each word its part of speech and dictionary form', () => {
    const tagged = tagWords('The Senate passed the bill, officials said.');
    expect(tagged.words).toEqual([
      'The',
      'Senate',
      'passed',
      'the',
      'bill',
      ',',
      'officials',
      'said',
      '.',
    ]);
    expect(tagged.tags).toEqual([
      'DET',
      'PROPN',
      'VERB',
      'DET',
      'NOUN',
      'PUNCT',
      'NOUN',
      'VERB',
      'PUNCT',
    ]);
    expect(tagged.lemmas[2]).toBe('pass');
    expect(tagged.lemmas[7]).toBe('say');
  });

  it('keeps an answer within a briefing and forgets it when told', () => {
    const first = tagWords('The move came on Monday.');
    expect(tagWords('The move came on Monday.')).toBe(first);
    forgetTags();
    const again = tagWords('The move came on Monday.');
    expect(again).not.toBe(first);
    expect(again).toEqual(first);
  });
});

describe('porterStem', () => {
  it('stems inflections to one form', () => {
    expect(['vote', 'voted', 'votes', 'voting'].map(porterStem)).toEqual([
      'vote',
      'vote',
      'vote',
      'vote',
    ]);
    expect(porterStem('announcement')).toBe(porterStem('announced'));
  });
});
