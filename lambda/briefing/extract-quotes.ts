import type { CleanParagraph } from './clean.ts';
import { countWords } from './count-words.ts';
import type { PersonMention } from './find-people.ts';
import { findQuoteSpans, type QuoteSpan } from './find-quote-spans.ts';
import { isRoleWord, nameLexicon as lex, SPEECH_VERB } from './name-lexicon.ts';
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
// How far after "said" the name of "said spokesman X" may start, in characters.
const NAME_AFTER_CUE_MAX = 80;

const ACCORDING_TO = /\baccording to\b/gu;
const PRONOUN_BEFORE = /\b(?:he|she)\s+$/iu;
const OPENS_WITH_QUOTE = /^["“”„«]/u;

/** A speech verb or "according to": a place in the narration that attributes a quotation. */
interface Cue {
  start: number;
  end: number;
}

/** One paragraph of an article, its quotations masked (see `mask`), read for attributions. */
interface Narration {
  article: QuoteInput;
  /** Index of the paragraph in `article.paragraphs`. */
  pi: number;
  paragraph: CleanParagraph;
  masked: string;
}

/** The quotes found so far in an article, and the work spent, shared by all its paragraphs. */
interface Extraction {
  quotes: ExtractedQuote[];
  attempts: number;
  /** The speaker a quotation-only paragraph next would continue. */
  previousSpeaker: string | undefined;
}

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
 * The named people a pronoun at `at` of paragraph `pi` may refer back to, one list per sentence,
 * nearest sentence first, at most PRONOUN_LOOKBACK sentences back. Mentions inside quotations,
 * possessives and mentions after the pronoun are left out.
 */
function* antecedentsBefore(
  article: QuoteInput,
  pi: number,
  at: number,
): Generator<PersonMention[]> {
  let seen = 0;
  for (let p = pi; p >= 0 && seen < PRONOUN_LOOKBACK; p--) {
    const spans = article.sentences[p] ?? [];
    const inPara = (article.mentions[p] ?? []).filter(
      (m) => !m.inQuote && !m.possessive && (p < pi || m.end <= at),
    );
    const last = p === pi ? sentenceIndexAt(spans, at) : spans.length - 1;
    for (let s = last; s >= 0 && seen < PRONOUN_LOOKBACK; s--, seen++) {
      const span = spans[s];
      yield span ? inPara.filter((m) => m.start >= span.start && m.start < span.end) : [];
    }
  }
}

/** Who "he" or "she" at `at` of paragraph `pi` is: the nearest named person, subject-like first. */
function pronounSpeaker(article: QuoteInput, pi: number, at: number): string | undefined {
  for (const here of antecedentsBefore(article, pi, at)) {
    const pick = here.filter((m) => m.subjectLike).at(-1) ?? here.at(-1);
    if (pick) return pick.person;
  }
  return undefined;
}

/** Speech verbs and "according to" in [from, to) of the masked text, nearest to `near` first. */
function cuesNear(masked: string, from: number, to: number, near: number): Cue[] {
  const narration = masked.slice(from, to);
  const cueAt = (m: RegExpExecArray): Cue => ({
    start: from + m.index,
    end: from + m.index + m[0].length,
  });
  const cues = [
    ...[...narration.matchAll(SPEECH_VERB)].map(cueAt),
    ...[...narration.matchAll(ACCORDING_TO)].map(cueAt),
  ];
  return cues.sort((x, y) => Math.abs(x.start - near) - Math.abs(y.start - near));
}

// "Team Trump said": a name after these words names the people around someone, not the person.
const COLLECTIVE_BEFORE = /\b(?:Team|Camp)\s+$/iu;
// "…, said Team Trump", "according to Team Trump".
const COLLECTIVE_AFTER = /^\s+(?:team|camp)\s+\p{Lu}/iu;

// A party-and-state tag that may stand between a name and its cue ("Blackburn, R-Tenn., told").
const PARTY_TAG = String.raw`(?:,\s*[DRI]-[\p{L}.]+,)?`;
// Between a name and its cue: whitespace, or the tag.
const NAME_TO_CUE = new RegExp(String.raw`^${PARTY_TAG}\s+$`, 'u');

/** "X said": the mention separated from the cue by whitespace (or a party-and-state tag) only. */
function nameBefore(
  named: readonly PersonMention[],
  masked: string,
  cue: Cue,
): PersonMention | undefined {
  return named.find((m) => m.end <= cue.start && NAME_TO_CUE.test(masked.slice(m.end, cue.start)));
}

/** "A statement from Team Trump said", "said Team Trump": the cue names a team, no person. */
function teamAtCue(named: readonly PersonMention[], masked: string, cue: Cue): boolean {
  const before = nameBefore(named, masked, cue);
  if (before && COLLECTIVE_BEFORE.test(masked.slice(Math.max(0, before.start - 8), before.start))) {
    return true;
  }
  return COLLECTIVE_AFTER.test(masked.slice(cue.end, cue.end + 12));
}

// After the name of an inverted attribution ("…,” said Peskov."), the clause ends or goes on to
// say where or when; after "asked McCarthy to file…" or "urged Biden to…", the name is whom the
// words were addressed to, not who spoke.
const ENDS_ATTRIBUTION =
  /^(?:\s*(?:[,.;:!?()\]"“”]|$)|\s+(?:on|in|at|during|after|before|from|of|who|when|as)\b)/u;

/** "said X", "said spokesman X": a mention shortly after the cue, past role words only. */
function nameAfter(
  named: readonly PersonMention[],
  masked: string,
  cue: Cue,
): PersonMention | undefined {
  return named.find(
    (m) =>
      m.start >= cue.end &&
      m.start - cue.end < NAME_AFTER_CUE_MAX &&
      roleWordsOnly(masked.slice(cue.end, m.start)) &&
      ENDS_ATTRIBUTION.test(masked.slice(m.end, m.end + 24)),
  );
}

/** The speaker one cue names: "X said", "he said" (resolved back), or "said X". */
function speakerAtCue(
  narration: Narration,
  named: readonly PersonMention[],
  cue: Cue,
): string | undefined {
  const { article, pi, masked } = narration;
  const before = nameBefore(named, masked, cue);
  if (before && !before.possessive) return before.person;
  if (PRONOUN_BEFORE.test(masked.slice(Math.max(0, cue.start - 8), cue.start))) {
    return pronounSpeaker(article, pi, cue.start);
  }
  return nameAfter(named, masked, cue)?.person;
}

/** The speaker attributed somewhere in [from, to) of the paragraph, nearest to `near`. */
function attributedSpeaker(
  narration: Narration,
  from: number,
  to: number,
  near: number,
): string | undefined {
  const named = (narration.article.mentions[narration.pi] ?? []).filter((m) => !m.inQuote);
  for (const cue of cuesNear(narration.masked, from, to, near)) {
    // The nearest attribution names a team: the quotation is no one person's.
    if (teamAtCue(named, narration.masked, cue)) return undefined;
    const speaker = speakerAtCue(narration, named, cue);
    if (speaker) return speaker;
  }
  return undefined;
}

/**
 * The words of a quotation, trimmed, or undefined when it is no statement: shorter than
 * MIN_QUOTE_WORDS, or unclosed without running on into the next paragraph (which news style
 * opens at the paragraph start or after a colon).
 */
function quotedText(text: string, span: QuoteSpan): string | undefined {
  if (!span.closed && !(span.open === 0 || /:\s*$/u.test(text.slice(0, span.open)))) {
    return undefined;
  }
  let start = span.open + 1;
  let end = span.close;
  while (start < end && /\s/u.test(text[start] ?? '')) start++;
  while (end > start && /[\s,]/u.test(text[end - 1] ?? '')) end--;
  const inner = text.slice(start, end);
  return countWords(inner) < MIN_QUOTE_WORDS ? undefined : inner;
}

/** The sentences a quotation spans: the index of its first, and the text range they cover. */
function sentencesOfQuote(
  sentences: readonly SentenceSpan[],
  span: QuoteSpan,
  textLength: number,
): { first: number; from: number; to: number } {
  const first = sentenceIndexAt(sentences, span.open);
  const last = sentenceIndexAt(sentences, Math.max(span.open, span.close - 1));
  return {
    first,
    from: sentences[first]?.start ?? 0,
    to: sentences[last]?.end ?? textLength,
  };
}

function capped(run: Extraction): boolean {
  return run.quotes.length >= MAX_QUOTES_PER_ARTICLE || run.attempts >= MAX_ATTEMPTS_PER_ARTICLE;
}

/**
 * Adds the attributed quotations of one paragraph to `run`. `fallback` speaks the quotes the
 * narration around them attributes to nobody. Returns the last speaker found.
 */
function addQuotes(
  run: Extraction,
  narration: Narration,
  spans: readonly QuoteSpan[],
  fallback: string | undefined,
): string | undefined {
  const { article, pi, paragraph } = narration;
  let lastSpeaker: string | undefined;
  for (const span of spans) {
    if (capped(run)) break;
    const inner = quotedText(paragraph.text, span);
    if (inner === undefined) continue;
    run.attempts++;
    const sentences = article.sentences[pi] ?? [];
    const { first, from, to } = sentencesOfQuote(sentences, span, paragraph.text.length);
    const speaker = attributedSpeaker(narration, from, to, span.close) ?? fallback;
    if (!speaker) continue;
    lastSpeaker = speaker;
    const ref = { source: article.outlet, paragraph: paragraph.paragraph, sentence: first + 1 };
    run.quotes.push({ text: normalizeWhitespace(inner), speaker, ref });
  }
  return lastSpeaker;
}

// The capitalized word right before a cue, past a party-and-state tag ("Blackburn, R-Tenn.,").
const WORD_BEFORE_CUE = new RegExp(String.raw`(\p{Lu}[\p{L}'’-]*)${PARTY_TAG}\s+$`, 'u');

/**
 * A cue whose subject is a name (a capitalized word that is no title, party, nationality or
 * organization word: "“…,” Magill told the agency") or several people ("they wrote"). "The
 * president said" and "the moderate West Virginia Democrat wrote" describe someone, most likely
 * the one quoted before.
 */
function namesSomeoneElse(masked: string, cue: Cue): boolean {
  const before = masked.slice(Math.max(0, cue.start - 40), cue.start);
  if (/\b(?:they|we)\s+$/iu.test(before)) return true;
  const word = WORD_BEFORE_CUE.exec(before)?.[1];
  if (word === undefined) return false;
  return ![lex.titles, lex.demonyms, lex.orgHeads, lex.nonNames].some((list) => list.has(word));
}

/**
 * Whether a paragraph that opens with a quotation goes on with the last speaker: its narration
 * is nothing but the quotation, or says who spoke with no one else's name ("…,” the president
 * said"). Narration with no verb of speech ("…” House Budget Committee Republican Leader…") or
 * naming another ("…,” Magill told the agency") is someone else's.
 */
function goesOn(masked: string): boolean {
  const cues = cuesNear(masked, 0, masked.length, 0);
  if (cues.length > 0) return !cues.some((cue) => namesSomeoneElse(masked, cue));
  // The quotations are masked: any letter left is narration.
  return !/\p{L}/u.test(masked);
}

/**
 * Adds the quotations of paragraph `pi` to `run`; returns the speaker a quotation-only
 * paragraph next would continue.
 */
function readParagraph(
  run: Extraction,
  article: QuoteInput,
  paragraph: CleanParagraph,
  pi: number,
): string | undefined {
  // A subhead starts a new section; no continuation across it.
  if (paragraph.kind === 'subhead') return undefined;
  const text = paragraph.text;
  const spans = findQuoteSpans(text);
  const nextOpensWithQuote = OPENS_WITH_QUOTE.test(article.paragraphs[pi + 1]?.text ?? '');
  if (spans.length === 0 && !nextOpensWithQuote) return undefined;
  const narration: Narration = { article, pi, paragraph, masked: mask(text, spans) };
  // Whoever this paragraph attributes anything to; only needed for unattributed quotes here
  // or a quotation-only paragraph next.
  const paragraphSpeaker = attributedSpeaker(narration, 0, text.length, 0);
  const continued =
    spans[0]?.open === 0 && goesOn(narration.masked) ? run.previousSpeaker : undefined;
  const lastSpeaker = addQuotes(run, narration, spans, paragraphSpeaker ?? continued);
  return paragraphSpeaker ?? lastSpeaker ?? continued;
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
  const run: Extraction = { quotes: [], attempts: 0, previousSpeaker: undefined };
  for (const [pi, paragraph] of article.paragraphs.entries()) {
    if (capped(run)) break;
    run.previousSpeaker = readParagraph(run, article, paragraph, pi);
  }
  return run.quotes;
}
