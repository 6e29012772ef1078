import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { PATHS } from '../subscribers/links.ts';
import { ConcurrentUpdateError } from '../subscribers/subscription-deps.ts';
import type { AppDeps } from './app-deps.ts';
import { methodNotAllowed } from './method-not-allowed.ts';
import { archiveRoutes } from './routes/archive.ts';
import { confirmRoutes } from './routes/confirm.ts';
import { resubscribeRoutes } from './routes/resubscribe.ts';
import { subscribeRoutes } from './routes/subscribe.ts';
import { unsubscribeRoutes } from './routes/unsubscribe.ts';
import { securityHeaders } from './security-headers.ts';
import { createSite } from './site.ts';
import { wantsJson } from './wants-json.ts';

/** No form or API call of ours comes near this; anything bigger is refused unread. */
export const MAX_BODY_BYTES = 10 * 1024;

export const STYLESHEET_PATH = '/assets/site.css';

/**
 * The one HTTP app of the subscriber lifecycle (signup, confirm, unsubscribe, resubscribe)
 * and the web archive. The same app runs on Lambda (hono/aws-lambda) and on Node
 * (@hono/node-server). Routes are thin: parse, call the use case, answer with a page or JSON.
 */
export function createApp(deps: AppDeps): Hono {
  const site = createSite(deps);
  const { log } = deps;
  const app = new Hono();

  app.use('*', securityHeaders());
  app.use(
    '*',
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: (c) => {
        const message = `The request body is larger than ${MAX_BODY_BYTES / 1024} KB, more than any form here sends.`;
        if (wantsJson(c)) return c.json({ error: { message } }, 413);
        return site.message(c, 413, {
          heading: 'That was too much to send',
          paragraphs: [message],
          link: { href: PATHS.subscribe, text: 'Go to the signup form' },
        });
      },
    }),
  );

  app.get('/', (c) => c.redirect(PATHS.subscribe, 302));
  app.get(STYLESHEET_PATH, (c) =>
    c.body(deps.pages.css, 200, {
      'Content-Type': 'text/css; charset=utf-8',
      'Cache-Control': 'public, max-age=3600',
    }),
  );
  app.all('/', methodNotAllowed(site, 'GET'));
  app.all(STYLESHEET_PATH, methodNotAllowed(site, 'GET'));

  app.route('/', subscribeRoutes(site));
  app.route('/', confirmRoutes(site));
  app.route('/', unsubscribeRoutes(site));
  app.route('/', resubscribeRoutes(site));
  app.route('/', archiveRoutes(site));

  app.notFound((c) => {
    if (wantsJson(c)) return c.json({ error: { message: 'Not found.' } }, 404);
    return site.message(c, 404, {
      heading: 'Page not found',
      paragraphs: ['There is nothing at this address. If you typed it, check it for mistakes.'],
      link: { href: PATHS.subscribe, text: `Go to the ${deps.title} signup page` },
    });
  });

  app.onError((error, c) => {
    const busy = error instanceof ConcurrentUpdateError;
    log.error('request failed', {
      method: c.req.method,
      path: c.req.path,
      error: error.message,
      name: error.name,
      stack: error.stack,
    });
    const status = busy ? 503 : 500;
    const message = busy
      ? 'This subscription changed while we were updating it. Please try again.'
      : 'Something went wrong on our side. Nothing you did caused it; please try again later.';
    if (busy) c.header('Retry-After', '1');
    if (wantsJson(c)) return c.json({ error: { message } }, status);
    return site.message(c, status, {
      heading: busy ? 'Please try again' : 'Something went wrong',
      paragraphs: [message],
    });
  });

  return app;
}
