import {
  Agent,
  createServer,
  request as httpRequest,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Relay {
  url: string;
  close(): Promise<void>;
}

type ForwardError = NodeJS.ErrnoException & { reusedSocket?: boolean };

/**
 * A loopback HTTP relay in front of the embedded DynamoDB another process holds. The SDK
 * clients of this process talk to the relay; when the holder goes away (its port refuses),
 * `recover` finds where the store is served now (or serves it here) and the relay carries on
 * there, so a long-running command outlives the process it first attached to.
 *
 * Only requests that certainly did not reach the old holder are replayed (connection
 * refused, or a pooled connection it had already closed); anything else fails as a network
 * error, which the SDK handles as it would against DynamoDB.
 */
export async function startRelay(
  initial: string,
  recover: (failed: string) => Promise<string>,
): Promise<Relay> {
  let upstream = initial;
  let recovering: Promise<string> | undefined;
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });

  const afterFailure = (failed: string): Promise<string> => {
    if (upstream !== failed) return Promise.resolve(upstream);
    recovering ??= recover(failed)
      .then((url) => {
        upstream = url;
        return url;
      })
      .finally(() => {
        recovering = undefined;
      });
    return recovering;
  };

  const forward = (target: string, req: IncomingMessage, body: Buffer) =>
    new Promise<IncomingMessage>((resolve, reject) => {
      const { hostname, port } = new URL(target);
      const out = httpRequest({
        hostname,
        port,
        method: req.method,
        path: req.url,
        headers: req.headers,
        agent,
      });
      out.once('response', resolve);
      out.once('error', (error: ForwardError) => {
        error.reusedSocket = out.reusedSocket;
        reject(error);
      });
      out.end(body);
    });

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    let target = upstream;
    for (let attempt = 0; ; attempt++) {
      try {
        const answer = await forward(target, req, body);
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.on('error', () => res.destroy());
        answer.pipe(res);
        return;
      } catch (cause) {
        const error = cause as ForwardError;
        const refused = error.code === 'ECONNREFUSED';
        const stalePooled = error.code === 'ECONNRESET' && error.reusedSocket === true;
        if ((!refused && !stalePooled) || attempt >= 3) {
          res.destroy();
          return;
        }
        if (!refused) continue;
        try {
          target = await afterFailure(target);
        } catch (problem) {
          res.writeHead(500, { 'content-type': 'application/x-amz-json-1.0' });
          res.end(
            JSON.stringify({
              __type: 'com.amazonaws.dynamodb.v20120810#InternalServerError',
              message: `The local database went away and could not be reopened: ${(problem as Error).message}`,
            }),
          );
          return;
        }
      }
    }
  };

  const server = createServer((req, res) => {
    handle(req, res).catch(() => res.destroy());
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
        agent.destroy();
      }),
  };
}
