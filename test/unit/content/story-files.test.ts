import { describe, expect, it } from 'vitest';
import {
  ARTICLE_FILE,
  articleFrom,
  entryKind,
  notReadWarning,
  STORY_FILE,
  storyMetaFrom,
} from '../../../lambda/content/story-files.ts';
import { errorOf } from './content-error-of.ts';

const FILE = 'content/paris/lemonde.md';
const META = 'content/paris/story.yaml';
const utf8 = (text: string): Uint8Array => Buffer.from(text);
const source = (front: string, body: string) =>
  utf8(`---\noutlet: Le Monde\npublished: 2021-03-18\n${front}---\n\n${body}\n`);

describe('entryKind', () => {
  it.each<[string, boolean, string]>([
    ['bbc.md', false, 'article'],
    ['BBC.MD', false, 'article'],
    ['bbc.Md', false, 'article'],
    ['three.markdown', false, 'article'],
    ['THREE.MARKDOWN', false, 'article'],
    ['story.yaml', false, 'story'],
    ['.DS_Store', false, 'hidden'],
    ['.hidden.md', false, 'hidden'],
    ['.git', true, 'hidden'],
    ['notes.txt', false, 'other'],
    ['story.yml', false, 'other'],
    ['STORY.yaml', false, 'other'],
    ['bbc.md.bak', false, 'hidden'],
    ['bbc.md.bak.2', false, 'hidden'],
    ['bbc.md.bakery', false, 'other'],
    ['notes.bak.txt', false, 'other'],
    ['bbc.mdx', false, 'other'],
    ['md', false, 'other'],
    ['bbcmd', false, 'other'],
    ['images', true, 'other'],
    ['old.md', true, 'other'],
    ['story.yaml', true, 'other'],
  ])('%s (folder: %s) is %s', (name, isDirectory, kind) => {
    expect(entryKind(name, isDirectory)).toBe(kind);
  });

  it('STORY_FILE and ARTICLE_FILE', () => {
    expect(STORY_FILE).toBe('story.yaml');
    expect(ARTICLE_FILE.test('a.markdown')).toBe(true);
    expect(ARTICLE_FILE.test('a.markdown.txt')).toBe(false);
  });
});

describe('notReadWarning', () => {
  it('a folder', () => {
    expect(notReadWarning('content/paris/images', 'images', true)).toBe(
      'content/paris/images/: a folder inside a story is not read; a story is one folder of articles.',
    );
  });

  it('a folder named like the story file is still a folder', () => {
    expect(notReadWarning('content/paris/story.yml', 'story.yml', true)).toMatch(
      /^content\/paris\/story\.yml\/: a folder inside a story/,
    );
  });

  it.each(['story.yml', 'STORY.yaml', 'Story.YML'])(
    '%s: names the file the settings are read from',
    (name) => {
      expect(notReadWarning(`content/paris/${name}`, name, false)).toBe(
        `content/paris/${name}: not read; the story's settings are read from story.yaml (lower case, .yaml).`,
      );
    },
  );

  it.each(['notes.txt', 'story.json', 'my-story.yaml', 'story.yaml.bak', 'story.ya'])(
    '%s: says what a story folder holds',
    (name) => {
      expect(notReadWarning(`content/paris/${name}`, name, false)).toBe(
        `content/paris/${name}: not read; a story folder holds articles (.md or .markdown) and story.yaml.`,
      );
    },
  );
});

describe('storyMetaFrom', () => {
  it('no file: a draft', () => {
    expect(storyMetaFrom(undefined, META)).toEqual({ status: 'draft' });
  });

  it('reads the settings, dropping a byte order mark', () => {
    expect(
      storyMetaFrom(utf8('\ufeffstatus: ready\nheadline: Café talks\norder: 2\n'), META),
    ).toEqual({ status: 'ready', headline: 'Café talks', order: 2 });
  });

  it('a file in another encoding is an encoding error naming it', () => {
    const error = errorOf(() =>
      storyMetaFrom(
        Buffer.from('status: ready\nheadline: Le café était très bon\n', 'latin1'),
        META,
      ),
    );
    expect(error.file).toBe(META);
    expect(error.field).toBe('(encoding)');
    expect(error.message).toMatch(/^content\/paris\/story\.yaml: not UTF-8: byte 30 \(0xE9\)/);
  });

  it('the reserved placeholder in the headline', () => {
    const error = errorOf(() =>
      storyMetaFrom(utf8('status: ready\nheadline: "Hello %%braid:email%%"\n'), META),
    );
    expect(error.file).toBe(META);
    expect(error.field).toBe('headline');
    expect(error.message).toBe(
      `${META}: field "headline" contains "%%braid:", which the email reserves for its per-reader placeholders; remove it.`,
    );
  });

  it('a headline with a lone % is fine', () => {
    expect(storyMetaFrom(utf8('headline: "Up 5% %%braid"\n'), META).headline).toBe('Up 5% %%braid');
  });
});

describe('articleFrom', () => {
  it('a plain article: parsed, nothing to warn about', () => {
    const { article, warnings } = articleFrom(
      source('title: Talks\nauthor: Jane Doe\nurl: https://example.org/a\n', 'One.\n\nTwo.'),
      FILE,
      'paris',
    );
    expect(warnings).toEqual([]);
    expect(article).toEqual({
      story: 'paris',
      outlet: 'Le Monde',
      outletSlug: 'lemonde',
      title: 'Talks',
      url: 'https://example.org/a',
      published: '2021-03-18',
      author: 'Jane Doe',
      language: 'en',
      paragraphs: ['One.', 'Two.'],
      file: FILE,
    });
  });

  it('not UTF-8: the encoding error, not a parse', () => {
    const bytes = Buffer.concat([
      utf8('---\noutlet: Le Monde\npublished: 2021-03-18\n---\n\n'),
      Buffer.from('Le café.\n', 'latin1'),
    ]);
    const error = errorOf(() => articleFrom(bytes, FILE, 'paris'));
    expect(error.field).toBe('(encoding)');
    expect(error.message).toContain(`${FILE}: not UTF-8: byte ${bytes.indexOf(0xe9)} (0xE9)`);
  });

  it('warns about each front matter field it does not read', () => {
    const { warnings } = articleFrom(source('autor: Jane\ntags: x\n', 'One.'), FILE, 'paris');
    expect(warnings).toEqual([
      `${FILE}: field "autor" is not read (an article has outlet, published, title, url, author, language).`,
      `${FILE}: field "tags" is not read (an article has outlet, published, title, url, author, language).`,
    ]);
  });

  it('strips markup from outlet, title and author, one warning each', () => {
    const bytes = utf8(
      '---\noutlet: "<b>Le Monde</b>"\npublished: 2021-03-18\ntitle: "<i>Talks</i> &amp; more"\nauthor: "<span>Jane</span>"\n---\n\nOne.\n',
    );
    const { article, warnings } = articleFrom(bytes, FILE, 'paris');
    expect(article).toMatchObject({ outlet: 'Le Monde', title: 'Talks & more', author: 'Jane' });
    expect(warnings).toEqual([
      `${FILE}: field "outlet": HTML markup (<b>) removed, its text kept. Articles are plain text: paste the text, not the page's HTML.`,
      `${FILE}: field "title": HTML markup (<i>) removed, its text kept. Articles are plain text: paste the text, not the page's HTML.`,
      `${FILE}: field "author": HTML markup (<span>) removed, its text kept. Articles are plain text: paste the text, not the page's HTML.`,
    ]);
  });

  it('a field without markup is kept as written, entities and all', () => {
    const { article, warnings } = articleFrom(
      source('title: Tom &amp; Jerry\n', 'One.'),
      FILE,
      'p',
    );
    expect(article.title).toBe('Tom &amp; Jerry');
    expect(article.author).toBeUndefined();
    expect(warnings).toEqual([]);
  });

  it('strips markup from the body: one warning for all its paragraphs, tags once each', () => {
    const { article, warnings } = articleFrom(
      source(
        '',
        'The <b>Kremlin</b> said <a href="javascript:alert(1)">this</a>.<script>alert("x")</script>\n\nPlain.\n\nMore <b>bold</b> and <i>it</i>.',
      ),
      FILE,
      'paris',
    );
    expect(article.paragraphs).toEqual(['The Kremlin said this.', 'Plain.', 'More bold and it.']);
    expect(warnings).toEqual([
      `${FILE}: the body: HTML markup (<script>, <b>, <a>, <i>) removed, its text kept; <script> dropped with its content; link targets dropped. Articles are plain text: paste the text, not the page's HTML.`,
    ]);
  });

  it('field warnings come before the body warning, after unknown fields', () => {
    const { warnings } = articleFrom(source('title: <b>T</b>\nfoo: 1\n', '<i>x</i>'), FILE, 'p');
    expect(warnings.map((w) => w.slice(FILE.length + 2, FILE.length + 20))).toEqual([
      'field "foo" is not',
      'field "title": HTM',
      'the body: HTML mar',
    ]);
  });

  it('removes datelines and credits; an emptied paragraph keeps its place', () => {
    const { article } = articleFrom(
      source(
        '',
        'MOSCOW (Reuters) - Russia recalled its envoy.\n\n(Reuters)\n\nThe Kremlin said so. (Reporting by Jane Doe; Editing by John Roe)',
      ),
      FILE,
      'paris',
    );
    expect(article.paragraphs).toEqual(['Russia recalled its envoy.', '', 'The Kremlin said so.']);
  });

  it('markup is removed before the dateline rules run', () => {
    const { article } = articleFrom(
      source('', '<b>MOSCOW</b> (Reuters) - Russia left.'),
      FILE,
      'p',
    );
    expect(article.paragraphs).toEqual(['Russia left.']);
  });

  it.each<[string, string, string, string]>([
    ['outlet', 'outlet: "A %%braid:email%%"\n', '', 'field "outlet"'],
    ['title', 'title: "A %%braid:email%%"\n', '', 'field "title"'],
    ['author', 'author: "%%braid:name%%"\n', '', 'field "author"'],
    ['url', 'url: "https://example.org/%%braid:webUrl%%"\n', '', 'field "url"'],
    ['(body)', '', 'One.\n\nHi %%braid:name%%, read this.', 'the body'],
  ])('the reserved placeholder in %s is an error', (field, front, body, what) => {
    const bytes =
      field === 'outlet'
        ? utf8(`---\n${front}published: 2021-03-18\n---\n\n${body || 'One.'}\n`)
        : source(front, body || 'One.');
    const error = errorOf(() => articleFrom(bytes, FILE, 'paris'));
    expect(error.file).toBe(FILE);
    expect(error.field).toBe(field);
    expect(error.message).toBe(
      `${FILE}: ${what} contains "%%braid:", which the email reserves for its per-reader placeholders; remove it.`,
    );
  });

  it('the placeholder hidden by markup is still found', () => {
    const error = errorOf(() =>
      articleFrom(source('', 'Hi %%<b>braid:name</b>%%.'), FILE, 'paris'),
    );
    expect(error.field).toBe('(body)');
  });
});
