import { lstat, readdir, readlink, realpath } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { entryKind } from '../content/story-files.ts';

/**
 * The preview serves files chosen by a URL, so every path it opens is checked here: a story
 * is a folder name under the content root (no separator, not `.` or `..`), and neither it nor
 * any file the loader reads in it may lead outside the content root, through a symlink or
 * otherwise.
 */

/** A file name: letters, digits, `.`, `_`, `-`; never `.` or `..` alone. */
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

/**
 * A story folder's name as the send and the CLI take it (any name of one folder, a space
 * too): no separator, no NUL, not hidden, not `.` or `..`. Where it leads is checked apart.
 */
export function isStoryName(name: string): boolean {
  return name !== '' && !name.startsWith('.') && !/[/\\\0]/u.test(name);
}

/** The real path of a story folder under the content root, or PathRefusedError. */
export async function storyDir(contentRoot: string, slug: string): Promise<string> {
  if (!isStoryName(slug)) throw new PathRefusedError(slug, 'not a story folder name');
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
 * The files of a story folder the loader reads (articles and story.yaml: `entryKind`) that
 * lead outside the content root (symlinks), which the preview refuses to read: the story is
 * then shown as refused, never loaded. A link to nothing (dangling) is judged by its target
 * path, resolved lexically from the folder: inside, the loader reports it as unreadable.
 * Other entries (an editor's lock file `.#bbc-news.md`, notes) are not read, so not refused.
 */
export async function escapingEntries(contentRoot: string, dir: string): Promise<string[]> {
  const root = await realpath(contentRoot);
  const realDir = await realpath(dir);
  const escaping: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const kind = entryKind(entry.name, entry.isDirectory());
    if ((kind !== 'article' && kind !== 'story') || !entry.isSymbolicLink()) continue;
    const path = join(dir, entry.name);
    const real = await realpath(path).catch(async () => {
      const target = await readlink(path).catch(() => undefined);
      return target === undefined ? undefined : resolve(dirname(join(realDir, entry.name)), target);
    });
    if (real === undefined || !inside(root, real)) escaping.push(entry.name);
  }
  return escaping;
}
