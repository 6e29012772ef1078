import { Hono } from 'hono';
import { PATHS } from '../../subscribers/links.ts';
import { InvalidTokenError } from '../../subscribers/tokens.ts';
import { resubscribe } from '../../subscribers/unsubscribe.ts';
import { clientAddress } from '../client-address.ts';
import { linkProblem } from '../link-problem.ts';
import { methodNotAllowed } from '../method-not-allowed.ts';
import { readForm } from '../read-form.ts';
import type { Site } from '../site.ts';
import { tokenField } from './token-field.ts';

/** The "changed my mind" button of the unsubscribe page: a new consent, recorded as such. */
export function resubscribeRoutes(site: Site): Hono {
  const routes = new Hono();
  const { subscription, title } = site.deps;

  routes.post(PATHS.resubscribe, async (c) => {
    const token = tokenField.safeParse((await readForm(c))?.token);
    if (!token.success) return linkProblem(site, c, 'malformed', 'unsubscribe');
    let outcome: Awaited<ReturnType<typeof resubscribe>>['outcome'];
    try {
      ({ outcome } = await resubscribe(subscription, token.data, clientAddress(c), site.now()));
    } catch (error) {
      if (error instanceof InvalidTokenError) {
        return linkProblem(site, c, error.reason, 'unsubscribe');
      }
      throw error;
    }
    if (outcome === 'not-allowed') {
      return site.message(c, 200, {
        heading: 'Please sign up again',
        paragraphs: [
          `This address cannot be put back on the list from here. To receive ${title}, sign up again: we will email a link to confirm.`,
        ],
        link: { href: PATHS.subscribe, text: `Sign up for ${title}` },
      });
    }
    return site.page(c, 200, 'resubscribed', "You're subscribed again", {
      already: outcome === 'already-confirmed',
    });
  });

  routes.all(PATHS.resubscribe, methodNotAllowed(site, 'POST'));
  return routes;
}
