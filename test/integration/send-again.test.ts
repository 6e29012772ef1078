import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { makeWorkspace, runCli, type Workspace } from '../helpers/cli.ts';

/**
 * A story is its folder: an edit to a story that went out is not sent by `npm start`;
 * `braid send --story <slug> --again` sends the correction, through the same path.
 */
const STORY = 'biden-calls-putin-a-killer';

async function editions(ws: Workspace): Promise<Map<string, string[]>> {
  const root = join(ws.out, 'outbox');
  const found = new Map<string, string[]>();
  for (const edition of await readdir(root).catch(() => [] as string[])) {
    if (edition === 'signup') continue;
    found.set(
      edition,
      (await readdir(join(root, edition))).map((n) => join(root, edition, n)),
    );
  }
  return found;
}

async function correct(ws: Workspace): Promise<void> {
  const file = join(ws.content, STORY, 'bbc-news.md');
  const text = await readFile(file, 'utf8');
  expect(text).toContain('Putin');
  await writeFile(file, text.replace('Putin', 'Vladimir Putin'));
}

describe('braid send --story <slug> --again', () => {
  it('sends a corrected story once, on request only, and refuses it unchanged', async () => {
    const ws = await makeWorkspace();
    const first = await runCli(['start'], ws.env);
    expect(first.code).toBe(0);
    const firstId = /Edition\s+(\S+)/.exec(first.stdout)?.[1] ?? '';

    await correct(ws);
    const rerun = await runCli(['start'], ws.env);
    expect(rerun.code).toBe(0);
    expect(rerun.stdout).toContain(`Edition ${firstId} was already sent (${STORY})`);
    expect([...(await editions(ws)).keys()]).toEqual([firstId]);

    const again = await runCli(['send', '--story', STORY, '--again'], ws.env);
    expect(again.stderr).toBe('');
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(new RegExp(`Stories\\s+${STORY}\\n`));
    expect(again.stdout).toMatch(new RegExp(`Corrects\\s+edition ${firstId}\\n`));
    expect(again.stdout).toMatch(/Sent\s+2\n/);
    expect(again.stdout).toMatch(/Outbox\s+.*outbox\/\S+\/ \(2 \.eml files/);
    const correctionId = /Edition\s+(\S+)/.exec(again.stdout)?.[1] ?? '';
    expect(correctionId).not.toBe(firstId);
    const sent = await editions(ws);
    expect([...sent.keys()].sort()).toEqual([firstId, correctionId].sort());
    for (const file of sent.get(correctionId) ?? []) {
      expect((await simpleParser(await readFile(file))).text).toContain('Vladimir Putin');
    }

    // The story's marker now names the correction: unchanged since, nothing to correct.
    const unchanged = await runCli(['send', '--story', STORY, '--again'], ws.env);
    expect(unchanged.code).toBe(1);
    expect(unchanged.stderr).toBe(
      `error: --story: Story "${STORY}" is unchanged since edition ${correctionId} carried it: nothing to correct. Nothing was sent.\n`,
    );
    const last = await runCli(['start'], ws.env);
    expect(last.stdout).toContain(`Edition ${correctionId} was already sent`);
    expect((await editions(ws)).size).toBe(2);
  });

  it.each([
    [
      '--again without --story',
      ['send', '--again'],
      /^error: --again needs --story <slug>: expected the folder name of the story/,
    ],
    [
      '--story without --again',
      ['send', '--story', STORY],
      /^error: --story needs --again: expected `braid send --story biden-calls-putin-a-killer --again`/,
    ],
    [
      '--story with --retry-failed',
      ['send', '--story', STORY, '--again', '--retry-failed'],
      /^error: --story and --retry-failed do not go together/,
    ],
    [
      'an unknown slug, listing the known ones',
      ['send', '--story', 'no-such-story', '--again'],
      /^error: <story> "no-such-story": no such story; expected a folder name in .*\(biden-calls-putin-a-killer, draft-story\) or the path of a story folder/,
    ],
    [
      'a draft',
      ['send', '--story', 'draft-story', '--again'],
      /^error: --story: Story "draft-story" is a draft; expected a ready story \(status: ready in its story\.yaml\)\. Nothing was sent\./,
    ],
    [
      'a story that never went out',
      ['send', '--story', STORY, '--again'],
      /^error: --story: Story "biden-calls-putin-a-killer" has not gone out yet: `npm start` sends it/,
    ],
  ])('refuses %s, naming the parameter, and sends nothing', async (name, args, message) => {
    const ws = await makeWorkspace();
    const draft = join(ws.content, 'draft-story');
    await mkdir(draft);
    await writeFile(join(draft, 'story.yaml'), 'status: draft\n');
    const run = await runCli(args, ws.env);
    // A command line that cannot run is a usage error (2); a story that cannot go out, 1.
    const usage = [
      '--again without --story',
      '--story without --again',
      '--story with --retry-failed',
      'an unknown slug, listing the known ones',
    ];
    expect(run.code).toBe(usage.includes(name) ? 2 : 1);
    expect(run.stderr).toMatch(message);
    expect(run.stdout).not.toMatch(/Sent\s/);
    expect((await editions(ws)).size).toBe(0);
  });
});
