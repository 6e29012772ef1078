import { describe, expect, it } from 'vitest';
import { splitSentences } from '../../../lambda/briefing/split-sentences.ts';

const cases: { name: string; text: string; sentences: string[] }[] = [
  {
    name: 'title abbreviations never end a sentence',
    text: 'Mr. Smith met Dr. Jones and Mrs. Brown. Gen. Milley was not there.',
    sentences: ['Mr. Smith met Dr. Jones and Mrs. Brown.', 'Gen. Milley was not there.'],
  },
  {
    name: 'British titles without a period',
    text: 'Mr Putin spoke. Mrs May listened.',
    sentences: ['Mr Putin spoke.', 'Mrs May listened.'],
  },
  {
    name: 'an acronym inside a sentence',
    text: 'The U.S. Senate voted on Tuesday. Senators left.',
    sentences: ['The U.S. Senate voted on Tuesday.', 'Senators left.'],
  },
  {
    name: 'an acronym at the end of a sentence',
    text: 'He moved to the U.S. The rest of his family stayed in St. Petersburg.',
    sentences: ['He moved to the U.S.', 'The rest of his family stayed in St. Petersburg.'],
  },
  {
    name: 'initials',
    text: 'John F. Kennedy and J.K. Rowling are famous. Both wrote books.',
    sentences: ['John F. Kennedy and J.K. Rowling are famous.', 'Both wrote books.'],
  },
  {
    name: 'lower-case abbreviations and times',
    text: 'Talks began at 9 a.m. on Monday, e.g. with aides. They ended late.',
    sentences: ['Talks began at 9 a.m. on Monday, e.g. with aides.', 'They ended late.'],
  },
  {
    name: 'company abbreviations split only before a sentence starter',
    text: 'He joined Apple Inc. The company grew. Apple Inc. Chief Executive Tim Cook agreed.',
    sentences: [
      'He joined Apple Inc.',
      'The company grew.',
      'Apple Inc. Chief Executive Tim Cook agreed.',
    ],
  },
  {
    name: 'decimals and numbers',
    text: 'Growth was 3.5 per cent in No. 10 terms. Prices rose 2.1%.',
    sentences: ['Growth was 3.5 per cent in No. 10 terms.', 'Prices rose 2.1%.'],
  },
  {
    name: 'curly quotes: the closing quote stays with its sentence',
    text: '“It takes one to know one,” Putin said. “I wish him good health.” He smiled.',
    sentences: [
      '“It takes one to know one,” Putin said.',
      '“I wish him good health.”',
      'He smiled.',
    ],
  },
  {
    name: 'straight quotes after the period',
    text: 'She said "no." Then she left.',
    sentences: ['She said "no."', 'Then she left.'],
  },
  {
    name: 'a quotation spanning sentences stays with its attribution',
    text: '"It was late. We left," he said. Then it rained.',
    sentences: ['"It was late. We left," he said.', 'Then it rained.'],
  },
  {
    name: 'curly quotation spanning sentences',
    text: '“We always see ourselves. It is deep,” he said. Others disagreed.',
    sentences: ['“We always see ourselves. It is deep,” he said.', 'Others disagreed.'],
  },
  {
    name: 'a question inside a quote followed by lower case does not split',
    text: '“Why now?” he asked. Nobody knew.',
    sentences: ['“Why now?” he asked.', 'Nobody knew.'],
  },
  {
    name: 'an unclosed quotation (it runs on into the next paragraph) still splits',
    text: 'The embassy said: "The document is baseless. It proves nothing.',
    sentences: ['The embassy said: "The document is baseless.', 'It proves nothing.'],
  },
  {
    name: 'a period followed by lower case is not a break (machine translation)',
    text: 'He accused the comments of reflecting on the past. troubled America itself.',
    sentences: ['He accused the comments of reflecting on the past. troubled America itself.'],
  },
  {
    name: 'ellipsis, exclamation and question',
    text: 'He paused... Then he spoke! Was it true? Yes.',
    sentences: ['He paused...', 'Then he spoke!', 'Was it true?', 'Yes.'],
  },
  {
    name: 'brackets after the period',
    text: 'He agreed (after a pause.) Then he left.',
    sentences: ['He agreed (after a pause.)', 'Then he left.'],
  },
  {
    name: 'extra whitespace is trimmed, not kept as a sentence',
    text: '  One thing.   Another thing.  ',
    sentences: ['One thing.', 'Another thing.'],
  },
  {
    name: 'a cluster of marks keeps its closing quote and bracket',
    text: 'He shouted (“Stop!?”) Then he left.',
    sentences: ['He shouted (“Stop!?”)', 'Then he left.'],
  },
  {
    name: 'a quote mark that opens a quotation is not taken as closing the sentence before',
    text: 'It ended." Then more came.',
    sentences: ['It ended." Then more came.'],
  },
  { name: 'empty text', text: '', sentences: [] },
  {
    name: 'no terminal punctuation',
    text: 'What exactly did Putin say',
    sentences: ['What exactly did Putin say'],
  },
];

describe('splitSentences', () => {
  it.each(cases)('$name', ({ text, sentences }) => {
    expect(splitSentences(text).map((s) => s.text)).toEqual(sentences);
  });

  it('returns offsets that slice the paragraph back to each sentence', () => {
    const text = '“It was late. We left,” he said. Then, in the U.S. capital, it rained.';
    for (const span of splitSentences(text))
      expect(text.slice(span.start, span.end)).toBe(span.text);
  });

  it('is linear enough for a 1 MB paragraph', () => {
    const text = 'The minister said the plan, which Mr. Lee backed, "will work." '.repeat(16_000);
    const spans = splitSentences(text);
    expect(spans.length).toBe(16_000);
  });
});
