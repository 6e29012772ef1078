import type { MiddlewareHandler } from 'hono';

/** Every page: our own stylesheet, no script at all, forms post only to us, never framed. */
export const PAGE_CSP =
  "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/**
 * The stored web copy of an edition: email HTML, styled inline, with remote images. Still
 * no script, no forms, never framed.
 */
export const WEB_COPY_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; img-src https: data:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/**
 * Sets the security headers on every response. A route may set its own
 * Content-Security-Policy (the web copy) or Cache-Control (the stylesheet, the archive);
 * otherwise the strict policy applies and nothing is stored by caches (token pages above
 * all: their URLs and forms carry the token).
 */
export function securityHeaders(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    const headers = c.res.headers;
    if (!headers.has('Content-Security-Policy')) headers.set('Content-Security-Policy', PAGE_CSP);
    if (!headers.has('Cache-Control')) headers.set('Cache-Control', 'no-store');
    headers.set('X-Content-Type-Options', 'nosniff');
    headers.set('Referrer-Policy', 'no-referrer');
    headers.set('X-Frame-Options', 'DENY');
    headers.set('Cross-Origin-Opener-Policy', 'same-origin');
    headers.set('Cross-Origin-Resource-Policy', 'same-origin');
  };
}
