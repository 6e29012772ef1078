import { openingQuotation } from './find-quote-spans.ts';
import { speechVerbPattern } from './name-lexicon.ts';
import { porterStem, tagWords } from './tag-words.ts';

/**
 * A sentence whose subject is a bare definite description ("The move comes as…", "The arrest
 * came a day before…", "The 26-year-old was aboard…") points back at something a previous
 * sentence named, just as "It…" does; shown on its own, the reader cannot tell which move or
 * arrest. A description that says which one itself is no back-reference: a name in it ("The
 * Russian government"), a complement or relative clause after its noun ("The number of
 * births…", "The cease-fire that took effect…"), or a name in apposition ("The drug, Aduhelm,
 * …"). Words are told apart by wink-nlp's part-of-speech tagger, and a noun is named before when
 * a word of the same Porter stem was ("the vote" after "voted", "the arrest" after "arrested").
 */

const WORD = /[\p{L}\p{N}]+/gu;

// Answers kept within one briefing (braid() forgets them): every section asks of the same texts.
const namedCache = new Map<string, string[]>();
const headCache = new Map<string, string | null>();
const CACHE_MAX = 20_000;

/** Forgets the kept answers: called as a briefing starts, so memory stays one briefing's. */
export function forgetOpenings(): void {
  namedCache.clear();
  headCache.clear();
}

/** The words of a text as references are matched: lower case, Porter-stemmed. */
export function namedIn(text: string): string[] {
  let words = namedCache.get(text);
  if (!words) {
    if (namedCache.size >= CACHE_MAX) namedCache.clear();
    words = (text.toLowerCase().match(WORD) ?? []).map(porterStem);
    namedCache.set(text, words);
  }
  return words;
}

// Nouns that name one thing every reader knows without being told which.
const KNOWN_WITHOUT_CONTEXT = new Set(
  [
    'administration',
    'coronavirus',
    'economy',
    'government',
    'inflation',
    'internet',
    'media',
    'military',
    'pandemic',
    'police',
    'president',
    'public',
    'unemployment',
    'virus',
    'world',
  ].map(porterStem),
);

// The words that can make up a bare description before its verb: modifiers and nouns.
const DESCRIPTION_TAGS = new Set(['ADJ', 'ADV', 'NOUN', 'NUM', 'PART', 'VERB', 'PUNCT']);
// A short adverbial phrase before the subject ("On Monday, the agency said…"), not a clause
// ("A court ruled on Monday, the clerk said").
const LEADING_PHRASE =
  /^(?:In|On|At|By|After|Before|During|Since|Until|Over|Following|Amid|Despite|Within|Earlier|Later|Last|This|Meanwhile|Separately|Today|Yesterday|Overnight|Elsewhere)\b[^,;:"“”]{0,50},\s+(?=the\s)/u;
// Enough words to reach the verb of any subject worth testing.
const WORDS_READ = 12;

/**
 * The head noun (as namedIn spells it) of a bare definite subject that opens `text` ("the move" → "move"), or
 * undefined when the opening says itself what it is about.
 */
export function bareDefiniteHead(text: string): string | undefined {
  const held = headCache.get(text);
  if (held !== undefined) return held ?? undefined;
  if (headCache.size >= CACHE_MAX) headCache.clear();
  const head = headOf(text);
  headCache.set(text, head ?? null);
  return head;
}

/**
 * The words a shown text gives the reader (namedIn), less the noun of its own bare opening: "The
 * justices said…" shown alone does not tell the reader which justices.
 */
export function introducedBy(text: string): string[] {
  const own = bareDefiniteHead(text);
  const words = namedIn(text);
  return own === undefined ? words : words.filter((w) => w !== own);
}

/** Whether the opening's referent is known: no bare definite subject, or `known` (namedIn's words) names it. */
export function referentKnown(text: string, known: ReadonlySet<string>): boolean {
  const head = bareDefiniteHead(text);
  return head === undefined || known.has(head);
}

// An aside between dashes after the subject ("The acreage -- about 1,200 square miles -- is…"):
// read past it, as past a comma. One that opens on a name ("The drug — Aduhelm — …") says which.
const DASH_ASIDE = /\s+(?:--|—|–)\s+(?!\p{Lu})[^—–]*?\s+(?:--|—|–)\s+/u;

// "“…,” the statement said": a document the sentence before named speaks; which one, the reader
// knows only if a text above named it ("a draft report released by…").
const DOCUMENT_SPEAKS = new RegExp(
  `^[,.!?]?\\s*the\\s+(statement|report|letter|release|post|tweet|filing|memo|document|complaint|lawsuit|order|ruling|study|survey|analysis|email|message|announcement)\\s+(?:${speechVerbPattern}|reads?)\\b`,
  'iu',
);

/** The document a quotation opening the text is attributed to ("…,” the report said"). */
function documentSpeaking(text: string): string | undefined {
  const quotation = openingQuotation(text);
  const noun = quotation && DOCUMENT_SPEAKS.exec(quotation.after)?.[1];
  return noun ? termOf(noun) : undefined;
}

function headOf(text: string): string | undefined {
  const trimmed = text.trim();
  const document = documentSpeaking(trimmed);
  if (document !== undefined) return document;
  const clause = trimmed
    .slice(LEADING_PHRASE.exec(trimmed)?.[0].length ?? 0)
    .replace(DASH_ASIDE, ' ');
  if (!/^the\s/iu.test(clause)) return undefined;
  // Only the opening is read: the subject and its verb.
  const { words, tags } = tagWords(clause.split(/\s+/u).slice(0, WORDS_READ).join(' '));
  return headBeforeVerb(words, tags);
}

/**
 * Reads the description after "The": its last noun is the head when a verb follows it directly
 * (a participle before any noun is a modifier: "The proposed measures come…"), or a comma that
 * does not open a name.
 */
function headBeforeVerb(words: readonly string[], tags: readonly string[]): string | undefined {
  const nouns: string[] = [];
  for (let i = 1; i < words.length; i++) {
    const tag = tags[i] ?? '';
    const word = words[i] ?? '';
    // After a hyphen a word is part of a compound ("26-year-old", "panic-buying").
    const compound = /^[-–]$/u.test(words[i - 1] ?? '');
    const verbAfterNoun = tag === 'AUX' || (tag === 'VERB' && nouns.length > 0 && !compound);
    if (verbAfterNoun) return nouns.length > 0 ? unknownHead(nouns) : undefined;
    if (word === ',') return tags[i + 1] === 'PROPN' ? undefined : unknownHead(nouns);
    if (!DESCRIPTION_TAGS.has(tag) || (tag === 'PUNCT' && !/^[-–]$/u.test(word))) return undefined;
    if (tag === 'NOUN' || (compound && tag !== 'PUNCT')) nouns.push(termOf(word));
  }
  return undefined;
}

/** A noun as references are matched (namedIn). */
const termOf = (word: string): string =>
  porterStem(word.toLowerCase().split(/[-–]/u).at(-1) ?? word.toLowerCase());

/** The head (the last noun), unless one of the description's nouns needs no context. */
function unknownHead(nouns: readonly string[]): string | undefined {
  if (nouns.length === 0 || nouns.some((n) => KNOWN_WITHOUT_CONTEXT.has(n))) return undefined;
  return nouns[nouns.length - 1];
}
