import type { Context } from 'hono';

/** The body's media type, lowercased, without parameters ('' when there is none). */
export function mediaType(c: Context): string {
  return (c.req.header('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

const FORM_TYPES = new Set(['application/x-www-form-urlencoded', 'multipart/form-data']);

/** True when the body is a form: urlencoded or multipart. */
export function isForm(c: Context): boolean {
  return FORM_TYPES.has(mediaType(c));
}

/**
 * The fields of a form body (urlencoded or multipart), or undefined when the body is not a
 * form. A malformed form reads as empty: the caller answers for the missing fields.
 */
export async function readForm(c: Context): Promise<Record<string, unknown> | undefined> {
  if (!isForm(c)) return undefined;
  try {
    return await c.req.parseBody();
  } catch {
    return {};
  }
}
