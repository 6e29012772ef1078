/** One outlet's article about a story, as loaded from `content/<story>/<outlet-slug>.md`. */
export interface Article {
  /** Story slug: the folder name. */
  story: string;
  /** Outlet display name from front matter, e.g. "BBC News". */
  outlet: string;
  /** File name without `.md`, e.g. "bbc-news". */
  outletSlug: string;
  title?: string;
  url?: string;
  /** ISO 8601 date or date-time, as given in front matter. */
  published: string;
  author?: string;
  /** BCP 47 language tag; `en` when front matter does not say. */
  language: string;
  /** The body split into paragraphs, each trimmed, in order. Verbatim text. */
  paragraphs: string[];
  /** Where the article came from (path relative to the content root), for error messages. */
  file: string;
}

/** Editor fields from an optional `story.yaml`. */
export interface StoryMeta {
  status: 'draft' | 'ready';
  headline?: string;
  order?: number;
}

export interface Story {
  slug: string;
  meta: StoryMeta;
  articles: Article[];
}

/** Where a sentence comes from: 1-based paragraph and sentence numbers within one source. */
export interface Ref {
  source: string;
  paragraph: number;
  sentence: number;
}

export interface BriefingPoint {
  text: string;
  sources: string[];
  evidence: Ref[];
}

export interface BriefingQuote {
  text: string;
  speaker: string;
  sources: string[];
  evidence: Ref[];
}

export interface BriefingDifference {
  source: string;
  text: string;
  evidence: Ref[];
  /**
   * `exclusive`: only this outlet reports it. `conflict`: outlets report one fact with different
   * numbers or days; `text` is this outlet's version, the second evidence the shown wording.
   */
  kind: 'exclusive' | 'conflict';
  /** For a conflict: the outlet whose wording the briefing shows. */
  disagreesWith?: string;
}

export interface BriefingTimelineEntry {
  /** ISO date, YYYY-MM-DD. */
  date: string;
  text: string;
  sources: string[];
  evidence: Ref[];
}

export interface BriefingPerson {
  name: string;
  role?: string;
  mentions: number;
  sources: string[];
}

export interface BriefingSource {
  outlet: string;
  title?: string;
  url?: string;
  published: string;
  words: number;
}

/** The contract in docs/architecture.md: what `braid brief <story-dir> --json` prints. */
export interface Briefing {
  version: 1;
  story: string;
  headline: string;
  summary: string[];
  points: BriefingPoint[];
  quotes: BriefingQuote[];
  differences: BriefingDifference[];
  timeline: BriefingTimelineEntry[];
  people: BriefingPerson[];
  sources: BriefingSource[];
  /** Notes for the editor (skipped articles, non-English sources); not sent to readers. */
  warnings: string[];
}
