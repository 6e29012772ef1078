import { normalizeWhitespace } from '../briefing/normalize-whitespace.ts';
import { type PreparedArticle, prepareArticle } from '../briefing/prepare-article.ts';
import { textOf } from '../briefing/trim.ts';
import type { Article, Briefing, BriefingTelling, Ref } from '../briefing/types.ts';

/**
 * The evidence view: every summary sentence, point, quote, difference and timeline entry
 * with its refs resolved to the source sentence they name. Refs are numbered as the
 * briefing numbers them (prepareArticle: cleaning keeps the Markdown's paragraph numbers,
 * splitSentences numbers the sentences of each), so a ref resolves here exactly when it
 * resolves for the briefing.
 */

export interface ResolvedRef {
  ref: Ref;
  /** The article's file name without `.md`, for the link to it. */
  outletSlug: string | undefined;
  /** The sentence, whitespace-normalized, or undefined when the ref names none. */
  sentence: string | undefined;
  /** The text the ref's `kept` ranges make of the sentence. */
  keptText?: string;
}

export interface OutlineItem {
  section: 'summary' | 'point' | 'quote' | 'difference' | 'timeline';
  text: string;
  /** Who it is credited to: sources, or the difference's outlet. */
  credited: string[];
  label?: string;
  evidence: ResolvedRef[];
  /** Whether the item's text is its first evidence's sentence (or its kept ranges), as the contract says. */
  traced: boolean;
}

/** Prepared articles of a story, by outlet name: what refs point into. */
export function preparedByOutlet(articles: readonly Article[]): Map<string, PreparedArticle> {
  return new Map(articles.map((a) => [a.outlet, prepareArticle(a)]));
}

/** The sentence a ref names, whitespace-normalized; undefined when there is none. */
export function sentenceOf(prepared: PreparedArticle | undefined, ref: Ref): string | undefined {
  if (prepared === undefined) return undefined;
  const index = prepared.paragraphs.findIndex((p) => p.paragraph === ref.paragraph);
  const span = prepared.sentences[index]?.[ref.sentence - 1];
  return span === undefined ? undefined : normalizeWhitespace(span.text);
}

/** The text kept ranges make of a sentence, as the briefing makes it (trim.ts). */
export function keptText(sentence: string, kept: readonly [number, number][]): string {
  return normalizeWhitespace(textOf(sentence, kept));
}

function resolve(prepared: Map<string, PreparedArticle>, ref: Ref): ResolvedRef {
  const article = prepared.get(ref.source);
  const sentence = sentenceOf(article, ref);
  return {
    ref,
    outletSlug: article?.article.outletSlug,
    sentence,
    ...(sentence !== undefined && ref.kept !== undefined
      ? { keptText: keptText(sentence, ref.kept) }
      : {}),
  };
}

/** Whether a text is what its first evidence says (whole, or its kept ranges). */
function isTraced(text: string, first: ResolvedRef | undefined, quote: boolean): boolean {
  if (first?.sentence === undefined) return false;
  const shown = normalizeWhitespace(text);
  if (quote) return first.sentence.includes(shown.replace(/^["“]|["”]$/gu, ''));
  return (first.keptText ?? first.sentence) === shown;
}

/** The briefing as an outline, every item with its evidence resolved. */
export function evidenceOutline(
  briefing: Briefing,
  prepared: Map<string, PreparedArticle>,
): OutlineItem[] {
  const item = (
    section: OutlineItem['section'],
    text: string,
    credited: string[],
    refs: readonly Ref[],
    label?: string,
  ): OutlineItem => {
    const evidence = refs.map((r) => resolve(prepared, r));
    return {
      section,
      text,
      credited,
      ...(label === undefined ? {} : { label }),
      evidence,
      traced: isTraced(text, evidence[0], section === 'quote'),
    };
  };
  // Another outlet's telling follows its item, in the same section, under its own outlets.
  const withTellings = (first: OutlineItem, tellings: readonly BriefingTelling[] = []) => [
    first,
    ...tellings.map((t) => item(first.section, t.text, t.sources, t.evidence, 'also reported')),
  ];
  return [
    ...briefing.summary.flatMap((s, i) => {
      const refs = briefing.summaryEvidence[i] ?? [];
      const first = item('summary', s, [...new Set(refs.map((r) => r.source))], refs);
      return withTellings(first, briefing.summaryAlsoReported[i]);
    }),
    ...briefing.points.flatMap((p) =>
      withTellings(item('point', p.text, p.sources, p.evidence), p.alsoReported),
    ),
    ...briefing.quotes.map((q) => item('quote', q.text, q.sources, q.evidence, q.speaker)),
    ...briefing.differences.map((d) =>
      item(
        'difference',
        d.text,
        [d.source],
        d.evidence,
        d.kind === 'conflict' ? 'conflict' : 'only this outlet',
      ),
    ),
    ...briefing.timeline.flatMap((t) =>
      withTellings(
        item(
          'timeline',
          t.text,
          t.sources,
          t.evidence,
          `${t.date}${t.expected ? ' (expected)' : ''}`,
        ),
        t.alsoReported,
      ),
    ),
  ];
}

/** One article as the evidence link opens it: paragraphs, sentences, what cleaning dropped. */
export interface ArticleView {
  article: Article;
  paragraphs: {
    number: number;
    /** Cleaning dropped it (boilerplate): shown, never a ref's target. */
    dropped: boolean;
    sentences: { number: number; text: string }[];
  }[];
}

export function articleView(prepared: PreparedArticle): ArticleView {
  const kept = new Map(prepared.paragraphs.map((p, i) => [p.paragraph, i]));
  return {
    article: prepared.article,
    paragraphs: prepared.article.paragraphs.map((text, i) => {
      const index = kept.get(i + 1);
      const spans = index === undefined ? undefined : prepared.sentences[index];
      return {
        number: i + 1,
        dropped: spans === undefined,
        sentences: (spans ?? [{ text, start: 0, end: text.length }]).map((s, si) => ({
          number: si + 1,
          text: normalizeWhitespace(s.text),
        })),
      };
    }),
  };
}
