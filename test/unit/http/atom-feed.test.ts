import { describe, expect, it } from 'vitest';
import type { EditionSummary } from '../../../lambda/delivery/ports.ts';
import { atomFeed, escapeXml } from '../../../lambda/http/atom-feed.ts';
import { childrenNamed, onlyChild, parseXml } from './xml.ts';

const edition = (
  id: string,
  scheduledAt: string,
  subject: string,
  preheader = '',
): EditionSummary => ({
  id,
  scheduledAt,
  date: scheduledAt.slice(0, 10),
  subject,
  preheader,
  stories: ['s'],
});

const ATOM = 'http://www.w3.org/2005/Atom';

describe('atomFeed', () => {
  const editions = [
    edition(
      '2026-12-02-b',
      '2026-12-02T07:00:00Z',
      'Tom & Jerry <agree> "to" disagree',
      "It's <b>bold</b> & more",
    ),
    edition('2026-12-01-a', '2026-12-01T07:00:00+01:00', 'Second'),
  ];
  const xml = atomFeed({
    title: 'Braid',
    publicUrl: 'https://braid.example.org/',
    editions,
    now: new Date('2026-12-05T00:00:00Z'),
  });
  const feed = parseXml(xml);

  it('is an Atom 1.0 feed with id, title, updated, author and self and alternate links', () => {
    expect(feed.name).toBe('feed');
    expect(feed.attributes.xmlns).toBe(ATOM);
    expect(onlyChild(feed, 'id').text).toBe('https://braid.example.org/archive');
    expect(onlyChild(feed, 'title').text).toBe('Braid: past editions');
    expect(onlyChild(feed, 'updated').text).toBe('2026-12-02T07:00:00.000Z');
    expect(onlyChild(onlyChild(feed, 'author'), 'name').text).toBe('Braid');
    const links = childrenNamed(feed, 'link').map((l) => l.attributes);
    expect(links).toContainEqual({
      rel: 'self',
      type: 'application/atom+xml',
      href: 'https://braid.example.org/archive/feed.xml',
    });
    expect(links).toContainEqual({
      rel: 'alternate',
      type: 'text/html',
      href: 'https://braid.example.org/archive',
    });
  });

  it('has one entry per edition, newest first, each with id, title, updated, link and summary', () => {
    const entries = childrenNamed(feed, 'entry');
    expect(entries).toHaveLength(2);
    const [first, second] = entries;
    if (first === undefined || second === undefined) throw new Error('entries missing');
    expect(onlyChild(first, 'id').text).toBe('https://braid.example.org/archive/2026-12-02-b');
    expect(onlyChild(first, 'title').text).toBe('Tom & Jerry <agree> "to" disagree');
    expect(onlyChild(first, 'summary').text).toBe("It's <b>bold</b> & more");
    expect(onlyChild(first, 'updated').text).toBe('2026-12-02T07:00:00.000Z');
    expect(onlyChild(first, 'link').attributes.href).toBe(
      'https://braid.example.org/archive/2026-12-02-b',
    );
    // A time with an offset is written in UTC; an empty preheader falls back to the subject.
    expect(onlyChild(second, 'updated').text).toBe('2026-12-01T06:00:00.000Z');
    expect(onlyChild(second, 'summary').text).toBe('Second');
  });

  it('escapes markup: no raw tag from content reaches the XML', () => {
    expect(xml).not.toContain('<agree>');
    expect(xml).not.toContain('<b>');
    expect(xml).toContain('Tom &amp; Jerry &lt;agree&gt;');
  });

  it('is still a valid feed with no edition yet (updated is now)', () => {
    const empty = parseXml(
      atomFeed({
        title: 'Braid',
        publicUrl: 'https://x.org',
        editions: [],
        now: new Date('2026-12-05T00:00:00Z'),
      }),
    );
    expect(onlyChild(empty, 'updated').text).toBe('2026-12-05T00:00:00.000Z');
    expect(childrenNamed(empty, 'entry')).toEqual([]);
  });

  it('drops characters XML cannot carry, so a control character in a subject cannot break it', () => {
    const text = atomFeed({
      title: 'Braid',
      publicUrl: 'https://x.org',
      editions: [
        edition('e', '2026-12-01T00:00:00Z', 'bell\u0007 and \uFFFE and lone \uD800 surrogate'),
      ],
      now: new Date(),
    });
    const entry = onlyChild(parseXml(text), 'entry');
    expect(onlyChild(entry, 'title').text).toBe('bell and  and lone  surrogate');
    expect(escapeXml(`a'b"c`)).toBe('a&apos;b&quot;c');
  });
});

describe('the test XML reader', () => {
  it.each([
    ['an unescaped ampersand', '<a>Tom & Jerry</a>'],
    ['an unescaped <', '<a>1 < 2</a>'],
    ['a mismatched tag', '<a><b></a></b>'],
    ['an unclosed tag', '<a><b></b>'],
    ['a duplicate attribute', '<a x="1" x="2"/>'],
    ['an unknown entity', '<a>&nbsp;</a>'],
    ['a second root', '<a/><b/>'],
    ['a control character', '<a>\u0007</a>'],
  ])('rejects %s', (_what, source) => {
    expect(() => parseXml(source)).toThrow(SyntaxError);
  });
});
