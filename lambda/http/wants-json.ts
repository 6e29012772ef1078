import type { Context } from 'hono';

/**
 * True when the request is an API call: a JSON body, or a client that accepts JSON and not
 * HTML. Such a request gets its errors (413, 429, 404…) as JSON; a browser gets a page.
 */
export function wantsJson(c: Context): boolean {
  const type = c.req.header('content-type') ?? '';
  if (/^\s*application\/(?:[\w.-]+\+)?json\s*(?:;|$)/iu.test(type)) return true;
  const accept = c.req.header('accept') ?? '';
  return /\bapplication\/(?:[\w.-]+\+)?json\b/iu.test(accept) && !/\btext\/html\b/iu.test(accept);
}
