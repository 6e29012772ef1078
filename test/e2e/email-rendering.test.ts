import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compilePersonalizer } from '../../lambda/email/personalize.ts';
import { renderEdition } from '../../lambda/email/render-edition.ts';
import { renderConfirmationEmail, renderWelcomeEmail } from '../../lambda/email/signup-emails.ts';
import {
  briefingFixture,
  editionInput,
  loadCompiled,
  loadTemplates,
  recipient,
  seedBriefing,
  settings,
} from '../unit/email/fixtures.ts';
import { launchChromium } from './launch-chromium.ts';
import { darkColors, layout } from './page-layout.ts';

/**
 * The emails in Debian's Chromium (playwright-core), at a phone's 375 px and the layout's
 * 600 px, light and dark: no horizontal scrolling and nothing overflowing. The
 * screenshots stay in test-results/email/ as artifacts.
 */
const WIDTHS = [375, 600] as const;
const SCHEMES = ['light', 'dark'] as const;

let browser: Browser;
const emails: Record<string, string> = {};

beforeAll(async () => {
  browser = await launchChromium();
  const longUrl = `https://briefing.example.org/unsubscribe?token=${'Zq9'.repeat(200)}`;
  const heavy = {
    ...recipient,
    email: `${'long.address'.repeat(5)}@example.org`,
    unsubscribeUrl: longUrl,
  };
  const seed = await renderEdition(editionInput([await seedBriefing()]), loadTemplates());
  emails['seed-edition'] = compilePersonalizer(seed)(heavy).html;
  const headline = 'A'
    .repeat(40)
    .concat(' ', 'Extraordinarily-long-hyphenated-words '.repeat(5))
    .slice(0, 200);
  const long = await renderEdition(
    editionInput([
      briefingFixture({ headline, people: [{ name: 'W'.repeat(90), mentions: 1, sources: [] }] }),
    ]),
    loadTemplates(),
  );
  emails['long-headline'] = compilePersonalizer(long)(heavy).html;
  emails.confirm = renderConfirmationEmail(
    {
      settings,
      email: heavy.email,
      confirmUrl: `https://briefing.example.org/confirm?token=${'k'.repeat(300)}`,
      validForHours: 48,
    },
    loadCompiled('confirm'),
  ).html;
  emails.welcome = renderWelcomeEmail(
    { settings, email: heavy.email, name: 'Alice', unsubscribeUrl: longUrl },
    loadCompiled('welcome'),
  ).html;
});

afterAll(async () => {
  await browser?.close();
});

describe('rendered in Chromium', () => {
  const cases = ['seed-edition', 'long-headline', 'confirm', 'welcome'].flatMap((name) =>
    WIDTHS.flatMap((width) => SCHEMES.map((scheme) => ({ name, width, scheme }))),
  );

  it.each(cases)(
    '$name at $width px ($scheme): no horizontal scrolling, nothing overflows',
    async ({ name, width, scheme }) => {
      const html = emails[name] ?? '';
      expect(html).toContain('</html>');
      const result = await layout(browser, html, width, scheme, `${name}-${width}-${scheme}.png`);
      expect(result.clientWidth).toBe(width);
      expect(result.scrollWidth).toBeLessThanOrEqual(width);
      expect(result.overflowing).toEqual([]);
    },
  );

  it('switches to the dark palette when the reader prefers it', async () => {
    const page = await browser.newPage({
      viewport: { width: 600, height: 900 },
      colorScheme: 'dark',
    });
    try {
      await page.setContent(emails['seed-edition'] ?? '');
      const colors = await page.evaluate(darkColors);
      expect(colors).toEqual({ body: 'rgb(18, 18, 18)', text: 'rgb(236, 236, 236)' });
    } finally {
      await page.close();
    }
  });

  it('would catch a layout wider than the screen', async () => {
    const wide =
      '<html><body style="margin:0"><table style="width:700px"><tr><td>wide</td></tr></table><div style="width:200px;overflow:hidden"><span style="display:inline-block;width:400px">clipped</span></div></body></html>';
    const result = await layout(browser, wide, 375, 'light');
    expect(result.scrollWidth).toBeGreaterThan(375);
    expect(result.overflowing.length).toBeGreaterThanOrEqual(2);
  });
});
