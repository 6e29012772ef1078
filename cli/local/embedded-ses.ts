import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CliError } from './cli-error.ts';
import type { EmbeddedEngine } from './embedded-dynamodb.ts';
import { startSesServer } from './ses-server.ts';

/**
 * The local SES API (aws-ses-v2-local) in this process, on loopback. Port 0 picks a
 * free port; a fixed port that is taken is a clear error before anything is sent.
 */
export async function startEmbeddedSes(port = 0): Promise<EmbeddedEngine> {
  let server: Server;
  try {
    server = await startSesServer({ host: '127.0.0.1', port });
    // Express 5 hands a listen error to the callback, so the promise resolves with a
    // server that is not listening instead of rejecting.
    if (!server.listening) {
      throw Object.assign(new Error(`cannot listen on 127.0.0.1:${port}`), { code: 'EADDRINUSE' });
    }
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    throw new CliError(
      code === 'EADDRINUSE'
        ? `The local SES API cannot start: port ${port} on 127.0.0.1 is already in use. Free it, or pass another --ses-port (0 picks a free one). Nothing was sent.`
        : `The local SES API cannot start: ${(cause as Error).message}. Nothing was sent.`,
      { cause },
    );
  }
  const address = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${address.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}
