import mjml2html from 'mjml';
import { describe, expect, it } from 'vitest';
import type { Briefing } from '../../../lambda/briefing/types.ts';
import { SizeBudgetError, TemplateError } from '../../../lambda/email/errors.ts';
import { compilePersonalizer } from '../../../lambda/email/personalize.ts';
import {
  formatEditionDate,
  htmlBudgetSize,
  preheaderFor,
  renderEdition,
  renderMjml,
  subjectFor,
} from '../../../lambda/email/render-edition.ts';
import {
  briefingFixture,
  difference,
  editionInput,
  loadTemplates,
  points,
  quotes,
  recipient,
  timelineText,
} from './fixtures.ts';

const templates = loadTemplates();

/** Visible text of the html: tags dropped, the common entities decoded, whitespace collapsed. */
function visibleText(html: string): string {
  return html
    .replace(/<style[\s\S]*?<\/style>/g, ' ')
    .replace(/<!--[\s\S]*?-->/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&quot;/g, '"')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');
}

describe('renderEdition', () => {
  it('produces MJML that strict validation accepts with 0 errors', async () => {
    const source = renderMjml(editionInput(), templates);
    const soft = await mjml2html(source, { validationLevel: 'soft' });
    expect(soft.errors).toEqual([]);
    await expect(mjml2html(source, { validationLevel: 'strict' })).resolves.toBeDefined();
  });

  it('renders an accessible, dark-mode-aware html part', async () => {
    const edition = await renderEdition(editionInput(), templates);
    expect(edition.html).toContain('<html lang="en"');
    expect(edition.html).toContain('role="presentation"');
    expect(edition.html).toContain('<meta name="color-scheme" content="light dark">');
    expect(edition.html).toContain('@media (prefers-color-scheme: dark)');
    expect(edition.html).toContain('Thursday 18 March 2021');
    expect(edition.html).toContain(edition.preheader);
    // Body copy is at least 16px: every font-size except the small outlet badges.
    const withoutBadges = edition.html.replace(/<span class="braid-badge"[^>]*>/g, '');
    const sizes = [...withoutBadges.matchAll(/font-size:\s*(\d+)px/g)]
      .map((m) => Number(m[1]))
      .filter((px) => px > 1); // MJML's 0px/1px layout cells
    expect(Math.min(...sizes)).toBeGreaterThanOrEqual(16);
  });

  it('has subject, preheader, stories and the formatted date', async () => {
    const edition = await renderEdition(editionInput(), templates);
    expect(edition.subject).toBe('Putin hits back after Biden calls him a killer');
    expect(edition.preheader).toBe(
      'Russian President Vladimir Putin has hit back after his US counterpart Joe Biden said in an interview that he…',
    );
    expect([...edition.preheader].length).toBeLessThanOrEqual(110);
    expect(edition.stories).toEqual(['biden-calls-putin-a-killer']);
    expect(formatEditionDate('2021-03-18T06:00:00Z')).toBe('Thursday 18 March 2021');
    expect(formatEditionDate('2021-03-18T23:30:00-05:00')).toBe('Thursday 18 March 2021');
  });

  it('says "and N more" in the subject for several stories', async () => {
    const second = briefingFixture({ story: 'second', headline: 'Second story' });
    const third = briefingFixture({ story: 'third', headline: 'Third story' });
    const edition = await renderEdition(
      editionInput([briefingFixture(), second, third]),
      templates,
    );
    expect(edition.subject).toBe('Putin hits back after Biden calls him a killer, and 2 more');
    expect(edition.stories).toEqual(['biden-calls-putin-a-killer', 'second', 'third']);
    expect(edition.html).toContain('Third story');
  });

  it.each([
    ['North Korea fired two missiles.', 'North Korea fired two missiles, and 1 more'],
    ['Talks went on…', 'Talks went on…, and 1 more'],
    ['Talks went on...', 'Talks went on..., and 1 more'],
    ['Sanctions hit the U.S.', 'Sanctions hit the U.S., and 1 more'],
  ])(
    'a headline ending a sentence, "%s", keeps its meaning before "and N more"',
    (headline, subject) => {
      const first = briefingFixture({ headline });
      const second = briefingFixture({ story: 'second', headline: 'Second story' });
      expect(subjectFor([first, second])).toBe(subject);
      expect(subjectFor([first])).toBe(headline);
    },
  );

  it('keeps the per-recipient fields as sentinels until personalization', async () => {
    const edition = await renderEdition(editionInput(), templates);
    expect(edition.html).toContain('href="%%braid:unsubscribeUrl%%"');
    expect(edition.html).toContain('href="%%braid:webUrl%%"');
    expect(edition.text).toContain('%%braid:unsubscribeUrl%%');

    const body = compilePersonalizer(edition)(recipient);
    expect(body.html).not.toContain('%%braid:');
    expect(body.text).not.toContain('%%braid:');
    expect(body.html).toContain(
      'href="https://briefing.example.org/unsubscribe?token=abc.def&amp;s=sub-01HZX"',
    );
    expect(body.html).toContain('Unsubscribe from Braid</a>');
    expect(body.text).toContain(recipient.unsubscribeUrl);
    expect(body.html).toContain('you confirmed your subscription to Braid with alice@example.com.');
    expect(body.html).toContain('1 Example Street');
  });

  it('says the same things in the text part, wrapped at 76 columns', async () => {
    const edition = await renderEdition(editionInput(), templates);
    const body = compilePersonalizer(edition)(recipient);
    const flat = body.text.replace(/\s+/g, ' ');
    const html = visibleText(body.html);
    const sentences = [...points, ...quotes.map((q) => q.text), difference, timelineText];
    for (const sentence of sentences) {
      expect(flat).toContain(sentence);
      expect(html).toContain(sentence);
    }
    for (const heading of [
      'Key points',
      'What they said',
      'Where the coverage differs',
      'Timeline',
      'People involved',
      'Sources',
      'Unsubscribe from Braid',
      'Read this edition on the web',
    ]) {
      expect(body.text).toContain(heading);
      expect(html).toContain(heading);
    }
    expect(body.text).toMatch(/^\[1\] https:\/\/www\.bbc\.co\.uk\/news\/world-europe-56437462$/m);
    for (const line of body.text.split('\n')) {
      // Only a reference line holding one unbreakable URL may run past 76 columns.
      if ([...line].length > 76) expect(line).toMatch(/^\[\d+\] \S+$/);
    }
    for (const line of edition.text.split('\n')) {
      expect([...line].length).toBeLessThanOrEqual(76);
    }
  });

  it('labels a conflict with the outlet it disagrees with, in both parts', async () => {
    const briefing = briefingFixture();
    const conflict = {
      source: 'NBC News',
      text: difference,
      evidence: [
        { source: 'NBC News', paragraph: 9, sentence: 1 },
        { source: 'BBC News', paragraph: 4, sentence: 1 },
      ],
      kind: 'conflict' as const,
      disagreesWith: 'BBC News',
    };
    const input = editionInput([{ ...briefing, differences: [conflict] }]);
    const body = compilePersonalizer(await renderEdition(input, templates))(recipient);
    expect(body.text.replace(/\s+/g, ' ')).toContain('NBC News (disagrees with BBC News):');
    expect(visibleText(body.html)).toContain('NBC News (disagrees with BBC News):');
    const plain = compilePersonalizer(await renderEdition(editionInput(), templates))(recipient);
    expect(plain.text).not.toContain('disagrees with');
  });

  const omitted: { name: string; empty: Partial<Briefing>; headings: string[] }[] = [
    { name: 'no quotes', empty: { quotes: [] }, headings: ['What they said'] },
    { name: 'no timeline', empty: { timeline: [] }, headings: ['Timeline'] },
    {
      name: 'no differences',
      empty: { differences: [] },
      headings: ['Where the coverage differs'],
    },
    { name: 'no people', empty: { people: [] }, headings: ['People involved'] },
    { name: 'no points', empty: { points: [] }, headings: ['Key points'] },
    {
      name: 'none of quotes, timeline, differences',
      empty: { quotes: [], timeline: [], differences: [] },
      headings: ['What they said', 'Timeline', 'Where the coverage differs'],
    },
  ];
  it.each(omitted)('omits empty sections entirely: $name', async ({ empty, headings }) => {
    const edition = await renderEdition(editionInput([briefingFixture(empty)]), templates);
    for (const heading of headings) {
      expect(edition.html).not.toContain(`>${heading}</h3>`);
      expect(edition.text).not.toMatch(new RegExp(`^${heading}$`, 'm'));
    }
    expect(edition.html).toContain('>Sources</h3>');
    expect(edition.text).toMatch(/^Sources$/m);
  });

  it('renders a 200-character headline', async () => {
    const headline = `${'A very long headline about the summit '.repeat(6)}`
      .slice(0, 199)
      .concat('!');
    expect(headline).toHaveLength(200);
    const edition = await renderEdition(editionInput([briefingFixture({ headline })]), templates);
    expect(edition.subject).toBe(headline.replace(/\s+/g, ' ').trim());
    expect(visibleText(edition.html)).toContain(headline.replace(/\s+/g, ' ').trim());
    expect(edition.text.replace(/\s+/g, ' ')).toContain(headline.replace(/\s+/g, ' ').trim());
  });

  it('never carries a line break from a headline into the subject', async () => {
    const headline = 'Putin hits back\r\nBcc: victim@example.net\nX-Evil: 1';
    const edition = await renderEdition(editionInput([briefingFixture({ headline })]), templates);
    expect(edition.subject).toBe('Putin hits back Bcc: victim@example.net X-Evil: 1');
    expect(edition.subject).not.toMatch(/[\r\n]/);
  });

  it('escapes markup in names and quotes', async () => {
    const evil = '<script>alert(1)</script>';
    const briefing = briefingFixture({
      quotes: [{ text: `He said ${evil}`, speaker: evil, sources: ['BBC News'], evidence: [] }],
      people: [{ name: evil, role: `"><img src=x onerror=alert(1)>`, mentions: 1, sources: [] }],
    });
    const edition = await renderEdition(editionInput([briefing]), templates);
    expect(edition.html).not.toContain('<script>');
    expect(edition.html).not.toContain('<img');
    expect(edition.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(edition.text).toContain(evil);
  });

  it('drops source links that are not http(s)', async () => {
    const briefing = briefingFixture({
      sources: [
        {
          outlet: 'Evil',
          title: 'Click',
          url: 'javascript:alert(1)',
          published: '2021-03-18',
          words: 1,
        },
      ],
    });
    const edition = await renderEdition(editionInput([briefing]), templates);
    expect(edition.html).not.toContain('javascript:');
    expect(edition.html).toContain('Evil: Click');
  });

  it('shows a story too long to show in full as a digest that fits, linking to the full briefing', async () => {
    const many = Array.from({ length: 3000 }, (_, i) => ({
      text: `Point number ${i} says something that sources agree on.`,
      sources: ['BBC News', 'NBC News'],
      evidence: [],
    }));
    const edition = await renderEdition(
      editionInput([briefingFixture({ points: many })]),
      templates,
    );
    expect(edition.levels).toEqual(['digest']);
    expect(htmlBudgetSize(edition.html)).toBeLessThanOrEqual(90 * 1024);
    expect(edition.html).toContain('Point number 2 says');
    expect(edition.html).not.toContain('Point number 3 says');
    expect(edition.html).toContain(
      'https://briefing.example.org/archive/2021-03-18#story-biden-calls-putin-a-killer',
    );
    expect(edition.webHtml).toContain('Point number 2999 says');
  });

  it('throws SizeBudgetError naming the budget when not even the headlines fit, never clips', async () => {
    const error = await renderEdition(editionInput(), templates, {
      htmlBudgetBytes: 4 * 1024,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SizeBudgetError);
    expect(error).toMatchObject({ name: 'SizeBudgetError', budget: 4 * 1024 });
    expect((error as SizeBudgetError).message).toContain('4 KB');
    expect((error as SizeBudgetError).size).toBeGreaterThan(4 * 1024);
  });

  it('throws a TemplateError listing MJML validation errors', async () => {
    const broken = {
      ...templates,
      partials: {
        ...templates.partials,
        people: '<mj-text bogus="1">x</mj-text><mj-column></mj-column>',
      },
    };
    const error = await renderEdition(editionInput(), broken).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TemplateError);
    expect((error as TemplateError).problems.length).toBeGreaterThan(0);
    expect((error as TemplateError).message).toMatch(
      /strict validation failed with 2 error\(s\)[\s\S]*Attribute bogus is illegal/,
    );
  });

  it('throws a TemplateError for a missing partial, no briefings, or a smuggled sentinel', async () => {
    const { footer: _footer, ...partials } = templates.partials;
    await expect(renderEdition(editionInput(), { ...templates, partials })).rejects.toThrow(
      TemplateError,
    );
    await expect(renderEdition(editionInput([]), templates)).rejects.toThrow(TemplateError);
    const smuggled = briefingFixture({ headline: 'Click %%braid:unsubscribeUrl%%' });
    await expect(renderEdition(editionInput([smuggled]), templates)).rejects.toThrow(/sentinel/);
  });
});

describe('preheaderFor', () => {
  it('keeps a short summary whole', () => {
    expect(preheaderFor(briefingFixture({ summary: ['Short and sweet.'] }))).toBe(
      'Short and sweet.',
    );
  });

  it('cuts at a word boundary with an ellipsis, at most 110 characters', () => {
    const words = 'word '.repeat(40).trim();
    const preheader = preheaderFor(briefingFixture({ summary: [words] }));
    expect([...preheader].length).toBeLessThanOrEqual(110);
    expect(preheader).toMatch(/ word…$/);
  });

  it('falls back to the first point when there is no summary', () => {
    expect(preheaderFor(briefingFixture({ summary: [] }))).toBe(points[0]);
  });
});
