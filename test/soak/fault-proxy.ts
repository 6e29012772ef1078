import {
  Agent,
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  request,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { seededRandom } from './rng.ts';

/**
 * A loopback HTTP proxy in front of dynalite or the local SES API that injects faults below
 * the SDK: the client sees what AWS would answer (a throttle, a 500, no answer at all), so
 * the SDK's own retries run as they do against AWS, and the code above them sees whatever
 * gets through.
 *
 * - `throttle`: answered at once, not forwarded (DynamoDB ThrottlingException; SES Throttling).
 * - `error`: a 500, not forwarded.
 * - `appliedThenError`: forwarded (the store wrote it, SES took the message), then a 500.
 * - `hang`: no answer, ever; half of them forwarded first (taken, and never answered). Only
 *   the client's timeout, or the invocation's end, gets the caller out.
 */
export interface FaultRates {
  throttle: number;
  error: number;
  appliedThenError: number;
  hang: number;
}

export type FaultName = keyof FaultRates;
export const FAULT_NAMES: FaultName[] = ['throttle', 'error', 'appliedThenError', 'hang'];

export const NO_FAULTS: FaultRates = { throttle: 0, error: 0, appliedThenError: 0, hang: 0 };

export type Service = 'dynamodb' | 'ses';

export interface FaultProxyOptions {
  service: Service;
  /** Where calls are forwarded: dynalite or the local SES API. */
  target: string;
  /** Per call kind (DynamoDB operation, SES Action); `default` for the kinds not listed. */
  rates: { default: FaultRates } & Record<string, Partial<FaultRates>>;
  seed: string;
}

export interface FaultProxy {
  url: string;
  /** Faults injected, by `<kind>:<fault>`. */
  readonly faults: Map<string, number>;
  /** Every fault injected, in order: `<time> <kind> <fault> <subject>` (faults.log). */
  readonly log: string[];
  /** Calls the proxy itself could not forward (a harness problem, never a fault): reasons. */
  readonly proxyErrors: string[];
  /** Calls seen, by kind. */
  readonly calls: Map<string, number>;
  /**
   * What each SES send to an address met, in order (`ok`, or the fault; `hang+` for a hang
   * forwarded first). Empty for DynamoDB.
   */
  readonly history: Map<string, string[]>;
  totalFaults(): number;
  /** Turns injection off (calls are then only forwarded) or on again. */
  setEnabled(enabled: boolean): void;
  close(): Promise<void>;
}

const DYNAMO_JSON = 'application/x-amz-json-1.0';
const dynamoError = (type: string) =>
  JSON.stringify({ __type: `com.amazonaws.dynamodb.v20120810#${type}`, message: 'injected' });
const sesError = (type: string, code: string, message: string) =>
  `<ErrorResponse><Error><Type>${type}</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>x</RequestId></ErrorResponse>`;

interface Answer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

function injected(service: Service, fault: 'throttle' | 'error'): Answer {
  if (service === 'dynamodb') {
    const body =
      fault === 'throttle'
        ? dynamoError('ThrottlingException')
        : dynamoError('InternalServerError');
    return {
      status: fault === 'throttle' ? 400 : 500,
      headers: { 'content-type': DYNAMO_JSON, 'x-amzn-requestid': 'injected' },
      body,
    };
  }
  const body =
    fault === 'throttle'
      ? sesError('Sender', 'Throttling', 'Maximum sending rate exceeded.')
      : sesError('Receiver', 'InternalFailure', 'injected');
  return {
    status: fault === 'throttle' ? 400 : 500,
    headers: { 'content-type': 'text/xml', 'x-amzn-requestid': 'injected' },
    body,
  };
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** The call's kind, and a key that names the call across runs as far as one can. */
function callOf(
  service: Service,
  headers: IncomingHttpHeaders,
  body: Buffer,
): { kind: string; subject: string } {
  if (service === 'dynamodb') {
    const target = String(headers['x-amz-target'] ?? '');
    return { kind: target.slice(target.indexOf('.') + 1) || 'unknown', subject: itemOf(body) };
  }
  const form = new URLSearchParams(body.toString('utf8'));
  return {
    kind: form.get('Action') ?? 'unknown',
    subject: form.get('Destinations.member.1') ?? '',
  };
}

/** The item a single-item DynamoDB call is about (`subscriber` or `id` of its key), for the log. */
function itemOf(body: Buffer): string {
  try {
    const call = JSON.parse(body.toString('utf8')) as {
      Key?: Record<string, { S?: string }>;
      Item?: Record<string, { S?: string }>;
    };
    const key = call.Key ?? call.Item;
    return key?.subscriber?.S ?? key?.id?.S ?? '';
  } catch {
    return '';
  }
}

export async function startFaultProxy(options: FaultProxyOptions): Promise<FaultProxy> {
  const target = new URL(options.target);
  // No keep-alive to the target: a reused socket the server has just closed would fail a
  // call for the harness's sake, not the code's.
  const agent = new Agent({ keepAlive: false });
  const faults = new Map<string, number>();
  const calls = new Map<string, number>();
  const history = new Map<string, string[]>();
  const proxyErrors: string[] = [];
  const log: string[] = [];
  /**
   * Calls per `<kind>/<subject>`: the n-th SES send to an address, or the n-th write of one
   * ledger entry, draws the same in every run of a seed, however the calls interleave.
   */
  const seen = new Map<string, number>();
  const sockets = new Set<Socket>();
  let enabled = true;

  const bump = (map: Map<string, number>, key: string) => {
    const n = (map.get(key) ?? 0) + 1;
    map.set(key, n);
    return n;
  };

  const forward = (req: IncomingMessage, body: Buffer): Promise<Answer> =>
    new Promise((resolve, reject) => {
      const headers: Record<string, string | string[]> = {};
      for (const [name, value] of Object.entries(req.headers)) {
        if (value !== undefined && name !== 'connection') headers[name] = value;
      }
      headers['content-length'] = String(body.length);
      const out = request(
        {
          host: target.hostname,
          port: target.port,
          method: req.method,
          path: req.url,
          headers,
          agent,
        },
        (res) => {
          readBody(res).then((data) => {
            const answerHeaders: Record<string, string> = {};
            for (const [name, value] of Object.entries(res.headers)) {
              if (value === undefined || name === 'connection' || name === 'transfer-encoding')
                continue;
              answerHeaders[name] = Array.isArray(value) ? value.join(', ') : value;
            }
            answerHeaders['content-length'] = String(data.length);
            resolve({
              status: res.statusCode ?? 502,
              headers: answerHeaders,
              body: data.toString('utf8'),
            });
          }, reject);
        },
      );
      out.on('error', reject);
      out.end(body);
    });

  const answer = (res: ServerResponse, a: Answer) => {
    if (res.destroyed) return;
    res.writeHead(a.status, { ...a.headers, 'content-length': String(Buffer.byteLength(a.body)) });
    res.end(a.body);
  };

  const choose = (
    kind: string,
    key: string,
  ): { fault: FaultName; forwardFirst: boolean } | undefined => {
    if (!enabled) return undefined;
    const rates = { ...options.rates.default, ...options.rates[kind] };
    const random = seededRandom(options.seed, `proxy/${options.service}/${key}`);
    let r = random();
    for (const fault of FAULT_NAMES) {
      if (r < rates[fault]) return { fault, forwardFirst: random() < 0.5 };
      r -= rates[fault];
    }
    return undefined;
  };

  const server = createServer((req, res) => {
    void (async () => {
      const body = await readBody(req);
      const { kind, subject } = callOf(options.service, req.headers, body);
      bump(calls, kind);
      const nth = bump(seen, `${kind}/${subject}`);
      const picked = choose(kind, `${kind}/${subject}/${nth}`);
      if (picked !== undefined) {
        bump(faults, `${kind}:${picked.fault}`);
        const hang = picked.fault === 'hang' && picked.forwardFirst ? '+' : '';
        log.push(`${new Date().toISOString()} ${kind} ${picked.fault}${hang} ${subject}`);
      }
      if (options.service === 'ses' && subject !== '') {
        const met = picked === undefined ? 'ok' : picked.fault;
        const list = history.get(subject.toLowerCase()) ?? [];
        list.push(met === 'hang' && picked?.forwardFirst === true ? 'hang+' : met);
        history.set(subject.toLowerCase(), list);
      }
      switch (picked?.fault) {
        case 'throttle':
          return answer(res, injected(options.service, 'throttle'));
        case 'error':
          return answer(res, injected(options.service, 'error'));
        case 'appliedThenError':
          await forward(req, body);
          return answer(res, injected(options.service, 'error'));
        case 'hang':
          // Taken or not, the caller never hears: the socket stays open until it gives up.
          if (picked.forwardFirst) await forward(req, body);
          return;
        default:
          return answer(res, await forward(req, body));
      }
    })().catch((error: unknown) => {
      proxyErrors.push(String(error));
      if (!res.headersSent && !res.destroyed) {
        res.writeHead(502, { 'content-type': 'text/plain' });
        res.end(`fault proxy: ${String(error)}`);
      }
    });
  });
  server.keepAliveTimeout = 60_000;
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    faults,
    log,
    proxyErrors,
    calls,
    history,
    totalFaults: () => [...faults.values()].reduce((a, b) => a + b, 0),
    setEnabled(value) {
      enabled = value;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        agent.destroy();
        server.close(() => resolve());
      }),
  };
}
