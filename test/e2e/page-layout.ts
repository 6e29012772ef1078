import type { Browser } from 'playwright-core';
import { artifactPath } from './email-artifacts.ts';

/** What a page at a width reports: its widths and every element reaching past the viewport. */
export interface Layout {
  scrollWidth: number;
  clientWidth: number;
  overflowing: string[];
}

/** Opens the html offline at a width and scheme; reports page and element overflow. */
export async function layout(
  browser: Browser,

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
export function darkColors(): { body: string; text: string } {
  const win = globalThis as unknown as Win;
  const style = (selector: string) => {
    const el = win.document.querySelector(selector);
    if (el === null) throw new Error(`${selector} is missing`);
    return win.getComputedStyle(el);
  };
  return { body: style('.braid-body').backgroundColor, text: style('.braid-text h2').color };
}
