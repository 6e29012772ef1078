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
import { artifactPath } from './email-artifacts.ts';
import { launchChromium } from './launch-chromium.ts';

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

interface Layout {
  scrollWidth: number;
  clientWidth: number;
  overflowing: string[];
}

/** Opens the html offline at a width and scheme; reports page and element overflow. */
async function layout(
  html: string,
  width: number,
  scheme: 'light' | 'dark',
  screenshot?: string,
): Promise<Layout> {
  const page = await browser.newPage({ viewport: { width, height: 900 }, colorScheme: scheme });
  try {
    await page.route('**/*', (route) => route.abort());
    await page.setContent(html, { waitUntil: 'load' });
    const result = await page.evaluate(measureOverflow);
    if (screenshot !== undefined) {
      await page.screenshot({ path: artifactPath(screenshot), fullPage: true });
    }
    return result;
  } finally {
    await page.close();
  }
}

/** The few DOM shapes the page functions use (the project compiles without lib "dom"). */
interface Box {
  left: number;
  right: number;
  width: number;
  height: number;
}
interface El {
  tagName: string;
  className: unknown;
  scrollWidth: number;
  clientWidth: number;
  getBoundingClientRect(): Box;
}
interface Doc {
  documentElement: El;
  body: { querySelectorAll(selector: string): Iterable<El> };
  querySelector(selector: string): El | null;
}
interface Win {
  document: Doc;
  getComputedStyle(el: El): { backgroundColor: string; color: string };
}

/** Runs in the page: the page's widths and every element that reaches past the viewport. */
function measureOverflow(): Layout {
  const { document } = globalThis as unknown as Win;
  const root = document.documentElement;
  const overflowing: string[] = [];
  for (const el of Array.from(document.body.querySelectorAll('*'))) {
    const rect = el.getBoundingClientRect();
    if (rect.width === 0 && rect.height === 0) continue; // hidden (the preheader)
    const name = `${el.tagName.toLowerCase()}${el.className ? `.${String(el.className)}` : ''}`;
    if (rect.right > root.clientWidth + 1 || rect.left < -1) {
      overflowing.push(`${name} spans ${Math.round(rect.left)}–${Math.round(rect.right)}px`);
    } else if (el.scrollWidth > el.clientWidth + 1 && el.clientWidth > 0) {
      overflowing.push(`${name} content ${el.scrollWidth}px in ${el.clientWidth}px`);
    }
  }
  return { scrollWidth: root.scrollWidth, clientWidth: root.clientWidth, overflowing };
}

/** Runs in the page: the colours dark mode should switch. */
function darkColors(): { body: string; text: string } {
  const win = globalThis as unknown as Win;
  const style = (selector: string) => {
    const el = win.document.querySelector(selector);
    if (el === null) throw new Error(`${selector} is missing`);
    return win.getComputedStyle(el);
  };
  return { body: style('.braid-body').backgroundColor, text: style('.braid-text h2').color };
}

describe('rendered in Chromium', () => {
  const cases = ['seed-edition', 'long-headline', 'confirm', 'welcome'].flatMap((name) =>
    WIDTHS.flatMap((width) => SCHEMES.map((scheme) => ({ name, width, scheme }))),
  );

  it.each(cases)(
    '$name at $width px ($scheme): no horizontal scrolling, nothing overflows',
    async ({ name, width, scheme }) => {
      const html = emails[name] ?? '';
      expect(html).toContain('</html>');
      const result = await layout(html, width, scheme, `${name}-${width}-${scheme}.png`);
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
    const result = await layout(wide, 375, 'light');
    expect(result.scrollWidth).toBeGreaterThan(375);
    expect(result.overflowing.length).toBeGreaterThanOrEqual(2);
  });
});
