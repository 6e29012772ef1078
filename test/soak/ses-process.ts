import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { startSesServer } from '../../cli/local/ses-server.ts';

/**
 * The local SES API (aws-ses-v2-local) in a process of its own, as SES is a service of its
 * own: parsing thousands of messages must not stall the fault proxies in the soak's parent.
 * It keeps every message it accepts (GET /store); the bodies are dropped once stored (the
 * soak counts messages per recipient, and thousands of full editions would be hundreds of MB).
 */

interface StoredEmail {
  messageId: string;
  destination: { to: string[] };
  subject: string;
  body?: unknown;
  attachments?: unknown;
}

export interface SesStoreEntry {
  messageId: string;
  to: string[];
  subject: string;
  /** Epoch seconds. */
  at: number;
}

async function main(): Promise<void> {
  const store = createRequire(import.meta.url)('aws-ses-v2-local/dist/store.js') as {
    saveEmail: (email: StoredEmail) => void;
  };
  const save = store.saveEmail;
  store.saveEmail = (email) => {
    save({ ...email, body: { text: '', html: undefined }, attachments: [] });
  };
  const server = await startSesServer({ host: '127.0.0.1', port: 0 });
  const { port } = server.address() as AddressInfo;
  process.send?.({ port });
  // The parent's end is ours: stop with it.
  process.on('disconnect', () => process.exit(0));
}

/** Starts the local SES API in a child process; `emails()` reads its store. */
export async function startSesProcess(): Promise<{
  endpoint: string;
  emails(): Promise<SesStoreEntry[]>;
  stop(): Promise<void>;
}> {
  const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url)], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    env: { ...process.env, BRAID_SOAK_SES_CHILD: '1' },
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`the local SES API exited (${code})`)));
    child.once('message', (message) => resolve((message as { port: number }).port));
  });
  child.removeAllListeners('exit');
  const endpoint = `http://127.0.0.1:${port}`;
  return {
    endpoint,
    async emails() {
      const response = await fetch(`${endpoint}/store`);
      const { emails } = (await response.json()) as {
        emails: (StoredEmail & { at: number })[];
      };
      return emails.map((e) => ({
        messageId: e.messageId,
        to: e.destination.to,
        subject: e.subject,
        at: e.at,
      }));
    },
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill();
      }),
  };
}

if (
  process.env.BRAID_SOAK_SES_CHILD === '1' &&
  process.argv[1] === fileURLToPath(import.meta.url)
) {
  await main();
}
