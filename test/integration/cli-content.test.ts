import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type CliResult, makeWorkspace, runCli, type Workspace } from '../helpers/cli.ts';

/**
 * Content that used to go wrong silently, each trap through the real `braid` command: a
 * file in another encoding, an article the loader skipped, markup, a dateline, a URL that
 * is not one, a reserved placeholder. Each is an error naming the file, or a warning.
 */

const FRONT = (outlet: string, extra = '') =>
  `---\noutlet: ${outlet}\npublished: 2021-03-18\n${extra}---\n\n`;
const BODY =
  'Russia recalled its ambassador to the United States on Wednesday for consultations after President Joe Biden called Vladimir Putin a killer.\n\nThe Kremlin said relations with Washington were very bad after the unprecedented remarks.\n';

async function story(ws: Workspace, slug: string, files: Record<string, string | Buffer>) {
  const dir = join(ws.content, slug);
  await mkdir(dir, { recursive: true });
  for (const [name, content] of Object.entries(files)) await writeFile(join(dir, name), content);
  return dir;
}

/** An expected error: exit code, one line on stderr matching, no stack trace. */
function expectOneLine(run: CliResult, code: number, message: RegExp): void {
  expect(run.code, run.stderr).toBe(code);
  const lines = run.stderr.trimEnd().split('\n');
  expect(lines, run.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(message);
  expect(run.stderr).not.toMatch(/\n\s+at /);
}

const latin1 = Buffer.concat([
  Buffer.from(FRONT('Le Monde')),
  Buffer.from('Le café était très bon, dit René Müller, à Paris.\n', 'latin1'),
]);
const utf16 = Buffer.concat([
  Buffer.from([0xff, 0xfe]),
  Buffer.from(`${FRONT('Wire')}Le café était très bon, dit René Müller.\n`, 'utf16le'),
]);
const withNul = Buffer.concat([Buffer.from(FRONT('Nul')), Buffer.from('Hello\u0000 world.\n')]);

describe('a file that is not UTF-8', () => {
  const fix = 'Convert it: npx braid check --fix-encoding';
  it.each([
    [
      'Latin-1',
      latin1,
      `byte ${latin1.indexOf(0xe9)} (0xE9) is not valid UTF-8; `,
      `most likely ISO-8859-1. ${fix}`,
    ],
    [
      'UTF-16 with a BOM',
      utf16,
      'a UTF-16 byte order mark at byte 0; ',
      `most likely UTF-16LE. ${fix}`,
    ],
    [
      'a NUL byte',
      withNul,
      `a NUL byte at byte ${withNul.indexOf(0)}; `,
      'its encoding cannot be told',
    ],
  ])(
    '%s: brief stops with one line naming the file, the byte and the fix',
    async (_name, bytes, what, hint) => {
      const ws = await makeWorkspace({ copyContent: false });
      await story(ws, 'paris', { 'lemonde.md': bytes });
      const run = await runCli(['brief', 'paris'], ws.env);
      expectOneLine(run, 1, /^error: .*paris\/lemonde\.md: not UTF-8: /);
      expect(run.stderr).toContain(what);
      expect(run.stderr).toContain(hint);
    },
  );

  it('check finds it (exit 1); check --fix-encoding converts it after a backup', async () => {
    const ws = await makeWorkspace({ copyContent: false });
    const dir = await story(ws, 'paris', {
      'lemonde.md': latin1,
      'wire.md': utf16,
      'story.yaml': 'status: ready\n',
    });
    const check = await runCli(['check'], ws.env);
    expect(check.code).toBe(1);
    expect(check.stderr).toMatch(/error: .*lemonde\.md: not UTF-8/);
    expect(check.stderr).toMatch(/error: .*wire\.md: not UTF-8/);
    const fix = await runCli(['check', '--fix-encoding'], ws.env);
    expect(fix.code, fix.stderr).toBe(0);
    expect(fix.stdout).toMatch(
      /Converted .*lemonde\.md from ISO-8859-1 to UTF-8 \(the original is kept as .*lemonde\.md\.bak\)/,
    );
    expect(fix.stdout).toMatch(/Converted .*wire\.md from UTF-16LE to UTF-8/);
    expect(await readFile(join(dir, 'lemonde.md'), 'utf8')).toContain('René Müller, à Paris');
    expect(await readFile(join(dir, 'lemonde.md.bak'))).toEqual(latin1);
    const brief = await runCli(['brief', 'paris', '--json'], ws.env);
    expect(brief.code, brief.stderr).toBe(0);
    expect(brief.stdout).not.toContain('\uFFFD');
  });

  it('check --fix-encoding leaves a file with a NUL byte as it is, and still fails', async () => {
    const ws = await makeWorkspace({ copyContent: false });
    const dir = await story(ws, 'nul', { 'nul.md': withNul });
    const fix = await runCli(['check', '--fix-encoding'], ws.env);
    expect(fix.code).toBe(1);
    expect(fix.stderr).toMatch(/nul\.md: its encoding cannot be told; not converted/);
    expect(await readFile(join(dir, 'nul.md'))).toEqual(withNul);
  });
});

describe('file names', () => {
  it('reads .md, .MD and .markdown alike, and warns about any other file', async () => {
    const ws = await makeWorkspace({ copyContent: false });
    await story(ws, 'names', {
      'one.md': FRONT('One') + BODY,
      'TWO.MD': FRONT('Two') + BODY,
      'three.markdown': FRONT('Three') + BODY,
      'notes.txt': 'to do',
      'story.yml': 'status: ready\n',
    });
    const brief = await runCli(['brief', 'names', '--json'], ws.env);
    expect(brief.code, brief.stderr).toBe(0);
    const sources = (JSON.parse(brief.stdout) as { sources: { outlet: string }[] }).sources;
    expect(sources.map((s) => s.outlet).sort()).toEqual(['One', 'Three', 'Two']);
    const check = await runCli(['check'], ws.env);
    expect(check.code).toBe(0);
    expect(check.stderr).toMatch(
      /warning: .*names\/notes\.txt: not read; a story folder holds articles/,
    );
    expect(check.stderr).toMatch(/warning: .*names\/story\.yml: not read; .*story\.yaml/);
  });
});

describe('markup in a body', () => {
  it('is removed to its text with a warning, never interpreted', async () => {
    const ws = await makeWorkspace({ copyContent: false });
    const html =
      'The <b>Kremlin</b> said relations with Washington were very bad after the <a href="javascript:alert(1)">unprecedented remarks</a> of the president.<script>alert("x")</script>\n\n';
    await story(ws, 'markup', {
      'a.md': FRONT('Markup Daily') + html + BODY,
      'b.md': FRONT('Plain News') + BODY,
    });
    const brief = await runCli(['brief', 'markup', '--json'], ws.env);
    expect(brief.code, brief.stderr).toBe(0);
    expect(brief.stdout).not.toMatch(/<\/?(?:b|a|script)\b|javascript:|alert/);
    expect(brief.stderr).toMatch(
      /warning: .*a\.md: the body: HTML markup \(<script>, <b>, <a>\) removed, its text kept; <script> dropped with its content; link targets dropped/,
    );
    const out = join(ws.dir, 'render');
    const render = await runCli(['render', 'markup', '--out', out], ws.env);
    expect(render.code, render.stderr).toBe(0);
    const email = await readFile(join(out, 'edition.html'), 'utf8');
    expect(email).not.toMatch(/&lt;b&gt;|javascript:|alert\(/);
  });
});

describe('datelines and wire credits', () => {
  it('are stripped by rule, so no summary opens with one', async () => {
    const ws = await makeWorkspace({ copyContent: false });
    await story(ws, 'dateline', {
      'reuters.md': `${FRONT('Reuters')}WASHINGTON/MOSCOW (Reuters) - ${BODY}\n(Reporting by Jane Doe; Editing by John Roe)\n`,
      'ap.md': `${FRONT('AP')}MOSCOW, March 18 (AP) — ${BODY}`,
    });
    const brief = await runCli(['brief', 'dateline', '--json'], ws.env);
    expect(brief.code, brief.stderr).toBe(0);
    const briefing = JSON.parse(brief.stdout) as { summary: string[] };
    expect(briefing.summary[0]).toMatch(/^Russia recalled its ambassador/);
    expect(brief.stdout).not.toMatch(/WASHINGTON\/MOSCOW|\(Reuters\)|\(AP\)|Reporting by/);
  });
});

describe('URL fields', () => {
  it.each([
    ['javascript:', 'javascript:alert(1)'],
    ['data:', 'data:text/html,<b>hi</b>'],
    ['a relative path', '/news/world-56437875'],
    ['no scheme', 'www.bbc.co.uk/news'],
  ])('url with %s is an error naming the file and the field', async (_case, url) => {
    const ws = await makeWorkspace({ copyContent: false });
    await story(ws, 'links', { 'a.md': FRONT('A', `url: "${url}"\n`) + BODY });
    expectOneLine(
      await runCli(['brief', 'links'], ws.env),
      1,
      /^error: .*links\/a\.md: field "url" is invalid: expected an absolute http or https URL/,
    );
    const check = await runCli(['check'], ws.env);
    expect(check.code).toBe(1);
    expect(check.stderr).toMatch(/field "url" is invalid/);
  });
});

describe('the reserved placeholder', () => {
  it('in a headline names content/<story>/story.yaml and the field', async () => {
    const ws = await makeWorkspace({ copyContent: false });
    await story(ws, 'sentinel', {
      'a.md': FRONT('A') + BODY,
      'story.yaml': 'status: ready\nheadline: "Hello %%braid:unsubscribe%%"\n',
    });
    expectOneLine(
      await runCli(['brief', 'sentinel'], ws.env),
      1,
      /^error: .*sentinel\/story\.yaml: field "headline" contains "%%braid:", which the email reserves/,
    );
  });
});
