import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ContentError } from '../briefing/content-error.ts';
import { parseArticle, parseStoryMeta } from '../briefing/parse-article.ts';
import type { Story } from '../briefing/types.ts';

async function readOptional(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

export interface LoadOptions {
  /**
   * Parse the articles of stories in this status only. The scheduled send reads ready
   * stories; an editor's half-written draft must not stop it.
   */
  only?: Story['meta']['status'];
}

/** Loads one story folder: `story.yaml` (optional) and every `*.md` article, sorted by name. */
export async function loadStory(
  dir: string,
  label = dir,
  options: LoadOptions = {},
): Promise<Story> {
  const slug = dir.replace(/\/+$/, '').split('/').pop() ?? dir;
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (cause) {
    throw new ContentError(
      label,
      '(folder)',
      `${label}: cannot read the story folder: ${(cause as Error).message}`,
      {
        cause,
      },
    );
  }
  const meta = parseStoryMeta(await readOptional(join(dir, 'story.yaml')), `${label}/story.yaml`);
  if (options.only !== undefined && meta.status !== options.only)
    return { slug, meta, articles: [] };
  const articles = [];
  for (const name of names.filter((n) => n.endsWith('.md')).sort()) {
    articles.push(parseArticle(await readFile(join(dir, name), 'utf8'), `${label}/${name}`, slug));
  }
  return { slug, meta, articles };
}

/** Loads every story under the content root (one folder each). */
export async function loadStories(root: string, options: LoadOptions = {}): Promise<Story[]> {
  let entries: import('node:fs').Dirent[];
  try {
    entries = await readdir(root, { withFileTypes: true });
  } catch (cause) {
    throw new ContentError(
      root,
      '(folder)',
      `${root}: cannot read the content folder: ${(cause as Error).message}`,
      {
        cause,
      },
    );
  }
  const stories: Story[] = [];
  for (const entry of entries.filter((e) => e.isDirectory() && !e.name.startsWith('.'))) {
    stories.push(await loadStory(join(root, entry.name), join(root, entry.name), options));
  }
  return stories;
}
