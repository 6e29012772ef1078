import { readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type BackgroundCli,
  makeWorkspace,
  runCli,
  startCli,
  type Workspace,
} from '../helpers/cli.ts';

/**
 * `braid preview` and `braid render` as an editor runs them: the preview on the local store
 * (beside `braid serve` and `npm start`), a test sent through the local SES API into the
 * outbox, and `render` given a bare slug.
 */
const SEED = 'biden-calls-putin-a-killer';
let ws: Workspace;
let cli: BackgroundCli;
let url: string;

beforeAll(async () => {
  ws = await makeWorkspace();
  cli = startCli(['preview', '--port', '0'], ws.env);
  url = (await cli.waitFor(/Address\s+(http:\/\/127\.0\.0\.1:\d+)/))[1] ?? '';
});

afterAll(async () => {
  await cli?.stop();
  if (ws) await rm(ws.dir, { recursive: true, force: true });
});

describe('braid preview', () => {
  it('prints its loopback address and serves the stories', async () => {
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const page = await fetch(`${url}/`);
    expect(await page.text()).toContain(`data-story="${SEED}"`);
  });

  it('sends a test through the local SES API into the outbox, and records no edition', async () => {
    const answer = await fetch(`${url}/send-test`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: url },
      body: JSON.stringify({ target: 'edition', to: 'editor@example.org' }),
    });
    expect(answer.status).toBe(200);
    const outbox = join(ws.out, 'outbox');
    const folders = await readdir(outbox);
    expect(folders).toHaveLength(1);
    expect(folders[0]).toMatch(/^test-/);
    const files = await readdir(join(outbox, folders[0] ?? ''));
    const mail = await simpleParser(await readFile(join(outbox, folders[0] ?? '', files[0] ?? '')));
    expect(mail.subject).toMatch(/^\[Test\] Russia recalls/);
    // The store holds no edition and no ledger entry: the story is still unsent.
    const status = await runCli(['status', '--json'], ws.env);
    expect(status.stdout + status.stderr).not.toMatch(/"sent":\s*[1-9]/);
    expect(await (await fetch(`${url}/`)).text()).toMatch(/badge ready/);
  });
});

describe('braid preview without its folders', () => {
  it.each([
    ['content', 'BRAID_CONTENT_DIR'],
    ['templates', 'BRAID_TEMPLATES_DIR'],
  ])('exits with one line naming the missing %s folder, before listening', async (what, name) => {
    const missing = join(ws.dir, `no-${what}`);
    const run = await runCli(['preview', '--port', '0'], { ...ws.env, [name]: missing });
    expect(run.code).not.toBe(0);
    expect(run.stdout).not.toMatch(/Address/);
    const lines = run.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(`${what} folder ${missing} not found`);
  });
});

describe('braid render', () => {
  it('takes a bare slug as well as a folder', async () => {
    const out = join(ws.dir, 'render');
    const run = await runCli(
      ['render', SEED, '--out', out, '--at', '2021-03-18T06:00:00Z'],
      ws.env,
    );
    expect(run.code, run.stderr).toBe(0);
    expect(await readFile(join(out, 'edition.html'), 'utf8')).toContain('Thursday 18 March 2021');
    const mail = await simpleParser(await readFile(join(out, 'sample.eml')));
    expect(mail.subject).toMatch(/^Russia recalls/);
    const missing = await runCli(['render', 'no-such-story', '--out', out], ws.env);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(
      /^error: <story> "no-such-story": no such story; expected a folder name in .*\(biden-calls-putin-a-killer\)/,
    );
  });
});
