import { describe, expect, it } from 'vitest';
import type { Story } from '../../../lambda/briefing/types.ts';
import {
  correctionSetOf,
  editionIdFor,
  storyKeyOf,
  storyMarkerKey,
  storySetOf,
} from '../../../lambda/delivery/edition-id.ts';

function story(slug: string, text: string): Story {
  return {
    slug,
    meta: { status: 'ready' },
    articles: [
      {
        story: slug,
        outlet: 'BBC News',
        outletSlug: 'bbc-news',
        published: '2021-03-18',
        language: 'en',
        paragraphs: [text],
        file: `${slug}/bbc-news.md`,
      },
    ],
  };
}

describe('edition ids and story keys', () => {
  it('keys content: an edit changes the content key and the id, not the marker', () => {
    const before = story('alpha', 'It happened today.');
    const after = story('alpha', 'It happened yesterday.');
    expect(storyKeyOf(before)).toMatch(/^alpha#[0-9a-f]{16}$/);
    expect(storyKeyOf(after)).not.toBe(storyKeyOf(before));
    const at = new Date('2021-03-18T06:00:00Z');
    expect(editionIdFor(at, 'UTC', storySetOf([after]))).not.toBe(
      editionIdFor(at, 'UTC', storySetOf([before])),
    );
    expect(storyMarkerKey(after.slug)).toBe(storyMarkerKey(before.slug));
  });

  it('names the first carrier by slug and each correction by its place', () => {
    expect(storyMarkerKey('alpha')).toBe('alpha');
    expect(storyMarkerKey('alpha', 1)).toBe('alpha');
    expect(storyMarkerKey('alpha', 3)).toBe('alpha#v3');
    expect(() => storyMarkerKey('alpha', 0)).toThrow(/positive integer, got 0/);
    expect(() => storyMarkerKey('alpha', 1.5)).toThrow(/positive integer/);
  });

  it('keeps marker keys apart from content keys and from other slugs', () => {
    // A folder named like another story's correction, or with `%`, still has keys of its own.
    expect(storyMarkerKey('alpha#v2')).toBe('alpha%23v2');
    expect(storyMarkerKey('alpha#v2')).not.toBe(storyMarkerKey('alpha', 2));
    expect(storyMarkerKey('a%23b')).not.toBe(storyMarkerKey('a#b'));
    const content = storyKeyOf(story('alpha', 'x'));
    expect([storyMarkerKey('alpha'), storyMarkerKey('alpha', 2)]).not.toContain(content);
  });

  it('gives a correction a story set of its own, by content and the edition corrected', () => {
    const fixed = story('alpha', 'It happened yesterday.');
    expect(correctionSetOf(fixed, 'e1')).toMatch(/^[0-9a-f]{16}$/);
    expect(correctionSetOf(fixed, 'e1')).toBe(correctionSetOf(fixed, 'e1'));
    expect(correctionSetOf(fixed, 'e1')).not.toBe(correctionSetOf(fixed, 'e2'));
    expect(correctionSetOf(fixed, 'e1')).not.toBe(storySetOf([fixed]));
    expect(correctionSetOf(story('alpha', 'Other.'), 'e1')).not.toBe(correctionSetOf(fixed, 'e1'));
  });
});
