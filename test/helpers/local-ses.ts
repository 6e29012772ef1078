import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startSesServer } from '../../cli/local/ses-server.ts';

export interface StoredEmail {
  messageId: string;
  from: string;
  destination: { to: string[] };
  subject: string;
}

/** The local SES API in this process on a free loopback port, and a reader of what it received. */
export async function startTestSes(): Promise<{
  endpoint: string;
  emails(): Promise<StoredEmail[]>;
  close(): Promise<void>;
}> {
  const server: Server = await startSesServer({ host: '127.0.0.1', port: 0 });
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  await fetch(`${endpoint}/clear-store`, { method: 'POST' });
  return {
    endpoint,
    async emails() {
      const response = await fetch(`${endpoint}/store`);
      return ((await response.json()) as { emails: StoredEmail[] }).emails;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
