import { describe, expect, it } from 'vitest';
import { forgetTokens, stem, tokenize } from '../../../lambda/briefing/tokenize.ts';

describe('tokenize', () => {
  it('keeps stemmed content words, stopwords and possessives out, variants joined', () => {
    // Days are values of a claim, not content words.
    expect(tokenize("Russia's ambassador was recalled on Wednesday.")).toEqual([
      'russia',
      'ambassador',
      'recall',
    ]);
    expect(tokenize('The report was authorised')).toEqual(tokenize('the report was authorized'));
  });

  it('answers a text it has seen with the same tokens, never the same array', () => {
    forgetTokens();
    const first = tokenize('Sanctions were imposed on the banks.');
    first.push('changed');
    expect(tokenize('Sanctions were imposed on the banks.')).toEqual(['sanction', 'impos', 'bank']);
    forgetTokens();
    expect(tokenize('Sanctions were imposed on the banks.')).toEqual(['sanction', 'impos', 'bank']);
  });
});

describe('stem', () => {
  it('strips plurals, -ed, -ing and a final -e, short words and numbers left alone', () => {
    expect(['stopped', 'sanctions', 'parties', 'running', 'the', '2021s'].map(stem)).toEqual([
      'stop',
      'sanction',
      'party',
      'run',
      'the',
      '2021s',
    ]);
  });

  it('joins a plural in -is to its singular, and leaves -ss, -us and short -is words whole', () => {
    expect(['nazis', 'israelis', 'iraqis', 'taxis'].map(stem)).toEqual([
      'nazi',
      'israeli',
      'iraqi',
      'taxi',
    ]);
    expect(['axis', 'iris', 'virus', 'access', 'bus'].map(stem)).toEqual([
      'axis',
      'iris',
      'virus',
      'access',
      'bus',
    ]);
    // Only the ending counts: "ss", "us" and a short "is" inside a word keep the plural -s off.
    expect(['lessons', 'musicians', 'visits'].map(stem)).toEqual(['lesson', 'musician', 'visit']);
  });
});
