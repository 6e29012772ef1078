import type { Dirent } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { ContentError } from '../briefing/content-error.ts';
import type { Article, Story, StoryMeta } from '../briefing/types.ts';
import {
  articleFrom,
  entryKind,
  notReadWarning,
  STORY_FILE,
  storyMetaFrom,
} from '../content/story-files.ts';

async function readOptional(path: string): Promise<Buffer | undefined> {
  try {
    return await readFile(path);
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

/** One story folder as `braid check` sees it: every problem, not only the first. */
export interface StoryInspection {
  slug: string;
  /** The folder as messages name it. */
  label: string;
  /** The story, when nothing stops it. */
  story: Story | undefined;
  /** story.yaml's fields, when it reads. */
  meta: StoryMeta | undefined;
  /** The files' errors, each naming its file (and field). */
  problems: ContentError[];
  warnings: string[];
  /** The article files read (paths as messages name them). */
  files: string[];
}

export function slugOf(dir: string): string {
  return dir.replace(/\/+$/, '').split('/').pop() ?? dir;
}

async function folderEntries(dir: string, label: string): Promise<Dirent[]> {
  try {
    return await readdir(dir, { withFileTypes: true });
  } catch (cause) {
    throw new ContentError(
      label,
      '(folder)',
      `${label}: cannot read the story folder: ${(cause as Error).message}`,
      { cause },
    );
  }
}

/** Runs `read`, recording its ContentError instead of throwing it. */
async function recording<T>(
  problems: ContentError[],
  read: () => Promise<T>,
): Promise<T | undefined> {
  try {
    return await read();
  } catch (error) {
    if (!(error instanceof ContentError)) throw error;
    problems.push(error);
    return undefined;
  }
}

/** A content file's bytes; a file that cannot be read (a broken link, no permission) is a ContentError. */
async function readContentFile(path: string, file: string): Promise<Uint8Array> {
  try {
    return await readFile(path);
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT' ? 'it is a link to a file that does not exist' : (cause as Error).message;
    throw new ContentError(
      file,
      '(file)',
      `${file}: cannot be read: ${why}; expected a readable article file.`,
      { cause },
    );
  }
}

/** The articles of a folder, sorted by name; a duplicate outlet slug (bbc.md, bbc.MD) is an error. */
async function readArticles(
  dir: string,
  label: string,
  names: string[],
  into: StoryInspection,
): Promise<Article[]> {
  const articles: Article[] = [];
  for (const name of names) {
    const file = `${label}/${name}`;
    into.files.push(file);
    const read = await recording(into.problems, async () =>
      articleFrom(await readContentFile(join(dir, name), file), file, into.slug),
    );
    if (read === undefined) continue;
    const twin = articles.find(
      (a) => a.outletSlug.toLowerCase() === read.article.outletSlug.toLowerCase(),
    );
    if (twin !== undefined) {
      into.problems.push(
        new ContentError(
          file,
          '(file name)',
          `${file}: the same outlet as ${twin.file}; expected one file per outlet.`,
        ),
      );
      continue;
    }
    into.warnings.push(...read.warnings);
    articles.push(read.article);
  }
  return articles;
}

/**
 * Reads one story folder and reports every problem: `story.yaml` (optional) and every
 * article (`.md`, `.markdown`, any case), sorted by name; any other file is a warning.
 */
export async function inspectStory(
  dir: string,
  label = dir,
  options: LoadOptions = {},
): Promise<StoryInspection> {
  const entries = await folderEntries(dir, label);
  const result: StoryInspection = {
    slug: slugOf(dir),
    label,
    story: undefined,
    meta: undefined,
    problems: [],
    warnings: [],
    files: [],
  };
  const metaFile = `${label}/${STORY_FILE}`;
  const meta: StoryMeta | undefined = await recording(result.problems, async () =>
    storyMetaFrom(await readOptional(join(dir, STORY_FILE)), metaFile),
  );
  result.meta = meta;
  if (meta !== undefined && options.only !== undefined && meta.status !== options.only) {
    result.story = { slug: result.slug, meta, articles: [] };
    return result;
  }
  const articleNames: string[] = [];
  for (const entry of [...entries].sort((a, b) => a.name.localeCompare(b.name))) {
    const kind = entryKind(entry.name, entry.isDirectory());
    if (kind === 'article') articleNames.push(entry.name);
    if (kind === 'other') {
      result.warnings.push(
        notReadWarning(`${label}/${entry.name}`, entry.name, entry.isDirectory()),
      );
    }
  }
  const articles = await readArticles(dir, label, articleNames, result);
  if (meta !== undefined && result.problems.length === 0) {
    result.story = {
      slug: result.slug,
      meta,
      articles,
      ...(result.warnings.length === 0 ? {} : { warnings: result.warnings }),
    };
  }
  return result;
}

/** Loads one story folder, or throws its first problem (a ContentError naming the file). */
export async function loadStory(
  dir: string,
  label = dir,
  options: LoadOptions = {},
): Promise<Story> {
  const inspected = await inspectStory(dir, label, options);
  const [problem] = inspected.problems;
  if (problem !== undefined || inspected.story === undefined) {
    throw problem ?? new ContentError(label, '(folder)', `${label}: the story could not be read`);
  }
  return inspected.story;
}

/** The story folders under the content root, sorted by name. */
export async function storyFolders(root: string): Promise<string[]> {
  let entries: Dirent[];
  try {
    entries = await readdir(root, { withFileTypes: true });
  } catch (cause) {
    throw new ContentError(
      root,
      '(folder)',
      `${root}: cannot read the content folder: ${(cause as Error).message}`,
      { cause },
    );
  }
  // A linked story folder is a story too: the link is followed (stat, not lstat).
  const isFolder = async (e: (typeof entries)[number]) =>
    e.isDirectory() ||
    (e.isSymbolicLink() &&
      (await stat(join(root, e.name)).catch(() => undefined))?.isDirectory() === true);
  const names: string[] = [];
  for (const e of entries) if (!e.name.startsWith('.') && (await isFolder(e))) names.push(e.name);
  return names.sort();
}

/** Loads every story under the content root (one folder each). */
export async function loadStories(root: string, options: LoadOptions = {}): Promise<Story[]> {
  const stories: Story[] = [];
  for (const name of await storyFolders(root)) {
    stories.push(await loadStory(join(root, name), join(root, name), options));
  }
  return stories;
}
