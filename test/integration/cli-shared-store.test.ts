import { spawnSync } from 'node:child_process';
import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { Level } from 'level';
import { describe, expect, it } from 'vitest';
import { subscriberIdFor } from '../../lambda/subscribers/subscriber-id.ts';
import { makeWorkspace, runCli, startCli, type Workspace } from '../helpers/cli.ts';

const exists = (path: string) =>
  stat(path).then(
    () => true,
    () => false,
  );

async function emlFiles(dir: string): Promise<string[]> {
  return (await readdir(dir).catch(() => [] as string[])).filter((name) => name.endsWith('.eml'));
}

async function editionOutbox(ws: Workspace): Promise<string[]> {
  const root = join(ws.out, 'outbox');
  const files: string[] = [];
  for (const folder of await readdir(root).catch(() => [] as string[])) {
    if (folder !== 'signup') files.push(...(await emlFiles(join(root, folder))));
  }
  return files;
}

/** The id of a process that has exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
  return Number(child.stdout.toString());
}

async function importConfirmed(ws: Workspace, emails: string[]): Promise<void> {
  const csv = join(ws.dir, `import-${emails.length}.csv`);
  await writeFile(csv, `email\n${emails.join('\n')}\n`);
  const run = await runCli(['subscribers', 'import', csv, '--confirmed'], ws.env);
  expect(run.stdout).toMatch(new RegExp(`: ${emails.length} added \\(confirmed\\)`));
}

describe('one store, many commands: `braid serve` and the CLI at the same time', () => {
  it('every command works while serve holds the store, and each sees what the others wrote', async () => {
    const ws = await makeWorkspace();
    const serve = startCli(['serve', '--port', '0'], ws.env);
    try {
      const [, origin] = await serve.waitFor(/Address\s+(http:\/\/127\.0\.0\.1:\d+)/, 60_000);
      await serve.waitFor(/Ctrl-C to stop/);
      const banner = serve.output().stdout;
      expect(banner).toMatch(/Signup\s+http:\/\/localhost:8787\/subscribe/);
      expect(banner).toMatch(
        /Emails\s+confirmation and welcome emails land in \S*outbox\/signup\//,
      );
      expect(banner).toMatch(/set BRAID_PUBLIC_URL=http:\/\/localhost:\d+/);
      expect(JSON.parse(await readFile(join(ws.data, 'engine.json'), 'utf8'))).toMatchObject({
        pid: serve.pid,
      });

      // The CLI writes and reads through serve's engine, two commands at once.
      const [added, pending] = await Promise.all([
        runCli(['subscribers', 'add', 'reader@example.org', '--confirmed'], ws.env),
        runCli(['subscribers', 'add', 'pending@example.org'], ws.env),
      ]);
      expect(added.stderr).toBe('');
      expect(added.code).toBe(0);
      expect(pending.code).toBe(0);

      // serve sees the subscriber the CLI added: a signup for it gets "already subscribed".
      const post = (email: string) =>
        fetch(`${origin}/subscribe`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'application/json' },
          body: JSON.stringify({ email, consent: true }),
        });
      const again = await post('reader@example.org');
      expect(again.status).toBe(200);
      expect(await again.json()).toEqual({ status: 'check-your-inbox' });
      const signupMail = await emlFiles(join(ws.out, 'outbox', 'signup'));
      expect(signupMail).toEqual([
        expect.stringMatching(
          new RegExp(`-already-subscribed-${subscriberIdFor('reader@example.org')}\\.eml$`),
        ),
      ]);
      // …and the CLI sees the signup serve took.
      expect((await post('newcomer@example.org')).status).toBe(200);
      const [list, status] = await Promise.all([
        runCli(['subscribers', 'list'], ws.env),
        runCli(['status'], ws.env),
      ]);
      expect(list.code).toBe(0);
      expect(list.stdout).toMatch(/reader@example\.org\s+confirmed/);
      expect(list.stdout).toMatch(/pending@example\.org\s+pending/);
      expect(list.stdout).toMatch(/newcomer@example\.org\s+pending/);
      expect(status).toMatchObject({ code: 0, stderr: '' });
      expect(status.stdout).toMatch(/No edition yet/);

      // npm start while serve runs: sends to the one confirmed subscriber (serve created the
      // store, so this run seeds no demo subscribers) and says where the links work.
      const start = await runCli(['start'], ws.env);
      expect(start.stderr).toBe('');
      expect(start.code).toBe(0);
      expect(start.stdout).not.toMatch(/seeded/);
      expect(start.stdout).toMatch(/Recipients\s+1\n/);
      expect(start.stdout).toMatch(/Sent\s+1\n/);
      expect(start.stdout).toMatch(
        /Links\s+.*work while `npx braid serve` runs \(http:\/\/localhost:8787/,
      );
      expect(await editionOutbox(ws)).toEqual([`${subscriberIdFor('reader@example.org')}.eml`]);
      expect((await runCli(['status'], ws.env)).stdout).toMatch(/Sent\s+1\n/);
      // serve's engine is still up after all of them came and went.
      expect((await post('late@example.org')).status).toBe(200);
      const reset = await runCli(['reset', '--yes'], ws.env);
      expect(reset.code).toBe(1);
      expect(reset.stderr).toMatch(
        new RegExp(`Process ${serve.pid} is using the local store.*stop it first`),
      );
    } finally {
      const stopped = await serve.stop('SIGINT');
      expect(stopped.stdout).toMatch(/Stopped\.\n$/);
      expect(stopped.code).toBe(0);
    }
    expect(await exists(join(ws.data, 'engine.json'))).toBe(false);
    expect(await exists(join(ws.data, 'engine.lock'))).toBe(false);
    // With serve gone, the next command opens the store itself.
    const after = await runCli(['subscribers', 'list', '--status', 'pending'], ws.env);
    expect(after.stdout).toMatch(/late@example\.org/);
  }, 180_000);

  it('a command attached to another one carries on when that one stops first', async () => {
    const ws = await makeWorkspace({ copyContent: false });
    const first = startCli(['serve', '--port', '0'], ws.env);
    const second = startCli(['serve', '--port', '0'], ws.env);
    try {
      await first.waitFor(/Ctrl-C to stop/, 60_000);
      await second.waitFor(/Ctrl-C to stop/, 60_000);
      const [, origin] = /Address\s+(http:\/\/127\.0\.0\.1:\d+)/.exec(second.output().stdout) ?? [];
      const holder = JSON.parse(await readFile(join(ws.data, 'engine.json'), 'utf8')) as {
        pid: number;
      };
      const [owner, attached] = holder.pid === first.pid ? [first, second] : [second, first];
      const attachedOrigin =
        attached === second
          ? origin
          : /Address\s+(http:\/\/127\.0\.0\.1:\d+)/.exec(first.output().stdout)?.[1];
      expect((await owner.stop('SIGINT')).code).toBe(0);
      const signup = await fetch(`${attachedOrigin}/subscribe`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({ email: 'reader@example.org', consent: true }),
      });
      expect(signup.status).toBe(200);
      expect(JSON.parse(await readFile(join(ws.data, 'engine.json'), 'utf8'))).toMatchObject({
        pid: attached.pid,
      });
      expect((await runCli(['subscribers', 'list'], ws.env)).stdout).toMatch(
        /reader@example\.org\s+pending/,
      );
    } finally {
      await Promise.all([first.stop('SIGINT'), second.stop('SIGINT')]);
    }
    expect(await exists(join(ws.data, 'engine.json'))).toBe(false);
  }, 120_000);

  it('serve on a taken port stops with one line naming the port and --port', async () => {
    const ws = await makeWorkspace({ copyContent: false });
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const address = blocker.address();
    const port = typeof address === 'object' && address !== null ? address.port : 0;
    try {
      const run = await runCli(['serve', '--port', String(port)], ws.env);
      expect(run.code).toBe(1);
      expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(run.stderr).toMatch(
        new RegExp(
          `^error: Cannot serve on 127\\.0\\.0\\.1:${port}: the port is already in use.*--port <port>`,
        ),
      );
    } finally {
      await new Promise<void>((resolve) => blocker.close(() => resolve()));
    }
    expect(await exists(join(ws.data, 'engine.json'))).toBe(false);
  });
});

describe('one send at a time', () => {
  it('a second `start` (or `send --retry-failed`) fails fast while one is sending; nobody gets two', async () => {
    const ws = await makeWorkspace();
    const readers = Array.from({ length: 30 }, (_, i) => `reader${i}@example.org`);
    await importConfirmed(ws, readers);
    // 30 messages at 2 a second: about 15 s of sending to overlap with.
    const env = { ...ws.env, BRAID_SEND_RATE: '2' };
    const first = startCli(['start'], env);
    let exited = false;
    void first.exited.then(() => {
      exited = true;
    });
    for (let i = 0; i < 1200 && (await editionOutbox(ws)).length === 0 && !exited; i += 1)
      await delay(50);
    expect(exited).toBe(false);

    const [second, retry] = await Promise.all([
      runCli(['start'], env),
      runCli(['send', '--retry-failed', 'any-edition'], env),
    ]);
    expect(second.code).toBe(1);
    expect(second.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(second.stderr).toMatch(
      new RegExp(
        `^error: Another send is running \\(braid start, pid ${first.pid}, since [^)]+\\); wait for it to finish`,
      ),
    );
    expect(retry.code).toBe(1);
    expect(retry.stderr).toMatch(/^error: Another send is running \(braid start, pid/);
    expect(exited).toBe(false);

    const done = await first.exited;
    expect(done.stderr).toBe('');
    expect(done.code).toBe(0);
    expect(done.stdout).toMatch(/Sent\s+30\n/);
    const files = await editionOutbox(ws);
    expect(files).toHaveLength(30);
    expect(new Set(files).size).toBe(30);
    expect(await exists(join(ws.data, 'send.lock'))).toBe(false);
    const third = await runCli(['start'], ws.env);
    expect(third.code).toBe(0);
    expect(third.stdout).toMatch(/was already sent/);
  }, 180_000);
});

describe('stale and foreign holders', () => {
  it('ignores and replaces an engine.json, engine.lock and send.lock left by a process that died', async () => {
    const ws = await makeWorkspace();
    await mkdir(ws.data, { recursive: true });
    const gone = deadPid();
    await writeFile(
      join(ws.data, 'engine.json'),
      JSON.stringify({ url: 'http://127.0.0.1:9', pid: gone }),
    );
    await writeFile(join(ws.data, 'engine.lock'), JSON.stringify({ pid: gone, command: 'braid' }));
    await writeFile(
      join(ws.data, 'send.lock'),
      JSON.stringify({ pid: gone, command: 'braid start' }),
    );
    const run = await runCli(['start'], ws.env);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/seeded with 2 demo confirmed subscribers/);
    expect(run.stdout).toMatch(/Sent\s+2\n/);
    for (const name of ['engine.json', 'engine.lock', 'send.lock'])
      expect(await exists(join(ws.data, name))).toBe(false);
  });

  it('says so in one line when something that does not share it holds the store', async () => {
    const ws = await makeWorkspace({ copyContent: false });
    expect((await runCli(['subscribers', 'add', 'reader@example.org'], ws.env)).code).toBe(0);
    const foreign = new Level(join(ws.data, 'dynamodb'));
    await foreign.open();
    try {
      const run = await runCli(['subscribers', 'list'], ws.env);
      expect(run.code).toBe(1);
      expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(run.stderr).toMatch(
        /^error: The local data store \S+dynamodb is in use by another process that does not share it .*npx braid reset --yes/,
      );
    } finally {
      await foreign.close();
    }
    expect((await runCli(['subscribers', 'list'], ws.env)).stdout).toMatch(/reader@example\.org/);
  });
});
