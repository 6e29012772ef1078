import { Hono } from 'hono';
import { z } from 'zod';
import type { EditionSummary } from '../../delivery/ports.ts';
import { archiveUrl, PATHS } from '../../subscribers/links.ts';
import { atomFeed } from '../atom-feed.ts';
import { methodNotAllowed } from '../method-not-allowed.ts';
import { publicWebCopy } from '../public-web-copy.ts';
import { WEB_COPY_CSP } from '../security-headers.ts';
import type { Site } from '../site.ts';

/** Editions per archive page, and in the feed. */
export const ARCHIVE_PAGE_SIZE = 20;

const editionId = z
  .string()
  .max(100)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/u);
// Opaque, but URL-safe and short: anything else is not one the archive handed out.
const cursor = z
  .string()
  .max(2048)
  .regex(/^[A-Za-z0-9._~+/=-]+$/u)
  .optional();

/** A store that is handed a cursor it did not issue says so with one of these. */
function isBadCursor(error: unknown): boolean {
  return (
    error instanceof TypeError ||
    error instanceof RangeError ||
    (error instanceof Error && error.name === 'ValidationException')
  );
}

/** The web archive: the list of sent editions, each edition's web copy, and an Atom feed. */
export function archiveRoutes(site: Site): Hono {
  const routes = new Hono();
  const { editions, archive, publicUrl, title } = site.deps;
  const feedUrl = PATHS.feed;
  const notFound = (c: Parameters<Site['message']>[0]) =>
    site.message(c, 404, {
      heading: 'No such edition',
      paragraphs: ['There is no edition at this address. It may have been mistyped.'],
      link: { href: PATHS.archive, text: 'See every past edition' },
    });
  const badCursor = (c: Parameters<Site['message']>[0]) =>
    site.message(c, 400, {
      heading: 'No such page of the archive',
      paragraphs: ['This page of the archive does not exist: the link may be incomplete.'],
      link: { href: PATHS.archive, text: 'See the newest editions' },
    });

  routes.get(PATHS.archive, async (c) => {
    const from = cursor.safeParse(c.req.query('cursor'));
    if (!from.success) return badCursor(c);
    let page: { items: EditionSummary[]; cursor?: string };
    try {
      page = await editions.listArchive(ARCHIVE_PAGE_SIZE, from.data);
    } catch (error) {
      if (from.data !== undefined && isBadCursor(error)) return badCursor(c);
      throw error;
    }
    c.header('Cache-Control', 'public, max-age=300');
    const olderUrl =
      page.cursor === undefined
        ? undefined
        : `${PATHS.archive}?cursor=${encodeURIComponent(page.cursor)}`;
    return site.page(
      c,
      200,
      'archive',
      'Past editions',
      {
        editions: page.items.map((edition) => ({
          url: archiveUrl('', edition.id),
          scheduledAt: edition.scheduledAt,
          date: edition.date,
          subject: edition.subject,
          preheader: edition.preheader,
        })),
        feedUrl,
        pager: from.data !== undefined || olderUrl !== undefined,
        ...(from.data === undefined ? {} : { newestUrl: PATHS.archive }),
        ...(olderUrl === undefined ? {} : { olderUrl }),
      },
      { feedUrl },
    );
  });

  // Before /archive/:edition, which would take "feed.xml" for an edition id.
  routes.get(PATHS.feed, async (c) => {
    const page = await editions.listArchive(ARCHIVE_PAGE_SIZE);
    const xml = atomFeed({ title, publicUrl, editions: page.items, now: site.now() });
    return c.body(xml, 200, {
      'Content-Type': 'application/atom+xml; charset=utf-8',
      'Cache-Control': 'public, max-age=300',
    });
  });

  routes.get(`${PATHS.archive}/:edition`, async (c) => {
    const id = editionId.safeParse(c.req.param('edition'));
    if (!id.success) return notFound(c);
    const html = await archive.get(id.data);
    if (html === undefined) return notFound(c);
    return c.html(publicWebCopy(html, publicUrl, id.data), 200, {
      'Content-Security-Policy': WEB_COPY_CSP,
      'Cache-Control': 'public, max-age=3600',
    });
  });

  routes.all(PATHS.archive, methodNotAllowed(site, 'GET'));
  routes.all(PATHS.feed, methodNotAllowed(site, 'GET'));
  routes.all(`${PATHS.archive}/:edition`, methodNotAllowed(site, 'GET'));
  return routes;
}
