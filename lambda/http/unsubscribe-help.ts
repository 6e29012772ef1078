import type { Context } from 'hono';
import type { Site } from './site.ts';

/**
 * GET /unsubscribe without a link (the web copy's footer points here): how to unsubscribe.
 * A 200, not an error: nothing was wrong with the request.
 */
export function unsubscribeHelp(site: Site, c: Context): Response {
  const heading = `Unsubscribe from ${site.deps.title}`;
  const { unsubscribeMailto } = site.deps;
  return site.page(c, 200, 'link-problem', heading, {
    heading,
    explanation:
      'Unsubscribing needs the personal link from one of our emails: this page cannot tell whose subscription to end without it.',
    unsubscribeHelp: true,
    ...(unsubscribeMailto === undefined ? {} : { mailto: unsubscribeMailto }),
  });
}
