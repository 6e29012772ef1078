import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { PageTemplates } from '../../../lambda/http/page-templates.ts';
import { PAGE_NAMES } from '../../../lambda/http/page-views.ts';
import { createPageRenderer, PageTemplateError } from '../../../lambda/http/render-page.ts';
import { createSite } from '../../../lambda/http/site.ts';
import { PAGES_DIR, pageTemplates, unitDeps } from './app-fixture.ts';

const SCRIPT = '<script>alert(1)</script>';

/** Every template source under templates/pages, by file name. */
function templateFiles(): [string, string][] {
  const files: [string, string][] = [];
  for (const dir of [PAGES_DIR, join(PAGES_DIR, 'partials')]) {
    for (const name of readdirSync(dir).filter((n) => n.endsWith('.hbs'))) {
      files.push([name, readFileSync(join(dir, name), 'utf8')]);
    }
  }
  return files;
}

describe('page templates', () => {
  it.each(templateFiles())(
    '%s: escapes everything ({{ }} only) and has no script',
    (_name, source) => {
      expect(source).not.toMatch(/\{\{\{|\{\{&/u);
      expect(source).not.toMatch(/<script|\son[a-z]+\s*=|javascript:/iu);
      expect(source).not.toMatch(/\sstyle\s*=/iu);
    },
  );

  it('are all there: a layout and every page', async () => {
    const templates = await pageTemplates();
    expect(Object.keys(templates.pages).sort()).toEqual([...PAGE_NAMES].sort());
    expect(templates.layout).toContain('<html lang="en">');
    expect(templates.css).toContain(':focus-visible');
  });
});

describe('createPageRenderer', () => {
  it('escapes a script in every value it is given', async () => {
    const site = createSite(await unitDeps({ title: SCRIPT }));
    const html = site.render('subscribe', SCRIPT, {
      form: site.signupForm({
        email: `"><script>alert(1)</script>`,
        name: SCRIPT,
        errors: { email: SCRIPT },
      }),
      error: { field: 'email', message: SCRIPT },
    });
    expect(html).not.toContain('<script');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('value="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"');
  });

  it('renders each page as one document with one h1, in English', async () => {
    const site = createSite(await unitDeps());
    const form = site.signupForm();
    const pages = [
      site.render('subscribe', 'Subscribe', { form }),
      site.render('check-inbox', 'Check your inbox', {}),
      site.render('confirm', 'Confirm', { token: 't' }),
      site.render('confirmed', 'Subscribed', { already: false }),
      site.render('link-problem', 'Problem', { heading: 'h', explanation: 'e', form }),
      site.render('link-problem', 'Problem', {
        heading: 'h',
        explanation: 'e',
        unsubscribeHelp: true,
        mailto: 'u@example.org',
      }),
      site.render('unsubscribe', 'Unsubscribe', { token: 't' }),
      site.render('unsubscribed', 'Unsubscribed', {
        token: 't',
        already: false,
        consentText: 'c',
        consentVersion: 'v',
      }),
      site.render('resubscribed', 'Resubscribed', { already: true }),
      site.render('archive', 'Archive', {
        editions: [],
        feedUrl: '/archive/feed.xml',
        pager: false,
      }),
      site.render('message', 'Message', { heading: 'h', paragraphs: ['p'] }),
    ];
    for (const html of pages) {
      expect(html.startsWith('<!doctype html>')).toBe(true);
      expect(html).toContain('<html lang="en">');
      expect(html.match(/<h1[ >]/gu)).toHaveLength(1);
      expect(html).toContain('<link rel="stylesheet" href="/assets/site.css">');
      expect(html).not.toMatch(/<script|\sstyle=/u);
    }
  });

  it('ties every visible input to a label, and an error to its field', async () => {
    const site = createSite(await unitDeps());
    const html = site.render(
      'subscribe',
      'Subscribe',
      {
        form: site.signupForm({ errors: { name: 'Too long.' } }),
        error: { field: 'name', message: 'Too long.' },
      },
      { hasError: true },
    );
    const ids = [...html.matchAll(/<input id="([^"]+)"/gu)].map((m) => m[1]);
    expect(ids).toEqual(['email', 'name', 'website', 'consent']);
    for (const id of ids) expect(html).toContain(`<label for="${id}">`);
    expect(html).toMatch(/id="name"[^>]*aria-invalid="true" aria-describedby="name-error"/u);
    expect(html).toContain('<p class="error" id="name-error">');
    expect(html).toContain('<a href="#name">Too long.</a>');
    expect(html).toContain('<title>Error: Subscribe · Braid</title>');
    // The consent box is never ticked unless the person ticked it.
    expect(html).not.toMatch(/id="consent"[^>]*checked/u);
    // The honeypot: hidden, out of the tab order, not autofilled, labelled "leave empty".
    expect(html).toMatch(
      /<div class="honeypot" aria-hidden="true">\s*<label for="website">Leave this field empty<\/label>\s*<input id="website" name="website" type="text" tabindex="-1" autocomplete="off" value="">/u,
    );
  });

  it('fails at start when a page or the layout does not compile, or a page is missing', async () => {
    const templates = await pageTemplates();
    const broken: PageTemplates = {
      ...templates,
      pages: { ...templates.pages, confirm: '{{#if}}' },
    };
    expect(() => createPageRenderer(broken, 'Braid')).toThrow(PageTemplateError);
    const { confirm: _gone, ...rest } = templates.pages;
    expect(() => createPageRenderer({ ...templates, pages: rest }, 'Braid')).toThrow(
      /confirm\.hbs is missing/u,
    );
    const helper: PageTemplates = {
      ...templates,
      pages: { ...templates.pages, confirm: '{{shout a}}' },
    };
    expect(() => createPageRenderer(helper, 'Braid')).toThrow(PageTemplateError);
  });
});
