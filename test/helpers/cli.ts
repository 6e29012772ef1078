import { spawn } from 'node:child_process';
import { cp, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const repoRoot = join(import.meta.dirname, '..', '..');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** A scratch workspace: its own content (a copy of the repo's), store and outbox. */
export interface Workspace {
  dir: string;
  content: string;
  data: string;
  out: string;
  env: Record<string, string>;
}

export async function makeWorkspace(options: { copyContent?: boolean } = {}): Promise<Workspace> {
  const dir = await mkdtemp(join(tmpdir(), 'braid-test-'));
  const content = join(dir, 'content');
  if (options.copyContent ?? true)
    await cp(join(repoRoot, 'content'), content, { recursive: true });
  const data = join(dir, '.data');
  const out = join(dir, 'out');
  return {
    dir,
    content,
    data,
    out,
    env: {
      BRAID_CONTENT_DIR: content,
      BRAID_DATA_DIR: data,
      BRAID_OUT_DIR: out,
      BRAID_TEMPLATES_DIR: join(repoRoot, 'templates'),
    },
  };
}

/** Runs the real `braid` command (cli/bin.js) as a user would, in a child process. */
export function runCli(args: string[], env: Record<string, string>): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(repoRoot, 'cli', 'bin.js'), ...args], {
      cwd: repoRoot,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** A `braid` command left running in the background (serve, a slow start). */
export interface BackgroundCli {
  pid: number;
  /** Everything printed so far. */
  output(): { stdout: string; stderr: string };
  /** Resolves with the first match of `pattern` in stdout; rejects if the command exits first. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  /** Resolves when it exits, with its result. */
  exited: Promise<CliResult & { signal: NodeJS.Signals | null }>;
  /** Sends a signal (default SIGINT, like Ctrl-C) and waits for the exit. */
  stop(signal?: NodeJS.Signals): Promise<CliResult & { signal: NodeJS.Signals | null }>;
}

export function startCli(args: string[], env: Record<string, string>): BackgroundCli {
  const child = spawn(process.execPath, [join(repoRoot, 'cli', 'bin.js'), ...args], {
    cwd: repoRoot,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  const listeners = new Set<() => void>();
  const changed = () => {
    for (const listener of listeners) listener();
  };
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    changed();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    changed();
  });
  let done = false;
  const exited = new Promise<CliResult & { signal: NodeJS.Signals | null }>((resolve) => {
    child.on('close', (code, signal) => {
      done = true;
      changed();
      resolve({ code, signal, stdout, stderr });
    });
  });
  return {
    pid: child.pid ?? 0,
    output: () => ({ stdout, stderr }),
    exited,
    waitFor: (pattern, timeoutMs = 30_000) =>
      new Promise((resolve, reject) => {
        const check = () => {
          const match = pattern.exec(stdout);
          if (match !== null) {
            cleanup();
            resolve(match);
          } else if (done) {
            cleanup();
            reject(new Error(`exited before printing ${pattern}:\n${stdout}\n${stderr}`));
          }
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`no ${pattern} after ${timeoutMs} ms:\n${stdout}\n${stderr}`));
        }, timeoutMs);
        const cleanup = () => {
          clearTimeout(timer);
          listeners.delete(check);
        };
        listeners.add(check);
        check();
      }),
    stop: (signal = 'SIGINT') => {
      if (!done) child.kill(signal);
      return exited;
    },
  };
}
