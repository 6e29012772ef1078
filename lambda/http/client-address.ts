import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null
    ? (value as Record<string, unknown>)
    : undefined;
}

function nonEmpty(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * The address of the client the connection came from: on Lambda behind API Gateway, the
 * source IP API Gateway saw (`requestContext.http.sourceIp`, v2; `identity.sourceIp`, v1);
 * on Node (@hono/node-server), the socket's remote address. Undefined elsewhere (tests
 * calling `app.request`). X-Forwarded-For is never read: any client can write it.
 */
export function clientAddress(c: Context): string | undefined {
  const env = record(c.env);
  if (env === undefined) return undefined;
  const requestContext = record(env.requestContext);
  if (requestContext !== undefined) {
    return (
      nonEmpty(record(requestContext.http)?.sourceIp) ??
      nonEmpty(record(requestContext.identity)?.sourceIp)
    );
  }
  if (record(env.incoming) !== undefined || record(env.server) !== undefined) {
    try {
      return nonEmpty(getConnInfo(c).remote.address);
    } catch {
      return undefined;
    }
  }
  return undefined;
}
