import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { createPreviewApp } from './app.ts';
import type { Studio } from './studio.ts';

/** The preview listens on the loopback interface only: it serves unsent drafts. */
export const PREVIEW_HOST = '127.0.0.1';

export interface RunningPreview {
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Serves the studio on 127.0.0.1:`port` (0: a free one) and watches content/ and templates/. */
export async function startPreview(studio: Studio, port: number): Promise<RunningPreview> {
  let bound = port;
  const { app, closeStreams } = createPreviewApp(studio, {
    hosts: () => [`${PREVIEW_HOST}:${bound}`, `localhost:${bound}`],
  });
  const server = await new Promise<Server>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, port, hostname: PREVIEW_HOST }) as Server;
    s.once('error', reject);
    s.once('listening', () => resolve(s));
  });
  bound = (server.address() as AddressInfo).port;
  studio.watch();
  // Warm MJML and the first template compile, so the first page is quick.
  void studio.template().catch(() => undefined);
  return {
    url: `http://${PREVIEW_HOST}:${bound}`,
    port: bound,
    close: () =>
      new Promise<void>((resolve) => {
        studio.close();
        closeStreams();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
