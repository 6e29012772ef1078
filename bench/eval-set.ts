import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Story } from '../lambda/briefing/types.ts';
import { stripWire } from '../lambda/content/wire-rules.ts';

/**
 * The evaluation set: 483 real multi-outlet clusters, read in place beside the repository
 * (shared/eval). The text belongs to AllSides and the outlets: it is read, never copied into
 * the repository.
 */
export const EVAL_FILE = join(
  process.env.BRAID_EVAL_DIR ?? join(import.meta.dirname, '..', '..', 'shared', 'eval'),
  'allsides-dev.json',
);

export interface Cluster {
  id: string;
  articles: { source: string; text: string }[];
  references: string[];
}

/** The clusters; throws, saying where it looked, when the set is not there. */
export function loadClusters(): Cluster[] {
  if (!existsSync(EVAL_FILE)) {
    throw new Error(`The evaluation set is not at ${EVAL_FILE}; set BRAID_EVAL_DIR to its folder.`);
  }
  return JSON.parse(readFileSync(EVAL_FILE, 'utf8')) as Cluster[];
}

/** A cluster as a ready story: one article per outlet, one paragraph per line. */
export function storyOf(cluster: Cluster): Story {
  return {
    slug: cluster.id,
    meta: { status: 'ready' },
    articles: cluster.articles.map((a, i) => ({
      story: cluster.id,
      outlet: a.source,
      outletSlug: `article-${i + 1}`,
      // The data set has no dates; the crawl's month keeps relative dates plausible.
      published: '2021-10-19',
      language: 'en',
      // As the content loader reads a file: wire datelines and newsletter labels ("The big
      // picture:") removed, a paragraph left empty kept in its place.
      paragraphs: a.text
        .split(/\n/u)
        .map((p) => p.trim())
        .filter(Boolean)
        .map(stripWire),
      file: `${cluster.id}#${i + 1}`,
    })),
  };
}
