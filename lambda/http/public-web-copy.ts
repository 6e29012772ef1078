import { escapeHtml } from '../email/personalize.ts';
import { isRecipientField, type RecipientField, SENTINEL_PATTERN } from '../email/sentinels.ts';
import { archiveUrl, PATHS } from '../subscribers/links.ts';

/**
 * An edition's stored web copy as anyone may read it. Compose stores it without any
 * per-recipient field; a copy stored before that (the email HTML itself) still holds
 * `%%braid:…%%` sentinels, filled here for no one in particular: the unsubscribe link goes
 * to the page that explains how to unsubscribe, "read on the web" to this very page, an
 * unknown field to nothing.
 */
export function publicWebCopy(html: string, publicUrl: string, editionId: string): string {
  const base = publicUrl.replace(/\/+$/u, '');
  const values: Record<RecipientField, string> = {
    email: 'your address',
    name: '',
    unsubscribeUrl: `${base}${PATHS.unsubscribe}`,
    webUrl: archiveUrl(base, editionId),
    subscriberId: '',
  };
  return html.replace(SENTINEL_PATTERN, (_match, field: string) =>
    isRecipientField(field) ? escapeHtml(values[field]) : '',
  );
}
