import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import type { Hono } from 'hono';
import type { LambdaEvent } from 'hono/aws-lambda';
import { type ParsedMail, simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { withOutbox } from '../../lambda/adapters/outbox-mailer.ts';
import { loadConfig } from '../../lambda/config.ts';
import type { EditionRecord } from '../../lambda/delivery/ports.ts';
import { createApiDeps } from '../../lambda/handlers/api-deps.ts';
import { createRuntime, type Runtime } from '../../lambda/handlers/runtime.ts';
import { createApp } from '../../lambda/http/app.ts';
import type { AppDeps } from '../../lambda/http/app-deps.ts';
import { PAGE_CSP, WEB_COPY_CSP } from '../../lambda/http/security-headers.ts';
import { CONSENT_VERSION, clientHash, consentText } from '../../lambda/subscribers/consent.ts';
import {
  type Keyring,
  newKeyring,
  retireKey,
  rotateKeyring,
  serializeKeyring,
} from '../../lambda/subscribers/keyring.ts';
import { statusesLeadingTo } from '../../lambda/subscribers/lifecycle.ts';
import { unsubscribeUrl } from '../../lambda/subscribers/links.ts';
import type { Subscriber } from '../../lambda/subscribers/subscriber.ts';
import { subscriberIdFor } from '../../lambda/subscribers/subscriber-id.ts';
import { signToken } from '../../lambda/subscribers/tokens.ts';
import { startTestDynamo, TEST_TABLES } from '../helpers/dynalite.ts';
import { startTestSes } from '../helpers/local-ses.ts';
import { quietly } from '../helpers/quietly.ts';
import { memoryLog } from '../unit/http/app-fixture.ts';
import { childrenNamed, onlyChild, parseXml } from '../unit/http/xml.ts';

/**
 * The HTTP app served by @hono/node-server on a loopback port, over the production adapters:
 * DynamoDB (dynalite), SES (the local SES API) with the outbox beside it, the file archive.
 * Every request is a real fetch(); every email is read back from the outbox and parsed.
 */

const PUBLIC_URL = 'https://braid.example.org';
const TITLE = 'Braid';
const FORM = 'application/x-www-form-urlencoded';

let dynamo: Awaited<ReturnType<typeof startTestDynamo>>;
let ses: Awaited<ReturnType<typeof startTestSes>>;
let work: string;
let outbox: string;
let keyring: Keyring;
let runtime: Runtime;
let deps: AppDeps;
let log: ReturnType<typeof memoryLog>;
let base: string;
const servers: { close(): Promise<void> }[] = [];

function localEnv(): Record<string, string> {
  return {
    BRAID_MODE: 'local',
    BRAID_TITLE: TITLE,
    BRAID_PUBLIC_URL: PUBLIC_URL,
    BRAID_DATA_DIR: join(work, 'data'),
    BRAID_OUT_DIR: join(work, 'out'),
    BRAID_TEMPLATES_DIR: join(import.meta.dirname, '..', '..', 'templates'),
    BRAID_TOKEN_KEYS: serializeKeyring(keyring),
    BRAID_DYNAMODB_ENDPOINT: dynamo.endpoint,
    BRAID_SES_ENDPOINT: ses.endpoint,
    BRAID_SUBSCRIBERS_TABLE: TEST_TABLES.subscribers,
    BRAID_LEDGER_TABLE: TEST_TABLES.ledger,
    BRAID_EDITIONS_TABLE: TEST_TABLES.editions,
  };
}

/** Serves an app on 127.0.0.1, a free port; resolves with its base URL. */
async function serveApp(app: Hono): Promise<string> {
  return new Promise((resolve) => {
    const server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, (info) => {
      servers.push({
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            if ('closeAllConnections' in server) server.closeAllConnections();
          }),
      });
      resolve(`http://127.0.0.1:${(info as AddressInfo).port}`);
    });
  });
}

beforeAll(async () => {
  dynamo = await startTestDynamo();
  ses = await startTestSes();
  work = await mkdtemp(join(tmpdir(), 'braid-http-'));
  outbox = join(work, 'out', 'outbox');
  keyring = newKeyring();
  const production = createRuntime(loadConfig(localEnv()));
  runtime = {
    ...production,
    mailer: withOutbox(production.mailer, outbox, (error) => {
      throw error;
    }),
  };
  log = memoryLog();
  // Generous for the main server: every test here signs up from 127.0.0.1. The limit has
  // its own server (the default limit) and its own test.
  deps = await createApiDeps(runtime, {
    log,
    rateLimit: { limit: 100_000, windowMs: 60_000, maxKeys: 100 },
  });
  base = await serveApp(createApp(deps));
});

afterAll(async () => {
  for (const server of servers) await server.close();
  await ses?.close();
  await dynamo?.close();
  if (work) await rm(work, { recursive: true, force: true });
});

// ---------------------------------------------------------------------------------------
// Helpers: requests, the store, the outbox.

function postForm(url: string, fields: Record<string, string>): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': FORM },
    body: new URLSearchParams(fields).toString(),
    redirect: 'manual',
  });
}

function postJson(url: string, body: string): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
    redirect: 'manual',
  });
}

const signupFields = (email: string, extra: Record<string, string> = {}) => ({
  email,
  name: '',
  consent: 'yes',
  website: '',
  ...extra,
});

function subscribe(email: string, extra: Record<string, string> = {}): Promise<Response> {
  return postForm(`${base}/subscribe`, signupFields(email, extra));
}

const stored = (email: string): Promise<Subscriber | undefined> =>
  runtime.subscribers.get(subscriberIdFor(email));

interface Mail {
  file: string;
  purpose: string;
  parsed: ParsedMail;
  raw: string;
}

/** The signup emails in the outbox for one address (oldest first), by purpose. */
async function mails(email: string, purpose?: 'confirm' | 'welcome' | 'already-subscribed') {
  const id = subscriberIdFor(email);
  const folder = join(outbox, 'signup');
  const names = (await readdir(folder).catch(() => [] as string[])).sort();
  const found: Mail[] = [];
  for (const file of names) {
    const match = /-(confirm|welcome|already-subscribed)-(sub_[0-9a-f]+)\.eml$/u.exec(file);
    if (match?.[2] !== id || (purpose !== undefined && match[1] !== purpose)) continue;
    const raw = await readFile(join(folder, file), 'utf8');
    found.push({ file, purpose: match[1] ?? '', parsed: await simpleParser(raw), raw });
  }
  return found;
}

async function allSignupMailFiles(): Promise<string[]> {
  return (await readdir(join(outbox, 'signup')).catch(() => [] as string[])).sort();
}

function htmlOf(mail: Mail | undefined): string {
  if (mail === undefined || typeof mail.parsed.html !== 'string') {
    throw new Error('expected an email with an HTML part');
  }
  return mail.parsed.html;
}

/** The token of the newest confirmation email to `email`. */
async function confirmToken(email: string): Promise<string> {
  const html = htmlOf((await mails(email, 'confirm')).at(-1));
  const link = /href="(https:\/\/braid\.example\.org\/confirm\?[^"]+)"/u.exec(html)?.[1];
  if (link === undefined) throw new Error('no confirm link in the confirmation email');
  const url = new URL(decodeEntities(link));
  return url.searchParams.get('token') ?? '';
}

/** An attribute value as a browser reads it (Handlebars writes `=` as `&#x3D;`). */
function decodeEntities(value: string): string {
  return value
    .replace(/&#x([0-9a-f]+);/giu, (_m, hex: string) =>
      String.fromCodePoint(Number.parseInt(hex, 16)),
    )
    .replace(/&amp;/gu, '&');
}

/** One header of a raw message, unfolded. */
function header(mail: Mail | undefined, name: string): string | undefined {
  const line = mail?.parsed.headerLines.find((h) => h.key === name.toLowerCase())?.line;
  return line?.replace(/\r?\n(?=[ \t])/gu, '').replace(/^[^:]+:\s*/u, '');
}

function unsubscribeTokenFor(email: string): string {
  return signToken(keyring, {
    subscriberId: subscriberIdFor(email),
    purpose: 'unsubscribe',
    expires: 0,
  });
}

async function signUpAndConfirm(email: string, name = ''): Promise<string> {
  expect((await subscribe(email, { name })).status).toBe(200);
  const token = await confirmToken(email);
  expect((await postForm(`${base}/confirm`, { token })).status).toBe(200);
  expect((await stored(email))?.status).toBe('confirmed');
  return token;
}

/** A request from another loopback address (127.0.0.2): another client as the server sees it. */
function fromOtherClient(
  url: string,
  body: string,
  type: string,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    const req = httpRequest(
      {
        host: target.hostname,
        port: target.port,
        path: `${target.pathname}${target.search}`,
        method: 'POST',
        localAddress: '127.0.0.2',
        headers: { 'content-type': type, 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          text += chunk;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** The page's text with tags dropped and entities decoded: what a reader sees. */
function visibleText(html: string): string {
  return html
    .replace(/<[^>]+>/gu, ' ')
    .replace(/&#x27;/gu, "'")
    .replace(/&quot;/gu, '"')
    .replace(/&amp;/gu, '&')
    .replace(/\s+/gu, ' ');
}

// ---------------------------------------------------------------------------------------

describe('the subscriber lifecycle over HTTP', () => {
  it('runs the whole double opt-in, one-click unsubscribe and resubscribe with real requests', async () => {
    const email = 'happy.reader@example.org';

    // The signup form: consent text and version beside an unticked box, a hidden honeypot.
    const form = await fetch(`${base}/subscribe`);
    expect(form.status).toBe(200);
    expect(form.headers.get('content-security-policy')).toBe(PAGE_CSP);
    const formHtml = await form.text();
    expect(formHtml).toContain('<form method="post" action="/subscribe"');
    expect(formHtml).toMatch(/<input id="consent" name="consent" type="checkbox" value="yes"/u);
    expect(formHtml).not.toMatch(/id="consent"[^>]*\schecked/u);
    expect(visibleText(formHtml)).toContain(consentText(TITLE));
    expect(formHtml).toContain(`Consent text version ${CONSENT_VERSION}`);
    expect(formHtml).toMatch(/name="website" type="text" tabindex="-1" autocomplete="off"/u);

    // The signup: "check your inbox", a pending subscriber, one confirmation email.
    const answer = await subscribe(email, { name: 'Happy Reader' });
    expect(answer.status).toBe(200);
    const answerHtml = await answer.text();
    expect(answerHtml).toContain('<h1>Check your inbox</h1>');
    expect(answerHtml).not.toMatch(/subscribed/iu);
    const pending = await stored(email);
    expect(pending?.status).toBe('pending');
    // The name waits in the signup until the address is proven: anyone can type an address.
    expect(pending).not.toHaveProperty('name');
    expect(pending?.signup).toMatchObject({
      source: 'form',
      version: CONSENT_VERSION,
      name: 'Happy Reader',
    });
    const confirmations = await mails(email, 'confirm');
    expect(confirmations).toHaveLength(1);
    expect(confirmations[0]?.parsed.to).toMatchObject({ value: [{ address: email, name: '' }] });
    expect(header(confirmations[0], 'To')).toBe(email);
    const token = await confirmToken(email);

    // GET /confirm: a page with a button that posts the token; nothing changes.
    const confirmPage = await fetch(`${base}/confirm?token=${encodeURIComponent(token)}`);
    expect(confirmPage.status).toBe(200);
    expect(confirmPage.headers.get('cache-control')).toBe('no-store');
    const confirmHtml = await confirmPage.text();
    expect(confirmHtml).toContain('<form method="post" action="/confirm">');
    expect(confirmHtml).toContain(`<input type="hidden" name="token" value="${token}">`);
    expect(confirmHtml).toContain('Confirm my subscription</button>');
    expect(await stored(email)).toEqual(pending);

    // POST /confirm: confirmed, with the consent record, and a welcome email.
    const before = Date.now();
    const confirmed = await postForm(`${base}/confirm`, { token });
    expect(confirmed.status).toBe(200);
    const confirmedHtml = await confirmed.text();
    expect(visibleText(confirmedHtml)).toContain("You're subscribed");
    expect(visibleText(confirmedHtml)).toContain('unsubscribe at any time');
    const subscriber = await stored(email);
    expect(subscriber?.status).toBe('confirmed');
    expect(subscriber?.name).toBe('Happy Reader');
    expect(subscriber).not.toHaveProperty('signup');
    expect(subscriber?.consent).toEqual({
      at: expect.any(String),
      source: 'form',
      text: consentText(TITLE),
      version: CONSENT_VERSION,
      signedUpAt: pending?.signup?.at,
      clientHash: clientHash(keyring, '127.0.0.1'),
    });
    expect(Date.parse(subscriber?.consent?.at ?? '')).toBeGreaterThanOrEqual(before - 1000);
    const welcome = await mails(email, 'welcome');
    expect(welcome).toHaveLength(1);
    expect(header(welcome[0], 'To')).toBe(`Happy Reader <${email}>`);
    const listUnsubscribe = header(welcome[0], 'List-Unsubscribe');
    expect(header(welcome[0], 'List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');
    const oneClickUrl = /<(https:\/\/braid\.example\.org\/unsubscribe\?token=[^>]+)>/u.exec(
      listUnsubscribe ?? '',
    )?.[1];
    expect(oneClickUrl).toBeDefined();
    expect(listUnsubscribe).toMatch(/<mailto:[^>]+>/u);
    const local = (oneClickUrl ?? '').replace(PUBLIC_URL, base);
    const unsubscribeToken = new URL(local).searchParams.get('token') ?? '';

    // GET /unsubscribe: a page with a button; nothing changes.
    const unsubscribePage = await fetch(local);
    expect(unsubscribePage.status).toBe(200);
    expect(unsubscribePage.headers.get('cache-control')).toBe('no-store');
    const unsubscribeHtml = await unsubscribePage.text();
    expect(unsubscribeHtml).toContain('<form method="post" action="/unsubscribe">');
    expect(unsubscribeHtml).toContain('Unsubscribe</button>');
    expect(await stored(email)).toEqual(subscriber);

    // RFC 8058 one-click, urlencoded: 200, no redirect, no cookie, unsubscribed at once.
    const oneClick = await fetch(local, {
      method: 'POST',
      headers: { 'content-type': FORM },
      body: 'List-Unsubscribe=One-Click',
      redirect: 'manual',
    });
    expect(oneClick.status).toBe(200);
    expect(oneClick.headers.get('location')).toBeNull();
    expect(oneClick.headers.get('set-cookie')).toBeNull();
    expect(await oneClick.text()).toMatch(/^Unsubscribed: Braid will send nothing more/u);
    expect(await stored(email)).toMatchObject({
      status: 'unsubscribed',
      statusReason: 'unsubscribed (one-click)',
      unsubscribedFrom: 'confirmed',
    });

    // Resubscribe, with the button of the unsubscribe page: a new consent, recorded. Allowed
    // because they were confirmed when they left.
    const back = await postForm(`${base}/resubscribe`, { token: unsubscribeToken });
    expect(back.status).toBe(200);
    expect(visibleText(await back.text())).toContain("You're subscribed again");
    const resubscribed = await stored(email);
    expect(resubscribed).toMatchObject({
      status: 'confirmed',
      name: 'Happy Reader',
      consent: {
        source: 'resubscribe',
        text: consentText(TITLE),
        version: CONSENT_VERSION,
        clientHash: clientHash(keyring, '127.0.0.1'),
      },
    });
    expect(resubscribed).not.toHaveProperty('unsubscribedFrom');
    expect(resubscribed).not.toHaveProperty('unsubscribedAt');

    // RFC 8058 one-click, multipart/form-data.
    const multipart = new FormData();
    multipart.set('List-Unsubscribe', 'One-Click');
    const oneClickMultipart = await fetch(local, {
      method: 'POST',
      body: multipart,
      redirect: 'manual',
    });
    expect(oneClickMultipart.status).toBe(200);
    expect(oneClickMultipart.headers.get('location')).toBeNull();
    expect((await stored(email))?.status).toBe('unsubscribed');

    // Back again, then the page's own button: a page with the Resubscribe button.
    expect((await postForm(`${base}/resubscribe`, { token: unsubscribeToken })).status).toBe(200);
    const byPage = await postForm(`${base}/unsubscribe`, { token: unsubscribeToken });
    expect(byPage.status).toBe(200);
    const byPageHtml = await byPage.text();
    expect(visibleText(byPageHtml)).toContain("You're unsubscribed");
    expect(byPageHtml).toContain('<form method="post" action="/resubscribe" class="stack">');
    expect(byPageHtml).toContain(`<input type="hidden" name="token" value="${unsubscribeToken}">`);
    expect(visibleText(byPageHtml)).toContain(consentText(TITLE));
    expect(byPageHtml).toContain('Resubscribe</button>');
    expect(await stored(email)).toMatchObject({
      status: 'unsubscribed',
      statusReason: 'unsubscribed (page)',
    });

    // Opening the link again after leaving: says so, offers the way back, changes nothing.
    const again = await fetch(local);
    expect(again.status).toBe(200);
    const againHtml = await again.text();
    expect(visibleText(againHtml)).toContain('This address was already unsubscribed');
    expect(againHtml).toContain('Resubscribe</button>');
    expect((await stored(email))?.status).toBe('unsubscribed');
    expect(log.lines.filter((line) => line.level === 'error')).toEqual([]);
  });

  it('answers politely for a bounced or removed address: nothing to unsubscribe, no way back but signup', async () => {
    const bounced = 'bounced.reader@example.org';
    const removed = 'removed.reader@example.org';
    await signUpAndConfirm(bounced);
    await signUpAndConfirm(removed);
    expect(
      await runtime.subscribers.setStatus(
        subscriberIdFor(bounced),
        'bounced',
        'hard bounce',
        new Date(),
        statusesLeadingTo('bounce', 'bounced'),
      ),
    ).toBe(true);
    await runtime.subscribers.remove(subscriberIdFor(removed));
    for (const email of [bounced, removed]) {
      const token = unsubscribeTokenFor(email);
      const page = await postForm(`${base}/unsubscribe`, { token });
      expect(page.status).toBe(200);
      expect(visibleText(await page.text())).toContain('This address receives nothing from Braid');
      const oneClick = await fetch(`${base}/unsubscribe?token=${token}`, {
        method: 'POST',
        headers: { 'content-type': FORM },
        body: 'List-Unsubscribe=One-Click',
        redirect: 'manual',
      });
      expect(oneClick.status).toBe(200);
      const back = await postForm(`${base}/resubscribe`, { token });
      expect(back.status).toBe(200);
      const backHtml = await back.text();
      expect(visibleText(backHtml)).toContain('Please sign up again');
      expect(backHtml).toContain('<a href="/subscribe">Sign up for Braid</a>');
    }
    expect((await stored(bounced))?.status).toBe('bounced');
    expect(await stored(removed)).toBeUndefined();
  });

  it('takes the same signup as JSON (source api) and answers {status: "check-your-inbox"}', async () => {
    const email = 'api.reader@example.org';
    const response = await postJson(
      `${base}/subscribe`,
      JSON.stringify({ email, name: 'Api Reader', consent: true }),
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/u);
    expect(await response.json()).toEqual({ status: 'check-your-inbox' });
    const pending = await stored(email);
    expect(pending?.signup).toMatchObject({
      source: 'api',
      clientHash: clientHash(keyring, '127.0.0.1'),
      name: 'Api Reader',
    });
    expect(pending).not.toHaveProperty('name');
    const confirmations = await mails(email, 'confirm');
    expect(confirmations).toHaveLength(1);
    expect(header(confirmations[0], 'To')).toBe(email);
  });
});

describe('bad signups are refused beside the field, nothing stored, nothing sent', () => {
  async function expectRefused(
    fields: Record<string, string>,
    field: 'email' | 'name' | 'consent',
    message: RegExp,
  ) {
    const files = await allSignupMailFiles();
    const response = await postForm(`${base}/subscribe`, fields);
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain(`<p class="error" id="${field}-error">`);
    expect(html).toMatch(
      new RegExp(`id="${field}"[^>]*aria-invalid="true" aria-describedby="${field}-error`, 'u'),
    );
    expect(visibleText(html)).toMatch(message);
    const json = await postJson(
      `${base}/subscribe`,
      JSON.stringify({ email: fields.email, name: fields.name, consent: fields.consent === 'yes' }),
    );
    expect(json.status).toBe(400);
    expect(await json.json()).toEqual({
      error: { field, message: expect.stringMatching(message) },
    });
    expect(await allSignupMailFiles()).toEqual(files);
    return html;
  }

  it('a malformed address', async () => {
    const html = await expectRefused(
      signupFields('not-an-address@', { name: 'Kept Name' }),
      'email',
      /like name@example\.org/u,
    );
    // What was entered is kept, so only the mistake needs fixing.
    expect(html).toContain('value="not-an-address@"');
    expect(html).toContain('value="Kept Name"');
    expect(html).toMatch(/id="consent"[^>]*\schecked/u);
    expect(html).toContain('<title>Error: Subscribe · Braid</title>');
  });

  it('an address over 254 characters', async () => {
    const long = `${'a'.repeat(60)}@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(63)}.org`;
    expect(long.length).toBeGreaterThan(254);
    await expectRefused(signupFields(long), 'email', /at most 254 characters/u);
    expect(await stored(`${'a'.repeat(60)}@example.org`)).toBeUndefined();
  });

  it('an internationalized address', async () => {
    const html = await expectRefused(
      signupFields('José@exämple.org'),
      'email',
      /plain ASCII letters/u,
    );
    expect(html).toContain('value="José@exämple.org"');
  });

  it('CR/LF in the name and in the address (header injection)', async () => {
    await expectRefused(
      signupFields('crlf@example.org', { name: 'Ada\r\nBcc: victim@example.org' }),
      'name',
      /line break or control character/u,
    );
    await expectRefused(
      signupFields('crlf@example.org\r\nBcc: victim@example.org'),
      'email',
      /without line breaks/u,
    );
    await expectRefused(signupFields('crlf@example.org\r\n'), 'email', /without line breaks/u);
    expect(await stored('crlf@example.org')).toBeUndefined();
  });

  it('no consent given', async () => {
    await expectRefused(
      { email: 'unticked@example.org', name: '', website: '' },
      'consent',
      /Tick the box/u,
    );
    expect(await stored('unticked@example.org')).toBeUndefined();
  });

  it('a filled honeypot gets the very answer of a real signup, and nothing happens', async () => {
    const real = await subscribe('human@example.org');
    const files = await allSignupMailFiles();
    const bot = await subscribe('bot@example.org', { website: 'https://spam.example' });
    expect(bot.status).toBe(real.status);
    expect(bot.headers.get('content-type')).toBe(real.headers.get('content-type'));
    expect(await bot.text()).toBe(await real.text());
    expect(await stored('bot@example.org')).toBeUndefined();
    expect(await allSignupMailFiles()).toEqual(files);
  });

  it('escapes <script> in the name: on the page and in the confirmation and welcome emails', async () => {
    const script = '<script>alert(1)</script>';
    const refused = await postForm(
      `${base}/subscribe`,
      signupFields('not-an-address', { name: script }),
    );
    const page = await refused.text();
    expect(page).not.toContain('<script');
    expect(page).toContain('value="&lt;script&gt;alert(1)&lt;/script&gt;"');

    // Unconfirmed, the name is kept in the signup only: the confirmation goes to the bare
    // address, whatever a stranger typed.
    const email = 'script.name@example.org';
    expect((await subscribe(email, { name: script })).status).toBe(200);
    const pending = await stored(email);
    expect(pending).not.toHaveProperty('name');
    expect(pending?.signup?.name).toBe(script);
    const [confirmation] = await mails(email, 'confirm');
    expect(header(confirmation, 'To')).toBe(email);
    expect(confirmation?.parsed.to).toMatchObject({ value: [{ address: email, name: '' }] });

    // Confirmed, it is theirs: escaped in the welcome's HTML, one quoted (or encoded) display
    // name in the header, never markup nor a second address.
    expect((await postForm(`${base}/confirm`, { token: await confirmToken(email) })).status).toBe(
      200,
    );
    expect((await stored(email))?.name).toBe(script);
    const [welcome] = await mails(email, 'welcome');
    const html = htmlOf(welcome);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toContain('<script');
    expect(welcome?.parsed.to).toMatchObject({ value: [{ address: email, name: script }] });
    const to = header(welcome, 'To') ?? '';
    expect(to).not.toMatch(/^<script>/u);
    expect(to).toMatch(
      /^(?:"(?:[^"\\\r\n]|\\.)*"|=\?[Uu][Tt][Ff]-8\?[BbQq]\?[^?\s]*\?=) <script\.name@example\.org>$/u,
    );
  });
});

describe('links that cannot be used', () => {
  async function expectNothingChanged(email: string, snapshot: Subscriber | undefined) {
    expect(await stored(email)).toEqual(snapshot);
  }

  it('a forged link (another subscriber id under the same signature) is "altered"', async () => {
    await subscribe('forge.me@example.org');
    await subscribe('victim@example.org');
    const victim = await stored('victim@example.org');
    const parts = (await confirmToken('forge.me@example.org')).split('.');
    parts[1] = subscriberIdFor('victim@example.org');
    const forged = parts.join('.');
    for (const response of [
      await fetch(`${base}/confirm?token=${encodeURIComponent(forged)}`),
      await postForm(`${base}/confirm`, { token: forged }),
    ]) {
      expect(response.status).toBe(400);
      const text = visibleText(await response.text());
      expect(text).toContain('This link has been altered');
      expect(text).toContain('Nothing was changed');
    }
    await expectNothingChanged('victim@example.org', victim);
  });

  it('a truncated link', async () => {
    await subscribe('truncated@example.org');
    const before = await stored('truncated@example.org');
    const token = await confirmToken('truncated@example.org');
    const cases = [
      [token.slice(0, -6), 'This link has been altered'],
      [token.split('.').slice(0, 3).join('.'), 'This link is incomplete'],
      ['', 'This link is incomplete'],
    ] as const;
    for (const [cut, heading] of cases) {
      const get = await fetch(`${base}/confirm?token=${encodeURIComponent(cut)}`);
      expect(get.status).toBe(400);
      expect(visibleText(await get.text())).toContain(heading);
      const post = await postForm(`${base}/confirm`, { token: cut });
      expect(post.status).toBe(400);
    }
    await expectNothingChanged('truncated@example.org', before);
  });

  it('an expired link explains itself and offers a new one', async () => {
    const email = 'expired@example.org';
    await subscribe(email);
    const before = await stored(email);
    const expired = signToken(keyring, {
      subscriberId: subscriberIdFor(email),
      purpose: 'confirm',
      expires: Math.floor(Date.now() / 1000) - 3600,
      nonce: before?.signup?.nonce ?? '',
    });
    const page = await fetch(`${base}/confirm?token=${encodeURIComponent(expired)}`);
    expect(page.status).toBe(400);
    const html = await page.text();
    expect(visibleText(html)).toContain('This link has expired');
    expect(visibleText(html)).toContain('48 hours');
    // The way out: a form for a new link, posting to /subscribe with the unticked consent box.
    expect(html).toContain('<form method="post" action="/subscribe"');
    expect(html).toContain('<input id="email" name="email" type="email"');
    expect(html).toMatch(/<input id="consent" name="consent" type="checkbox"/u);
    expect(html).toContain('Email me a new link</button>');
    expect((await postForm(`${base}/confirm`, { token: expired })).status).toBe(400);
    await expectNothingChanged(email, before);
  });

  it('a replayed link: twice is "already confirmed" with one welcome; after unsubscribing, stale', async () => {
    const email = 'replay@example.org';
    const token = await signUpAndConfirm(email);
    const again = await postForm(`${base}/confirm`, { token });
    expect(again.status).toBe(200);
    const againText = visibleText(await again.text());
    expect(againText).toContain("You're subscribed");
    expect(againText).toContain('already confirmed');
    expect(await mails(email, 'welcome')).toHaveLength(1);

    const oneClick = await fetch(`${base}/unsubscribe?token=${unsubscribeTokenFor(email)}`, {
      method: 'POST',
      headers: { 'content-type': FORM },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(oneClick.status).toBe(200);
    const after = await stored(email);
    const stale = await postForm(`${base}/confirm`, { token });
    expect(stale.status).toBe(200);
    expect(visibleText(await stale.text())).toContain('This link is no longer valid');
    await expectNothingChanged(email, after);
    expect(after?.status).toBe('unsubscribed');
    expect(await mails(email, 'welcome')).toHaveLength(1);
  });

  it('a link for the other purpose: unsubscribe on /confirm, confirm on /unsubscribe', async () => {
    const email = 'purpose@example.org';
    await subscribe(email);
    const before = await stored(email);
    const confirm = await confirmToken(email);
    const unsubscribe = unsubscribeTokenFor(email);
    const answers = [
      await fetch(`${base}/confirm?token=${unsubscribe}`),
      await postForm(`${base}/confirm`, { token: unsubscribe }),
      await fetch(`${base}/unsubscribe?token=${confirm}`),
      await postForm(`${base}/unsubscribe`, { token: confirm }),
      await postForm(`${base}/resubscribe`, { token: confirm }),
    ];
    for (const response of answers) {
      expect(response.status).toBe(400);
      expect(visibleText(await response.text())).toContain('This link is for something else');
    }
    const oneClick = await fetch(`${base}/unsubscribe?token=${confirm}`, {
      method: 'POST',
      headers: { 'content-type': FORM },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(oneClick.status).toBe(400);
    expect(await oneClick.text()).toContain('wrong-purpose');
    await expectNothingChanged(email, before);
  });

  it('a link signed with a key since retired', async () => {
    const email = 'retired@example.org';
    await subscribe(email);
    const before = await stored(email);
    const token = await confirmToken(email); // signed with k1
    const rotated = retireKey(rotateKeyring(keyring), keyring.current);
    const retiredBase = await serveApp(
      createApp({ ...deps, subscription: { ...deps.subscription, keyring: rotated } }),
    );
    const get = await fetch(`${retiredBase}/confirm?token=${encodeURIComponent(token)}`);
    expect(get.status).toBe(400);
    expect(visibleText(await get.text())).toContain('This link no longer works');
    expect((await postForm(`${retiredBase}/confirm`, { token })).status).toBe(400);
    await expectNothingChanged(email, before);
    // Before the key was retired, the same link worked.
    expect((await postForm(`${base}/confirm`, { token })).status).toBe(200);
    expect((await stored(email))?.status).toBe('confirmed');
  });

  it('a link naming a key id this service never had', async () => {
    const email = 'unknown.key@example.org';
    await subscribe(email);
    const before = await stored(email);
    const foreign: Keyring = { current: 'zz', keys: new Map([['zz', 'x'.repeat(43)]]) };
    const token = signToken(foreign, {
      subscriberId: subscriberIdFor(email),
      purpose: 'confirm',
      expires: Math.floor(Date.now() / 1000) + 3600,
      nonce: before?.signup?.nonce ?? '',
    });
    for (const response of [
      await fetch(`${base}/confirm?token=${token}`),
      await postForm(`${base}/confirm`, { token }),
    ]) {
      expect(response.status).toBe(400);
      expect(visibleText(await response.text())).toContain('This link no longer works');
    }
    const unsubscribe = signToken(foreign, {
      subscriberId: subscriberIdFor(email),
      purpose: 'unsubscribe',
      expires: 0,
    });
    const page = await fetch(`${base}/unsubscribe?token=${unsubscribe}`);
    expect(page.status).toBe(400);
    expect(visibleText(await page.text())).toContain('To stop the emails');
    await expectNothingChanged(email, before);
  });
});

describe('a suppressed or erased address, and an unsubscribe link mailed before', () => {
  /** The one-click link of the newest welcome email to `email`: a link that never expires. */
  async function mailedUnsubscribeToken(email: string): Promise<string> {
    const listUnsubscribe = header((await mails(email, 'welcome')).at(-1), 'List-Unsubscribe');
    const url = /<(https:\/\/braid\.example\.org\/unsubscribe\?token=[^>]+)>/u.exec(
      listUnsubscribe ?? '',
    )?.[1];
    if (url === undefined) throw new Error(`no unsubscribe link mailed to ${email}`);
    return new URL(url).searchParams.get('token') ?? '';
  }

  it.each([
    ['bounced', 'bounce'],
    ['complained', 'complain'],
  ] as const)(
    'a stranger signing up a %s address gets "check your inbox"; nothing is stored or sent, and the old link cannot bring it back',
    async (status, event) => {
      // Prepare: V confirmed, then SES reported the address.
      const email = `suppressed.${status}@example.org`;
      await signUpAndConfirm(email, 'Victim');
      const token = await mailedUnsubscribeToken(email);
      expect(
        await runtime.subscribers.setStatus(
          subscriberIdFor(email),
          status,
          `${status} by SES`,
          new Date(),
          statusesLeadingTo(event, status),
        ),
      ).toBe(true);
      const before = await stored(email);
      const fresh = await subscribe(`not.suppressed.${status}@example.org`);
      const freshBody = await fresh.text();
      const files = await allSignupMailFiles();

      // Act: a stranger's signup, form and JSON.
      const page = await subscribe(email, { name: 'Stranger' });
      const json = await postJson(
        `${base}/subscribe`,
        JSON.stringify({ email, name: 'Stranger', consent: true }),
      );

      // Assess: the very answer a new address gets; the record and the outbox untouched.
      expect(page.status).toBe(fresh.status);
      expect(await page.text()).toBe(freshBody);
      expect(json.status).toBe(200);
      expect(await json.json()).toEqual({ status: 'check-your-inbox' });
      expect(await stored(email)).toEqual(before);
      expect(await allSignupMailFiles()).toEqual(files);
      expect(log.lines).toContainEqual(
        expect.objectContaining({
          level: 'warn',
          message: 'signup for a suppressed address ignored',
        }),
      );

      // The link from V's welcome: nothing to unsubscribe, and no way back but signup.
      const unsubscribed = await postForm(`${base}/unsubscribe`, { token });
      expect(visibleText(await unsubscribed.text())).toContain(
        'This address receives nothing from Braid',
      );
      const back = await postForm(`${base}/resubscribe`, { token });
      expect(back.status).toBe(200);
      expect(visibleText(await back.text())).toContain('Please sign up again');
      expect(await stored(email)).toEqual(before);
      expect(await allSignupMailFiles()).toEqual(files);
    },
  );

  it("after erasure, an old link unsubscribes a stranger's pending signup but cannot make it a subscription", async () => {
    // Prepare: V confirmed and kept the welcome; the record was erased; a stranger signs the
    // address up again (pending: V never confirms it).
    const email = 'erased.then.pending@example.org';
    await signUpAndConfirm(email, 'Victim');
    const token = await mailedUnsubscribeToken(email);
    expect(await runtime.subscribers.remove(subscriberIdFor(email))).toBe(true);
    expect((await subscribe(email, { name: 'Stranger' })).status).toBe(200);
    const pending = await stored(email);
    expect(pending?.status).toBe('pending');
    expect(pending).not.toHaveProperty('name');
    expect(pending).not.toHaveProperty('consent');
    const welcomes = await mails(email, 'welcome');

    // Act: the old link, one click, then the page's Resubscribe button.
    const oneClick = await fetch(`${base}/unsubscribe?token=${token}`, {
      method: 'POST',
      headers: { 'content-type': FORM },
      body: 'List-Unsubscribe=One-Click',
      redirect: 'manual',
    });
    const left = await stored(email);
    const back = await postForm(`${base}/resubscribe`, { token });

    // Assess: unsubscribed from pending; the button refused; nothing mailed.
    expect(oneClick.status).toBe(200);
    expect(left).toMatchObject({
      status: 'unsubscribed',
      unsubscribedFrom: 'pending',
      statusReason: 'unsubscribed (one-click)',
    });
    expect(left).not.toHaveProperty('signup');
    expect(back.status).toBe(200);
    expect(visibleText(await back.text())).toContain('Please sign up again');
    expect(await stored(email)).toEqual(left);
    expect(await mails(email, 'welcome')).toEqual(welcomes);
  });
});

describe('GET never changes anything (link scanners prefetch)', () => {
  it('GET and HEAD of /confirm and /unsubscribe leave the subscriber as it was', async () => {
    const pendingEmail = 'prefetch.pending@example.org';
    await subscribe(pendingEmail);
    const pending = await stored(pendingEmail);
    const token = await confirmToken(pendingEmail);
    const confirmedEmail = 'prefetch.confirmed@example.org';
    await signUpAndConfirm(confirmedEmail);
    const confirmed = await stored(confirmedEmail);
    const files = await allSignupMailFiles();
    for (const method of ['GET', 'HEAD', 'GET']) {
      const a = await fetch(`${base}/confirm?token=${encodeURIComponent(token)}`, { method });
      const b = await fetch(`${base}/unsubscribe?token=${unsubscribeTokenFor(confirmedEmail)}`, {
        method,
      });
      expect([a.status, b.status]).toEqual([200, 200]);
    }
    expect(await stored(pendingEmail)).toEqual(pending);
    expect(await stored(confirmedEmail)).toEqual(confirmed);
    expect(await allSignupMailFiles()).toEqual(files);
  });
});

describe('limits', () => {
  it('1,000 rapid signups from one client: 429 after the limit, another client still served', async () => {
    const { rateLimit: _generous, ...defaults } = deps;
    const limited = await serveApp(createApp(defaults));
    const statuses: number[] = [];
    const retryAfter = new Set<string | null>();
    for (let batch = 0; batch < 20; batch++) {
      const answers = await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          postJson(
            `${limited}/subscribe`,
            JSON.stringify({ email: `flood${batch * 50 + i}@example.org`, consent: true }),
          ),
        ),
      );
      for (const answer of answers) {
        statuses.push(answer.status);
        if (answer.status === 429) {
          retryAfter.add(answer.headers.get('retry-after'));
          expect(await answer.json()).toEqual({
            error: { message: expect.stringMatching(/^Too many signups from here/u) },
          });
        } else await answer.arrayBuffer();
      }
    }
    expect(statuses.filter((s) => s === 200)).toHaveLength(10);
    expect(statuses.filter((s) => s === 429)).toHaveLength(990);
    for (const value of retryAfter) {
      expect(Number(value)).toBeGreaterThanOrEqual(1);
      expect(Number(value)).toBeLessThanOrEqual(60);
    }
    // The page for a browser says so too.
    const page = await postForm(`${limited}/subscribe`, signupFields('flood.page@example.org'));
    expect(page.status).toBe(429);
    expect(page.headers.get('retry-after')).toMatch(/^\d+$/u);
    expect(await page.text()).toContain('<h1>Too many signups from here</h1>');
    // Another client (another source address) is served as usual meanwhile.
    const other = await fromOtherClient(
      `${limited}/subscribe`,
      JSON.stringify({ email: 'other.client@example.org', consent: true }),
      'application/json',
    );
    expect(other).toEqual({ status: 200, body: '{"status":"check-your-inbox"}' });
    expect((await stored('other.client@example.org'))?.signup?.clientHash).toBe(
      clientHash(keyring, '127.0.0.2'),
    );
    // Only the signups let through were stored.
    const ids = Array.from({ length: 1000 }, (_, i) => subscriberIdFor(`flood${i}@example.org`));
    let found = 0;
    for (let i = 0; i < ids.length; i += 50) {
      found += (await runtime.subscribers.getMany(ids.slice(i, i + 50))).size;
    }
    expect(found).toBe(10);
  });

  it('at most 3 signup emails to one address in 24 hours, the answer unchanged', async () => {
    const email = 'capped@example.org';
    const bodies: string[] = [];
    for (let i = 0; i < 5; i++) {
      const response = await subscribe(email);
      expect(response.status).toBe(200);
      bodies.push(await response.text());
    }
    expect(new Set(bodies).size).toBe(1);
    expect(await mails(email, 'confirm')).toHaveLength(3);
    expect(log.lines).toContainEqual(
      expect.objectContaining({ level: 'warn', message: 'signup email limit reached' }),
    );
  });

  it('a POST body over 10 KB is refused with 413, page or JSON, nothing stored', async () => {
    const big = 'x'.repeat(11 * 1024);
    const page = await postForm(
      `${base}/subscribe`,
      signupFields('big@example.org', { name: big }),
    );
    expect(page.status).toBe(413);
    expect(visibleText(await page.text())).toContain('larger than 10 KB');
    const json = await postJson(
      `${base}/subscribe`,
      JSON.stringify({ email: 'big@example.org', name: big, consent: true }),
    );
    expect(json.status).toBe(413);
    expect(await json.json()).toEqual({ error: { message: expect.stringContaining('10 KB') } });
    // Streamed without a Content-Length: counted as it arrives.
    const chunks = [new TextEncoder().encode(`email=big%40example.org&name=${big}`)];
    const streamed = await fetch(`${base}/subscribe`, {
      method: 'POST',
      headers: { 'content-type': FORM },
      body: new ReadableStream({
        pull(controller) {
          const next = chunks.shift();
          if (next === undefined) controller.close();
          else controller.enqueue(next);
        },
      }),
      duplex: 'half',
    } as RequestInit);
    expect(streamed.status).toBe(413);
    const oneClick = await fetch(`${base}/unsubscribe?token=x`, {
      method: 'POST',
      headers: { 'content-type': FORM },
      body: `List-Unsubscribe=One-Click&pad=${big}`,
    });
    expect(oneClick.status).toBe(413);
    expect(await stored('big@example.org')).toBeUndefined();
  });

  it('a JSON body that is not an object is a 400 naming what was expected', async () => {
    for (const body of ['[1]', '"x"', 'null', '42', 'true']) {
      const response = await postJson(`${base}/subscribe`, body);
      expect(response.status).toBe(400);
      expect(await response.json()).toEqual({
        error: { message: expect.stringMatching(/^Expected a JSON object: \{"email"/u) },
      });
    }
    const notJson = await postJson(`${base}/subscribe`, '{"email": ');
    expect(notJson.status).toBe(400);
    expect(await notJson.json()).toEqual({
      error: { message: expect.stringMatching(/not JSON/u) },
    });
    const wrongType = await postJson(`${base}/subscribe`, '{"email": 5, "consent": true}');
    expect(wrongType.status).toBe(400);
    expect(await wrongType.json()).toMatchObject({ error: { field: 'email' } });
    const other = await fetch(`${base}/subscribe`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: 'email=a@example.org',
    });
    expect(other.status).toBe(415);
  });
});

describe('no enumeration', () => {
  it('a new, a pending, a confirmed, an unsubscribed and a complained address get byte-identical answers', async () => {
    const newcomer = 'enum.new@example.org';
    const pending = 'enum.pending@example.org';
    const confirmed = 'enum.confirmed@example.org';
    const gone = 'enum.gone@example.org';
    const complained = 'enum.complained@example.org';
    await subscribe(pending);
    await signUpAndConfirm(confirmed);
    await signUpAndConfirm(gone);
    await signUpAndConfirm(complained);
    await postForm(`${base}/unsubscribe`, { token: unsubscribeTokenFor(gone) });
    await runtime.subscribers.setStatus(
      subscriberIdFor(complained),
      'complained',
      'complaint abuse',
      new Date(),
      statusesLeadingTo('complain', 'complained'),
    );
    expect((await stored(gone))?.status).toBe('unsubscribed');
    expect((await stored(complained))?.status).toBe('complained');
    expect(await stored(newcomer)).toBeUndefined();

    const answer = async (response: Promise<Response>) => {
      const r = await response;
      return {
        status: r.status,
        type: r.headers.get('content-type'),
        headers: [...r.headers.keys()].filter((k) => k !== 'date').sort(),
        body: await r.text(),
      };
    };
    const forms = [];
    const jsons = [];
    for (const email of [newcomer, pending, confirmed, gone, complained]) {
      forms.push(await answer(subscribe(email)));
      jsons.push(
        await answer(postJson(`${base}/subscribe`, JSON.stringify({ email, consent: true }))),
      );
    }
    for (const other of forms.slice(1)) expect(other).toEqual(forms[0]);
    for (const other of jsons.slice(1)) expect(other).toEqual(jsons[0]);
    expect(forms[0]?.status).toBe(200);
    expect(jsons[0]?.body).toBe('{"status":"check-your-inbox"}');
    // Behind the identical answers, each got the email that fits.
    expect(await mails(confirmed, 'already-subscribed')).toHaveLength(2);
    expect(await mails(gone, 'confirm')).toHaveLength(3);
    expect(await mails(complained, 'confirm')).toHaveLength(1);
    expect(await mails(complained, 'already-subscribed')).toEqual([]);
  });
});

describe('the web archive', () => {
  function record(id: string, scheduledAt: string, subject: string): EditionRecord {
    return {
      id,
      status: 'sent',
      scheduledAt,
      stories: [`story-${id}`],
      storySet: `set-${id}`,
      createdAt: scheduledAt,
      edition: {
        id,
        date: scheduledAt.slice(0, 10),
        subject,
        preheader: `Preheader of ${id}`,
        html: '<html></html>',
        text: '',
        stories: [`story-${id}`],
        settings: {
          from: 'Braid <briefing@braid.example.org>',
          listId: 'briefing.braid.example.org',
          publicUrl: PUBLIC_URL,
          unsubscribeMailto: 'unsubscribe@braid.example.org',
          postalAddress: '1 Example Street, Springfield',
          title: TITLE,
        },
      },
    };
  }

  beforeAll(async () => {
    for (let day = 1; day <= 25; day++) {
      const date = `2026-11-${String(day).padStart(2, '0')}`;
      const subject = day === 25 ? 'Tom & Jerry <script>alert(1)</script>' : `Edition of ${date}`;
      const id = `${date}-abc${day}`;
      expect(await runtime.editions.claim(record(id, `${date}T07:00:00.000Z`, subject))).toEqual({
        claimed: true,
      });
      await runtime.archive.put(
        id,
        `<!doctype html><html lang="en"><body><p style="color:#111">Web copy of ${id}</p></body></html>`,
      );
    }
  });

  it('lists the sent editions, newest first, 20 a page, with the feed linked', async () => {
    const first = await fetch(`${base}/archive`);
    expect(first.status).toBe(200);
    const html = await first.text();
    expect(html).toContain(
      '<link rel="alternate" type="application/atom+xml" title="Braid: past editions" href="/archive/feed.xml">',
    );
    const links = [...html.matchAll(/<h2><a href="\/archive\/([^"]+)">/gu)].map((m) => m[1]);
    expect(links).toHaveLength(20);
    expect(links[0]).toBe('2026-11-25-abc25');
    expect(links[19]).toBe('2026-11-06-abc6');
    expect(html).toContain('Tom &amp; Jerry &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toContain('<script');
    expect(html).toContain('<time datetime="2026-11-25T07:00:00.000Z">2026-11-25</time>');
    expect(html).toContain('<p>Preheader of 2026-11-25-abc25</p>');
    const older = /<a href="(\/archive\?cursor[^"]+)">Older editions<\/a>/u.exec(html)?.[1];
    expect(older).toBeDefined();
    const second = await (await fetch(`${base}${decodeEntities(older ?? '')}`)).text();
    const rest = [...second.matchAll(/<h2><a href="\/archive\/([^"]+)">/gu)].map((m) => m[1]);
    expect(rest).toEqual([
      '2026-11-05-abc5',
      '2026-11-04-abc4',
      '2026-11-03-abc3',
      '2026-11-02-abc2',
      '2026-11-01-abc1',
    ]);
    expect(second).not.toContain('Older editions');
    expect(second).toContain('<a href="/archive">Newest editions</a>');
    expect((await fetch(`${base}/archive?cursor=bm90LWEtY3Vyc29y`)).status).toBe(400);
  });

  it('serves one edition web copy under its own policy', async () => {
    const response = await fetch(`${base}/archive/2026-11-03-abc3`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toBe(WEB_COPY_CSP);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await response.text()).toContain('Web copy of 2026-11-03-abc3');
  });

  it('answers 404 for an unknown edition or an id of the wrong shape', async () => {
    for (const path of [
      '/archive/2030-01-01-nope',
      '/archive/..%2F..%2Fsecret',
      '/archive/a%20b',
    ]) {
      const response = await fetch(`${base}${path}`);
      expect(response.status).toBe(404);
      expect(response.headers.get('content-security-policy')).toBe(PAGE_CSP);
      expect(visibleText(await response.text())).toContain('No such edition');
    }
  });

  it('publishes an Atom feed that parses as XML, one entry per edition', async () => {
    const response = await fetch(`${base}/archive/feed.xml`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/atom+xml; charset=utf-8');
    const feed = parseXml(await response.text());
    expect(feed.name).toBe('feed');
    expect(feed.attributes.xmlns).toBe('http://www.w3.org/2005/Atom');
    expect(onlyChild(feed, 'id').text).toBe(`${PUBLIC_URL}/archive`);
    expect(onlyChild(feed, 'updated').text).toBe('2026-11-25T07:00:00.000Z');
    const entries = childrenNamed(feed, 'entry');
    expect(entries).toHaveLength(20);
    const newest = entries[0];
    if (newest === undefined) throw new Error('no entry');
    expect(onlyChild(newest, 'title').text).toBe('Tom & Jerry <script>alert(1)</script>');
    expect(onlyChild(newest, 'id').text).toBe(`${PUBLIC_URL}/archive/2026-11-25-abc25`);
    expect(onlyChild(newest, 'link').attributes.href).toBe(
      `${PUBLIC_URL}/archive/2026-11-25-abc25`,
    );
    expect(onlyChild(newest, 'summary').text).toBe('Preheader of 2026-11-25-abc25');
  });
});

describe('on Lambda', () => {
  it('the handler serves the same app to API Gateway (HTTP API) events', async () => {
    for (const [name, value] of Object.entries(localEnv())) vi.stubEnv(name, value);
    try {
      const { handler } = await import('../../lambda/handlers/api.ts');
      const event = (
        method: string,
        path: string,
        body?: string,
        more: { query?: string; contentType?: string; base64?: boolean } = {},
      ): LambdaEvent =>
        ({
          version: '2.0',
          routeKey: '$default',
          rawPath: path,
          rawQueryString: more.query ?? '',
          headers: {
            host: 'braid.example.org',
            'content-type': more.contentType ?? 'application/json',
            'x-forwarded-for': '198.51.100.99',
          },
          requestContext: {
            accountId: '123456789012',
            apiId: 'api',
            domainName: 'braid.example.org',
            domainPrefix: 'braid',
            http: {
              method,
              path,
              protocol: 'HTTP/1.1',
              sourceIp: '203.0.113.9',
              userAgent: 'test',
            },
            requestId: 'r1',
            routeKey: '$default',
            stage: '$default',
            time: '01/Dec/2026:08:00:00 +0000',
            timeEpoch: 1_795_000_000_000,
          },
          ...(body === undefined
            ? {}
            : { body: more.base64 ? Buffer.from(body).toString('base64') : body }),
          isBase64Encoded: more.base64 ?? false,
        }) as unknown as LambdaEvent;
      const page = await handler(event('GET', '/subscribe'));
      expect(page.statusCode).toBe(200);
      expect(page.headers?.['content-security-policy']).toBe(PAGE_CSP);
      expect(page.body).toContain('<h1>Subscribe to Braid</h1>');
      const email = 'lambda.reader@example.org';
      const signup = await quietly(() =>
        handler(event('POST', '/subscribe', JSON.stringify({ email, consent: true }))),
      );
      expect(signup.statusCode).toBe(200);
      expect(JSON.parse(signup.body)).toEqual({ status: 'check-your-inbox' });
      // The client is API Gateway's source IP, not the X-Forwarded-For header.
      expect((await stored(email))?.signup).toMatchObject({
        source: 'api',
        clientHash: clientHash(keyring, '203.0.113.9'),
      });

      // One-click as API Gateway hands it over: a base64 body, urlencoded and then multipart.
      const reader = 'lambda.leaver@example.org';
      await signUpAndConfirm(reader);
      const id = subscriberIdFor(reader);
      const query = new URL(unsubscribeUrl(PUBLIC_URL, keyring, id)).search.slice(1);
      const oneClick = await handler(
        event('POST', '/unsubscribe', 'List-Unsubscribe=One-Click', {
          query,
          contentType: FORM,
          base64: true,
        }),
      );
      expect(oneClick.statusCode).toBe(200);
      expect(oneClick.headers?.location).toBeUndefined();
      expect((await stored(reader))?.status).toBe('unsubscribed');

      await postForm(`${base}/resubscribe`, {
        token: new URLSearchParams(query).get('token') ?? '',
      });
      expect((await stored(reader))?.status).toBe('confirmed');
      const boundary = 'braid-boundary';
      const multipart = [
        `--${boundary}`,
        'Content-Disposition: form-data; name="List-Unsubscribe"',
        '',
        'One-Click',
        `--${boundary}--`,
        '',
      ].join('\r\n');
      const multipartClick = await handler(
        event('POST', '/unsubscribe', multipart, {
          query,
          contentType: `multipart/form-data; boundary=${boundary}`,
          base64: true,
        }),
      );
      expect(multipartClick.statusCode).toBe(200);
      expect((await stored(reader))?.status).toBe('unsubscribed');
    } finally {
      vi.unstubAllEnvs();
    }
  });
});
