import type { Handler } from 'hono';
import type { Site } from './site.ts';
import { wantsJson } from './wants-json.ts';

/** The answer for a known path asked with a method it does not take. */
export function methodNotAllowed(site: Site, allow: string): Handler {
  return (c) => {
    c.header('Allow', allow);
    if (wantsJson(c)) {
      return c.json({ error: { message: `Method not allowed; this path takes ${allow}.` } }, 405);
    }
    return site.message(c, 405, {
      heading: 'Method not allowed',
      paragraphs: [`This address takes ${allow.split(', ').join(' and ')} requests only.`],
      link: { href: '/subscribe', text: 'Go to the signup page' },
    });
  };
}
