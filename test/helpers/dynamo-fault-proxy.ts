import {
  createServer,
  request as httpRequest,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A loopback HTTP proxy in front of a DynamoDB endpoint (dynalite) that answers chosen
 * requests the way DynamoDB fails, below the SDK, so the SDK's own retries run as in AWS:
 * - `apply-then-500`: forwarded and applied, then answered 500 InternalServerError;
 * - `apply-then-hang`: forwarded and applied, then never answered (a timeout);
 * - `500`: answered 500 InternalServerError, not forwarded;
 * - `throttle`: answered 400 ThrottlingException, not forwarded;
 * - `hang`: never answered, not forwarded;
 * - `unprocessed`: a BatchWriteItem answered 200 with all its items in `UnprocessedItems`
 *   (DynamoDB's throttling of a batched write), not forwarded.
 * Everything else is forwarded as is.
 */
export type DynamoFault =
  | 'apply-then-500'
  | 'apply-then-hang'
  | '500'
  | 'throttle'
  | 'hang'
  | 'unprocessed';

/** One request as the proxy saw it. */
export interface DynamoRequest {
  /** The operation, from the X-Amz-Target header: `PutItem`, `UpdateItem`, `GetItem`… */
  operation: string;
  /** The X-Amz-Target header as sent (`DynamoDB_20120810.PutItem`). */
  target: string;
  /** The JSON body (attribute values in DynamoDB's wire form: `{ id: { S: "…" } }`). */
  body: Record<string, unknown>;
}

export interface FaultRule {
  /** Which requests this rule takes. */
  when: (request: DynamoRequest) => boolean;
  fault: DynamoFault;
  /** How many matching requests it takes (default 1); the rule is spent after that. */
  times?: number;
}

export interface SeenRequest extends DynamoRequest {
  /** The fault applied to it; absent when it was forwarded as is. */
  fault?: DynamoFault;
}

export interface DynamoFaultProxy {
  /** The proxy's URL: the endpoint to give the SDK client. */
  endpoint: string;
  /** Adds a rule. The first rule (in the order added) that matches and is not spent applies. */
  inject(rule: FaultRule): void;
  /** Every request seen, in order. */
  readonly requests: SeenRequest[];
  /** The requests of one operation seen so far (optionally only those `when` matches). */
  count(operation: string, when?: (request: DynamoRequest) => boolean): number;
  /** Drops the rules not spent yet, keeping the requests seen. */
  clearRules(): void;
  /** Forgets the requests seen and the rules not spent. */
  reset(): void;
  /** Stops the proxy, dropping the requests it holds (hung) and every open connection. */
  close(): Promise<void>;
}

const JSON_TYPE = 'application/x-amz-json-1.0';

function reply(response: ServerResponse, status: number, payload: unknown): void {
  const body = JSON.stringify(payload);
  response.writeHead(status, {
    'content-type': JSON_TYPE,
    'content-length': Buffer.byteLength(body),
    'x-amzn-requestid': `injected-${Date.now()}`,
  });
  response.end(body);
}

function answer(response: ServerResponse, status: number, type: string): void {
  reply(response, status, {
    __type: `com.amazonaws.dynamodb.v20120810#${type}`,
    message: 'injected',
  });
}

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function requestOf(headers: IncomingHttpHeaders, raw: Buffer): DynamoRequest {
  const target = String(headers['x-amz-target'] ?? '');
  let body: Record<string, unknown> = {};
  try {
    const parsed: unknown = JSON.parse(raw.toString('utf8'));
    if (typeof parsed === 'object' && parsed !== null) body = parsed as Record<string, unknown>;
  } catch {
    // Not JSON: matched on its target alone.
  }
  return { operation: target.split('.').pop() ?? '', target, body };
}

interface Forwarded {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** Sends the request on to the engine and reads its whole answer. */
function forward(upstream: URL, request: IncomingMessage, body: Buffer): Promise<Forwarded> {
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(
      new URL(request.url ?? '/', upstream),
      { method: request.method, headers: request.headers },
      (incoming) => {
        readBody(incoming).then(
          (answerBody) =>
            resolve({
              status: incoming.statusCode ?? 502,
              headers: incoming.headers,
              body: answerBody,
            }),
          reject,
        );
      },
    );
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

/** Starts a proxy to `upstream` (e.g. dynalite's URL) on a free loopback port. */
export async function startDynamoFaultProxy(
  upstream: string,
  initialRules: FaultRule[] = [],
): Promise<DynamoFaultProxy> {
  const target = new URL(upstream);
  let rules: { rule: FaultRule; left: number }[] = [];
  const requests: SeenRequest[] = [];
  const hung = new Set<ServerResponse>();

  const take = (seen: DynamoRequest): DynamoFault | undefined => {
    const entry = rules.find(({ rule, left }) => left > 0 && rule.when(seen));
    if (entry === undefined) return undefined;
    entry.left -= 1;
    return entry.rule.fault;
  };

  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const raw = await readBody(request);
    const seen = requestOf(request.headers, raw);
    const fault = take(seen);
    requests.push(fault === undefined ? seen : { ...seen, fault });
    if (fault === '500') return answer(response, 500, 'InternalServerError');
    if (fault === 'throttle') return answer(response, 400, 'ThrottlingException');
    if (fault === 'unprocessed') {
      return reply(response, 200, { UnprocessedItems: seen.body.RequestItems ?? {} });
    }
    if (fault === 'hang') {
      hung.add(response);
      return;
    }
    const forwarded = await forward(target, request, raw);
    if (fault === 'apply-then-500') return answer(response, 500, 'InternalServerError');
    if (fault === 'apply-then-hang') {
      hung.add(response);
      return;
    }
    response.writeHead(forwarded.status, forwarded.headers);
    response.end(forwarded.body);
  };

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (!response.headersSent) {
        response.writeHead(502, { 'content-type': 'text/plain' });
      }
      response.end(`proxy error: ${error instanceof Error ? error.message : String(error)}`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  const proxy: DynamoFaultProxy = {
    endpoint: `http://127.0.0.1:${port}`,
    inject(rule) {
      rules.push({ rule, left: rule.times ?? 1 });
    },
    requests,
    count: (operation, when) =>
      requests.filter((r) => r.operation === operation && (when?.(r) ?? true)).length,
    clearRules() {
      rules = [];
    },
    reset() {
      requests.length = 0;
      rules = [];
    },
    close() {
      for (const response of hung) response.destroy();
      hung.clear();
      return new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
  for (const rule of initialRules) proxy.inject(rule);
  return proxy;
}

/** A JSON object of a request's body, or undefined when `value` is not one. */
export function wireRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null
    ? (value as Record<string, unknown>)
    : undefined;
}

/** The string of an attribute value in DynamoDB's wire form (`{ S: "…" }`), if it is one. */
export function wireStringOf(value: unknown): string | undefined {
  const s = wireRecord(value)?.S;
  return typeof s === 'string' ? s : undefined;
}

/** A string attribute of a request's key or item, in DynamoDB's wire form (`{ S: "…" }`). */
export function wireString(body: Record<string, unknown>, part: 'Key' | 'Item', name: string) {
  return wireStringOf(wireRecord(body[part])?.[name]);
}

/** A rule predicate: the operation, on the item whose `id` is given (by its Key or Item). */
export function writeOf(operation: string, id: string): (request: DynamoRequest) => boolean {
  return (request) =>
    request.operation === operation &&
    (wireString(request.body, 'Key', 'id') ?? wireString(request.body, 'Item', 'id')) === id;
}
