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
  /**
   * What loading the folder changed or left out, each naming its file (markup removed, a
   * file that is not read): the briefing's warnings start with these.
   */
  warnings?: string[];
}

/** Where a sentence comes from: 1-based paragraph and sentence numbers within one source. */
export interface Ref {
  source: string;
  paragraph: number;
  sentence: number;
  /**
   * Only on the first evidence of a trimmed text: the [start, end) character ranges of the
   * (whitespace-normalized) source sentence that the text keeps, in order. The text is those
   * ranges joined; absent means the whole sentence.
   */
  kept?: [number, number][];
}

/** Outlets that report one fact with different numbers, quantities or days. */
export interface BriefingConflict {
  /** What differs, for the reader: "20 pages vs 15 pages", "2021-03-16 vs 2021-03-17". */
  what: string;
  /** The two outlets, the shown wording's first. */
  outlets: [string, string];
  /** The two sentences, in the order of `outlets`. */
  evidence: [Ref, Ref];
}

/**
 * Another outlet's telling of the same event in its own words: its text is credited to its own
 * `sources` only, never the item's. An item with tellings is an event several outlets report,
 * each in the words it used.
 */
export interface BriefingTelling {
  text: string;
  sources: string[];
  /** The telling's sentence (with `kept` when trimmed), then the sentences supporting it. */
  evidence: Ref[];
}

export interface BriefingPoint {
  text: string;
  sources: string[];
  evidence: Ref[];
  /** Other outlets that report the same event, each in its own words. */
  alsoReported?: BriefingTelling[];
  /** Present when the credited outlets disagree on a number or day of this fact. */
  conflicts?: BriefingConflict[];
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
  conflicts?: BriefingConflict[];
}

/** How much of a timeline date the articles state. */
export type DatePrecision = 'day' | 'month' | 'year';

export interface BriefingTimelineEntry {
  /** ISO date cut to its precision: YYYY-MM-DD, YYYY-MM or YYYY. */
  date: string;
  precision: DatePrecision;
  /** "ten years ago", "about two weeks ago": the date is an estimate ("last year" is exact). */
  approximate?: true;
  /** A forecast or plan ("is expected to", "will … next week"), not something that happened. */
  expected?: true;
  text: string;
  sources: string[];
  evidence: Ref[];
  alsoReported?: BriefingTelling[];
  conflicts?: BriefingConflict[];
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
  version: 2;
  story: string;
  headline: string;
  summary: string[];
  /**
   * The evidence of each summary sentence, in the same order: the sentence it comes from (with
   * `kept` when trimmed), then the sentences of the other outlets that report what it says.
   */
  summaryEvidence: Ref[][];
  /** For each summary sentence, in the same order: other outlets' tellings of its event. */
  summaryAlsoReported: BriefingTelling[][];
  points: BriefingPoint[];
  quotes: BriefingQuote[];
  differences: BriefingDifference[];
  timeline: BriefingTimelineEntry[];
  people: BriefingPerson[];
  sources: BriefingSource[];
  /** Notes for the editor (skipped articles, non-English sources); not sent to readers. */
  warnings: string[];
}
