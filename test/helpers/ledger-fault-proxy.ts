import {
  createServer,
  request as httpRequest,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A loopback HTTP proxy in front of dynalite that answers chosen ledger requests the way
 * DynamoDB fails, below the SDK, so the SDK's own retries run as they do in AWS:
 * - `apply-then-500`: forwarded and applied, then answered 500 InternalServerError (the SDK
 *   retries a write that already took effect);
 * - `500`: answered 500 InternalServerError, not forwarded;
 * - `unprocessed`: a BatchWriteItem answered 200 with all its items in `UnprocessedItems`
 *   (DynamoDB's throttling of a batched write), not forwarded.
 * Everything else is forwarded as is.
 *
 * (test/helpers/dynamo-fault-proxy.ts has no `UnprocessedItems` answer and matches items by
 * `id`; the ledger's items are keyed by `subscriber`, and its batched write needs that answer.)
 */
export type LedgerFault = 'apply-then-500' | '500' | 'unprocessed';

export interface LedgerRequest {
  /** From the X-Amz-Target header: `PutItem`, `UpdateItem`, `BatchWriteItem`… */
  operation: string;
  /** The JSON body, attribute values in DynamoDB's wire form (`{ S: "…" }`). */
  body: Record<string, unknown>;
}

export interface LedgerFaultRule {
  when: (request: LedgerRequest) => boolean;
  fault: LedgerFault;
  /** Matching requests it takes (default 1). */
  times?: number;
}

export interface SeenLedgerRequest extends LedgerRequest {
  fault?: LedgerFault;
}

export interface LedgerFaultProxy {
  endpoint: string;
  inject(rule: LedgerFaultRule): void;
  readonly requests: SeenLedgerRequest[];
  /** The requests of one operation seen so far (optionally only those `when` matches). */
  count(operation: string, when?: (request: LedgerRequest) => boolean): number;
  /** Drops the rules not spent yet. */
  clearRules(): void;
  close(): Promise<void>;
}

const JSON_TYPE = 'application/x-amz-json-1.0';

function reply(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': JSON_TYPE,
    'content-length': Buffer.byteLength(text),
    'x-amzn-requestid': 'injected',
  });
  response.end(text);
}

const serverError = {
  __type: 'com.amazonaws.dynamodb.v20120810#InternalServerError',
  message: 'injected',
};

async function readAll(stream: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function forward(
  upstream: URL,
  request: IncomingMessage,
  body: Buffer,
): Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const out = httpRequest(
      new URL(request.url ?? '/', upstream),
      { method: request.method, headers: request.headers },
      (answer) => {
        readAll(answer).then(
          (answerBody) =>
            resolve({
              status: answer.statusCode ?? 502,
              headers: answer.headers,
              body: answerBody,
            }),
          reject,
        );
      },
    );
    out.on('error', reject);
    out.end(body);
  });
}

export async function startLedgerFaultProxy(upstream: string): Promise<LedgerFaultProxy> {
  const target = new URL(upstream);
  const rules: { rule: LedgerFaultRule; left: number }[] = [];
  const requests: SeenLedgerRequest[] = [];

  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const raw = await readAll(request);
    const operation =
      String(request.headers['x-amz-target'] ?? '')
        .split('.')
        .pop() ?? '';
    let body: Record<string, unknown> = {};
    try {
      body = JSON.parse(raw.toString('utf8')) as Record<string, unknown>;
    } catch {
      // Not JSON: matched by its operation alone.
    }
    const seen: LedgerRequest = { operation, body };
    const taken = rules.find(({ rule, left }) => left > 0 && rule.when(seen));
    if (taken !== undefined) taken.left -= 1;
    const fault = taken?.rule.fault;
    requests.push(fault === undefined ? seen : { ...seen, fault });
    if (fault === '500') return reply(response, 500, serverError);
    if (fault === 'unprocessed') {
      return reply(response, 200, { UnprocessedItems: body.RequestItems ?? {} });
    }
    const forwarded = await forward(target, request, raw);
    if (fault === 'apply-then-500') return reply(response, 500, serverError);
    response.writeHead(forwarded.status, forwarded.headers);
    response.end(forwarded.body);
  };

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (!response.headersSent) response.writeHead(502, { 'content-type': 'text/plain' });
      response.end(`proxy error: ${String(error)}`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    inject(rule) {
      rules.push({ rule, left: rule.times ?? 1 });
    },
    requests,
    count: (operation, when) =>
      requests.filter((r) => r.operation === operation && (when?.(r) ?? true)).length,
    clearRules() {
      rules.length = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

// Predicates on the wire form of the ledger's requests.

type Wire = Record<string, unknown>;
const record = (value: unknown): Wire | undefined =>
  typeof value === 'object' && value !== null ? (value as Wire) : undefined;
const stringOf = (value: unknown): string | undefined => {
  const s = record(value)?.S;
  return typeof s === 'string' ? s : undefined;
};

/** The subscriber a single-item request is about (its Key or Item). */
export function subscriberOf(body: Wire): string | undefined {
  return stringOf(record(body.Key)?.subscriber) ?? stringOf(record(body.Item)?.subscriber);
}

/** The status an UpdateItem sets (`#status = :x` in its UpdateExpression), if any. */
export function statusSetBy(body: Wire): string | undefined {
  const expression = typeof body.UpdateExpression === 'string' ? body.UpdateExpression : '';
  const placeholder = /#status = (:\w+)/.exec(expression)?.[1];
  if (placeholder === undefined) return undefined;
  return stringOf(record(body.ExpressionAttributeValues)?.[placeholder]);
}

/** The subscribers of a BatchWriteItem's puts. */
export function batchSubscribers(body: Wire): string[] {
  const tables = record(body.RequestItems) ?? {};
  return Object.values(tables).flatMap((writes) =>
    (Array.isArray(writes) ? writes : []).flatMap((write) => {
      const subscriber = stringOf(record(record(record(write)?.PutRequest)?.Item)?.subscriber);
      return subscriber === undefined ? [] : [subscriber];
    }),
  );
}

/** The claim: the conditional PutItem of a `sending` entry for `subscriber`. */
export const claimOf =
  (subscriber: string) =>
  ({ operation, body }: LedgerRequest) =>
    operation === 'PutItem' &&
    subscriberOf(body) === subscriber &&
    stringOf(record(body.Item)?.status) === 'sending';

/** An UpdateItem of `subscriber`'s entry that sets `status` (`failed`, `unknown`, `sending`…). */
export const updateTo =
  (subscriber: string, status: string) =>
  ({ operation, body }: LedgerRequest) =>
    operation === 'UpdateItem' && subscriberOf(body) === subscriber && statusSetBy(body) === status;

/** A BatchWriteItem (recordSent) that puts `subscriber`'s entry (any, when omitted). */
export const recordOf =
  (subscriber?: string) =>
  ({ operation, body }: LedgerRequest) =>
    operation === 'BatchWriteItem' &&
    (subscriber === undefined || batchSubscribers(body).includes(subscriber));
