/**
 * The bench's server process: the Braid HTTP app (signup → confirmation email rendered, MIME
 * built by MailComposer and handed to a mailer that keeps nothing) and a bare Hono app with
 * one plain 200 route, the ceiling of what the HTTP stack can do on this core. The store is
 * in memory: the figure is the app's own cost, not the database's. Prints the two ports.
 */
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { readPageTemplates } from '../lambda/adapters/page-templates.ts';
import { readCompiledTemplate } from '../lambda/adapters/template-files.ts';
import { loadConfig } from '../lambda/config.ts';
import { editionSettings } from '../lambda/handlers/renderer.ts';
import { createApp } from '../lambda/http/app.ts';
import { newKeyring } from '../lambda/subscribers/keyring.ts';
import { newSubscriber } from '../lambda/subscribers/new-subscriber.ts';
import type { Subscriber } from '../lambda/subscribers/subscriber.ts';
import { createSubscriptionMail } from '../lambda/subscribers/subscription-mail.ts';
import { createMemorySubscriberStore } from '../test/helpers/memory-subscribers.ts';

const templates = join(import.meta.dirname, '..', 'templates');
const config = loadConfig({});
const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };
let handed = 0;
const mail = createSubscriptionMail({
  mailer: {
    async send(message) {
      handed += message.raw.length > 0 ? 1 : 0;
      return { kind: 'accepted' as const, messageId: `bench-${handed}` };
    },
  },
  settings: editionSettings(config),
  templates: {
    confirm: await readCompiledTemplate(templates, 'confirm'),
    welcome: await readCompiledTemplate(templates, 'welcome'),
  },
});
/** Addresses already in each state, for timing the answer per state (`<state>-<i>@…`). */
export const SEEDED_PER_STATE = 400;
const at = new Date(Date.now() - 60 * 60 * 1000);
const consent = { source: 'form', text: 'Seeded for the bench.', version: 'bench' } as const;
const seeded: Subscriber[] = [];
for (let i = 0; i < SEEDED_PER_STATE; i++) {
  const signup = {
    at: at.toISOString(),
    source: 'form',
    text: 'x',
    version: 'bench',
    nonce: `n${i}`,
  } as const;
  seeded.push(newSubscriber({ email: `pending-${i}@example.org`, status: 'pending', at, signup }));
  seeded.push(
    newSubscriber({ email: `confirmed-${i}@example.org`, status: 'confirmed', at, consent }),
  );
  seeded.push({
    ...newSubscriber({ email: `unsubscribed-${i}@example.org`, status: 'confirmed', at, consent }),
    status: 'unsubscribed',
    unsubscribedFrom: 'confirmed',
  });
}
const app = createApp({
  subscription: {
    subscribers: createMemorySubscriberStore(seeded),
    mail,
    keyring: newKeyring(),
    publicUrl: config.publicUrl,
    title: config.title,
    log: quiet,
  },
  editions: { listArchive: async () => ({ items: [] }) },
  archive: { get: async () => undefined },
  pages: await readPageTemplates(join(templates, 'pages')),
  clock: { now: () => new Date() },
  title: config.title,
  publicUrl: config.publicUrl,
  log: quiet,
  // One client sends everything here: the per-client limit would measure itself.
  rateLimit: { limit: Number.MAX_SAFE_INTEGER, windowMs: 60_000, maxKeys: 10 },
});
const plain = new Hono().get('/', (c) => c.text('ok'));

const listen = (fetch: (request: Request) => Response | Promise<Response>) =>
  new Promise<number>((resolve) => {
    serve({ fetch, port: 0, hostname: '127.0.0.1' }, (info) => resolve(info.port));
  });
const ports = { braid: await listen(app.fetch), plain: await listen(plain.fetch) };
process.on('message', (message) => {
  if (message === 'handed') process.send?.({ handed });
});
process.send?.(ports);
