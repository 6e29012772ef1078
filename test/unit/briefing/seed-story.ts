import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Article, Story } from '../../../lambda/briefing/types.ts';

const STORY = 'biden-calls-putin-a-killer';
const contentDir = fileURLToPath(new URL(`../../../content/${STORY}/`, import.meta.url));

/** Reads one seed article: simple `key: value` front matter, then the verbatim body. */
function loadSeed(slug: string, paragraphsOf: (body: string) => string[]): Article {
  const raw = readFileSync(`${contentDir}${slug}.md`, 'utf8');
  const match = /^---\r?\n([\s\S]*?)\r?\n---\r?\n([\s\S]*)$/u.exec(raw);
  if (!match) throw new Error(`${slug}.md: no front matter`);
  const fields = new Map(
    (match[1] ?? '').split(/\r?\n/u).map((line) => {
      const at = line.indexOf(':');
      return [line.slice(0, at).trim(), line.slice(at + 1).trim()] as const;
    }),
  );
  return {
    story: STORY,
    outlet: fields.get('outlet') ?? slug,
    outletSlug: slug,
    published: fields.get('published') ?? '',
    language: fields.get('language') ?? 'en',
    paragraphs: paragraphsOf(match[2] ?? ''),
    file: `${STORY}/${slug}.md`,
  };
}

// The BBC seed has one paragraph per line; the NBC seed separates paragraphs with blank lines.
export const bbc = (): Article =>
  loadSeed('bbc-news', (body) =>
    body
      .split(/\r?\n/u)
      .map((l) => l.trim())
      .filter(Boolean),
  );
export const nbc = (): Article =>
  loadSeed('nbc-news', (body) =>
    body
      .split(/\r?\n\s*\r?\n/u)
      .map((p) => p.trim())
      .filter(Boolean),
  );

export function seedStory(articles: Article[] = [bbc(), nbc()]): Story {
  return { slug: STORY, meta: { status: 'ready' }, articles };
}
