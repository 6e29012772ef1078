import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { makeWorkspace, repoRoot, runCli } from '../helpers/cli.ts';

const storyDir = join(repoRoot, 'content', 'biden-calls-putin-a-killer');

describe('braid brief', () => {
  it('prints the Briefing contract as JSON', async () => {
    const ws = await makeWorkspace({ copyContent: false });
    const run = await runCli(['brief', storyDir, '--json'], ws.env);
    expect(run.code).toBe(0);
    const briefing = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(Object.keys(briefing).sort()).toEqual(
      [
        'version',
        'story',
        'headline',
        'summary',
        'summaryEvidence',
        'summaryAlsoReported',
        'points',
        'quotes',
        'differences',
        'timeline',
        'people',
        'sources',
      ].sort(),
    );
    expect(briefing).toMatchObject({ version: 2, story: 'biden-calls-putin-a-killer' });
    expect((briefing.sources as { outlet: string }[]).map((s) => s.outlet).sort()).toEqual([
      'BBC News',
      'NBC News',
    ]);
  });

  it('prints a readable briefing without --json', async () => {
    const ws = await makeWorkspace({ copyContent: false });
    const run = await runCli(['brief', storyDir], ws.env);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Russia recalls its ambassador/);
    expect(run.stdout).toMatch(/\nKey points\n/);
    expect(run.stdout).toMatch(/\nSources\n {2}BBC News/);
  });

  it('names the folder when it does not exist', async () => {
    const ws = await makeWorkspace({ copyContent: false });
    const run = await runCli(['brief', join(ws.dir, 'no-such-story')], ws.env);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^error: <story> ".*no-such-story": no such story/);
  });
});

describe('braid render', () => {
  it('writes the personalized HTML, text and a sample .eml without sending', async () => {
    const ws = await makeWorkspace({ copyContent: false });
    const out = join(ws.dir, 'render');
    const run = await runCli(
      ['render', storyDir, '--out', out, '--at', '2021-03-18T06:00:00Z'],
      ws.env,
    );
    expect(run.code).toBe(0);
    const html = await readFile(join(out, 'edition.html'), 'utf8');
    expect(html).toContain('Thursday 18 March 2021');
    expect(html).not.toContain('%%braid:');
    expect(await readFile(join(out, 'edition.txt'), 'utf8')).toContain(
      'Russia recalls its ambassador',
    );
    const mail = await simpleParser(await readFile(join(out, 'sample.eml')));
    expect(mail.subject).toMatch(/^Russia recalls its ambassador/);
  });

  it('requires --out', async () => {
    const ws = await makeWorkspace({ copyContent: false });
    const run = await runCli(['render', storyDir], ws.env);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/required option '--out <dir>'/);
  });
});
