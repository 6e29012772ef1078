import { describe, expect, it } from 'vitest';
import type { ExtractedQuote } from '../../../lambda/briefing/extract-quotes.ts';
import {
  nearlySameQuotation,
  quoteWords,
  sameQuotation,
  selectQuotes,
} from '../../../lambda/briefing/select-quotes.ts';

const same = (a: string, b: string) => sameQuotation(quoteWords(a), quoteWords(b));

function quote(text: string, source: string, article: number, speaker = 'Dmitry Peskov') {
  return {
    text,
    speaker,
    article,
    ref: { source, paragraph: 1, sentence: 1 },
  } satisfies ExtractedQuote & { article: number };
}

describe('merging quotations', () => {
  it('merges renderings whose words match, ignoring case, punctuation and apostrophes', () => {
    expect(same('He will pay a price.', 'he will pay a price')).toBe(true);
    expect(same('I don’t think you have a soul', "I don't think you have a soul")).toBe(true);
  });

  it('merges an outlet quoting part of the words, or cutting a phrase out', () => {
    expect(same('pay a price', 'He will pay a price, you will see')).toBe(true);
    expect(
      same(
        'these are very bad statements',
        'I’ll just say that these are very, very bad statements from the US president',
      ),
    ).toBe(true);
  });

  it('keeps apart quotations that differ in a word, even when they mean the same', () => {
    expect(same('He will pay a price', 'He would pay a price')).toBe(false);
    expect(
      same(
        'whoever calls names gets called those names',
        'anyone who calls names is called themselves',
      ),
    ).toBe(false);
  });

  it('does not merge on a couple of shared words or on words scattered through a long quote', () => {
    expect(same('I do', 'I do not know what I do')).toBe(false);
    expect(
      same(
        'we will respond',
        'we have always said that we will not rush, and when the time comes we may respond',
      ),
    ).toBe(false);
  });

  it('merges across outlets only, listing every outlet and keeping the cleanest wording', () => {
    const merged = selectQuotes(
      [
        quote('I will not be grim in reaction to this “', 'NBC News', 0),
        quote('I will not be grim in reaction to this', 'BBC News', 1),
        quote('Something else entirely was said here', 'BBC News', 1),
      ],
      new Map(),
      () => false,
    );
    const grim = merged.find((q) => q.text.startsWith('I will not be grim'));
    expect(grim?.text).toBe('I will not be grim in reaction to this');
    expect(grim?.sources).toEqual(['BBC News', 'NBC News']);
    expect(merged).toHaveLength(2);
  });

  it('does not merge two quotations of one outlet, even word for word', () => {
    const kept = selectQuotes(
      [quote('He will pay a price', 'BBC News', 1), quote('He will pay a price', 'BBC News', 1)],
      new Map(),
      () => false,
    );
    expect(kept.map((q) => q.sources)).toEqual([['BBC News']]);
  });
});

describe('selecting quotations', () => {
  it('puts a quotation right after the one of its speaker it goes on from', () => {
    const at = (text: string, speaker: string, paragraph: number, source = 'BBC News') => ({
      ...quote(text, source, source === 'BBC News' ? 1 : 2, speaker),
      ref: { source, paragraph, sentence: 1 },
    });
    const mentions = new Map([
      ['Joe Biden', 30],
      ['Jen Psaki', 20],
      ['Dmitry Peskov', 10],
    ]);
    const soul = at("I said, 'Mr Prime Minister, I'm looking into your eyes'", 'Joe Biden', 28);
    const psaki = at('Certainly the Russians will be held accountable for this', 'Jen Psaki', 25);
    const lookedBack = (paragraph: number, source = 'BBC News') =>
      at('He looked back at me, and he smiled at me then', 'Joe Biden', paragraph, source);
    const peskov = (paragraph: number, source = 'BBC News') =>
      at('I will not be wordy in reaction to this at all', 'Dmitry Peskov', paragraph, source);
    const speakers = (...quotes: ReturnType<typeof at>[]) =>
      selectQuotes(quotes, mentions, () => false).map((q) => q.speaker);

    const together = ['Joe Biden', 'Joe Biden', 'Jen Psaki', 'Dmitry Peskov'];
    expect(speakers(soul, psaki, peskov(11, 'NBC News'), lookedBack(29))).toEqual(together);
    // Two paragraphs on still goes on; another speaker's words in the next paragraph do not.
    expect(speakers(soul, psaki, peskov(29), lookedBack(30))).toEqual(together);
    // Three paragraphs on, before it, or in another article: no longer the same telling.
    for (const [paragraph, source] of [
      [31, 'BBC News'],
      [27, 'BBC News'],
      [29, 'NBC News'],
    ] as const) {
      expect(
        speakers(soul, psaki, lookedBack(paragraph, source)),
        `${paragraph} ${source}`,
      ).toEqual(['Joe Biden', 'Jen Psaki', 'Joe Biden']);
    }
  });

  it('leaves out a quotation that goes on from unshown words or speaks of unnamed people', () => {
    const opening = [
      'And that is not a coincidence at all, believe me.',
      'But we will act firmly against them now.',
      'So we will act firmly against them now.',
      'Or we will act firmly against them now.',
      'Also we will act firmly against them now.',
      'However we will act firmly against them now.',
      'They are framing it as veterinary medicine today.',
      '“Their plan is framing it as veterinary medicine.',
      'Them and their friends are framing it as medicine.',
      // Cut in mid-sentence on a pronoun: "(if it were easy,) it would have been handled…".
      ...'it its they their them this that these those he she his her him'
        .split(' ')
        .map((w) => `${w} would have been handled years ago by now.`),
    ];
    const kept = selectQuotes(
      [
        ...opening.map((text, i) => quote(text, 'NPR', i + 1, `Speaker ${i}`)),
        quote('He was frail but had a lot of spirit until his last days', 'AP', 20, 'Susan Magill'),
        quote('Andrew and I will act firmly against them now', 'AP', 21, 'Jen Psaki'),
        quote('It takes one to know one, I tell you that', 'AP', 22, 'Vladimir Putin'),
        // A pronoun-like word inside a longer lower-case word opens nothing.
        quote('itemized costs would have been handled years ago', 'AP', 23, 'Ann Lee'),
      ],
      new Map(),
      () => false,
    );
    expect(kept.map((q) => q.speaker).sort()).toEqual([
      'Ann Lee',
      'Jen Psaki',
      'Susan Magill',
      'Vladimir Putin',
    ]);
  });

  it('leaves out a quotation its source cut off, keeping one with words left out inside', () => {
    const kept = selectQuotes(
      [
        quote(
          'As demonstrated by this evening’s strikes, President Biden has been...',
          'NPR',
          1,
          'John Kirby',
        ),
        quote(
          'An incorrect story I was ordered to write and which I failed…',
          'Blaze',
          2,
          'Laura Italiano',
        ),
        quote('We will act … and we will act firmly against them', 'BBC News', 3),
      ],
      new Map(),
      () => false,
    );
    expect(kept.map((q) => q.text)).toEqual(['We will act … and we will act firmly against them']);
  });
});

describe('one quotation transcribed twice', () => {
  const nearly = (a: string, b: string) => nearlySameQuotation(quoteWords(a), quoteWords(b));
  // One word taken for another: neither outlet reported the other's words.
  const axios =
    'If you look at the curve of new cases, it is among the unvaccinated, and half the country is not fully vaccinated.';
  const caller =
    'If you look at the curve of new cases, it is among the unvaccinated, and half the country that not fully vaccinated.';
  const price = 'We will not pay the price for this war now';

  it('is one when 90 % of the longer one’s words are the other’s, in order', () => {
    // 21 of 22 words.
    expect(nearly(axios, caller)).toBe(true);
    // 9 of 10: exactly 90 %.
    expect(nearly(price, 'We will pay the price for this war now')).toBe(true);
    // 8 of 10: two words apart is another quotation.
    expect(nearly(price, 'We will never pay the cost for this war now')).toBe(false);
    // 8 of 10: a quotation cut short is another rendering, not another transcription.
    expect(nearly(price, 'We will pay the price for this war')).toBe(false);
    // Out of order is not the same transcription.
    expect(nearly(price, 'the price for this war we will not pay now')).toBe(false);
  });

  it('asks eight words of each: a short quote is the same only word for word', () => {
    expect(nearly('We will pay the full price now', 'We will pay the full price now')).toBe(false);
    expect(
      nearly('We will pay the full price right now', 'We will pay the full price right now'),
    ).toBe(true);
  });

  it('is shown once, credited only to the outlet whose words are shown', () => {
    const fauci = (text: string, source: string, article: number) =>
      quote(text, source, article, 'Anthony Fauci');
    const both = [fauci(axios, 'Axios', 0), fauci(caller, 'Daily Caller', 1)];
    const kept = selectQuotes(both, new Map(), () => false);
    expect(kept).toHaveLength(1);
    expect(kept[0]?.sources).toHaveLength(1);
    expect(kept[0]?.evidence).toHaveLength(1);
    // The speaker's next quotation still has its place.
    const other = fauci(
      'We have a long way to go before the pandemic is over for good.',
      'Axios',
      0,
    );
    const three = selectQuotes([...both, other], new Map(), () => false);
    expect(three).toHaveLength(2);
    expect(three.map((q) => q.text)).toContain(other.text);
  });
});
