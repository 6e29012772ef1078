import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type CliResult, makeWorkspace, repoRoot, runCli } from '../helpers/cli.ts';

/** An editor's commands through the real `braid`: what they say, and their exit codes. */

const SEED = 'biden-calls-putin-a-killer';

function expectOneLine(run: CliResult, code: number, message: RegExp): void {
  expect(run.code, run.stderr).toBe(code);
  const lines = run.stderr.trimEnd().split('\n');
  expect(lines, run.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(message);
}

describe('the command line', () => {
  it('--version prints the version; --help lists the editor commands', async () => {
    const ws = await makeWorkspace({ copyContent: false });
    const { version } = JSON.parse(await readFile(join(repoRoot, 'package.json'), 'utf8')) as {
      version: string;
    };
    const run = await runCli(['--version'], ws.env);
    expect(run).toMatchObject({ code: 0, stdout: `${version}\n` });
    const help = await runCli(['--help'], ws.env);
    expect(help.code).toBe(0);
    for (const command of [
      'start',
      'stories',
      'check',
      'editions',
      'brief <story>',
      'render <story>',
    ]) {
      expect(help.stdout).toContain(`  ${command}`);
    }
  });

  it('an unknown command is a usage error (exit 2) on one line listing the commands', async () => {
    const ws = await makeWorkspace({ copyContent: false });
    expectOneLine(
      await runCli(['strat'], ws.env),
      2,
      /^error: unknown command 'strat': expected one of start, stories, check, editions, brief/,
    );
    expectOneLine(await runCli(['subscribers', 'lst'], ws.env), 2, /^error: unknown command 'lst'/);
  });

  it('an unknown story is a usage error naming the argument and listing the stories', async () => {
    const ws = await makeWorkspace();
    expectOneLine(
      await runCli(['brief', 'no-such-story'], ws.env),
      2,
      new RegExp(
        `^error: <story> "no-such-story": no such story; expected a folder name in .*\\(${SEED}\\)`,
      ),
    );
  });

  it('takes a story by slug or by path alike', async () => {
    const ws = await makeWorkspace();
    const bySlug = await runCli(['brief', SEED, '--json'], ws.env);
    const byPath = await runCli(['brief', join(ws.content, SEED), '--json'], ws.env);
    expect(bySlug.code, bySlug.stderr).toBe(0);
    expect(byPath.stdout).toBe(bySlug.stdout);
  });

  it('render --out on an existing file is a usage error, and nothing is written', async () => {
    const ws = await makeWorkspace();
    const file = join(ws.dir, 'taken.html');
    await writeFile(file, 'keep me');
    expectOneLine(
      await runCli(['render', SEED, '--out', file], ws.env),
      2,
      /^error: --out .*taken\.html: is a file; expected a folder/,
    );
    expect(await readFile(file, 'utf8')).toBe('keep me');
  });

  it('--debug shows the stack trace of an error', async () => {
    const ws = await makeWorkspace();
    const bad = join(ws.content, 'bad');
    await mkdir(bad);
    await writeFile(join(bad, 'a.md'), '---\noutlet: A\n---\n\nText.\n');
    expectOneLine(await runCli(['brief', 'bad'], ws.env), 1, /field "published" is missing/);
    const debug = await runCli(['brief', 'bad', '--debug'], ws.env);
    expect(debug.code).toBe(1);
    expect(debug.stderr).toMatch(/ContentError: .*field "published" is missing[\s\S]*\n\s+at /);
  });
});

describe('stories, check, start --dry-run and editions', () => {
  it('shows each story’s state, what the next edition would be, and the editions sent', async () => {
    const ws = await makeWorkspace();
    const draft = join(ws.content, 'a-draft');
    await mkdir(draft);
    await writeFile(join(draft, 'story.yaml'), 'status: draft\n');

    const stories = await runCli(['stories'], ws.env);
    expect(stories.code, stories.stderr).toBe(0);
    expect(stories.stdout).toMatch(/^STORY\s+STATUS\s+OUTLETS\s+WORDS\s+WARNINGS$/m);
    expect(stories.stdout).toMatch(
      new RegExp(`^${SEED}\\s+ready\\s+BBC News, NBC News\\s+\\d+\\s+0$`, 'm'),
    );
    expect(stories.stdout).toMatch(/^a-draft\s+draft\s+-\s+0\s+0$/m);

    const check = await runCli(['check'], ws.env);
    expect(check.code, check.stderr).toBe(0);
    expect(check.stdout).toMatch(/2 stories checked: 0 errors/);

    // Nothing exists yet: the dry run creates no store, so the first start still seeds.
    const dry = await runCli(['start', '--dry-run', '--at', '2021-03-18T06:00:00Z'], ws.env);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toMatch(
      /dry run of the scheduled send \(nothing is sent, queued or recorded\)/,
    );
    expect(dry.stdout).toMatch(/Edition\s+2021-03-18-[0-9a-f]{8}/);
    expect(dry.stdout).toMatch(
      /Recipients\s+none yet: the first npm start seeds 2 demo subscribers/,
    );
    await expect(readdir(ws.data)).rejects.toThrow();

    const start = await runCli(['start', '--at', '2021-03-18T06:00:00Z'], ws.env);
    expect(start.code, start.stderr).toBe(0);
    const editionId = /Edition\s+(\S+)/.exec(start.stdout)?.[1] ?? '';
    expect(dry.stdout).toContain(editionId);

    const added = await runCli(['subscribers', 'add', 'reader@example.org', '--confirmed'], ws.env);
    expect(added.code, added.stderr).toBe(0);
    const next = join(ws.content, 'next-story');
    await mkdir(next);
    await writeFile(join(next, 'story.yaml'), 'status: ready\n');
    const article = await readFile(join(ws.content, SEED, 'bbc-news.md'), 'utf8');
    await writeFile(join(next, 'bbc-news.md'), article);
    const outbox = await readdir(join(ws.out, 'outbox'));
    const dryAgain = await runCli(['start', '--dry-run', '--at', '2021-03-19T06:00:00Z'], ws.env);
    expect(dryAgain.code, dryAgain.stderr).toBe(0);
    expect(dryAgain.stdout).toMatch(/Stories\s+next-story/);
    expect(dryAgain.stdout).toMatch(/Recipients\s+3 confirmed subscribers: .*reader@example\.org/);
    expect(await readdir(join(ws.out, 'outbox'))).toEqual(outbox);

    const after = await runCli(['stories'], ws.env);
    expect(after.stdout).toMatch(new RegExp(`^${SEED}\\s+sent in ${editionId}\\s`, 'm'));
    expect(after.stdout).toMatch(/^next-story\s+ready\s/m);
    const editions = await runCli(['editions'], ws.env);
    expect(editions.code, editions.stderr).toBe(0);
    expect(editions.stdout).toMatch(
      new RegExp(`^${editionId}\\s+2021-03-18\\s+sent\\s+2\\s+2\\s+0\\s+0\\s+${SEED}$`, 'm'),
    );
  });

  it('check exits 1 on any error, naming the file', async () => {
    const ws = await makeWorkspace();
    const bad = join(ws.content, 'bad');
    await mkdir(bad);
    await writeFile(join(bad, 'a.md'), '---\noutlet: A\npublished: yesterday\n---\n\nText.\n');
    const check = await runCli(['check'], ws.env);
    expect(check.code).toBe(1);
    expect(check.stdout).toMatch(/^error\s+.*bad\s+\(draft, 1 article, 1 error\)$/m);
    expect(check.stderr).toMatch(
      /error: .*bad\/a\.md: field "published" is invalid: expected an ISO 8601 date/,
    );
  });
});
