import { type Context, Hono } from 'hono';
import { z } from 'zod';
import { PATHS } from '../../subscribers/links.ts';
import {
  type SignupField,
  SignupInputError,
  type SignupRequest,
  signup,
} from '../../subscribers/signup.ts';
import { clientAddress } from '../client-address.ts';
import { clientKey } from '../client-key.ts';
import { methodNotAllowed } from '../method-not-allowed.ts';
import { createRateLimiter, DEFAULT_SIGNUP_RATE_LIMIT } from '../rate-limit.ts';
import { isForm, mediaType, readForm } from '../read-form.ts';
import type { Site } from '../site.ts';

const FIELDS: readonly SignupField[] = ['email', 'name', 'consent'];
const TICKED = new Set(['yes', 'on', 'true', '1']);

/** The form as posted. Any field may be missing; a file where text belongs is refused. */
const formBody = z.object({
  email: z.string().optional(),
  name: z.string().optional(),
  consent: z.string().optional(),
  website: z.unknown().optional(),
});

/** The API's body: a JSON object. */
const jsonBody = z.object(
  {
    email: z.string({ error: 'Expected "email" to be a string, like "name@example.org".' }),
    name: z
      .string({ error: 'Expected "name" to be a string, or left out.' })
      .nullish()
      .transform((value) => value ?? undefined),
    consent: z.boolean({ error: 'Expected "consent" to be true.' }).optional(),
  },
  { error: 'Expected a JSON object: {"email": "name@example.org", "name": "…", "consent": true}.' },
);

const CHECK_INBOX = { status: 'check-your-inbox' } as const;

type Parsed =
  | { ok: true; request: SignupRequest; form?: { email: string; name: string; ticked: boolean } }
  | { ok: false; response: Response };

/**
 * The signup form and API. Whatever happened (a confirmation sent, an "already subscribed"
 * email, the per-address limit, the honeypot), the answer is the same "check your inbox":
 * it never tells whether an address is on the list.
 */
export function subscribeRoutes(site: Site): Hono {
  const routes = new Hono();
  const limiter = createRateLimiter(site.deps.rateLimit ?? DEFAULT_SIGNUP_RATE_LIMIT);
  const { log } = site.deps;

  const formPage = (
    c: Context,
    form: { email: string; name: string; ticked: boolean },
    error: SignupInputError,
  ) =>
    site.page(
      c,
      400,
      'subscribe',
      'Subscribe',
      {
        form: site.signupForm({
          email: form.email,
          name: form.name,
          consentChecked: form.ticked,
          errors: { [error.field]: error.message },
        }),
        error: { field: error.field, message: error.message },
      },
      { hasError: true },
    );

  const parseJson = async (c: Context, address: string | undefined): Promise<Parsed> => {
    let body: unknown;
    try {
      body = JSON.parse(await c.req.text());
    } catch {
      return {
        ok: false,
        response: c.json(
          { error: { message: 'Expected a JSON body: the text is not JSON.' } },
          400,
        ),
      };
    }
    const parsed = jsonBody.safeParse(body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const field = FIELDS.find((name) => name === issue?.path[0]);
      const message = issue?.message ?? 'Expected a JSON object.';
      return {
        ok: false,
        response: c.json({ error: field === undefined ? { message } : { field, message } }, 400),
      };
    }
    const { email, name, consent } = parsed.data;
    return {
      ok: true,
      request: { email, name, consent: consent === true, source: 'api', clientAddress: address },
    };
  };

  const parseForm = async (c: Context, address: string | undefined): Promise<Parsed> => {
    const parsed = formBody.safeParse((await readForm(c)) ?? {});
    if (!parsed.success) {
      const field = FIELDS.find((name) => name === parsed.error.issues[0]?.path[0]) ?? 'email';
      const form = { email: '', name: '', ticked: false };
      return {
        ok: false,
        response: formPage(c, form, new SignupInputError(field, 'Expected text, not a file.')),
      };
    }
    const { email = '', name = '', consent, website } = parsed.data;
    const ticked = consent !== undefined && TICKED.has(consent.trim().toLowerCase());
    return {
      ok: true,
      form: { email, name, ticked },
      request: {
        email,
        name,
        consent: ticked,
        source: 'form',
        clientAddress: address,
        // Anything but an empty string in the hidden field marks a bot (a file too).
        honeypot: website === undefined ? undefined : typeof website === 'string' ? website : '?',
      },
    };
  };

  routes.get(PATHS.subscribe, (c) =>
    site.page(c, 200, 'subscribe', 'Subscribe', { form: site.signupForm() }),
  );

  routes.post(PATHS.subscribe, async (c) => {
    const json = mediaType(c) === 'application/json';
    const address = clientAddress(c);
    const decision = limiter.take(clientKey(address), site.now().getTime());
    if (!decision.allowed) {
      c.header('Retry-After', String(decision.retryAfterSeconds));
      const wait = `${decision.retryAfterSeconds} second${decision.retryAfterSeconds === 1 ? '' : 's'}`;
      if (json) {
        return c.json(
          { error: { message: `Too many signups from here: try again in ${wait}.` } },
          429,
        );
      }
      return site.message(c, 429, {
        heading: 'Too many signups from here',
        paragraphs: [
          `This connection has sent the signup form many times in the last minute. Please try again in ${wait}.`,
        ],
        link: { href: PATHS.subscribe, text: 'Back to the signup form' },
      });
    }
    if (!json && !isForm(c)) {
      return site.message(c, 415, {
        heading: 'Unsupported form encoding',
        paragraphs: [
          'Send the signup as a form (application/x-www-form-urlencoded or multipart/form-data) or as JSON (application/json).',
        ],
        link: { href: PATHS.subscribe, text: 'Go to the signup form' },
      });
    }
    const parsed = json ? await parseJson(c, address) : await parseForm(c, address);
    if (!parsed.ok) return parsed.response;
    try {
      const outcome = await signup(site.deps.subscription, parsed.request, site.now());
      log.info('signup answered', { outcome, source: parsed.request.source });
    } catch (error) {
      if (!(error instanceof SignupInputError)) throw error;
      if (parsed.form === undefined) {
        return c.json({ error: { field: error.field, message: error.message } }, 400);
      }
      return formPage(c, parsed.form, error);
    }
    if (json) return c.json(CHECK_INBOX, 200);
    return site.page(c, 200, 'check-inbox', 'Check your inbox', {});
  });

  routes.all(PATHS.subscribe, methodNotAllowed(site, 'GET, POST'));
  return routes;
}
