import { describe, expect, it } from 'vitest';
import {
  findQuoteSpans,
  opensInsideQuote,
  startsQuoted,
} from '../../../lambda/briefing/find-quote-spans.ts';

describe('findQuoteSpans', () => {
  it('pairs marks by parity, whatever their direction, and runs an odd one to the end', () => {
    const text = '“One,” he said. ”Two“ and "three';
    expect(findQuoteSpans(text)).toEqual([
      { open: 0, close: 5, closed: true },
      { open: 16, close: 20, closed: true },
      { open: 26, close: text.length, closed: false },
    ]);
  });
});

describe('opensInsideQuote: a quotation that runs on over unmarked paragraphs', () => {
  it('runs on from a paragraph that leaves one open, over paragraphs with no mark', () => {
    expect(
      opensInsideQuote([
        '"This is an American tragedy.',
        'People are dying who do not have to die.',
        'If you are out there, get the shot.',
        'The president spoke on Thursday.',
      ]),
    ).toEqual([false, true, true, true]);
  });

  it('stops at a paragraph with a mark of its own, and after four unmarked ones', () => {
    expect(
      opensInsideQuote(['“We will win.', '“We will win again,” he said.', 'He left.']),
    ).toEqual([false, false, false]);
    expect(opensInsideQuote(['“Go now.', 'a b.', 'c d.', 'e f.', 'g h.', 'i j.'])).toEqual([
      false,
      true,
      true,
      true,
      true,
      false,
    ]);
  });

  it('takes a last mark with no words after it for a stray closer, not an opening', () => {
    expect(
      opensInsideQuote([
        'The embassy blamed statements for putting “relations under threat.” of collapse “.',
        'Biden said Russia would face consequences.',
      ]),
    ).toEqual([false, false]);
    expect(opensInsideQuote(['He said: “Go', 'Biden left.'])).toEqual([false, false]);
    expect(opensInsideQuote(['He said: “Go now', 'Biden left.'])).toEqual([false, true]);
  });

  it('closes a quotation closed in its own paragraph', () => {
    expect(opensInsideQuote(['“We will win,” he said.', 'He left.'])).toEqual([false, false]);
  });
});

describe('startsQuoted', () => {
  const paragraph = '"If you are vaccinated, the door opens. If you are not, it stays shut...';
  it('is true inside an open quotation, after its opening mark', () => {
    expect(startsQuoted(paragraph, paragraph.indexOf('If you are not'), false)).toBe(true);
    expect(startsQuoted(paragraph, 0, false)).toBe(false);
  });

  it('is true inside a closed quotation, and false after it', () => {
    const text = '“One thing. Another thing,” he said. He left.';
    expect(startsQuoted(text, text.indexOf('Another'), false)).toBe(true);
    expect(startsQuoted(text, text.indexOf('He left'), false)).toBe(false);
  });

  it('is false after a stray closing mark, and true wherever the paragraph runs on', () => {
    const stray = 'They put “relations under threat.” of collapse “. Biden spoke.';
    expect(startsQuoted(stray, stray.indexOf('Biden'), false)).toBe(false);
    expect(startsQuoted('Biden spoke.', 0, true)).toBe(true);
  });
});
