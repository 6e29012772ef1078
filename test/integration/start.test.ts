import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { makeWorkspace, runCli, type Workspace } from '../helpers/cli.ts';

const STORY = 'biden-calls-putin-a-killer';

async function outboxFiles(ws: Workspace): Promise<string[]> {
  const root = join(ws.out, 'outbox');
  const editions = await readdir(root).catch(() => [] as string[]);
  const files: string[] = [];
  for (const edition of editions) {
    for (const name of await readdir(join(root, edition))) files.push(join(root, edition, name));
  }
  return files;
}

describe('npm start: the scheduled job on embedded engines', () => {
  it('sends the seed story to the demo subscribers once, then nothing on the next run', async () => {
    const ws = await makeWorkspace();
    const first = await runCli(['start'], ws.env);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/seeded with 2 demo confirmed subscribers/);
    expect(first.stdout).toMatch(/Recipients\s+2/);
    expect(first.stdout).toMatch(/Sent\s+2/);
    expect(first.stdout).toMatch(/Failed\s+0/);
    expect(first.stdout).toMatch(new RegExp(`Stories\\s+${STORY}`));
    expect(first.stdout).toMatch(/Outbox\s+.*outbox\/\S+\/ \(2 \.eml files/);

    const files = await outboxFiles(ws);
    expect(files).toHaveLength(2);
    const recipients: string[] = [];
    for (const file of files) {
      const mail = await simpleParser(await readFile(file));
      recipients.push(mail.to && !Array.isArray(mail.to) ? (mail.to.value[0]?.address ?? '') : '');
      // mailparser folds List-* into one parsed object; the raw lines are what a provider reads.
      const header = (key: string) =>
        mail.headerLines.find((h) => h.key === key)?.line.replace(/\r?\n\s+/g, ' ') ?? '';
      expect(header('list-unsubscribe-post')).toBe(
        'List-Unsubscribe-Post: List-Unsubscribe=One-Click',
      );
      expect(header('list-unsubscribe')).toMatch(
        /^List-Unsubscribe: <https?:\/\/\S+\/unsubscribe\?token=[^>]+>, <mailto:[^>]+>$/,
      );
      expect(header('list-id')).toMatch(/^List-ID: <[^>]+>$/);
      expect(mail.text).toContain('Putin');
      expect(mail.html).toContain('Putin');
    }
    expect(recipients.sort()).toEqual(['ada@example.com', 'grace@example.com']);

    const second = await runCli(['start'], ws.env);
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/Edition \S+ was already sent/);
    expect(await outboxFiles(ws)).toHaveLength(2);
  });

  it('sends nothing and exits 1 when a content file has no outlet, naming the file and field', async () => {
    const ws = await makeWorkspace();
    const file = join(ws.content, STORY, 'nbc-news.md');
    await writeFile(file, (await readFile(file, 'utf8')).replace(/^outlet: .*\n/m, ''));
    const run = await runCli(['start'], ws.env);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/nbc-news\.md: field "outlet" is missing/);
    expect(await outboxFiles(ws)).toEqual([]);
  });

  it('sends nothing and exits 1 when a published date does not parse', async () => {
    const ws = await makeWorkspace();
    const file = join(ws.content, STORY, 'bbc-news.md');
    await writeFile(
      file,
      (await readFile(file, 'utf8')).replace(/^published: .*$/m, 'published: 18th of March'),
    );
    const run = await runCli(['start'], ws.env);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /bbc-news\.md: field "published" is invalid: expected an ISO 8601 date/,
    );
    expect(await outboxFiles(ws)).toEqual([]);
  });

  it('sends the ready stories when a draft story is broken (drafts are not parsed)', async () => {
    const ws = await makeWorkspace();
    await mkdir(join(ws.content, 'half-written'));
    await writeFile(join(ws.content, 'half-written', 'story.yaml'), 'status: draft\n');
    await writeFile(
      join(ws.content, 'half-written', 'wire.md'),
      '---\ntitle: no outlet yet\n---\nText.\n',
    );
    const run = await runCli(['start'], ws.env);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Sent\s+2/);
  });

  it('skips a ready story folder with no articles, with a warning, and sends the rest', async () => {
    const ws = await makeWorkspace();
    await mkdir(join(ws.content, 'empty-story'));
    await writeFile(join(ws.content, 'empty-story', 'story.yaml'), 'status: ready\n');
    const run = await runCli(['start'], ws.env);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/warning: Story "empty-story" has no articles; skipped/);
    expect(run.stdout).toMatch(/Sent\s+2/);
  });

  it.each([
    [
      'only drafts',
      async (ws: Workspace) => writeFile(join(ws.content, STORY, 'story.yaml'), 'status: draft\n'),
    ],
    [
      'an empty content folder',
      async (ws: Workspace) => rm(join(ws.content, STORY), { recursive: true }),
    ],
  ])('says "nothing to send" and exits 0 with %s', async (_case, arrange) => {
    const ws = await makeWorkspace();
    await arrange(ws);
    const run = await runCli(['start'], ws.env);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Nothing to send: no story is ready/);
    expect(await outboxFiles(ws)).toEqual([]);
  });

  it('stops with a clear error, nothing sent, when the local SES port is taken', async () => {
    const ws = await makeWorkspace();
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const address = blocker.address();
    const port = typeof address === 'object' && address !== null ? address.port : 0;
    try {
      const run = await runCli(['start', '--ses-port', String(port)], ws.env);
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(
        new RegExp(`local SES API cannot start: port ${port} .* already in use.*Nothing was sent`),
      );
      expect(await outboxFiles(ws)).toEqual([]);
    } finally {
      await new Promise<void>((resolve) => blocker.close(() => resolve()));
    }
  });

  it('says how to reset when .data/ is corrupted, and reset --yes recovers', async () => {
    const ws = await makeWorkspace();
    expect((await runCli(['start'], ws.env)).code).toBe(0);
    const store = join(ws.data, 'dynamodb');
    for (const name of await readdir(store)) {
      if (name.startsWith('MANIFEST') || name === 'CURRENT')
        await writeFile(join(store, name), 'garbage\n');
    }
    const broken = await runCli(['start'], ws.env);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toMatch(/corrupted or unreadable.*npx braid reset --yes/);

    const refused = await runCli(['reset'], ws.env);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/--yes/);
    expect((await runCli(['reset', '--yes'], ws.env)).code).toBe(0);
    const again = await runCli(['start'], ws.env);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/Sent\s+2/);
  });
});

describe('braid subscribers', () => {
  it('adds and lists subscribers, refusing duplicates and bad addresses', async () => {
    const ws = await makeWorkspace({ copyContent: false });
    const added = await runCli(
      ['subscribers', 'add', 'Reader@Example.org', '--name', 'Reader One', '--confirmed'],
      ws.env,
    );
    expect(added.code).toBe(0);
    expect(added.stdout).toMatch(/Added reader@example\.org as confirmed/);
    expect((await runCli(['subscribers', 'add', 'pending@example.org'], ws.env)).stdout).toMatch(
      /as pending/,
    );
    const duplicate = await runCli(['subscribers', 'add', 'reader@example.org'], ws.env);
    expect(duplicate.code).toBe(1);
    expect(duplicate.stderr).toMatch(/already a subscriber \(status confirmed\)/);
    const bad = await runCli(['subscribers', 'add', 'not-an-address'], ws.env);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/<email>: Expected an email address/);
    const list = await runCli(['subscribers', 'list'], ws.env);
    expect(list.stdout).toMatch(/reader@example\.org\s+Reader One\s+confirmed/);
    expect(list.stdout).toMatch(/pending@example\.org\s+pending/);
    expect(list.stdout).toMatch(/2 subscribers/);
  });
});
