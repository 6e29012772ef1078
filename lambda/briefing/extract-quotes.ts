import type { CleanParagraph } from './clean.ts';
import { countWords } from './count-words.ts';
import type { PersonMention } from './find-people.ts';
import { findQuoteSpans, type QuoteSpan } from './find-quote-spans.ts';
import { isRoleWord, speechVerbPattern } from './name-lexicon.ts';
import { normalizeWhitespace } from './normalize-whitespace.ts';
import type { SentenceSpan } from './split-sentences.ts';
import type { Ref } from './types.ts';

export interface QuoteInput {
  outlet: string;
  paragraphs: readonly CleanParagraph[];
  /** Sentence spans of each paragraph (same order as `paragraphs`). */
  sentences: readonly (readonly SentenceSpan[])[];
  /** Person mentions of each paragraph, from findPeople. */
  mentions: readonly (readonly PersonMention[])[];
}

export interface ExtractedQuote {
  text: string;
  speaker: string;
  ref: Ref;
}

// Shorter quotations are scare quotes or fragments ("killer", "blind alley"), not statements.
const MIN_QUOTE_WORDS = 6;
// How far back "he said" looks for the person it means, in sentences.
const PRONOUN_LOOKBACK = 5;
// Work cap per article: a 1 MB article has thousands of quotations and we keep a handful.
const MAX_QUOTES_PER_ARTICLE = 60;
const MAX_ATTEMPTS_PER_ARTICLE = 300;

const SPEECH_VERB = new RegExp(`\\b${speechVerbPattern}\\b`, 'gu');

function roleWordsOnly(gap: string): boolean {
  if (/^\s+$/u.test(gap)) return true;
  const words = gap.trim().split(/\s+/u);
  return (
    /^\s/u.test(gap) &&
    /\s$/u.test(gap) &&
    words.length <= 4 &&
    words.every((w) => /^\p{Lu}/u.test(w) || isRoleWord(w))
  );
}

/**
 * Text with every quotation blanked out (same length, offsets unchanged) so only the narration is
 * searched. The filler is not whitespace: a name and a verb on either side of a quotation must
 * not look adjacent.
 */
function mask(text: string, spans: readonly QuoteSpan[]): string {
  const parts: string[] = [];
  let at = 0;
  for (const s of spans) {
    const end = Math.min(text.length, s.close + 1);
    parts.push(text.slice(at, s.open), '¤'.repeat(end - s.open));
    at = end;
  }
  parts.push(text.slice(at));
  return parts.join('');
}

function sentenceIndexAt(sentences: readonly SentenceSpan[], at: number): number {
  const index = sentences.findIndex((s) => at < s.end);
  return index === -1 ? Math.max(0, sentences.length - 1) : index;
}

/**
 * Direct quotations (at least six words inside double quotes) with their speaker. The speaker is
 * read from the narration around the quote: "X said", "said X", "X told", "according to X"; for
 * "he said" it is the nearest preceding named person in the same article (a subject-like mention
 * preferred, possessives skipped). A paragraph that is only a quotation continues the previous
 * paragraph's speaker, as news style does. Quotes whose speaker stays unknown, or is not a
 * person, are dropped rather than guessed.
 */
export function extractQuotes(article: QuoteInput): ExtractedQuote[] {
  const { paragraphs, sentences, mentions } = article;

  const resolvePronoun = (pi: number, at: number): string | undefined => {
    let seen = 0;
    for (let p = pi; p >= 0 && seen < PRONOUN_LOOKBACK; p--) {
      const spans = sentences[p] ?? [];
      const inPara = (mentions[p] ?? []).filter(
        (m) => !m.inQuote && !m.possessive && (p < pi || m.end <= at),
      );
      const last = p === pi ? sentenceIndexAt(spans, at) : spans.length - 1;
      for (let s = last; s >= 0 && seen < PRONOUN_LOOKBACK; s--, seen++) {
        const span = spans[s];
        if (!span) continue;
        const here = inPara.filter((m) => m.start >= span.start && m.start < span.end);
        const pick = here.filter((m) => m.subjectLike).at(-1) ?? here.at(-1);
        if (pick) return pick.person;
      }
    }
    return undefined;
  };

  /** The speaker attributed somewhere in [from, to) of paragraph `pi`, nearest to `near`. */
  const attribution = (pi: number, masked: string, from: number, to: number, near: number) => {
    const inPara = (mentions[pi] ?? []).filter((m) => !m.inQuote);
    const verbs = [...masked.slice(from, to).matchAll(SPEECH_VERB)].map((m) => ({
      start: from + m.index,
      end: from + m.index + m[0].length,
    }));
    const accordingTo = [...masked.slice(from, to).matchAll(/\baccording to\b/gu)].map((m) => ({
      start: from + m.index,
      end: from + m.index + m[0].length,
    }));
    const candidates = [...verbs, ...accordingTo].sort(
      (x, y) => Math.abs(x.start - near) - Math.abs(y.start - near),
    );
    for (const verb of candidates) {
      const before = inPara.find(
        (m) => m.end <= verb.start && /^\s+$/u.test(masked.slice(m.end, verb.start)),
      );
      if (before && !before.possessive) return before.person;
      if (/\b(?:he|she)\s+$/iu.test(masked.slice(Math.max(0, verb.start - 8), verb.start))) {
        const person = resolvePronoun(pi, verb.start);
        if (person) return person;
        continue;
      }
      const after = inPara.find(
        (m) =>
          m.start >= verb.end &&
          m.start - verb.end < 80 &&
          roleWordsOnly(masked.slice(verb.end, m.start)),
      );
      if (after) return after.person;
    }
    return undefined;
  };

  const quotes: ExtractedQuote[] = [];
  let attempts = 0;
  let previousSpeaker: string | undefined;
  paragraphs.forEach((paragraph, pi) => {
    if (quotes.length >= MAX_QUOTES_PER_ARTICLE || attempts >= MAX_ATTEMPTS_PER_ARTICLE) return;
    if (paragraph.kind === 'subhead') {
      previousSpeaker = undefined; // a subhead starts a new section; no continuation across it
      return;
    }
    const text = paragraph.text;
    const spans = findQuoteSpans(text);
    const nextOpensWithQuote = /^["“”„«]/u.test(paragraphs[pi + 1]?.text ?? '');
    if (spans.length === 0 && !nextOpensWithQuote) {
      previousSpeaker = undefined;
      return;
    }
    const masked = mask(text, spans);
    // Whoever this paragraph attributes anything to; only needed for unattributed quotes here
    // or a quotation-only paragraph next.
    const paragraphSpeaker = attribution(pi, masked, 0, text.length, 0);
    const opensWithQuote = spans[0]?.open === 0;
    const paraSentences = sentences[pi] ?? [];
    let lastSpeaker: string | undefined;
    for (const span of spans) {
      if (quotes.length >= MAX_QUOTES_PER_ARTICLE || attempts >= MAX_ATTEMPTS_PER_ARTICLE) break;
      // An unclosed quotation is real only when it runs on into the next paragraph, which
      // news style opens at the paragraph start or after a colon.
      if (!span.closed && !(span.open === 0 || /:\s*$/u.test(text.slice(0, span.open)))) continue;
      let start = span.open + 1;
      let end = span.close;
      while (start < end && /\s/u.test(text[start] ?? '')) start++;
      while (end > start && /[\s,]/u.test(text[end - 1] ?? '')) end--;
      const inner = text.slice(start, end);
      if (countWords(inner) < MIN_QUOTE_WORDS) continue;
      attempts++;
      const first = sentenceIndexAt(paraSentences, span.open);
      const last = sentenceIndexAt(paraSentences, Math.max(span.open, span.close - 1));
      const from = paraSentences[first]?.start ?? 0;
      const to = paraSentences[last]?.end ?? text.length;
      const speaker =
        attribution(pi, masked, from, to, span.close) ??
        paragraphSpeaker ??
        (opensWithQuote ? previousSpeaker : undefined);
      if (!speaker) continue;
      lastSpeaker = speaker;
      quotes.push({
        text: normalizeWhitespace(inner),
        speaker,
        ref: { source: article.outlet, paragraph: paragraph.paragraph, sentence: first + 1 },
      });
    }
    previousSpeaker =
      paragraphSpeaker ?? lastSpeaker ?? (opensWithQuote ? previousSpeaker : undefined);
  });
  return quotes;
}
