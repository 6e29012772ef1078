import { describe, expect, it } from 'vitest';
import type { Story } from '../../../lambda/briefing/types.ts';
import { lastCarrier } from '../../../lambda/content/story-carrier.ts';
import { storyKeyOf, storyMarkerKey } from '../../../lambda/delivery/edition-id.ts';

const story: Story = {
  slug: 'paris',
  meta: { status: 'ready', headline: 'Talks' },
  articles: [
    {
      story: 'paris',
      outlet: 'Le Monde',
      outletSlug: 'lemonde',
      published: '2021-03-18',
      language: 'en',
      paragraphs: ['One.'],
      file: 'content/paris/lemonde.md',
    },
  ],
};

/** An EditionStore's story markers, in memory, recording the keys asked for. */
function markers(entries: Record<string, string>) {
  const asked: string[] = [];
  return {
    asked,
    storyHolder: async (key: string) => {
      asked.push(key);
      return entries[key];
    },
  };
}

describe('lastCarrier', () => {
  it('a story never sent has no carrier', async () => {
    const store = markers({});
    expect(await lastCarrier(store, story)).toBeUndefined();
    expect(store.asked).toEqual(['paris', storyKeyOf(story)]);
  });

  it('the edition its slug marker names', async () => {
    const store = markers({ paris: '2021-03-18-aaaa' });
    expect(await lastCarrier(store, story)).toBe('2021-03-18-aaaa');
    expect(store.asked).toEqual(['paris', 'paris#v2']);
  });

  it('an edition from before slug markers: its content marker', async () => {
    const store = markers({ [storyKeyOf(story)]: '2021-03-01-old' });
    expect(await lastCarrier(store, story)).toBe('2021-03-01-old');
  });

  it('the slug marker wins over the content marker', async () => {
    const store = markers({ paris: 'by-slug', [storyKeyOf(story)]: 'by-content' });
    expect(await lastCarrier(store, story)).toBe('by-slug');
  });

  it('followed to the last correction', async () => {
    const store = markers({
      paris: 'first',
      [storyMarkerKey('paris', 2)]: 'second',
      [storyMarkerKey('paris', 3)]: 'third',
      [storyMarkerKey('paris', 5)]: 'after a gap: not reached',
    });
    expect(await lastCarrier(store, story)).toBe('third');
    expect(store.asked).toEqual(['paris', 'paris#v2', 'paris#v3', 'paris#v4']);
  });

  it('corrections of an edition found by its content marker are followed too', async () => {
    const store = markers({ [storyKeyOf(story)]: 'old', 'paris#v2': 'corrected' });
    expect(await lastCarrier(store, story)).toBe('corrected');
  });

  it('escapes the slug as the markers do', async () => {
    const odd: Story = { ...story, slug: 'a#b' };
    const store = markers({ 'a%23b': 'one', 'a%23b#v2': 'two' });
    expect(await lastCarrier(store, odd)).toBe('two');
  });
});
