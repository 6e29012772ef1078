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
