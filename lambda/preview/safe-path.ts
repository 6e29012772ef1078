import { lstat, readdir, realpath } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';

/**
 * The preview serves files chosen by a URL, so every path it opens is checked here: a story
 * is a folder name under the content root (no separator, no `..`), and neither it nor any
 * file in it may lead outside the content root, through a symlink or otherwise.
 */

/** A folder or file name: letters, digits, `.`, `_`, `-`; never `.` or `..` alone. */
const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/u;

export class PathRefusedError extends Error {
  constructor(what: string, why: string) {
    super(`Refused ${JSON.stringify(what)}: ${why}`);
    this.name = 'PathRefusedError';
  }
}

export function isSafeName(name: string): boolean {
  return NAME.test(name) && !name.includes('..');
}

function inside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !rel.startsWith(sep));
}

/** The real path of a story folder under the content root, or PathRefusedError. */
export async function storyDir(contentRoot: string, slug: string): Promise<string> {
  if (!isSafeName(slug)) throw new PathRefusedError(slug, 'not a story folder name');
  const root = await realpath(contentRoot);
  const dir = join(root, slug);
  const real = await realpath(dir).catch(() => {
    throw new PathRefusedError(slug, 'no such story');
  });
  if (!inside(root, real) || real === root) {
    throw new PathRefusedError(slug, 'it leads outside the content folder');
  }
  if (!(await lstat(real)).isDirectory()) throw new PathRefusedError(slug, 'not a folder');
  return dir;
}

/**
 * The files of a story folder that lead outside the content root (symlinks), which the
 * preview refuses to read: the story is then shown as refused, never loaded.
 */
export async function escapingEntries(contentRoot: string, dir: string): Promise<string[]> {
  const root = await realpath(contentRoot);
  const escaping: string[] = [];
  for (const name of await readdir(dir)) {
    const path = join(dir, name);
    if (!(await lstat(path)).isSymbolicLink()) continue;
    const real = await realpath(path).catch(() => undefined);
    if (real === undefined || !inside(root, real)) escaping.push(name);
  }
  return escaping;
}
