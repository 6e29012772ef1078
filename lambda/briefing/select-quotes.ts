import { cosine } from './cosine.ts';
import type { ExtractedQuote } from './extract-quotes.ts';
import { fluencyPenalty } from './fluency-penalty.ts';
import { type SparseVector, tfidf } from './tfidf.ts';
import { tokenize } from './tokenize.ts';
import type { BriefingQuote } from './types.ts';

const QUOTES_MAX = 6;
const QUOTES_PER_SPEAKER = 2;
// Two outlets' renderings of one quotation rarely match word for word (translation, trimming).
const QUOTE_MERGE_SIMILARITY = 0.6;

/**
 * Merges the same quotation reported by several outlets, keeps the cleanest wording, and picks
 * a few: corroborated first, then the most-mentioned speakers, at most two per speaker.
 */
export function selectQuotes(
  extracted: readonly (ExtractedQuote & { article: number })[],
  mentionsOf: ReadonlyMap<string, number>,
  usedTexts: ReadonlySet<string>,
): BriefingQuote[] {
  const candidates = extracted.filter((q) => !usedTexts.has(q.text));
  const { vectors } = tfidf(candidates.map((q) => tokenize(q.text)));
  const clusters: { members: number[] }[] = [];
  candidates.forEach((q, i) => {
    const cluster = clusters.find(
      (c) =>
        c.members.every(
          (m) => (candidates[m] as ExtractedQuote & { article: number }).article !== q.article,
        ) &&
        c.members.some(
          (m) =>
            cosine(vectors[m] as SparseVector, vectors[i] as SparseVector) >=
            QUOTE_MERGE_SIMILARITY,
        ),
    );
    if (cluster) cluster.members.push(i);
    else clusters.push({ members: [i] });
  });

  const merged = clusters.map((c, order) => {
    const members = c.members.map((m) => candidates[m] as ExtractedQuote & { article: number });
    const best = [...members].sort(
      (x, y) => fluencyPenalty(x.text) - fluencyPenalty(y.text),
    )[0] as ExtractedQuote;
    const rest = members.filter((m) => m !== best);
    return {
      quote: {
        text: best.text,
        speaker: best.speaker,
        sources: [...new Set([best.ref.source, ...rest.map((m) => m.ref.source)])],
        evidence: [best.ref, ...rest.map((m) => m.ref)].map((r) => ({ ...r })),
      } satisfies BriefingQuote,
      penalty: fluencyPenalty(best.text),
      order,
    };
  });

  merged.sort(
    (x, y) =>
      y.quote.sources.length - x.quote.sources.length ||
      x.penalty - y.penalty ||
      (mentionsOf.get(y.quote.speaker) ?? 0) - (mentionsOf.get(x.quote.speaker) ?? 0) ||
      x.order - y.order,
  );
  // Two passes: every speaker's best quote first, then second quotes, so one voice cannot
  // crowd out the others.
  const perSpeaker = new Map<string, number>();
  const seen = new Set<string>();
  const out: BriefingQuote[] = [];
  for (let round = 1; round <= QUOTES_PER_SPEAKER; round++) {
    for (const { quote } of merged) {
      if (out.length >= QUOTES_MAX) break;
      const n = perSpeaker.get(quote.speaker) ?? 0;
      if (n >= round || seen.has(quote.text)) continue;
      perSpeaker.set(quote.speaker, n + 1);
      seen.add(quote.text);
      out.push(quote);
    }
  }
  return out;
}
