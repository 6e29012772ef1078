import { type Context, Hono } from 'hono';
import { CONSENT_VERSION, consentText } from '../../subscribers/consent.ts';
import { PATHS } from '../../subscribers/links.ts';
import { InvalidTokenError, verifyToken } from '../../subscribers/tokens.ts';
import { unsubscribe } from '../../subscribers/unsubscribe.ts';
import { linkProblem } from '../link-problem.ts';
import { methodNotAllowed } from '../method-not-allowed.ts';
import { readForm } from '../read-form.ts';
import type { Site } from '../site.ts';
import { unsubscribeHelp } from '../unsubscribe-help.ts';
import { tokenField } from './token-field.ts';

/**
 * Unsubscribing. RFC 8058 one-click: a mail client POSTs `List-Unsubscribe=One-Click`
 * (urlencoded or multipart, no cookies) to the List-Unsubscribe URL, which carries the token;
 * it is honoured at once and answered 200 with a short text, never a redirect. The page's
 * button POSTs the token as a form field instead and gets a page back. GET changes nothing.
 */
export function unsubscribeRoutes(site: Site): Hono {
  const routes = new Hono();
  const { subscription, title } = site.deps;

  routes.get(PATHS.unsubscribe, async (c) => {
    const raw = c.req.query('token');
    if (raw === undefined) return unsubscribeHelp(site, c);
    const token = tokenField.safeParse(raw);
    if (!token.success) return linkProblem(site, c, 'malformed', 'unsubscribe');
    let subscriberId: string;
    try {
      ({ subscriberId } = verifyToken(subscription.keyring, token.data, 'unsubscribe', site.now()));
    } catch (error) {
      if (error instanceof InvalidTokenError) {
        return linkProblem(site, c, error.reason, 'unsubscribe');
      }
      throw error;
    }
    // Reading changes nothing: someone who already left sees so, and the way back.
    const current = await subscription.subscribers.get(subscriberId);
    if (current?.status === 'unsubscribed') {
      return site.page(c, 200, 'unsubscribed', "You're unsubscribed", {
        token: token.data,
        already: true,
        consentText: consentText(title),
        consentVersion: CONSENT_VERSION,
      });
    }
    return site.page(c, 200, 'unsubscribe', `Unsubscribe from ${title}`, { token: token.data });
  });

  const oneClick = async (c: Context, token: string) => {
    try {
      await unsubscribe(subscription, token, 'one-click', site.now());
    } catch (error) {
      if (!(error instanceof InvalidTokenError)) throw error;
      return c.text(
        `This unsubscribe link cannot be used (${error.reason}). Use the link in a more recent email from ${title}.\n`,
        400,
      );
    }
    // Whatever the outcome (done now, already, suppressed, unknown), nothing more is sent.
    return c.text(`Unsubscribed: ${title} will send nothing more to this address.\n`, 200);
  };

  routes.post(PATHS.unsubscribe, async (c) => {
    const form = await readForm(c);
    const query = tokenField.safeParse(c.req.query('token'));
    const field = tokenField.safeParse(form?.token);
    const asked = form?.['List-Unsubscribe'];
    // RFC 8058's body; or, leniently, a POST to the List-Unsubscribe URL without it (a POST
    // is never a prefetch, so a mail client that leaves the body out still means it).
    const isOneClick =
      (typeof asked === 'string' && asked.trim() === 'One-Click') ||
      (!field.success && query.success);
    if (isOneClick) {
      const token = query.success ? query.data : field.success ? field.data : undefined;
      if (token === undefined) return c.text('This unsubscribe request carries no link.\n', 400);
      return oneClick(c, token);
    }
    // The page's button: the token in the form.
    if (!field.success) return linkProblem(site, c, 'malformed', 'unsubscribe');
    let result: Awaited<ReturnType<typeof unsubscribe>>;
    try {
      result = await unsubscribe(subscription, field.data, 'page', site.now());
    } catch (error) {
      if (error instanceof InvalidTokenError) {
        return linkProblem(site, c, error.reason, 'unsubscribe');
      }
      throw error;
    }
    if (result.outcome === 'suppressed' || result.outcome === 'unknown') {
      return site.message(c, 200, {
        heading: 'Nothing more will be sent',
        paragraphs: [
          `This address receives nothing from ${title}: there is nothing to unsubscribe.`,
        ],
      });
    }
    return site.page(c, 200, 'unsubscribed', "You're unsubscribed", {
      token: field.data,
      already: result.outcome === 'already-unsubscribed',
      consentText: consentText(title),
      consentVersion: CONSENT_VERSION,
    });
  });

  routes.all(PATHS.unsubscribe, methodNotAllowed(site, 'GET, POST'));
  return routes;
}
