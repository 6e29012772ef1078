import { describe, expect, it } from 'vitest';
import { clean } from '../../../lambda/briefing/clean.ts';
import { extractQuotes } from '../../../lambda/briefing/extract-quotes.ts';
import { findPeople } from '../../../lambda/briefing/find-people.ts';
import { splitSentences } from '../../../lambda/briefing/split-sentences.ts';
import type { Article } from '../../../lambda/briefing/types.ts';
import { bbc, nbc } from './seed-story.ts';

function quotesOf(articles: Article[]) {
  const inputs = articles.map((a) => ({ outlet: a.outlet, paragraphs: clean(a.paragraphs).kept }));
  const people = findPeople(inputs);
  return inputs.flatMap((input, i) =>
    extractQuotes({
      ...input,
      sentences: input.paragraphs.map((p) => splitSentences(p.text)),
      mentions: people.mentions[i] ?? [],
    }),
  );
}

describe('extractQuotes on the seeds', () => {
  const quotes = quotesOf([bbc(), nbc()]);
  const speakerOf = (fragment: string) => quotes.find((q) => q.text.includes(fragment))?.speaker;

  it.each([
    // "X said" / "X told" / "said X", with titles stripped
    ['It takes one to know one', 'Vladimir Putin'],
    ['Certainly the Russians will be held accountable', 'Jen Psaki'],
    ['I will not be grim', 'Dmitry Peskov'],
    // "he said" → the subject of the nearest earlier sentence naming someone (here a subhead)
    ['You know I remember in my childhood', 'Vladimir Putin'],
    // "he recalled" after "… Biden met Putin …": the subject, not the last name
    ["I said, 'Mr Prime Minister", 'Joe Biden'],
    // a quotation-only paragraph continues the previous paragraph's speaker
    ["And that's not a coincidence", 'Vladimir Putin'],
    ['In the history of every people', 'Vladimir Putin'],
    ['I’ll just say that these are very bad statements', 'Dmitry Peskov'],
    ['Biden’s words were extremely sharp', 'Mark Galeotti'],
    ['In that context, the withdrawal of Ambassador Antonov', 'Mark Galeotti'],
  ])('"%s…" is by %s', (fragment, speaker) => {
    expect(speakerOf(fragment)).toBe(speaker);
  });

  it('drops quotes whose speaker is not a person or is unknown', () => {
    expect(speakerOf('The document prepared by the US intelligence community')).toBeUndefined();
    expect(speakerOf('The most important thing for us')).toBeUndefined();
  });

  it('keeps only quotations of at least six words, verbatim', () => {
    for (const q of quotes) {
      expect(q.text.split(/\s+/).length).toBeGreaterThanOrEqual(6);
      const article = [bbc(), nbc()].find((a) => a.outlet === q.ref.source);
      expect(article?.paragraphs[q.ref.paragraph - 1]).toContain(q.text);
    }
    expect(speakerOf('killer')).toBeUndefined();
  });
});
