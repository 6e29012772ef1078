import { ContentError } from '../briefing/content-error.ts';
import { parseArticleFile, parseStoryMeta } from '../briefing/parse-article.ts';
import type { Article, StoryMeta } from '../briefing/types.ts';
import { SENTINEL_PREFIX } from '../email/sentinels.ts';
import { decodeUtf8 } from './decode.ts';
import { markupWarning, stripMarkup } from './markup.ts';
import { stripWire } from './wire-rules.ts';

/**
 * A story folder's files, from their bytes to an article or a one-line error that names the
 * file: the checks that keep content from going wrong silently (encoding, file names,
 * markup, datelines, placeholders). Pure: content-dir.ts reads the files.
 */

/** An article file: `.md` or `.markdown`, in any case (`BBC.MD`). */
export const ARTICLE_FILE = /\.(?:md|markdown)$/iu;
export const STORY_FILE = 'story.yaml';

/** What a folder entry is: an article, the story file, skipped quietly, or a warning. */
export function entryKind(
  name: string,
  isDirectory: boolean,
): 'article' | 'story' | 'hidden' | 'other' {
  // Dot files, and the backups `braid check --fix-encoding` keeps (a.md.bak, a.md.bak.1).
  if (name.startsWith('.') || /\.bak(?:\.\d+)?$/u.test(name)) return 'hidden';
  if (isDirectory) return 'other';
  if (name === STORY_FILE) return 'story';
  return ARTICLE_FILE.test(name) ? 'article' : 'other';
}

/** The warning for an entry that is not read. */
export function notReadWarning(file: string, name: string, isDirectory: boolean): string {
  if (isDirectory)
    return `${file}/: a folder inside a story is not read; a story is one folder of articles.`;
  if (/^story\.ya?ml$/iu.test(name))
    return `${file}: not read; the story's settings are read from ${STORY_FILE} (lower case, .yaml).`;
  return `${file}: not read; a story folder holds articles (.md or .markdown) and ${STORY_FILE}.`;
}

function rejectPlaceholder(value: string | undefined, file: string, field: string): void {
  if (value === undefined || !value.includes(SENTINEL_PREFIX)) return;
  throw new ContentError(
    file,
    field,
    `${file}: ${field === '(body)' ? 'the body' : `field "${field}"`} contains "${SENTINEL_PREFIX}", which the email reserves for its per-reader placeholders; remove it.`,
  );
}

/** story.yaml from its bytes (undefined: no file, a draft). */
export function storyMetaFrom(bytes: Uint8Array | undefined, file: string): StoryMeta {
  if (bytes === undefined) return parseStoryMeta(undefined, file);
  const meta = parseStoryMeta(decodeUtf8(bytes, file), file);
  rejectPlaceholder(meta.headline, file, 'headline');
  return meta;
}

const TEXT_FIELDS = ['outlet', 'title', 'author'] as const;

/** The article's fields and paragraphs without markup, datelines and wire credits. */
function cleaned(article: Article, warnings: string[]): Article {
  const next: Article = { ...article };
  for (const field of TEXT_FIELDS) {
    const value = next[field];
    if (value === undefined) continue;
    const { text, tags } = stripMarkup(value);
    if (tags.length > 0) warnings.push(markupWarning(`${article.file}: field "${field}"`, tags));
    next[field] = text;
  }
  const tags = new Set<string>();
  next.paragraphs = article.paragraphs.map((paragraph) => {
    const unmarked = stripMarkup(paragraph);
    for (const tag of unmarked.tags) tags.add(tag);
    // A paragraph left empty keeps its place: refs count paragraphs as the file has them.
    return stripWire(unmarked.text);
  });
  if (tags.size > 0) warnings.push(markupWarning(`${article.file}: the body`, [...tags]));
  return next;
}

/** An article from its file's bytes, and what the editor should know about it. */
export function articleFrom(
  bytes: Uint8Array,
  file: string,
  story: string,
): { article: Article; warnings: string[] } {
  const { article, unknownFields } = parseArticleFile(decodeUtf8(bytes, file), file, story);
  const warnings = unknownFields.map(
    (field) =>
      `${file}: field "${field}" is not read (an article has outlet, published, title, url, author, language).`,
  );
  const result = cleaned(article, warnings);
  for (const field of [...TEXT_FIELDS, 'url'] as const)
    rejectPlaceholder(result[field], file, field);
  for (const paragraph of result.paragraphs) rejectPlaceholder(paragraph, file, '(body)');
  return { article: result, warnings };
}
