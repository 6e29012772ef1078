import { describe, expect, it } from 'vitest';
import {
  parseArticle,
  parseStoryMeta,
  splitParagraphs,
} from '../../../lambda/briefing/parse-article.ts';
import { errorOf } from './content-error-of.ts';

const article = (frontMatter: string, body = 'Body text.') =>
  `---\n${frontMatter}\n---\n\n${body}\n`;

describe('parseArticle', () => {
  it('reads front matter and keeps the body verbatim, one paragraph per block', () => {
    const parsed = parseArticle(
      article(
        'outlet: BBC News\ntitle: A title\nurl: https://example.org/a\npublished: 2021-03-18\nauthor: A. Writer',
        'First “quoted” paragraph.\n\nSecond   paragraph.',
      ),
      'story/bbc-news.md',
      'story',
    );
    expect(parsed).toEqual({
      story: 'story',
      outlet: 'BBC News',
      outletSlug: 'bbc-news',
      title: 'A title',
      url: 'https://example.org/a',
      published: '2021-03-18',
      author: 'A. Writer',
      language: 'en',
      paragraphs: ['First “quoted” paragraph.', 'Second   paragraph.'],
      file: 'story/bbc-news.md',
    });
  });

  it('keeps a YAML date as the string written (not a Date at midnight UTC)', () => {
    expect(
      parseArticle(article('outlet: X\npublished: 2021-03-18T09:30:00+01:00'), 'x.md', 's')
        .published,
    ).toBe('2021-03-18T09:30:00+01:00');
  });

  it.each([
    ['no outlet', 'published: 2021-03-18', 'outlet', /field "outlet" is missing/],
    ['an empty outlet', 'outlet: ""\npublished: 2021-03-18', 'outlet', /outlet name/],
    [
      'no published date',
      'outlet: NBC News',
      'published',
      /field "published" is missing.*ISO 8601/,
    ],
    [
      'a published date that does not parse',
      'outlet: NBC News\npublished: last Thursday',
      'published',
      /ISO 8601/,
    ],
    ['an impossible date', 'outlet: NBC News\npublished: 2021-02-30', 'published', /ISO 8601/],
    ['a relative URL', 'outlet: X\npublished: 2021-03-18\nurl: /news/1', 'url', /absolute/],
    [
      'a bad language tag',
      'outlet: X\npublished: 2021-03-18\nlanguage: "english please"',
      'language',
      /language tag/,
    ],
    ['broken YAML', 'outlet: [unclosed\npublished: 2021-03-18', '(front matter)', /not valid YAML/],
  ])('rejects %s, naming the file and the field', (_case, frontMatter, field, message) => {
    const error = errorOf(() =>
      parseArticle(article(frontMatter), 'my-story/nbc-news.md', 'my-story'),
    );
    expect(error.file).toBe('my-story/nbc-news.md');
    expect(error.field).toBe(field);
    expect(error.message).toMatch(/^my-story\/nbc-news\.md: /);
    expect(error.message).toMatch(message);
  });
});

describe('splitParagraphs', () => {
  it.each([
    ['blank-line separated', 'One.\n\nTwo.', ['One.', 'Two.']],
    ['hard-wrapped blocks are joined', 'One line\nwrapped.\n\nTwo.', ['One line wrapped.', 'Two.']],
    [
      'one paragraph per line when there is no blank line',
      'One.\nTwo.\nThree.',
      ['One.', 'Two.', 'Three.'],
    ],
    ['CRLF line ends', 'One.\r\n\r\nTwo.', ['One.', 'Two.']],
    ['an empty body', '  \n\n ', []],
  ])('%s', (_case, body, expected) => {
    expect(splitParagraphs(body)).toEqual(expected);
  });
});

describe('parseStoryMeta', () => {
  it.each([
    [undefined, { status: 'draft' }],
    ['status: ready', { status: 'ready' }],
    [
      'status: ready\nheadline: Override\norder: 2',
      { status: 'ready', headline: 'Override', order: 2 },
    ],
    ['# only a comment', { status: 'draft' }],
  ])('reads %j', (source, expected) => {
    expect(parseStoryMeta(source, 's/story.yaml')).toEqual(expected);
  });

  it.each([
    ['status: published', 'status', /draft or ready/],
    ['order: first', 'order', /number/],
    ['stauts: ready', 'stauts', /Unrecognized key/],
  ])('rejects %j', (source, field, message) => {
    const error = errorOf(() => parseStoryMeta(source, 's/story.yaml'));
    expect(error.field).toBe(field);
    expect(error.message).toMatch(/^s\/story\.yaml: /);
    expect(error.message).toMatch(message);
  });
});
