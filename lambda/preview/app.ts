import type { HttpBindings } from '@hono/node-server';
import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import { z } from 'zod';
import { articleView, evidenceOutline } from './evidence.ts';
import { h } from './html.ts';
import {
  articlePage,
  checksFragment,
  darkened,
  editionPage,
  listPage,
  messagePage,
  outline,
  storyPage,
} from './pages.ts';
import { isSafeName, PathRefusedError } from './safe-path.ts';
import { type RenderState, type Studio, TestSendError } from './studio.ts';

/**
 * The preview's HTTP app. It answers only to the loopback names it was started on (a
 * page elsewhere cannot reach it through DNS rebinding), takes POSTs only as JSON from its
 * own pages, and opens files only through the studio, which checks every path.
 */
export interface PreviewAppOptions {
  /** The Host values this server answers to, e.g. ["127.0.0.1:4400", "localhost:4400"]. */
  hosts: () => readonly string[];
}

/** `..` (plain or percent-encoded, any case), encoded `/` or `\\`, a NUL. */
const SUSPICIOUS_PATH = /(?:\.|%2e){2}|%2f|%5c|%00|\\/iu;

const sendTestBody = z.object({
  target: z.enum(['story', 'edition']),
  slug: z.string().optional(),
  to: z.string().min(1, { error: 'type an address to send the test to' }),
});

const refsQuery = z.object({
  p: z.coerce.number().int().positive(),
  s: z.coerce.number().int().positive(),
  kept: z.string().optional(),
});

const keptRanges = z.array(
  z.tuple([z.number().int().nonnegative(), z.number().int().nonnegative()]),
);

function parseKept(value: string | undefined): [number, number][] | undefined {
  if (value === undefined) return undefined;
  try {
    const parsed = keptRanges.safeParse(JSON.parse(value));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

export function createPreviewApp(
  studio: Studio,
  options: PreviewAppOptions,
): {
  app: Hono<{ Bindings: Partial<HttpBindings> }>;
  /** Ends the open live-reload streams (the server is closing). */
  closeStreams(): void;
} {
  const app = new Hono<{ Bindings: Partial<HttpBindings> }>();
  const streams = new Set<() => void>();

  app.use('*', async (c, next) => {
    const host = c.req.header('host') ?? '';
    if (!options.hosts().includes(host)) {
      return c.text(
        `Refused: this preview answers only to ${options.hosts().join(' or ')}, not to Host "${host}".`,
        403,
      );
    }
    // Nothing the preview serves has a dot segment or an encoded separator in its path.
    // The request line as sent: URL parsing would already have resolved `%2E%2E`.
    const path = (c.env?.incoming?.url ?? new URL(c.req.url).pathname).split('?')[0] ?? '';
    if (SUSPICIOUS_PATH.test(path)) {
      return c.text(`Refused: the path ${JSON.stringify(path)} tries to leave the preview.`, 400);
    }
    if (c.req.method === 'POST') {
      const origin = c.req.header('origin');
      if (origin !== undefined && !options.hosts().some((h) => origin === `http://${h}`)) {
        return c.json({ message: `Refused: a POST from ${origin}` }, 403);
      }
      if (!(c.req.header('content-type') ?? '').startsWith('application/json')) {
        return c.json({ message: 'Refused: expected a JSON body' }, 415);
      }
    }
    await next();
    c.header('X-Frame-Options', 'SAMEORIGIN');
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('Cache-Control', 'no-store');
  });

  app.onError((error, c) => {
    if (error instanceof PathRefusedError) {
      return c.html(messagePage('Not found', error.message, studio.currentVersion), 404);
    }
    return c.html(messagePage('Preview error', error.message, studio.currentVersion), 500);
  });

  app.get('/', async (c) => c.html(listPage(await studio.list(), studio.currentVersion)));

  app.get('/story/:slug', async (c) => {
    const slug = c.req.param('slug');
    const { story, templates, render } = await studio.storyRender(slug);
    const status = await studio.entry(story);
    const evidence = story.ok
      ? outline(slug, evidenceOutline(story.briefing, story.prepared))
      : h``;
    return c.html(
      storyPage(slug, story, templates, render, evidence, status, studio.currentVersion),
    );
  });

  app.get('/story/:slug/article/:outlet', async (c) => {
    const slug = c.req.param('slug');
    const outlet = c.req.param('outlet');
    if (!isSafeName(outlet)) throw new PathRefusedError(outlet, 'not an article name');
    const story = await studio.story(slug);
    if (!story.ok) throw new PathRefusedError(slug, story.problem.message);
    const prepared = [...story.prepared.values()].find((p) => p.article.outletSlug === outlet);
    if (prepared === undefined) throw new PathRefusedError(outlet, `no such article in ${slug}`);
    const query = refsQuery.safeParse(c.req.query());
    const at = query.success
      ? { paragraph: query.data.p, sentence: query.data.s, kept: parseKept(query.data.kept) }
      : { paragraph: 0, sentence: 0, kept: undefined };
    return c.html(articlePage(slug, articleView(prepared), at, studio.currentVersion));
  });

  app.get('/edition', async (c) => {
    const { next, templates } = await studio.nextEdition();
    return c.html(editionPage(next, templates, studio.currentVersion));
  });

  const frame = (render: RenderState | undefined, dark: boolean) => {
    const html = render?.sample?.html ?? '<!doctype html><p>Nothing rendered.</p>';
    return new Response(dark ? darkened(html) : html, {
      headers: {
        'content-type': 'text/html; charset=utf-8',
        // The email's own HTML: no script runs in it, and it loads nothing from elsewhere but images.
        'content-security-policy': "script-src 'none'; frame-ancestors 'self'",
      },
    });
  };
  app.get('/frame/story/:slug', async (c) =>
    frame((await studio.storyRender(c.req.param('slug'))).render, c.req.query('scheme') === 'dark'),
  );
  app.get('/frame/edition', async (c) =>
    frame((await studio.nextEdition()).next.render, c.req.query('scheme') === 'dark'),
  );

  app.get('/checks/story/:slug', async (c) => {
    const { story, templates, render } = await studio.storyRender(c.req.param('slug'));
    if (!story.ok || render === undefined) return c.html('<p>Nothing to check.</p>');
    return c.html(
      checksFragment(await studio.checksOf(render, templates, story.briefing.warnings)),
    );
  });
  app.get('/checks/edition', async (c) => {
    const { next, templates } = await studio.nextEdition();
    if (next.render === undefined) return c.html('<p>Nothing to check.</p>');
    const warnings = next.render.briefings.flatMap((b) => b.warnings);
    return c.html(checksFragment(await studio.checksOf(next.render, templates, warnings)));
  });

  app.post('/story/:slug/ready', async (c) => {
    const slug = c.req.param('slug');
    let marked: Awaited<ReturnType<Studio['markReady']>>;
    try {
      marked = await studio.markReady(slug);
    } catch (error) {
      return c.json({ message: (error as Error).message }, 400);
    }
    if (!marked.changed) {
      return c.json({ message: `${slug}: nothing changed: ${marked.why}.`, changed: false });
    }
    return c.json({
      message: `${slug} is ready: story.yaml now says status: ready.`,
      changed: true,
    });
  });

  app.post('/send-test', async (c) => {
    const body = sendTestBody.safeParse(await c.req.json().catch(() => undefined));
    if (!body.success) {
      return c.json({ message: body.error.issues[0]?.message ?? 'expected {target, to}' }, 400);
    }
    const { target, slug, to } = body.data;
    try {
      const sent = await studio.sendTest(
        target === 'edition' ? 'edition' : { story: slug ?? '' },
        to,
      );
      const ok = sent.outcome === 'accepted';
      return c.json(
        {
          message: ok
            ? `Sent "${sent.subject}" to ${to} (the outbox keeps it under ${sent.where}/).`
            : `Not sent: the mailer answered ${sent.outcome}.`,
          ...sent,
        },
        ok ? 200 : 502,
      );
    } catch (error) {
      if (error instanceof TestSendError || error instanceof PathRefusedError) {
        return c.json({ message: error.message }, 400);
      }
      throw error;
    }
  });

  app.get('/events', (c) =>
    streamSSE(c, async (stream) => {
      await stream.writeSSE({ event: 'hello', data: String(studio.currentVersion) });
      await new Promise<void>((resolve) => {
        const off = studio.onChange((version) => {
          void stream.writeSSE({ event: 'change', data: String(version) });
        });
        const end = () => {
          off();
          streams.delete(end);
          resolve();
        };
        streams.add(end);
        stream.onAbort(end);
      });
    }),
  );

  return {
    app,
    closeStreams: () => {
      for (const end of [...streams]) end();
    },
  };
}
