import type { ExtractedQuote } from './extract-quotes.ts';
import { endsCutOff, fluencyPenalty } from './fluency-penalty.ts';
import type { BriefingQuote } from './types.ts';

const QUOTES_MAX = 6;
const QUOTES_PER_SPEAKER = 2;
// Fewer words than this and a match says nothing ("he said", "no").
const QUOTE_MERGE_MIN_WORDS = 3;

/** A quotation's words: lower case, letters and digits, curly apostrophes made straight. */
export function quoteWords(text: string): string[] {
  return (
    text
      .toLowerCase()
      .replace(/[\u2018\u2019\u02bc]/gu, "'")
      .match(/[\p{L}\p{N}]+(?:'[\p{L}\p{N}]+)*/gu) ?? []
  );
}

/**
 * Two renderings are the same quotation when the words match: every word of the shorter one
 * occurs, in order, in the longer one, ignoring case and punctuation. An outlet may quote less
 * of it or cut a phrase out ("…"), so a few words may sit between the matched ones, but no
 * more than half the shorter quote's length. A translation that changes a word is a different
 * quotation.
 */
export function sameQuotation(a: readonly string[], b: readonly string[]): boolean {
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  if (short.length < QUOTE_MERGE_MIN_WORDS) return false;
  const widest = short.length + Math.max(2, Math.floor(short.length / 2));
  for (let start = 0; start + short.length <= long.length; start++) {
    if (long[start] !== short[0]) continue;
    let i = 1;
    let end = start;
    for (let j = start + 1; j < long.length && j - start < widest && i < short.length; j++) {
      if (long[j] === short[i]) {
        i++;
        end = j;
      }
    }
    if (i === short.length && end - start < widest) return true;
  }
  return false;
}

// Two renderings that share, in order, this share of the longer one's words are one quotation
// transcribed twice ("…that it is among the unvaccinated" / "…it is among the unvaccinated").
const NEARLY_SAME = 0.9;
// Below this many words a word or two apart is another quotation.
const NEARLY_SAME_MIN_WORDS = 8;

/** Length of the longest common subsequence of two word lists. */
function commonWords(a: readonly string[], b: readonly string[]): number {
  let previous = new Array<number>(b.length + 1).fill(0);
  for (const word of a) {
    const row = [0];
    b.forEach((other, j) => {
      row.push(
        word === other ? (previous[j] ?? 0) + 1 : Math.max(previous[j + 1] ?? 0, row[j] ?? 0),
      );
    });
    previous = row;
  }
  return previous[b.length] ?? 0;
}

/**
 * Two outlets' transcriptions of one quotation that differ in a word or two: shown once. Not
 * merged, since neither outlet reported the other's words.
 */
export function nearlySameQuotation(a: readonly string[], b: readonly string[]): boolean {
  const longer = Math.max(a.length, b.length);
  if (Math.min(a.length, b.length) < NEARLY_SAME_MIN_WORDS) return false;
  return commonWords(a, b) >= NEARLY_SAME * longer;
}

/** An extracted quotation and the article (index in the story) it was read from. */
type Candidate = ExtractedQuote & { article: number };

/** One quotation as the briefing shows it, with what ranks it. */
interface Merged {
  quote: BriefingQuote;
  /** Fluency penalty of the shown wording. */
  penalty: number;
  /** Where the quotation was first seen. */
  order: number;
}

/**
 * The candidates grouped by quotation, in first-seen order: a rendering joins the first group
 * that has none from its article and holds the same quotation (see `sameQuotation`).
 */
function groupRenderings(candidates: readonly Candidate[]): Candidate[][] {
  const groups: { members: Candidate[]; words: string[][] }[] = [];
  for (const q of candidates) {
    const words = quoteWords(q.text);
    const group = groups.find(
      (g) =>
        g.members.every((m) => m.article !== q.article) &&
        g.words.some((w) => sameQuotation(w, words)),
    );
    if (group) {
      group.members.push(q);
      group.words.push(words);
    } else groups.push({ members: [q], words: [words] });
  }
  return groups.map((g) => g.members);
}

/** One group as a briefing quote: the cleanest wording, crediting every outlet that has it. */
function mergeRenderings(members: readonly Candidate[], order: number): Merged {
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
}

/** Corroborated first, then the cleanest wording, then the most-mentioned speaker. */
function byRank(mentionsOf: ReadonlyMap<string, number>): (x: Merged, y: Merged) => number {
  return (x, y) =>
    y.quote.sources.length - x.quote.sources.length ||
    x.penalty - y.penalty ||
    (mentionsOf.get(y.quote.speaker) ?? 0) - (mentionsOf.get(x.quote.speaker) ?? 0) ||
    x.order - y.order;
}

/**
 * Up to QUOTES_MAX quotes in rank order, QUOTES_PER_SPEAKER per speaker, in rounds: every
 * speaker's best quote first, then second quotes, so one voice cannot crowd out the others.
 */
function takeBySpeaker(ranked: readonly Merged[]): BriefingQuote[] {
  const perSpeaker = new Map<string, number>();
  const seen = new Set<string>();
  const taken: string[][] = [];
  const out: BriefingQuote[] = [];
  for (let round = 1; round <= QUOTES_PER_SPEAKER; round++) {
    for (const { quote } of ranked) {
      if (out.length >= QUOTES_MAX) break;
      const n = perSpeaker.get(quote.speaker) ?? 0;
      if (n >= round || seen.has(quote.text)) continue;
      const words = quoteWords(quote.text);
      // The same quotation in another outlet's transcription: shown once.
      if (taken.some((t) => nearlySameQuotation(t, words))) {
        seen.add(quote.text);
        continue;
      }
      perSpeaker.set(quote.speaker, n + 1);
      seen.add(quote.text);
      taken.push(words);
      out.push(quote);
    }
  }
  return out;
}

// A quotation this many paragraphs after another of its speaker's in one article goes on with it.
const GOES_ON_WITHIN = 2;

/**
 * The quotes in rank order, except that one which goes on from another (same speaker, same
 * article, a paragraph or two later: "I said, 'Mr Prime Minister…'" then "He looked back at
 * me…") comes right after it.
 */
function keepTogether(quotes: readonly BriefingQuote[]): BriefingQuote[] {
  const left = [...quotes];
  const out: BriefingQuote[] = [];
  while (left.length > 0) {
    const quote = left.shift() as BriefingQuote;
    out.push(quote);
    const next = left.findIndex((q) => goesOnFrom(quote, q));
    if (next >= 0) out.push(...left.splice(next, 1));
  }
  return out;
}

function goesOnFrom(a: BriefingQuote, b: BriefingQuote): boolean {
  const [x, y] = [a.evidence[0], b.evidence[0]];
  if (!x || !y || a.speaker !== b.speaker || x.source !== y.source) return false;
  const gap = y.paragraph - x.paragraph;
  return gap >= 1 && gap <= GOES_ON_WITHIN;
}

// "And that's not a coincidence…", "They're framing it as…": a quotation that goes on from words
// the reader is not shown, or speaks of people it does not name. ("He was frail…" is most often
// the story's own subject.)
// A quotation cut in mid-sentence that opens on a pronoun ("it would have been handled years
// ago") leans on the words before it just as much.
const MID_THOUGHT =
  /^(?:And|But|So|Or|Also|However|They|Their|Them|it|its|they|their|them|this|that|these|those|he|she|his|her|him)\b/u;

function opensMidThought(text: string): boolean {
  return MID_THOUGHT.test(text.replace(/^[\s"“”'‘’…[(]+/u, ''));
}

/**
 * Merges the same quotation reported by several outlets, keeps the cleanest wording, and picks
 * a few: corroborated first, then the most-mentioned speakers, at most two per speaker.
 */
export function selectQuotes(
  extracted: readonly Candidate[],
  mentionsOf: ReadonlyMap<string, number>,
  alreadyTold: (quote: string) => boolean,
): BriefingQuote[] {
  const candidates = extracted.filter(
    // A quotation cut off by its source ("…President Biden has been...") is no whole statement.
    (q) => !endsCutOff(q.text) && !opensMidThought(q.text) && !alreadyTold(q.text),
  );
  const merged = groupRenderings(candidates).map(mergeRenderings);
  return keepTogether(takeBySpeaker(merged.sort(byRank(mentionsOf))));
}
