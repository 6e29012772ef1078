import { execFileSync } from 'node:child_process';
import { readFileSync, statSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The CLI's build (cli/build.js): current while every file it was built from looks the same,
 * the installed packages and compiler settings included, and marked as used when run.
 */
const root = join(import.meta.dirname, '..', '..');
const cache = join(root, 'node_modules', '.cache', 'braid');

describe('the CLI build', () => {
  it('records the sources esbuild read and the files of the installed packages', () => {
    execFileSync(process.execPath, [join(root, 'cli', 'build.js')], { cwd: root });
    const manifest = JSON.parse(readFileSync(join(cache, 'current.json'), 'utf8')) as {
      dir: string;
      inputs: Record<string, string>;
    };
    const files = Object.keys(manifest.inputs);
    for (const file of [
      'package.json',
      'package-lock.json',
      join('node_modules', '.package-lock.json'),
      'tsconfig.json',
      join('cli', 'index.ts'),
      join('cli', 'build.js'),
      join('lambda', 'content', 'decode.ts'),
    ]) {
      expect(files).toContain(file);
    }
    expect(
      files.filter((f) => f.startsWith('node_modules') && !f.endsWith('.package-lock.json')),
    ).toEqual([]);
    const { size, mtimeMs } = statSync(join(root, 'tsconfig.json'));
    expect(manifest.inputs['tsconfig.json']).toBe(`${size}:${mtimeMs}`);
  });

  it('marks the build as used each time a command runs it', () => {
    const manifest = JSON.parse(readFileSync(join(cache, 'current.json'), 'utf8')) as {
      dir: string;
    };
    const dir = join(cache, manifest.dir);
    const twoHoursAgo = new Date(Date.now() - 7_200_000);
    utimesSync(dir, twoHoursAgo, twoHoursAgo);
    const before = Date.now();
    execFileSync(process.execPath, [join(root, 'cli', 'bin.js'), '--version'], { cwd: root });
    expect(statSync(dir).mtimeMs).toBeGreaterThanOrEqual(before - 1000);
  });
});
