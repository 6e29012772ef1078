import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../../lambda/http/app.ts';
import { PAGE_CSP, securityHeaders, WEB_COPY_CSP } from '../../../lambda/http/security-headers.ts';
import { unitDeps } from './app-fixture.ts';

const EDITION_HTML =
  '<!doctype html><html lang="en"><body style="margin:0"><p>Sent to %%braid:email%%.</p>' +
  '<a href="%%braid:unsubscribeUrl%%">Unsubscribe</a> <a href="%%braid:webUrl%%">Web</a></body></html>';

function expectBaseHeaders(response: Response) {
  expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  expect(response.headers.get('referrer-policy')).toBe('no-referrer');
  expect(response.headers.get('set-cookie')).toBeNull();
}

describe('securityHeaders', () => {
  it('sets the strict policy unless the route set its own', async () => {
    const app = new Hono();
    app.use('*', securityHeaders());
    app.get('/page', (c) => c.html('<p>hi</p>'));
    app.get('/own', (c) =>
      c.html('<p>hi</p>', 200, {
        'Content-Security-Policy': WEB_COPY_CSP,
        'Cache-Control': 'public',
      }),
    );
    const page = await app.request('/page');
    expect(page.headers.get('content-security-policy')).toBe(PAGE_CSP);
    expect(page.headers.get('cache-control')).toBe('no-store');
    expectBaseHeaders(page);
    const own = await app.request('/own');
    expect(own.headers.get('content-security-policy')).toBe(WEB_COPY_CSP);
    expect(own.headers.get('cache-control')).toBe('public');
    expectBaseHeaders(own);
  });

  it('allows no script anywhere, and the pages only our own stylesheet and forms', () => {
    for (const policy of [PAGE_CSP, WEB_COPY_CSP]) {
      expect(policy).toContain("default-src 'none'");
      expect(policy).not.toMatch(/script-src/u);
      expect(policy).toContain("frame-ancestors 'none'");
      expect(policy).toContain("base-uri 'none'");
    }
    expect(PAGE_CSP).toBe(
      "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    );
    expect(WEB_COPY_CSP).toContain("form-action 'none'");
  });
});

describe('the app, on every kind of answer', () => {
  it('gives every response the headers: page, stylesheet, redirect, 404, 405, 413, 500', async () => {
    const deps = await unitDeps({
      archive: {
        get: async () => {
          throw new Error('S3 is down: secret detail at /var/task/index.mjs:1');
        },
      },
    });
    const app = createApp(deps);
    const answers = [
      [await app.request('/subscribe'), 200],
      [await app.request('/assets/site.css'), 200],
      [await app.request('/', { redirect: 'manual' }), 302],
      [await app.request('/nowhere'), 404],
      [await app.request('/subscribe', { method: 'DELETE' }), 405],
      [
        await app.request('/subscribe', {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: `email=${'a'.repeat(11 * 1024)}`,
        }),
        413,
      ],
      [await app.request('/archive/2026-12-01-a'), 500],
    ] as const;
    for (const [response, status] of answers) {
      expect(response.status).toBe(status);
      expect(response.headers.get('content-security-policy')).toBe(PAGE_CSP);
      expectBaseHeaders(response);
    }
    expect(answers[1][0].headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect(answers[2][0].headers.get('location')).toBe('/subscribe');
    expect(answers[4][0].headers.get('allow')).toBe('GET, POST');
    const failure = await answers[6][0].text();
    expect(failure).toContain('Something went wrong');
    expect(failure).not.toMatch(/S3 is down|index\.mjs|at /u);
    expect(deps.log.lines).toContainEqual(
      expect.objectContaining({
        level: 'error',
        message: 'request failed',
        fields: expect.objectContaining({ error: expect.stringContaining('S3 is down') }),
      }),
    );
  });

  it('keeps token pages out of caches', async () => {
    const app = createApp(await unitDeps());
    for (const path of ['/confirm?token=x', '/unsubscribe?token=x', '/unsubscribe', '/subscribe']) {
      expect((await app.request(path)).headers.get('cache-control')).toBe('no-store');
    }
  });

  it('serves an edition web copy under its own policy, filled for no one in particular', async () => {
    const app = createApp(await unitDeps({ copies: { '2026-12-01-a': EDITION_HTML } }));
    const response = await app.request('/archive/2026-12-01-a');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toBe(WEB_COPY_CSP);
    expectBaseHeaders(response);
    const html = await response.text();
    expect(html).not.toContain('%%braid:');
    expect(html).toContain('<a href="https://braid.example.org/unsubscribe">Unsubscribe</a>');
    expect(html).toContain('<a href="https://braid.example.org/archive/2026-12-01-a">Web</a>');
    expect(html).toContain('Sent to your address.');
  });

  it('answers API clients in JSON: 404, 405, 413', async () => {
    const app = createApp(await unitDeps());
    const json = { accept: 'application/json' };
    const missing = await app.request('/nowhere', { headers: json });
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ error: { message: 'Not found.' } });
    const wrong = await app.request('/confirm', { method: 'PUT', headers: json });
    expect(wrong.status).toBe(405);
    expect(await wrong.json()).toMatchObject({
      error: { message: expect.stringMatching(/GET, POST/u) },
    });
    const big = await app.request('/subscribe', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'a@example.org', name: 'x'.repeat(20_000), consent: true }),
    });
    expect(big.status).toBe(413);
    expect(await big.json()).toEqual({ error: { message: expect.stringContaining('10 KB') } });
  });

  it('refuses an edition id of the wrong shape without asking the archive', async () => {
    const asked: string[] = [];
    const app = createApp(
      await unitDeps({
        archive: {
          get: async (id) => {
            asked.push(id);
            return undefined;
          },
        },
      }),
    );
    for (const id of ['..%2F..%2Fetc%2Fpasswd', `${'a'.repeat(101)}`, '.hidden', 'a%20b']) {
      expect((await app.request(`/archive/${id}`)).status).toBe(404);
    }
    expect(asked).toEqual([]);
    expect((await app.request('/archive/2026-12-01_a.v2')).status).toBe(404);
    expect(asked).toEqual(['2026-12-01_a.v2']);
  });

  it('refuses an archive cursor it could not have handed out', async () => {
    const app = createApp(
      await unitDeps({
        editions: {
          listArchive: async (_limit, cursor) => {
            if (cursor !== undefined) throw new TypeError('Expected `cursor` to be a cursor');
            return { items: [] };
          },
        },
      }),
    );
    expect((await app.request('/archive?cursor=%3Cscript%3E')).status).toBe(400);
    expect((await app.request('/archive?cursor=bm90LWEtY3Vyc29y')).status).toBe(400);
    expect((await app.request('/archive')).status).toBe(200);
  });
});
