import { stat } from 'node:fs/promises';
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

/** A folder the preview reads, not there: the message names it (one line). */
export class FolderMissingError extends Error {
  constructor(
    readonly what: string,
    readonly folder: string,
  ) {
    super(
      `${what} folder ${folder} not found; expected a folder (set BRAID_${what.toUpperCase()}_DIR)`,
    );
    this.name = 'FolderMissingError';
  }
}

async function assertFolder(what: string, folder: string): Promise<void> {
  const found = await stat(folder).catch(() => undefined);
  if (found?.isDirectory() !== true) throw new FolderMissingError(what, folder);
}

/**
 * Serves the studio on 127.0.0.1:`port` (0: a free one) and watches content/ and templates/.
 * Both folders are checked first: a missing one is an error before anything listens.
 */
export async function startPreview(studio: Studio, port: number): Promise<RunningPreview> {
  await assertFolder('content', studio.config.contentDir);
  await assertFolder('templates', studio.config.templatesDir);
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
  try {
    studio.watch();
  } catch (error) {
    // Nothing may keep the process alive after a failed start.
    studio.close();
    closeStreams();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    throw error;
  }
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
