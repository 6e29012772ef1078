import { describe, expect, it } from 'vitest';
import type { Briefing } from '../../../lambda/briefing/types.ts';
import {
  anchorOf,
  cutAtWord,
  editionView,
  uniqueAnchors,
} from '../../../lambda/email/edition-view.ts';
import { compilePersonalizer } from '../../../lambda/email/personalize.ts';
import { renderEdition } from '../../../lambda/email/render-edition.ts';
import { briefingFixture, editionInput, loadTemplates, recipient, settings } from './fixtures.ts';

/** Three stories, each with its own slug and headline, in edition order. */
function stories(n: number): Briefing[] {
  return Array.from({ length: n }, (_, i) =>
    briefingFixture({
      story: `story-${i + 1}`,
      headline: `Headline number ${i + 1}`,
      summary: [`Lead sentence of story ${i + 1}.`, `Second sentence of story ${i + 1}.`],
    }),
  );
}

const WEB = 'https://briefing.example.org/archive/2021-03-18';

describe('editionView: the digest', () => {
  it('lists the stories shown at the top, numbered, with outlets, reading time and a line', () => {
    const view = editionView(editionInput(stories(3)));
    expect(view.contents).toEqual(
      [1, 2, 3].map((n) => ({
        number: n,
        anchor: `story-story-${n}`,
        headline: `Headline number ${n}`,
        meta: '2 outlets · 1 min read',
        line: `Lead sentence of story ${n}.`,
      })),
    );
    expect(view.briefings.map((b) => b.anchor)).toEqual(view.contents.map((c) => c.anchor));
  });

  it('has no contents for a single story, which it shows in full', () => {
    const view = editionView(editionInput(stories(1)));
    expect(view.contents).toEqual([]);
    expect(view.briefings[0]?.full).toBe(true);
    expect(view.briefings[0]?.fullUrl).toBeUndefined();
    expect(view.briefings[0]?.people).toHaveLength(2);
  });

  it('links each digest to its full briefing in the web copy, numbered in reading order', () => {
    const view = editionView(editionInput(stories(2)));
    const [a, b] = view.briefings;
    expect(a?.full).toBe(false);
    expect(a?.fullUrl).toBe(`${WEB}#story-story-1`);
    expect(b?.fullUrl).toBe(`${WEB}#story-story-2`);
    expect(view.links.list.map((l) => l.url)).toEqual([
      `${WEB}#story-story-1`,
      `${WEB}#story-story-2`,
      '%%braid:unsubscribeUrl%%',
      '%%braid:webUrl%%',
    ]);
    expect([a?.fullRef, b?.fullRef]).toEqual([1, 2]);
  });

  it('cuts a digest to 3 points, 1 quote and 1 difference, with no timeline, people or sources', () => {
    const many = briefingFixture({
      points: Array.from({ length: 7 }, (_, i) => ({
        text: `P${i}`,
        sources: ['BBC News'],
        evidence: [],
      })),
    });
    const [shown] = editionView(editionInput([many, ...stories(1)])).briefings;
    expect(shown?.points.map((p) => p.text)).toEqual(['P0', 'P1', 'P2']);
    expect(shown?.quotes).toHaveLength(1);
    expect(shown?.differences).toHaveLength(1);
    expect([shown?.hasTimeline, shown?.people, shown?.sources]).toEqual([false, [], []]);
  });

  it('lists stories the plan has no room for by headline, linking to the web copy', () => {
    const view = editionView(editionInput(stories(3)), { plan: ['digest', 'listed', 'listed'] });
    expect(view.briefings.map((b) => b.story)).toEqual(['story-1']);
    expect(view.contents.map((c) => c.number)).toEqual([1]);
    expect(view.listed).toEqual([
      { headline: 'Headline number 2', meta: '2 outlets', url: `${WEB}#story-story-2`, ref: 2 },
      { headline: 'Headline number 3', meta: '2 outlets', url: `${WEB}#story-story-3`, ref: 3 },
    ]);
  });

  it('shows every story in full in the web copy, with no link to itself', () => {
    const view = editionView(editionInput(stories(3)), { web: true });
    expect(view.briefings.every((b) => b.full && b.fullUrl === undefined)).toBe(true);
    expect(view.briefings[2]?.people).toHaveLength(2);
    expect(view.listed).toEqual([]);
  });

  it('skips a contents line that only repeats the headline', () => {
    const b = briefingFixture({
      story: 'x',
      headline: 'Lead sentence that is also the headline, since the article had no title',
      summary: [
        'Lead sentence that is also the headline, since the article had no title.',
        'Next.',
      ],
    });
    expect(editionView(editionInput([b, ...stories(1)])).contents[0]?.line).toBe('Next.');
  });

  it('keeps a contents line that only starts with the same letters as the headline', () => {
    const b = briefingFixture({
      story: 'fire',
      headline: 'Fire',
      summary: ['Firefighters contained the blaze overnight.', 'Two homes were lost.'],
    });
    expect(editionView(editionInput([b, ...stories(1)])).contents[0]?.line).toBe(
      'Firefighters contained the blaze overnight.',
    );
  });

  it('uses the default look unless the settings carry one', () => {
    expect(editionView(editionInput()).look).toEqual({ accent: '#0b57d0', accentDark: '#8ab4f8' });
    const look = { accent: '#8a1538', accentDark: '#f4a3b8', senderLine: 'From the desk' };
    const input = { ...editionInput(), settings: { ...settings, look } };
    expect(editionView(input).look).toBe(look);
  });
});

describe('anchorOf and cutAtWord', () => {
  it('makes an id of a slug from URL-safe characters', () => {
    expect(anchorOf('biden-calls-putin-a-killer')).toBe('story-biden-calls-putin-a-killer');
    expect(anchorOf('Ünïcode story_2')).toBe('story--n-code-story-2');
  });

  it('numbers anchors that two slugs would share', () => {
    expect(uniqueAnchors(['Budget_Day', 'budget-day', 'budget.day', 'other'])).toEqual([
      'story-budget-day',
      'story-budget-day-2',
      'story-budget-day-3',
      'story-other',
    ]);
  });

  it('never splits a character made of two UTF-16 units', () => {
    const cut = cutAtWord(`${'a'.repeat(9)}😀${'b'.repeat(20)}`, 10);
    expect(cut).toBe(`${'a'.repeat(9)}…`);
    expect(Array.from(cut)).toHaveLength(10);
  });

  it('cuts at a word with an ellipsis, and leaves short text alone', () => {
    expect(cutAtWord('short text', 20)).toBe('short text');
    expect(cutAtWord('one two three four five', 14)).toBe('one two three…');
    expect(cutAtWord('one two, three', 10)).toBe('one two…');
  });
});

describe('renderEdition: a digest of several stories', () => {
  it('says the same things in the text part as in the HTML, in the same order', async () => {
    const edition = await renderEdition(editionInput(stories(3)), loadTemplates());
    const { html, text } = compilePersonalizer(edition)(recipient);
    const order = (s: string) => [...s.matchAll(/Headline number (\d)/g)].map((m) => m[1]).join('');
    // Contents, then the stories: 1 2 3 twice in both parts.
    expect(order(text)).toBe('123123');
    expect(order(html.replace(/<title>[^<]*<\/title>/, ''))).toBe('123123');
    expect(text).toContain('1. Headline number 1 (2 outlets · 1 min read)');
    expect(text).toMatch(/The full briefing: timeline, people and sources \[1\]/);
    expect(text).toContain(`[1] ${WEB}#story-story-1`);
    expect(html).toContain('href="#story-story-2"');
    expect(html).toContain('id="story-story-2"');
    for (const line of text.split('\n')) expect([...line].length).toBeLessThanOrEqual(76);
  });

  it('says in the HTML contents, as in the text, how many stories are listed on the web', async () => {
    const edition = await renderEdition(editionInput(stories(6)), loadTemplates(), {
      htmlBudgetBytes: 26 * 1024,
    });
    const listed = edition.levels?.filter((l) => l === 'listed').length ?? 0;
    expect(listed).toBeGreaterThan(0);
    expect(edition.html).toContain(`And ${listed} more on the web`);
    expect(edition.text).toContain(`And ${listed} more on the web, listed at the end.`);
  });

  it('puts the look in the HTML: accent, dark accent, logo with alt and size, sender line', async () => {
    const look = {
      accent: '#8a1538',
      accentDark: '#f4a3b8',
      logo: {
        url: 'https://cdn.example.org/logo.png',
        alt: 'The Daily Braid',
        width: 180,
        height: 48,
      },
      senderLine: 'Written by the Braid desk',
    };
    const input = { ...editionInput(stories(2)), settings: { ...settings, look } };
    const edition = await renderEdition(input, loadTemplates());
    const { html, text } = compilePersonalizer(edition)(recipient);
    expect(html).toContain('color:#8a1538');
    expect(html).toMatch(/@media \(prefers-color-scheme: dark\)[^@]*color: #f4a3b8 !important/);
    expect(html).toMatch(
      /<img src="https:\/\/cdn\.example\.org\/logo\.png" alt="The Daily Braid" width="180" height="48"/,
    );
    expect(html).toContain('Written by the Braid desk');
    expect(text).toContain('Written by the Braid desk');
    expect(html).not.toContain('#0b57d0;"');
  });
});
