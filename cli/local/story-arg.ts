import { stat } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { storyFolders } from '../../lambda/adapters/content-dir.ts';
import { shownPath } from '../../lambda/content/shown-path.ts';
import { CliError } from './cli-error.ts';

/** A story named on the command line: its folder, and its name in messages. */
export interface StoryArg {
  slug: string;
  dir: string;
  /** The folder as messages name it: content/<slug> from where the command runs. */
  label: string;
}

const isDir = (path: string) =>
  stat(path).then(
    (s) => s.isDirectory(),
    () => false,
  );

export { shownPath };

/** A bare folder name: no separator, no dot segment. */
function isSlug(value: string): boolean {
  return value !== '' && !/[/\\]/u.test(value) && value !== '.' && value !== '..';
}

/**
 * A story given by its slug (`my-story`, looked up in the content folder) or by its folder's
 * path (`content/my-story`, `./elsewhere/my-story`). Anything else is a usage error that
 * names the argument and lists the stories there are.
 */
export async function resolveStory(arg: string, contentDir: string): Promise<StoryArg> {
  const trimmed = arg.replace(/[/\\]+$/u, '');
  if (isSlug(trimmed) && (await isDir(join(contentDir, trimmed)))) {
    const dir = join(contentDir, trimmed);
    return { slug: trimmed, dir, label: shownPath(resolve(dir)) };
  }
  if (!isSlug(trimmed) && (await isDir(trimmed))) {
    return { slug: basename(resolve(trimmed)), dir: trimmed, label: shownPath(resolve(trimmed)) };
  }
  throw new CliError(`<story> "${arg}": ${await noSuchStory(contentDir)}`, { exitCode: 2 });
}

/** What was expected instead of an unknown story: the stories there are. */
async function noSuchStory(contentDir: string): Promise<string> {
  const slugs = await storyFolders(contentDir).catch(() => [] as string[]);
  const where = shownPath(resolve(contentDir));
  if (slugs.length === 0) {
    return `no such story folder, and ${where}/ has no stories; expected a story's folder name or path`;
  }
  return `no such story; expected a folder name in ${where}/ (${slugs.join(', ')}) or the path of a story folder`;
}

/** A story's slug from an argument that may be its folder's path (`content/my-story/`). */
export function slugOfArg(arg: string): string {
  const trimmed = arg.replace(/[/\\]+$/u, '');
  return isSlug(trimmed) ? trimmed : basename(resolve(trimmed));
}
