import { describe, expect, it } from 'vitest';
import { endsCutOff, fluencyPenalty } from '../../../lambda/briefing/fluency-penalty.ts';

describe('fluencyPenalty', () => {
  it.each([
    'Russia has called home its ambassador for talks to prevent the "irreversible deterioration" of ties.',
    '“I will not be grim in reaction to this,” Kremlin spokesman Dmitry Peskov told reporters.',
    '“Why now?” he asked.',
    'He wished him “good health.”',
  ])('clean English costs nothing: %s', (sentence) => {
    expect(fluencyPenalty(sentence)).toBe(0);
  });

  it.each([
    ['unbalanced quotes', 'He said “we understand each other.'],
    ['a quote mark after the period, then more words', 'relations under threat.” of collapse'],
    ['a detached quote before the period', 'and evaluate him in general “.'],
    ['a stray space before punctuation', 'He said no , and left .'],
    ['he / she', 'We think that he / she is like ourselves.'],
    ['a sentence break followed by lower case', 'reflecting on the past. troubled America itself.'],
    [
      'an opening bracketed name',
      '(Putin) will pay a price, Biden said when asked about the report.',
    ],
  ])('penalizes %s', (_, sentence) => {
    expect(fluencyPenalty(sentence)).toBeGreaterThan(0);
  });
});

describe('endsCutOff', () => {
  it.each([
    ['The court said he is able to appeal the...', true],
    ['As demonstrated by this evening’s strikes, President Biden has been…', true],
    ['“We will never…”', true],
    ['Officials said the deal is done ... ', true],
    ['We will act … and we will act firmly.', false],
    ['The deal is done.', false],
  ] as const)('%s → %s', (text, cut) => {
    expect(endsCutOff(text)).toBe(cut);
  });
});
