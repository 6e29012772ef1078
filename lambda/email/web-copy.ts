import { TemplateError } from './errors.ts';
import { SENTINEL_PREFIX } from './sentinels.ts';
import type { Edition } from './types.ts';

/**
 * The web copy of an edition: the email's page rendered once more from the same compiled
 * template with the view's `web` flag, for anyone who opens it (GET /archive/<edition>).
 * It names no reader: no address, no personal unsubscribe link, no sentinel left for
 * personalization to fill; its footer invites to subscribe instead.
 */
export interface RenderedEdition extends Edition {
  /** The web copy's HTML: complete, with no `%%braid:…%%` sentinel. */
  webHtml: string;
}

/** Throws when a sentinel survived into a page no personalization will ever fill. */
export function assertNoSentinels(html: string, name = 'web copy'): string {
  const at = html.indexOf(SENTINEL_PREFIX);
  if (at !== -1) {
    const found = html.slice(at, at + 40).split(/\s/u)[0] ?? SENTINEL_PREFIX;
    throw new TemplateError(
      `The ${name} still holds the per-recipient sentinel ${found}: it is shown to anyone, so the template must render no recipient field there`,
    );
  }
  return html;
}

/**
 * Splits what the renderer returned into the edition as stored and sent (the email, with
 * its sentinels) and the web copy, so the record does not carry the page twice.
 */
export function splitWebCopy(rendered: RenderedEdition): { edition: Edition; webHtml: string } {
  const { webHtml, ...edition } = rendered;
  return { edition, webHtml };
}
