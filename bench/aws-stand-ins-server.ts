import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * The child process of aws-stand-ins.ts: a DynamoDB stand-in and an SES stand-in on loopback,
 * answering as the services do (after 5 ms, and after 50–150 ms), so the sender's CPU can be
 * measured alone in the parent. Counts every request by its operation (GET /stats).
 */
const DYNAMO_MS = Number(process.env.STAND_IN_DYNAMO_MS ?? 5);
const SES_MIN_MS = Number(process.env.STAND_IN_SES_MIN_MS ?? 50);
const SES_MAX_MS = Number(process.env.STAND_IN_SES_MAX_MS ?? 150);

const counts = new Map<string, number>();
const count = (name: string) => counts.set(name, (counts.get(name) ?? 0) + 1);

function body(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function stats(response: ServerResponse): void {
  response.writeHead(200, { 'content-type': 'application/json' });
  response.end(JSON.stringify(Object.fromEntries(counts)));
}

function dynamoAnswer(operation: string, text: string): unknown {
  switch (operation) {
    case 'BatchWriteItem':
      return { UnprocessedItems: {} };
    case 'BatchGetItem': {
      const tables = Object.keys(
        (JSON.parse(text) as { RequestItems?: object }).RequestItems ?? {},
      );
      return { Responses: Object.fromEntries(tables.map((t) => [t, []])), UnprocessedKeys: {} };
    }
    case 'Query':
      return { Items: [], Count: 0, ScannedCount: 0 };
    default:
      // PutItem, UpdateItem, DeleteItem, GetItem (no item).
      return {};
  }
}

const dynamo = createServer(async (request, response) => {
  if (request.method === 'GET') return stats(response);
  const text = await body(request);
  const operation = String(request.headers['x-amz-target'] ?? '').split('.')[1] ?? 'unknown';
  count(`dynamodb:${operation}`);
  const answer = JSON.stringify(dynamoAnswer(operation, text));
  setTimeout(() => {
    response.writeHead(200, {
      'content-type': 'application/x-amz-json-1.0',
      'x-amzn-requestid': randomUUID(),
    });
    response.end(answer);
  }, DYNAMO_MS);
});

const ses = createServer(async (request, response) => {
  if (request.method === 'GET') return stats(response);
  const form = new URLSearchParams(await body(request));
  const action = form.get('Action') ?? 'unknown';
  count(`ses:${action}`);
  const requestId = randomUUID();
  const xml =
    action === 'SendRawEmail'
      ? `<SendRawEmailResponse xmlns="http://ses.amazonaws.com/doc/2010-12-01/"><SendRawEmailResult><MessageId>0100${randomUUID()}-000000</MessageId></SendRawEmailResult><ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></SendRawEmailResponse>`
      : `<${action}Response xmlns="http://ses.amazonaws.com/doc/2010-12-01/"><${action}Result/><ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${action}Response>`;
  setTimeout(
    () => {
      response.writeHead(200, { 'content-type': 'text/xml', 'x-amzn-requestid': requestId });
      response.end(xml);
    },
    SES_MIN_MS + Math.random() * (SES_MAX_MS - SES_MIN_MS),
  );
});

for (const server of [dynamo, ses]) server.keepAliveTimeout = 60_000;
const listen = (server: typeof dynamo) =>
  new Promise<number>((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)),
  );
const [dynamoPort, sesPort] = await Promise.all([listen(dynamo), listen(ses)]);
console.log(JSON.stringify({ dynamoPort, sesPort }));
