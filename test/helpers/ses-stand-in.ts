import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A loopback stand-in for the SES v1 API (the query protocol: form-encoded POSTs, XML
 * answers), for the REAL SES client (`createSesClient`/`createSesMailer`), so faults are
 * SES's answers below the SDK. Each SendRawEmail is answered as `answer()` decides:
 * - `accept`: taken, answered with its MessageId (`id-<n>`, n counting the taken ones);
 * - `accept-then-500`: taken, then answered 500 InternalFailure (SES failed after acceptance);
 * - `hang`: taken, never answered (until `close()` drops the connection);
 * - `throttle`: 400 Throttling "Maximum sending rate exceeded." (not taken);
 * - `daily-quota`: 400 Throttling "Daily message quota exceeded." (not taken);
 * - `reject`: 400 MessageRejected (not taken).
 * `answer()` may return a promise: the request is then held (the connection open, the
 * message not answered yet) until it settles, which is how a test keeps a worker's send in
 * flight while something else runs. GetSendQuota answers `quota`.
 */
export type SesAnswer =
  | 'accept'
  | 'accept-then-500'
  | 'hang'
  | 'throttle'
  | 'daily-quota'
  | 'reject';

export interface SesRequest {
  /** 1-based, in the order the requests arrived. */
  n: number;
  to: string;
  from: string;
}

export interface SeenSend extends SesRequest {
  /** How it was answered; undefined while held. */
  answer?: SesAnswer;
  /** The MessageId given, for `accept`. */
  messageId?: string;
}

export interface SesQuota {
  max24HourSend: number;
  maxSendRate: number;
  sentLast24Hours: number;
}

export interface SesStandIn {
  endpoint: string;
  /** Decides each SendRawEmail's answer (default: accept everything). */
  answer: (request: SesRequest) => SesAnswer | Promise<SesAnswer>;
  /** What GetSendQuota answers. */
  quota: SesQuota;
  /** Every SendRawEmail received, in order, whether taken or not. */
  readonly sends: SeenSend[];
  /** The recipients of the messages SES took (accepted, accepted-then-500, hung). */
  taken(): string[];
  /** How many messages to `to` SES took. */
  takenBy(to: string): number;
  /** GetSendQuota calls received. */
  readonly quotaCalls: number;
  close(): Promise<void>;
}

const NS = 'http://ses.amazonaws.com/doc/2010-12-01/';
const TAKEN: ReadonlySet<SesAnswer> = new Set(['accept', 'accept-then-500', 'hang']);

function xml(response: ServerResponse, status: number, body: string): void {
  response.writeHead(status, {
    'content-type': 'text/xml',
    'content-length': Buffer.byteLength(body),
    'x-amzn-requestid': 'r',
  });
  response.end(body);
}

function error(response: ServerResponse, status: number, code: string, message: string): void {
  const type = status >= 500 ? 'Receiver' : 'Sender';
  xml(
    response,
    status,
    `<ErrorResponse><Error><Type>${type}</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>r</RequestId></ErrorResponse>`,
  );
}

async function formOf(request: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

export async function startSesStandIn(): Promise<SesStandIn> {
  const hung = new Set<ServerResponse>();
  let taken = 0;
  let quotaCalls = 0;
  const sends: SeenSend[] = [];

  const standIn: SesStandIn = {
    endpoint: '',
    answer: () => 'accept',
    quota: { max24HourSend: 1_000_000, maxSendRate: 1000, sentLast24Hours: 0 },
    sends,
    taken: () =>
      sends.filter((s) => s.answer !== undefined && TAKEN.has(s.answer)).map((s) => s.to),
    takenBy: (to) => standIn.taken().filter((t) => t === to).length,
    get quotaCalls() {
      return quotaCalls;
    },
    close: async () => {
      for (const response of hung) response.destroy();
      hung.clear();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };

  const sendRawEmail = async (form: URLSearchParams, response: ServerResponse) => {
    const seen: SeenSend = {
      n: sends.length + 1,
      to: form.get('Destinations.member.1') ?? '',
      from: form.get('Source') ?? '',
    };
    sends.push(seen);
    hung.add(response);
    const answer = await standIn.answer({ n: seen.n, to: seen.to, from: seen.from });
    seen.answer = answer;
    if (answer === 'hang') return;
    hung.delete(response);
    if (response.destroyed) return;
    switch (answer) {
      case 'accept': {
        taken += 1;
        seen.messageId = `id-${taken}`;
        return xml(
          response,
          200,
          `<SendRawEmailResponse xmlns="${NS}"><SendRawEmailResult><MessageId>${seen.messageId}</MessageId></SendRawEmailResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></SendRawEmailResponse>`,
        );
      }
      case 'accept-then-500':
        taken += 1;
        return error(response, 500, 'InternalFailure', 'x');
      case 'throttle':
        return error(response, 400, 'Throttling', 'Maximum sending rate exceeded.');
      case 'daily-quota':
        return error(response, 400, 'Throttling', 'Daily message quota exceeded.');
      case 'reject':
        return error(response, 400, 'MessageRejected', 'Email address is not verified.');
    }
  };

  const getSendQuota = (response: ServerResponse) => {
    quotaCalls += 1;
    const q = standIn.quota;
    xml(
      response,
      200,
      `<GetSendQuotaResponse xmlns="${NS}"><GetSendQuotaResult><Max24HourSend>${q.max24HourSend}</Max24HourSend><MaxSendRate>${q.maxSendRate}</MaxSendRate><SentLast24Hours>${q.sentLast24Hours}</SentLast24Hours></GetSendQuotaResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></GetSendQuotaResponse>`,
    );
  };

  const server = createServer((request, response) => {
    formOf(request)
      .then(async (form) => {
        const action = form.get('Action');
        if (action === 'SendRawEmail') return sendRawEmail(form, response);
        if (action === 'GetSendQuota') return getSendQuota(response);
        return error(response, 400, 'InvalidAction', `not in the stand-in: ${action}`);
      })
      .catch((cause: unknown) => {
        if (!response.headersSent && !response.destroyed) {
          error(response, 500, 'InternalFailure', `stand-in error: ${String(cause)}`);
        }
      });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  standIn.endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return standIn;
}
