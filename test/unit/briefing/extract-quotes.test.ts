import { describe, expect, it } from 'vitest';
import { type CleanParagraph, clean } from '../../../lambda/briefing/clean.ts';
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

describe('extractQuotes on hand-placed mentions', () => {
  const QUOTE = '“We will not back down from this at all,”';

  /** An article whose paragraphs name `person` wherever `name` occurs (outside quotations). */
  function article(texts: string[], name = 'Joe Biden', person = name) {
    const mentions = texts.map((text) =>
      [...text.matchAll(new RegExp(name, 'gu'))].map((m) => ({
        start: m.index,
        end: m.index + name.length,
        person,
        possessive: text.slice(m.index + name.length).startsWith('’s'),
        subjectLike: true,
        inQuote: false,
      })),
    );
    return {
      outlet: 'X',
      paragraphs: texts.map(
        (text, i): CleanParagraph => ({ paragraph: i + 1, text, kind: 'body' }),
      ),
      sentences: texts.map((text) => splitSentences(text)),
      mentions,
    };
  }
  const speakers = (texts: string[]) => extractQuotes(article(texts)).map((q) => q.speaker);

  it.each([
    [`${QUOTE} said Joe Biden.`, 'said X'],
    [`${QUOTE} said US President Joe Biden.`, 'said, role words, X'],
    [`${QUOTE} according to Joe Biden.`, 'according to X'],
    [`${QUOTE} said Joe Biden, who spoke on Monday.`, 'said X, who'],
    [`${QUOTE} tweeted Joe Biden (D-Del.), a senator then.`, 'verb X (party)'],
    [`${QUOTE} said Joe Biden on Monday.`, 'said X on a day'],
    [`${QUOTE} said Joe Biden`, 'said X at the end'],
  ])('reads the speaker after the verb: %s (%s)', (text) => {
    expect(speakers([text])).toEqual(['Joe Biden']);
  });

  it.each([
    [`In a letter, the group asked Joe Biden to file a motion ${QUOTE.replace(/,”$/u, '.”')}`],
    [`${QUOTE} the caucus told Joe Biden to file a motion.`],
    [`${QUOTE} the group asked Joe Biden whether he would sign.`],
  ])('takes no one the words were addressed to for their speaker: %s', (text) => {
    expect(speakers([text])).toEqual([]);
  });

  it.each([
    [`The site is “a place to speak freely and safely,” a statement from Team Joe Biden said.`],
    [`${QUOTE} Camp Joe Biden said.`],
    [`${QUOTE} team Joe Biden said.`],
    [`${QUOTE} said Team Joe Biden.`],
    [`${QUOTE} according to Team Joe Biden.`],
    // Nor anyone else the paragraph names: the nearest attribution is the team's.
    [`Joe Biden spoke on Monday. ${QUOTE} Team Joe Biden said.`],
  ])('takes no person for the team around them: %s', (text) => {
    expect(speakers([text])).toEqual([]);
  });

  it('resolves "he said" to a person named at most five sentences back', () => {
    const quote = (between: number) =>
      speakers([`Joe Biden spoke. ${'It rained. '.repeat(between)}${QUOTE} he said.`]);
    expect(quote(3)).toEqual(['Joe Biden']);
    expect(quote(4)).toEqual([]);
  });

  it('keeps an unclosed quotation only after a colon or at the paragraph start', () => {
    expect(speakers(['Joe Biden said: “We will not back down from this at all.'])).toEqual([
      'Joe Biden',
    ]);
    expect(speakers(['Joe Biden said “We will not back down from this at all.'])).toEqual([]);
  });

  it('continues a speaker into a quotation-only paragraph, but not across a subhead', () => {
    const texts = [`${QUOTE} Joe Biden said.`, `${QUOTE.slice(0, -2)}.”`];
    expect(speakers(texts)).toEqual(['Joe Biden', 'Joe Biden']);
    const input = article([texts[0] as string, 'A new section', texts[1] as string]);
    input.paragraphs[1] = { paragraph: 2, text: 'A new section', kind: 'subhead' };
    expect(extractQuotes(input).map((q) => q.speaker)).toEqual(['Joe Biden']);
  });

  it('goes on with the last speaker only where the paragraph names no one else', () => {
    const first = `${QUOTE} Joe Biden said.`;
    const next = (narration: string) =>
      speakers([first, `“This is what we will do now,” ${narration}`]);
    // The paragraph says who spoke, describing them: the one quoted before.
    expect(next('the president said.')).toEqual(['Joe Biden', 'Joe Biden']);
    expect(next('the moderate West Virginia Democrat wrote.')).toEqual(['Joe Biden', 'Joe Biden']);
    expect(next('the 75-year-old, in a blue suit, told the outlet.')).toEqual([
      'Joe Biden',
      'Joe Biden',
    ]);
    // A name no one known bears, or several people: someone else's words.
    expect(next('Magill told the news agency.')).toEqual(['Joe Biden']);
    expect(next('Magill, R-Tenn., told the news agency.')).toEqual(['Joe Biden']);
    expect(next('they wrote to the leaders.')).toEqual(['Joe Biden']);
    expect(next('we wrote to the leaders.')).toEqual(['Joe Biden']);
    // Narration with no verb of speech: not known to be the last speaker's.
    expect(next('House Budget Committee Republican Leader Jason Smith.')).toEqual(['Joe Biden']);
    expect(next('.')).toEqual(['Joe Biden', 'Joe Biden']);
    // A quotation further into the paragraph goes on with no one.
    expect(speakers([first, 'Later on, “This is what we will do now,” came the reply.'])).toEqual([
      'Joe Biden',
    ]);
  });

  it('reads a name before its verb across a party-and-state tag', () => {
    expect(speakers([`${QUOTE} Joe Biden, D-Del., said.`])).toEqual(['Joe Biden']);
    expect(speakers([`${QUOTE} Joe Biden, R-Tenn., told Fox News.`])).toEqual(['Joe Biden']);
    expect(speakers([`${QUOTE} Joe Biden, a senator, told Fox News.`])).toEqual([]);
  });

  it('stops at 60 quotes per article', () => {
    const texts = Array.from({ length: 100 }, () => `${QUOTE} Joe Biden said.`);
    const quotes = extractQuotes(article(texts));
    expect(quotes).toHaveLength(60);
    expect(quotes.at(-1)?.ref).toEqual({ source: 'X', paragraph: 60, sentence: 1 });
  });
});
