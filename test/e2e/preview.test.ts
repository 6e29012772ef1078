import { mkdirSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BackgroundCli, makeWorkspace, startCli, type Workspace } from '../helpers/cli.ts';
import { launchChromium } from './launch-chromium.ts';

/**
 * The editors' preview in Debian's Chromium, as an editor uses it: `braid preview` on a copy
 * of content/, the seed story opened, mobile and dark, the plain text, a key point's evidence
 * opened on its sentence, and a saved file showing on the open page within a second. A
 * screenshot of each view stays in test-results/preview/.
 */
const SEED = 'biden-calls-putin-a-killer';
const shots = join(import.meta.dirname, '..', '..', 'test-results', 'preview');

let ws: Workspace;
let cli: BackgroundCli;
let url: string;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  mkdirSync(shots, { recursive: true });
  ws = await makeWorkspace();
  cli = startCli(['preview', '--port', '0'], ws.env);
  url = (await cli.waitFor(/Address\s+(http:\/\/127\.0\.0\.1:\d+)/))[1] ?? '';
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
});

afterAll(async () => {
  await browser?.close();
  await cli?.stop();
  if (ws) await rm(ws.dir, { recursive: true, force: true });
});

const shot = (name: string) =>
  page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });

/** The email's document inside the preview's iframe. */
function emailFrame() {
  const frame = page.frames().find((f) => f.url().includes('/frame/'));
  if (frame === undefined) throw new Error('no email iframe on the page');
  return frame;
}

/** In the page: whether the email iframe has loaded its document. */
const FRAME_LOADED = `(() => {
  const f = document.getElementById('frame');
  return f?.contentDocument?.readyState === 'complete' && f.contentDocument.body !== null;
})()`;

async function frameLoaded(): Promise<void> {
  await page.waitForFunction(FRAME_LOADED);
}

/** Evaluates an expression in the page (the tests are typed without the DOM's types). */
const inPage = <T>(expression: string) => page.evaluate<T>(expression);

describe('the preview in Chromium', () => {
  it('lists the seed story and opens its email, desktop at 600 px', async () => {
    await page.goto(url);
    await expect(page.locator(`tr[data-story="${SEED}"]`)).toBeDefined();
    expect(await page.locator(`tr[data-story="${SEED}"]`).innerText()).toMatch(/ready/);
    await shot('story-list');
    await page.click(`a[href="/story/${SEED}"]`);
    await frameLoaded();
    expect(await inPage<number>("document.getElementById('frame').offsetWidth")).toBe(600);
    expect(await emailFrame().locator('body').innerText()).toContain('Key points');
    await shot('desktop');
  });

  it('switches to mobile (375 px) and dark mode, as clients apply it', async () => {
    await page.click('button[data-view="mobile"]');
    await page.check('#dark');
    await page.waitForFunction(
      "location.hash.includes('dark=1') && location.hash.includes('view=mobile')",
    );
    await page.waitForFunction("document.getElementById('frame').src.includes('scheme=dark')");
    await frameLoaded();
    expect(await inPage<number>("document.getElementById('frame').offsetWidth")).toBe(375);
    const background = await emailFrame().evaluate<string>(
      "getComputedStyle(document.querySelector('.braid-body')).backgroundColor",
    );
    expect(background).toBe('rgb(18, 18, 18)');
    await shot('mobile-dark');
  });

  it('shows the plain-text part, the HTML source and the MIME headers', async () => {
    await page.click('button[data-view="text"]');
    const text = await page.locator('#plain-text').innerText();
    expect(text).toMatch(/^Russia recalls its ambassador/m);
    expect(text).toMatch(/\nLinks\n/);
    await shot('plain-text');
    await page.click('button[data-view="source"]');
    expect(await page.locator('#html-source').innerText()).toMatch(/^<!doctype html>/);
    await shot('html-source');
    await page.click('button[data-view="headers"]');
    const headers = await page.locator('#mime-headers').innerText();
    expect(headers).toMatch(/List-Unsubscribe-Post\s+List-Unsubscribe=One-Click/);
    expect(headers).toMatch(/Subject\s+Russia recalls/);
    await shot('mime-headers');
  });

  it('runs the checks panel', async () => {
    await page.click('button[data-view="checks"]');
    await page.waitForSelector('#checks-table', { timeout: 20_000 });
    const checks = await page.locator('#checks-table').innerText();
    expect(checks).toMatch(/pass\s+MJML validation/);
    expect(checks).toMatch(/SpamAssassin/);
    await shot('checks');
  });

  it("opens a key point's evidence on the BBC or NBC sentence, highlighted", async () => {
    await page.click('button[data-view="evidence"]');
    await shot('evidence');
    const ref = page.locator('li[data-item^="point-"] a.ref').first();
    const sentence = (await ref.getAttribute('title')) ?? '';
    const pointText = await page
      .locator('li[data-item^="point-"] > div:nth-child(2)')
      .first()
      .innerText();
    expect(sentence.length).toBeGreaterThan(20);
    await ref.click();
    await page.waitForSelector('mark#hl');
    expect(await page.locator('h1 + p').innerText()).toMatch(/^(BBC News|NBC News)/);
    const highlighted = await page.locator('mark#hl').innerText();
    expect(highlighted.replace(/\s+/g, ' ').trim()).toBe(sentence);
    // The point is that sentence (or its kept parts): credited where it was said.
    expect(sentence).toContain(pointText.replace(/^["“]|["”]$/g, '').slice(0, 20));
    await shot('evidence-article');
  });

  it('shows a saved content file within 1 s, keeping the view and the scroll position', async () => {
    await page.goto(`${url}/story/${SEED}#view=mobile`);
    await frameLoaded();
    await page.waitForFunction("document.getElementById('frame').offsetHeight > 1500");
    await inPage('window.scrollTo(0, 600)');
    const file = join(ws.content, SEED, 'story.yaml');
    const before = await readFile(file, 'utf8');
    const edited = before.replace(
      /^headline: .*$/m,
      'headline: Moscow recalls its envoy, edited live',
    );
    expect(edited).not.toBe(before);
    const version = await inPage<string>('document.body.dataset.version');
    const started = Date.now();
    await writeFile(file, edited);
    await page.waitForFunction(
      "document.getElementById('frame').contentDocument?.body?.innerText.includes('Moscow recalls its envoy, edited live') === true",
      undefined,
      { polling: 20, timeout: 5_000 },
    );
    const elapsed = Date.now() - started;
    expect(elapsed).toBeLessThan(1000);
    expect(await inPage<string>('document.body.dataset.version')).not.toBe(version);
    expect(await inPage<string>('location.hash')).toContain('view=mobile');
    expect(await inPage<number>('Math.round(window.scrollY)')).toBe(600);
    expect(await page.locator('h1').first().innerText()).toContain('edited live');
    await shot('live-reload');
  });
});
