import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadClusters, storyOf } from '../../bench/eval-set.ts';
import { buildBriefing } from '../../lambda/briefing/build-briefing.ts';
import type { Briefing } from '../../lambda/briefing/types.ts';
import { compileMessages } from '../../lambda/email/compile-messages.ts';
import { HTML_BUDGET_BYTES, htmlBudgetSize } from '../../lambda/email/edition-view.ts';
import { contrast, type Look, MIN_CONTRAST, parseHex } from '../../lambda/email/look.ts';
import { compilePersonalizer } from '../../lambda/email/personalize.ts';
import { renderEdition, renderMjml } from '../../lambda/email/render-edition.ts';
import type { Edition, EditionInput } from '../../lambda/email/types.ts';
import {
  darkModeRules,
  imagesWithoutAlt,
  isAllowed,
  mjmlErrors,
  readAllowList,
  smallFontSizes,
  spamAssassin,
  tablesWithoutPresentationRole,
  unsupportedFeatures,
} from '../../lambda/preview/checks.ts';
import {
  editionInput,
  loadTemplates,
  recipient,
  seedBriefing,
  settings,
} from '../unit/email/fixtures.ts';
import { artifactPath } from './email-artifacts.ts';
import { launchChromium } from './launch-chromium.ts';
import { layout } from './page-layout.ts';

/**
 * Issue 13's gates on digests of 1, 3, 6 and 12 real stories (the seed story, then AllSides
 * clusters of two or more outlets): MJML strict, the 90 KB budget as sent, lang, presentation
 * tables, the dark palette, 16 px body text, images with alt, doiuse-email clean outside the
 * allow-list, SpamAssassin below 1.0, no horizontal scroll in Chromium at 375 and 600 px in
 * both palettes (screenshots kept in test-results/email/), and the configured colours' contrast
 * as Chromium computes them.
 */
const SIZES = [1, 3, 6, 12] as const;
const WIDTHS = [375, 600] as const;
const SCHEMES = ['light', 'dark'] as const;

/** A newsletter's own look, as an operator would set it: a dark red and a logo. */
const LOOK: Look = {
  accent: '#8a1538',
  accentDark: '#f49ab0',
  logo: {
    url: 'https://cdn.briefing.example.org/logo.png',
    alt: 'The Daily Braid',
    width: 180,
    height: 48,
  },
  senderLine: 'Written by the Braid desk',
};

/** A realistic worst case for size: a long name and address, a 600-character token. */
const heavy = {
  ...recipient,
  email: `${'long.address'.repeat(4)}@example.org`,
  name: 'Maximiliane Überlänge-Sørensen',
  unsubscribeUrl: `https://briefing.example.org/unsubscribe?token=${'a1B2c3D4e5'.repeat(60)}`,
};

let browser: Browser;
const templates = loadTemplates();
const editions = new Map<
  number,
  { input: EditionInput; edition: Edition; html: string; text: string }
>();

beforeAll(async () => {
  const clusters = loadClusters()
    .filter((c) => new Set(c.articles.map((a) => a.source)).size >= 2)
    .slice(0, 11);
  const briefings: Briefing[] = [
    await seedBriefing(),
    ...clusters.map((c) => buildBriefing(storyOf(c))),
  ];
  for (const n of SIZES) {
    const input = { ...editionInput(briefings.slice(0, n)), settings: { ...settings, look: LOOK } };
    const edition = await renderEdition(input, templates);
    const { html, text } = compilePersonalizer(edition)(heavy);
    writeFileSync(artifactPath(`digest-${n}.html`), html);
    writeFileSync(artifactPath(`digest-${n}.txt`), text);
    editions.set(n, { input, edition, html, text });
  }
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
});

const get = (n: number) => {
  const e = editions.get(n);
  if (!e) throw new Error(`no ${n}-story edition`);
  return e;
};

describe.each(SIZES)('a digest of %i stories', (n) => {
  it('shows every story (a lone one in full), and fits the 90 KB budget as sent', () => {
    const { edition, html } = get(n);
    expect(edition.stories).toHaveLength(n);
    expect(edition.levels).toEqual(n === 1 ? ['full'] : Array(n).fill('digest'));
    expect(htmlBudgetSize(edition.html)).toBeLessThanOrEqual(HTML_BUDGET_BYTES);
    expect(Buffer.byteLength(html)).toBeLessThanOrEqual(HTML_BUDGET_BYTES);
  });

  it('passes MJML strict validation', async () => {
    expect(await mjmlErrors(renderMjml(get(n).input, templates))).toEqual([]);
  });

  it('has lang, presentation tables, the dark palette, 16 px text and alt on every image', () => {
    const { html } = get(n);
    expect(html).toMatch(/<html[^>]*\blang="en"/);
    expect(tablesWithoutPresentationRole(html)).toEqual([]);
    expect(darkModeRules(html)).toContain('#121212');
    // The look's own dark rules follow the palette's, so its accent wins.
    expect(html).toMatch(
      new RegExp(
        `@media \\(prefers-color-scheme: dark\\) \\{[^}]*\\.braid-accent \\{ color: ${LOOK.accentDark} !important`,
      ),
    );
    expect(smallFontSizes(html)).toEqual([]);
    expect(imagesWithoutAlt(html)).toEqual([]);
    expect(html).toContain('alt="The Daily Braid" width="180" height="48"');
  });

  it('is clean in doiuse-email outside the reasoned allow-list', async () => {
    const allow = await readAllowList(join(import.meta.dirname, '..', 'email-allowlist.json'));
    const errors = unsupportedFeatures(get(n).html).filter(([f, c]) => !isAllowed(allow, f, c));
    expect(errors).toEqual([]);
  });

  it('scores below 1.0 in SpamAssassin', async () => {
    const message = await compileMessages(get(n).edition);
    const raw = message(heavy, new Date('2021-03-18T06:00:00Z'));
    writeFileSync(artifactPath(`digest-${n}.eml`), raw);
    const verdict = await spamAssassin(raw);
    expect(verdict.rules.length).toBeGreaterThan(0);
    expect(verdict.score).toBeLessThan(1.0);
  }, 60_000);

  it('says the same things in the text part, in the same order', () => {
    const { edition, html, text } = get(n);
    const headlines = edition.stories.map((_, i) => get(n).input.briefings[i]?.headline ?? '');
    const positions = (s: string) => headlines.map((h) => s.indexOf(h.slice(0, 40)));
    const body = html.slice(html.indexOf('<body'));
    for (const part of [text, body]) {
      const found = positions(part.replace(/&quot;/g, '"').replace(/&#x27;/g, "'"));
      expect(found.every((p) => p >= 0)).toBe(true);
      expect([...found].sort((a, b) => a - b)).toEqual(found);
    }
    // Lines wrap at 76 columns; a link reference's URL cannot be broken.
    const long = text
      .split('\n')
      .filter((l) => [...l].length > 76 && !/^\[\d+\] https:\/\/\S+$/.test(l));
    expect(long).toEqual([]);
  });

  it.each(WIDTHS.flatMap((width) => SCHEMES.map((scheme) => ({ width, scheme }))))(
    'has no horizontal scroll in Chromium at $width px ($scheme)',
    async ({ width, scheme }) => {
      const result = await layout(
        browser,
        get(n).html,
        width,
        scheme,
        `digest-${n}-${width}-${scheme}.png`,
      );
      expect(result.clientWidth).toBe(width);
      expect(result.scrollWidth).toBeLessThanOrEqual(width);
      expect(result.overflowing).toEqual([]);
    },
    60_000,
  );
});

/** The few DOM shapes the page function uses (the project compiles without lib "dom"). */
interface Node {
  parentElement: Node | null;
}
interface Win {
  document: { querySelector(s: string): Node | null };
  getComputedStyle(el: Node): { color: string; backgroundColor: string };
}

/** Runs in the page: the accent's colour on the contents heading, and the surface behind it. */
function accentColours(): { text: string; card: string } {
  const win = globalThis as unknown as Win;
  const el = win.document.querySelector('.braid-accent');
  if (el === null) throw new Error('no accent heading');
  let surface: Node | null = el;
  while (surface && win.getComputedStyle(surface).backgroundColor === 'rgba(0, 0, 0, 0)') {
    surface = surface.parentElement;
  }
  if (surface === null) throw new Error('no opaque surface behind the accent');
  return {
    text: win.getComputedStyle(el).color,
    card: win.getComputedStyle(surface).backgroundColor,
  };
}

const rgbOf = (css: string) => {
  const m = /rgb\((\d+), (\d+), (\d+)\)/.exec(css);
  if (!m) throw new Error(`not an rgb() colour: ${css}`);
  return [Number(m[1]), Number(m[2]), Number(m[3])] as [number, number, number];
};

describe('the configured colours, as Chromium shows them', () => {
  it.each(SCHEMES)('reach %s contrast of at least 4.5:1 on the card', async (scheme) => {
    const page = await browser.newPage({
      viewport: { width: 600, height: 900 },
      colorScheme: scheme,
    });
    try {
      await page.route('**/*', (route) => route.abort());
      await page.setContent(get(3).html, { waitUntil: 'load' });
      const { text, card } = await page.evaluate(accentColours);
      const expected = scheme === 'light' ? LOOK.accent : LOOK.accentDark;
      expect(rgbOf(text)).toEqual(parseHex(expected));
      expect(contrast(rgbOf(text), rgbOf(card))).toBeGreaterThanOrEqual(MIN_CONTRAST);
    } finally {
      await page.close();
    }
  });
});
