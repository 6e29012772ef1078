import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { Command } from 'commander';
import { createApiDeps } from '../../lambda/handlers/api-deps.ts';
import { createApp } from '../../lambda/http/app.ts';
import { signupUrl } from '../../lambda/subscribers/links.ts';
import { CliError } from '../local/cli-error.ts';
import { formatRows } from '../local/format.ts';
import { openRuntime } from '../local/local-runtime.ts';
import { parsePort } from './start.ts';

/** The port the links in emails point at: BRAID_PUBLIC_URL's (http://localhost:8787 locally). */
export function publicPort(publicUrl: string): number {
  const url = new URL(publicUrl);
  if (url.port !== '') return Number(url.port);
  return url.protocol === 'https:' ? 443 : 80;
}

function origin(address: AddressInfo): string {
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return `http://${host}:${address.port}`;
}

/** Listens, or fails with one line naming the port when it cannot. */
function listen(fetch: Parameters<typeof serve>[0]['fetch'], port: number, hostname: string) {
  return new Promise<Server>((resolve, reject) => {
    const server = serve({ fetch, port, hostname }) as Server;
    server.once('error', (cause: NodeJS.ErrnoException) => {
      reject(
        new CliError(
          cause.code === 'EADDRINUSE'
            ? `Cannot serve on ${hostname}:${port}: the port is already in use (another \`braid serve\`?). Stop that, or pick another with --port <port> (0 picks a free one).`
            : `Cannot serve on ${hostname}:${port}: ${cause.code === 'EACCES' ? 'permission denied (ports below 1024 need privileges); pick another with --port <port>' : cause.message}.`,
          { cause },
        ),
      );
    });
    server.once('listening', () => resolve(server));
  });
}

export function serveCommand(): Command {
  return new Command('serve')
    .description(
      'serve the public pages locally: signup, confirm, one-click unsubscribe, the web archive',
    )
    .option(
      '--port <port>',
      'port to listen on (default: the port of BRAID_PUBLIC_URL, so the links in the outbox work; 0 picks a free one)',
      parsePort,
    )
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .action(async (options: { port?: number; host: string }) => {
      const runtime = await openRuntime({ ses: true });
      const { config } = runtime;
      let server: Server;
      try {
        const app = createApp(await createApiDeps(runtime));
        server = await listen(
          app.fetch,
          options.port ?? publicPort(config.publicUrl),
          options.host,
        );
      } catch (error) {
        await runtime.close();
        throw error;
      }
      const address = server.address() as AddressInfo;
      const local = runtime.store !== 'aws';
      console.log(`Braid: serving the public pages (${local ? 'local' : 'AWS services'})`);
      console.log(
        formatRows([
          ['Address', origin(address)],
          ['Signup', signupUrl(config.publicUrl)],
          [
            'Emails',
            local
              ? `confirmation and welcome emails land in ${join(runtime.outboxDir, 'signup')}/ (through the local SES API; nothing leaves this machine)`
              : 'sent through Amazon SES',
          ],
        ]),
      );
      if (address.port !== publicPort(config.publicUrl)) {
        console.log(
          `Note: links in emails point at ${config.publicUrl}; to make them reach this server, set BRAID_PUBLIC_URL=http://localhost:${address.port}`,
        );
      }
      if (!['127.0.0.1', 'localhost', '::1'].includes(options.host)) {
        console.log(`Note: listening on ${options.host}: other machines may reach these pages.`);
      }
      console.log('Ctrl-C to stop.');
      await new Promise<void>((resolve) => {
        process.once('SIGINT', () => resolve());
        process.once('SIGTERM', () => resolve());
      });
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await runtime.close();
      console.log('Stopped.');
    });
}
