import { Hono } from 'hono';
import { confirm } from '../../subscribers/confirm.ts';
import { PATHS } from '../../subscribers/links.ts';
import { InvalidTokenError, verifyToken } from '../../subscribers/tokens.ts';
import { linkProblem } from '../link-problem.ts';
import { methodNotAllowed } from '../method-not-allowed.ts';
import { readForm } from '../read-form.ts';
import type { Site } from '../site.ts';
import { tokenField } from './token-field.ts';

/**
 * The second half of the double opt-in. GET only shows the button (link scanners prefetch
 * links, and a GET must change nothing); the button's POST confirms.
 */
export function confirmRoutes(site: Site): Hono {
  const routes = new Hono();
  const { subscription } = site.deps;

  routes.get(PATHS.confirm, (c) => {
    const token = tokenField.safeParse(c.req.query('token'));
    if (!token.success) return linkProblem(site, c, 'malformed', 'confirm');
    try {
      verifyToken(subscription.keyring, token.data, 'confirm', site.now());
    } catch (error) {
      if (error instanceof InvalidTokenError) return linkProblem(site, c, error.reason, 'confirm');
      throw error;
    }
    return site.page(c, 200, 'confirm', 'Confirm your subscription', { token: token.data });
  });

  routes.post(PATHS.confirm, async (c) => {
    const token = tokenField.safeParse((await readForm(c))?.token);
    if (!token.success) return linkProblem(site, c, 'malformed', 'confirm');
    let outcome: Awaited<ReturnType<typeof confirm>>['outcome'];
    try {
      ({ outcome } = await confirm(subscription, token.data, site.now()));
    } catch (error) {
      if (error instanceof InvalidTokenError) return linkProblem(site, c, error.reason, 'confirm');
      throw error;
    }
    if (outcome === 'stale') {
      return site.page(c, 200, 'link-problem', 'This link is no longer valid', {
        heading: 'This link is no longer valid',
        explanation:
          'A newer signup, an unsubscribe or a removal has replaced the signup this link was for. Nothing was changed. To receive the briefing, sign up again below.',
        form: site.signupForm({ showName: false, submitLabel: 'Email me a new link' }),
      });
    }
    return site.page(c, 200, 'confirmed', "You're subscribed", {
      already: outcome === 'already-confirmed',
    });
  });

  routes.all(PATHS.confirm, methodNotAllowed(site, 'GET, POST'));
  return routes;
}
