import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import type { Story } from '../lambda/briefing/types.ts';
import { stripWire } from '../lambda/content/wire-rules.ts';

const SET_FILE = 'allsides-dev.json';
const REPO = join(import.meta.dirname, '..');

/**
 * The local repository a clone was made from (its `origin`, when that is a folder on this
 * machine), read from the clone's git config.
 */
export function originFolder(gitConfig: string): string | undefined {
  const origin = /\[remote "origin"\][^[]*?\n\s*url\s*=\s*(.+)/u.exec(gitConfig)?.[1]?.trim();
  if (!origin || /^[\w+.-]+:\/\//u.test(origin) || /^[^/]+@[^/]+:/u.test(origin)) return undefined;
  return isAbsolute(origin) ? origin : undefined;
}

/**
 * Where the evaluation set may be, in order: BRAID_EVAL_DIR; shared/eval beside the repository;
 * and, for a clone made elsewhere on the machine (`git clone <repo> /tmp/x`), shared/eval beside
 * the repository it was cloned from.
 */
export function evalFileCandidates(
  env: string | undefined = process.env.BRAID_EVAL_DIR,
  repo: string = REPO,
): string[] {
  if (env) return [join(env, SET_FILE)];
  const beside = (folder: string) => join(folder, '..', 'shared', 'eval', SET_FILE);
  const config = join(repo, '.git', 'config');
  const origin = existsSync(config) ? originFolder(readFileSync(config, 'utf8')) : undefined;
  return [beside(repo), ...(origin ? [beside(origin)] : [])];
}

/**
 * The evaluation set: 483 real multi-outlet clusters, read in place beside the repository
 * (shared/eval). The text belongs to AllSides and the outlets: it is read, never copied into
 * the repository.
 */
const CANDIDATES = evalFileCandidates();
export const EVAL_FILE = CANDIDATES.find((file) => existsSync(file)) ?? (CANDIDATES[0] as string);

export interface Cluster {
  id: string;
  articles: { source: string; text: string }[];
  references: string[];
}

/** The clusters; throws, saying where it looked, when the set is not there. */
export function loadClusters(): Cluster[] {
  if (!existsSync(EVAL_FILE)) {
    throw new Error(
      `The evaluation set is not at ${CANDIDATES.join(' nor ')}; set BRAID_EVAL_DIR to its folder.`,
    );
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
