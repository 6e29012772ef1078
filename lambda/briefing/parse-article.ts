import { isValid, parseISO } from 'date-fns';
import matter from 'gray-matter';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { ContentError } from './content-error.ts';
import type { Article, StoryMeta } from './types.ts';

// YAML 1.2 core schema: `published: 2021-03-18` stays a string instead of becoming a Date
// (gray-matter's default js-yaml engine would turn it into a Date at midnight UTC).
const matterOptions = { engines: { yaml: (source: string) => parseYaml(source) as object } };

const isoDate =
  /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

const HTTP_URL =
  'expected an absolute http or https URL, e.g. https://www.bbc.co.uk/news/world-56437875';

/** Whether a value is an absolute http(s) URL with a host: never javascript:, data: or a path. */
export function isHttpUrl(value: string): boolean {
  if (!URL.canParse(value)) return false;
  const url = new URL(value);
  return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
}

/** Every URL field of the content, checked the same way. */
const httpUrl = z.string({ error: HTTP_URL }).trim().refine(isHttpUrl, { error: HTTP_URL });

/** The front matter fields an article may have; any other is reported, since it is not read. */
export const ARTICLE_FIELDS = ['outlet', 'published', 'title', 'url', 'author', 'language'];

const frontMatter = z.object({
  outlet: z.string({ error: 'expected the outlet name as text, e.g. "BBC News"' }).trim().min(1, {
    error: 'expected the outlet name as text, e.g. "BBC News"',
  }),
  title: z.string().trim().min(1).optional(),
  url: httpUrl.optional(),
  published: z
    .string({ error: 'expected an ISO 8601 date or date-time, e.g. 2021-03-18' })
    .trim()
    .refine((value) => isoDate.test(value) && isValid(parseISO(value)), {
      error: 'expected an ISO 8601 date or date-time, e.g. 2021-03-18',
    }),
  author: z.string().trim().min(1).optional(),
  language: z
    .string()
    .trim()
    .regex(/^[a-zA-Z]{2,3}(?:-[a-zA-Z0-9]{2,8})*$/, { error: 'expected a language tag such as en' })
    .default('en'),
});

const storyYaml = z
  .object({
    status: z.enum(['draft', 'ready'], { error: 'expected draft or ready' }).default('draft'),
    headline: z.string().trim().min(1).optional(),
    order: z.number({ error: 'expected a number' }).int().optional(),
  })
  .strict();

function firstIssue(error: z.ZodError, file: string): ContentError {
  const issue = error.issues[0];
  const unknownKeys = issue?.code === 'unrecognized_keys' ? issue.keys.join(', ') : '';
  const field = unknownKeys || issue?.path.join('.') || '(front matter)';
  const missing = issue?.code === 'invalid_type' && issue.input === undefined;
  const what = missing ? `is missing: ${issue?.message}` : `is invalid: ${issue?.message}`;
  return new ContentError(file, field, `${file}: field "${field}" ${what}`);
}

/**
 * Splits an article body into paragraphs. Paragraphs are separated by blank lines;
 * a body with no blank line at all is one paragraph per line, as pasted articles
 * often are (the BBC seed is).
 */
export function splitParagraphs(body: string): string[] {
  const normalized = body.replace(/\r\n?/g, '\n').trim();
  if (normalized === '') return [];
  const blocks = /\n[ \t]*\n/.test(normalized)
    ? normalized.split(/\n[ \t]*\n+/).map((block) => block.replace(/\s*\n\s*/g, ' '))
    : normalized.split('\n');
  return blocks.map((block) => block.trim()).filter((block) => block !== '');
}

/** The outlet slug of an article file: its name without `.md` or `.markdown` (any case). */
export function outletSlugOf(file: string): string {
  return (file.split('/').pop() ?? file).replace(/\.(?:md|markdown)$/iu, '');
}

/** Parses one `<outlet-slug>.md` file: front matter validated, body kept verbatim. */
export function parseArticle(source: string, file: string, story: string): Article {
  return parseArticleFile(source, file, story).article;
}

/** parseArticle, and the front matter fields it does not read (a typo, or a field Braid lacks). */
export function parseArticleFile(
  source: string,
  file: string,
  story: string,
): { article: Article; unknownFields: string[] } {
  let parsed: matter.GrayMatterFile<string>;
  try {
    parsed = matter(source, matterOptions);
  } catch (cause) {
    throw new ContentError(
      file,
      '(front matter)',
      `${file}: front matter is not valid YAML: ${(cause as Error).message}`,
      { cause },
    );
  }
  const data = frontMatter.safeParse(parsed.data);
  if (!data.success) throw firstIssue(data.error, file);
  const slug = outletSlugOf(file);
  const { title, url, author } = data.data;
  const unknownFields = Object.keys(parsed.data).filter((key) => !ARTICLE_FIELDS.includes(key));
  const article: Article = {
    story,
    outlet: data.data.outlet,
    outletSlug: slug,
    ...(title === undefined ? {} : { title }),
    ...(url === undefined ? {} : { url }),
    published: data.data.published,
    ...(author === undefined ? {} : { author }),
    language: data.data.language,
    paragraphs: splitParagraphs(parsed.content),
    file,
  };
  return { article, unknownFields };
}

/** Parses an optional `story.yaml`; a missing file means a draft. */
export function parseStoryMeta(source: string | undefined, file: string): StoryMeta {
  if (source === undefined) return { status: 'draft' };
  let raw: unknown;
  try {
    raw = parseYaml(source) ?? {};
  } catch (cause) {
    throw new ContentError(file, '(yaml)', `${file}: not valid YAML: ${(cause as Error).message}`, {
      cause,
    });
  }
  const meta = storyYaml.safeParse(raw);
  if (!meta.success) throw firstIssue(meta.error, file);
  const { status, headline, order } = meta.data;
  return {
    status,
    ...(headline === undefined ? {} : { headline }),
    ...(order === undefined ? {} : { order }),
  };
}
