import { type ChildProcess, spawn } from 'node:child_process';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeWorkspace, repoRoot, runCli, type Workspace } from '../helpers/cli.ts';
import { artifactPath } from './email-artifacts.ts';
import { launchChromium } from './launch-chromium.ts';

/**
 * A reader's whole journey, as a person and a mail client do it: the signup link in Debian's
 * Chromium, the confirmation email from the outbox, the Confirm button, the scheduled send,
 * the one-click unsubscribe POST of the edition's List-Unsubscribe header, and the next
 * edition without them. `braid serve` and `braid start` run side by side on one local store.
 * Screenshots of each page stay in test-results/email/.
 */

const READER = 'journey.reader@example.com';

let browser: Browser;
let page: Page;
let serve: ChildProcess;
let ws: Workspace;
let env: Record<string, string>;
let base: string;

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Starts `braid serve` and resolves once it answers. */
async function startServe(): Promise<ChildProcess> {
  const child = spawn(process.execPath, [join(repoRoot, 'cli', 'bin.js'), 'serve'], {
    cwd: repoRoot,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  for (let i = 0; i < 200; i++) {
    if (child.exitCode !== null) throw new Error(`braid serve exited: ${output}`);
    const answer = await fetch(`${base}/subscribe`).catch(() => undefined);
    if (answer?.ok) return child;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`braid serve did not answer: ${output}`);
}

async function emlFiles(dir: string): Promise<string[]> {
  return (await readdir(dir).catch(() => [])).filter((f) => f.endsWith('.eml')).sort();
}

async function subscriberStatus(email: string): Promise<string | undefined> {
  const listed = await runCli(['subscribers', 'list', '--json'], env);
  expect(listed.code, listed.stderr).toBe(0);
  const rows = JSON.parse(listed.stdout) as { email: string; status: string }[];
  return rows.find((row) => row.email === email)?.status;
}

/** A header as sent (mailparser folds the List-* headers into one object). */
function rawHeader(raw: Buffer, name: string): string | undefined {
  const head =
    raw
      .toString('latin1')
      .split('\r\n\r\n')[0]
      ?.replace(/\r\n[ \t]+/gu, ' ') ?? '';
  const line = head.split('\r\n').find((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}:`));
  return line?.slice(name.length + 1).trim();
}

async function shot(name: string): Promise<void> {
  await page.screenshot({ path: artifactPath(`journey-${name}.png`), fullPage: true });
}

beforeAll(async () => {
  ws = await makeWorkspace();
  base = `http://127.0.0.1:${await freePort()}`;
  env = { ...ws.env, BRAID_PUBLIC_URL: base };
  serve = await startServe();
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 600, height: 900 } });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  serve?.kill('SIGTERM');
  await new Promise((resolve) =>
    serve?.exitCode === null ? serve.once('exit', resolve) : resolve(0),
  );
});

describe('a reader signs up, confirms, receives an edition and leaves with one click', () => {
  let editionId = '';
  let subscriberId = '';

  it('signs up from the link braid signup-link prints', async () => {
    const link = await runCli(['signup-link'], env);
    expect(link.code, link.stderr).toBe(0);
    expect(link.stdout.trim()).toBe(`${base}/subscribe`);
    await page.goto(link.stdout.trim());
    await shot('1-subscribe');
    await page.getByRole('textbox', { name: 'Email address' }).fill(READER);
    await page.getByRole('textbox', { name: /^Name/ }).fill('Journey <b>Reader</b>');
    await page.getByRole('checkbox', { name: /email me/i }).check();
    await page.getByRole('button', { name: /subscribe/i }).click();
    await expect.poll(() => page.textContent('body')).toMatch(/check your inbox/i);
    await shot('2-check-inbox');
    expect(await subscriberStatus(READER)).toBe('pending');
  });

  it('confirms from the link in the confirmation email, with a button', async () => {
    const signupDir = join(ws.out, 'outbox', 'signup');
    const confirmation = (await emlFiles(signupDir)).find((f) => f.includes('-confirm-'));
    expect(confirmation).toBeDefined();
    const mail = await simpleParser(await readFile(join(signupDir, confirmation ?? '')));
    expect(mail.to && 'text' in mail.to ? mail.to.text : '').toContain(READER);
    const confirmUrl = /https?:\/\/\S+\/confirm\?token=[\w.%-]+/u.exec(mail.text ?? '')?.[0];
    expect(confirmUrl).toBeDefined();
    subscriberId =
      decodeURIComponent(confirmUrl ?? '')
        .split('=')[1]
        ?.split('.')[1] ?? '';

    await page.goto(confirmUrl ?? '');
    await shot('3-confirm');
    expect(await subscriberStatus(READER)).toBe('pending'); // opening the link changes nothing
    await page.getByRole('button', { name: /confirm/i }).click();
    await expect.poll(() => page.textContent('body')).toMatch(/subscribed/i);
    await shot('4-confirmed');
    expect(await subscriberStatus(READER)).toBe('confirmed');

    const welcome = (await emlFiles(signupDir)).find((f) => f.includes('-welcome-'));
    expect(welcome).toBeDefined();
    const welcomeRaw = await readFile(join(signupDir, welcome ?? ''));
    const welcomeMail = await simpleParser(welcomeRaw);
    expect(rawHeader(welcomeRaw, 'List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');
    expect(welcomeMail.html).toContain('Journey &lt;b&gt;Reader&lt;/b&gt;');
  });

  it('receives the next scheduled edition while braid serve keeps running', async () => {
    const run = await runCli(['start', '--at', '2026-12-02T06:00:00Z'], env);
    expect(run.code, `${run.stdout}\n${run.stderr}`).toBe(0);
    editionId = /Edition\s+(\S+)/u.exec(run.stdout)?.[1] ?? '';
    expect(editionId).not.toBe('');
    expect(run.stdout).toMatch(/braid serve/);
    const files = await emlFiles(join(ws.out, 'outbox', editionId));
    expect(files).toContain(`${subscriberId}.eml`);
  });

  it('shows the edition in the web archive, with no placeholder left', async () => {
    await page.goto(`${base}/archive`);
    await shot('5-archive');
    await page
      .getByRole('link', { name: /.+/ })
      .filter({ hasText: /killer|Putin|ambassador/i })
      .first()
      .click();
    await expect.poll(() => page.url()).toContain(`/archive/${editionId}`);
    await shot('6-web-copy');
    const html = await page.content();
    expect(html).not.toContain('%%braid:');
    expect(html).not.toContain(READER);
  });

  it('leaves with the one-click POST a mail client sends, and gets no further edition', async () => {
    const raw = await readFile(join(ws.out, 'outbox', editionId, `${subscriberId}.eml`));
    const header = rawHeader(raw, 'List-Unsubscribe') ?? '';
    expect(rawHeader(raw, 'List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');
    const url = /<(https?:[^>]+)>/u.exec(header)?.[1];
    expect(url).toBeDefined();
    const answer = await fetch(url ?? '', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
      redirect: 'manual',
    });
    expect(answer.status).toBe(200);
    expect(await subscriberStatus(READER)).toBe('unsubscribed');

    await page.goto(url ?? '');
    await shot('7-unsubscribe-page');
    expect(await subscriberStatus(READER)).toBe('unsubscribed');

    // Someone else stays subscribed; an editor corrects the story and sends the correction
    // (`send --story … --again`): it goes out to them, without the reader who left.
    const other = await runCli(['subscribers', 'add', 'stays@example.com', '--confirmed'], env);
    expect(other.code, other.stderr).toBe(0);
    const story = join(ws.content, 'biden-calls-putin-a-killer', 'story.yaml');
    const yaml = await readFile(story, 'utf8');
    await writeFile(story, yaml.replace(/^headline:.*$/mu, 'headline: Russia recalls its envoy'));
    const next = await runCli(['send', '--story', 'biden-calls-putin-a-killer', '--again'], env);
    expect(next.code, `${next.stdout}\n${next.stderr}`).toBe(0);
    const nextId = /Edition\s+(\S+)/u.exec(next.stdout)?.[1] ?? '';
    expect(nextId).not.toBe(editionId);
    const sent = await emlFiles(join(ws.out, 'outbox', nextId));
    expect(sent).toHaveLength(1);
    expect(sent).not.toContain(`${subscriberId}.eml`);
  });
});
