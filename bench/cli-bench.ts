import { spawn } from 'node:child_process';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * How fast `braid` starts, beside a bare `node -e ''` run in the same session as the floor:
 * `--help` and `--version` to their exit, and every command to the moment its action starts
 * (the CLI prints it with BRAID_STARTUP_MARK; ms since its process started). Each figure is
 * the median of several runs, in a scratch workspace (its own content, store and outbox).
 * Targets (issue 15): --help and --version under 150 ms, every command under 400 ms.
 */
const root = join(import.meta.dirname, '..');
const bin = join(root, 'cli', 'bin.js');
const RUNS = 7;
const STORY = 'biden-calls-putin-a-killer';

interface Run {
  /** From spawn to exit (or to the mark, for a command that keeps running). */
  wallMs: number;
  /** From the process's start to the command's action, as it reported it. */
  readyMs: number | undefined;
}

/** Runs one command; a long-running one (serve, preview) is stopped once it is ready. */
function once(args: string[], env: Record<string, string>): Promise<Run> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, args, {
      cwd: root,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let readyMs: number | undefined;
    let readyWall: number | undefined;
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      const mark = /braid:ready ([\d.]+)/u.exec(stderr);
      if (mark !== null && readyMs === undefined) {
        readyMs = Number(mark[1]);
        readyWall = performance.now() - started;
        if (args.includes('serve') || args.includes('preview')) child.kill('SIGINT');
      }
    });
    child.on('error', reject);
    child.on('close', () => resolve({ wallMs: readyWall ?? performance.now() - started, readyMs }));
  });
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};

async function timed(
  args: string[],
  env: Record<string, string>,
): Promise<{ wall: number; ready: number }> {
  const runs: Run[] = [];
  for (let i = 0; i < RUNS; i++) runs.push(await once(args, env));
  const ready = runs.map((r) => r.readyMs).filter((ms): ms is number => ms !== undefined);
  return { wall: median(runs.map((r) => r.wallMs)), ready: median(ready) };
}

const ms = (value: number) => (Number.isNaN(value) ? '-' : `${value.toFixed(0)} ms`);

/** The commands as an editor runs them, each timed to the start of its real work. */
function commands(dir: string): string[][] {
  return [
    ['signup-link'],
    ['check'],
    ['stories'],
    ['editions'],
    ['brief', STORY],
    ['render', STORY, '--out', join(dir, 'render')],
    ['start', '--dry-run'],
    ['status'],
    ['subscribers', 'list'],
    ['keys', 'list'],
    ['serve', '--port', '0'],
    ['preview', '--port', '0'],
  ];
}

export async function cliBench(): Promise<string[][]> {
  const dir = await mkdtemp(join(tmpdir(), 'braid-cli-bench-'));
  await cp(join(root, 'content'), join(dir, 'content'), { recursive: true });
  const env = {
    BRAID_CONTENT_DIR: join(dir, 'content'),
    BRAID_DATA_DIR: join(dir, '.data'),
    BRAID_OUT_DIR: join(dir, 'out'),
    BRAID_TEMPLATES_DIR: join(root, 'templates'),
    BRAID_STARTUP_MARK: '1',
  };
  try {
    await once([bin, '--version'], env); // builds the CLI if a source changed
    await once([bin, 'subscribers', 'add', 'reader@example.org', '--confirmed'], env);
    const floor = await timed(['-e', ''], env);
    const rows: string[][] = [["node -e '' (the floor, to exit)", ms(floor.wall)]];
    for (const flag of ['--version', '--help']) {
      const run = await timed([bin, flag], env);
      rows.push([`braid ${flag} (to exit; target < 150 ms)`, ms(run.wall)]);
    }
    for (const args of commands(dir)) {
      const run = await timed([bin, ...args], env);
      const label = args.filter((a) => !a.includes('/') && !/^\d+$/u.test(a) && a !== '--out');
      rows.push([
        `braid ${label.join(' ')} (to its action; target < 400 ms)`,
        `${ms(run.ready)} (wall ${ms(run.wall)})`,
      ]);
    }
    return rows;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
