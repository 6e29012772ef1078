import { type AlignItem, align } from './align.ts';
import { cosine } from './cosine.ts';
import { countWords } from './count-words.ts';
import type { PeopleResult, PersonMention } from './find-people.ts';
import { fluencyPenalty } from './fluency-penalty.ts';
import { nameLexicon } from './name-lexicon.ts';
import { normalizeWhitespace } from './normalize-whitespace.ts';
import type { PreparedArticle } from './prepare-article.ts';
import { relativeYears } from './resolve-date.ts';
import { sentenceSimilarity } from './sentence-similarity.ts';
import { splitClauses } from './split-clauses.ts';
import { type SparseVector, tfidf } from './tfidf.ts';
import { tokenize } from './tokenize.ts';
import type { Ref } from './types.ts';

// Work caps. Alignment and centrality are quadratic in sentences, so only the first sentences of
// each article (news puts the story up top) take part; a 1 MB article costs the same as a long one.
const MAX_ALIGNED_PER_ARTICLE = 150;
const MAX_ALIGNED_TOTAL = 600;
// A fact is a sentence a reader can take on its own: not a fragment, not a run-on.
const FACT_MIN_WORDS = 5;
const FACT_MAX_WORDS = 80;
// Weight of an article's overall artefact rate when choosing a fact's wording: a machine-
// translated article's clean-looking sentences are still less trustworthy than a clean article's.
const ARTICLE_FLUENCY_WEIGHT = 0.5;
// Sentences this garbled (several translation artefacts) are not shown at all.
const MAX_DISPLAY_PENALTY = 4;
// A clause with fewer content words matches anything that shares one rare word.
const MIN_CLAUSE_TERMS = 4;
// A sentence this similar to one of another outlet is not something only this outlet reports.
const ECHO_SIMILARITY = 0.15;
// Names in more than this share of the sentences do not count as shared evidence in alignment.
const UBIQUITOUS_ANCHOR_SHARE = 0.25;

/** One sentence of a braided article, with everything ranking needs. */
export interface Unit {
  article: number;
  outlet: string;
  ref: Ref;
  /** Whitespace-normalized verbatim sentence. */
  text: string;
  words: number;
  /** Position among the article's aligned sentences (0 = lead). */
  rank: number;
  penalty: number;
  vector: SparseVector;
  /** A quotation with (almost) no narration: needs the quotes section, not a bullet. */
  bareQuote: boolean;
  question: boolean;
  /** Ends in an ellipsis: cut off by the source ("…is able to appeal the..."), not a whole fact. */
  truncated: boolean;
}

export interface Fact {
  /** Chosen wording first, then the other outlets' sentences in article order. */
  units: Unit[];
  sources: string[];
  vector: SparseVector;
  score: number;
}

const NUMBER = /\d+(?:[.,]\d+)*/gu;

/** Numbers as written ("40,000" → "40000"), and years that relative phrases point at. */
export function numbersOf(text: string, published: Date | undefined): Set<string> {
  const numbers = new Set<string>();
  for (const m of text.matchAll(NUMBER)) numbers.add(m[0].replace(/,/gu, ''));
  if (published) for (const year of relativeYears(text, published)) numbers.add(String(year));
  return numbers;
}

const SPEECH_VERB = `(?:${[...nameLexicon.speechVerbs].join('|')})`;
const SPEECH_AFTER = new RegExp(`^[\\s,]+${SPEECH_VERB}\\b`, 'u');
// "…, said Mark Galeotti, a professor…", "…, told Kremlin spokesman Dmitry Peskov.": the speech
// verb, at most four role words, the name, then the clause ends.
const SPEECH_BEFORE = new RegExp(
  `(?:\\b${SPEECH_VERB}|\\baccording to)\\s+((?:[\\p{L}.'’-]+\\s+){0,4})$`,
  'u',
);
const CLAUSE_END = /^\s*(?:[,.;:!?)]|$)/u;

function roleWords(words: string): boolean {
  return words
    .trim()
    .split(/\s+/u)
    .filter(Boolean)
    .every(
      (w) =>
        /^\p{Lu}/u.test(w) ||
        nameLexicon.roleHeads.has(w.toLowerCase()) ||
        nameLexicon.roleModifiers.has(w.toLowerCase()),
    );
}

/** People a sentence attributes speech to: "Peskov said", "said Mark Galeotti". */
export function speakersOf(paragraph: string, mentions: readonly PersonMention[]): Set<string> {
  const speakers = new Set<string>();
  for (const m of mentions) {
    if (m.inQuote || m.possessive) continue;
    if (SPEECH_AFTER.test(paragraph.slice(m.end, m.end + 24))) {
      speakers.add(m.person);
      continue;
    }
    const before = SPEECH_BEFORE.exec(paragraph.slice(Math.max(0, m.start - 80), m.start));
    if (before && roleWords(before[1] ?? '') && CLAUSE_END.test(paragraph.slice(m.end))) {
      speakers.add(m.person);
    }
  }
  return speakers;
}

function normalized(vectorSum: Map<string, number>): SparseVector {
  let norm = 0;
  for (const w of vectorSum.values()) norm += w * w;
  norm = Math.sqrt(norm);
  if (norm > 0) for (const [k, w] of vectorSum) vectorSum.set(k, w / norm);
  return vectorSum;
}

function centroid(vectors: readonly SparseVector[]): SparseVector {
  const sum = new Map<string, number>();
  for (const v of vectors) for (const [k, w] of v) sum.set(k, (sum.get(k) ?? 0) + w);
  return normalized(sum);
}

function isBareQuote(text: string): boolean {
  if (!/^["“”„«]/u.test(text)) return false;
  const narration = text.replace(/["“”„«][^"“”„«»]*(?:["“”»]|$)/gu, ' ');
  return countWords(narration) < 3;
}

/** A unit that may be shown as a summary sentence, point, difference or timeline entry. */
export function displayable(u: Unit): boolean {
  return (
    !u.bareQuote &&
    !u.question &&
    !u.truncated &&
    u.penalty <= MAX_DISPLAY_PENALTY &&
    u.words >= FACT_MIN_WORDS &&
    u.words <= FACT_MAX_WORDS
  );
}

/** Corroborated facts first, then by importance. */
const byPriority = (a: Fact, b: Fact): number =>
  b.sources.length - a.sources.length || b.score - a.score;

function uniqueSources(units: readonly Unit[]): string[] {
  return [...new Set(units.map((u) => u.outlet))];
}

export interface FactSet {
  /** Every fact of the story, corroborated first, then most important first. */
  facts: Fact[];
  /** Whether another article has a sentence at least weakly like this one. */
  echoedElsewhere(unit: Unit): boolean;
}

/**
 * Turns braided articles into facts: body sentences (the first N per article) are vectorized,
 * aligned across outlets, given their most fluent wording and ranked by centrality and lead
 * position. `people` (findPeople's mentions) tells alignment who each sentence names and who
 * speaks in it; without it only numbers can back a weak match. Work-cap notes are pushed onto
 * `warnings`.
 */
export function buildFacts(
  braided: readonly PreparedArticle[],
  warnings: string[],
  people?: Pick<PeopleResult, 'mentions'>,
): FactSet {
  // Sentences that take part: body sentences, first N per article.
  const perArticle = Math.max(
    1,
    Math.min(MAX_ALIGNED_PER_ARTICLE, Math.floor(MAX_ALIGNED_TOTAL / Math.max(1, braided.length))),
  );
  const drafts: Omit<Unit, 'vector' | 'penalty'>[] = [];
  const unitTokens: string[][] = [];
  // What alignment's weak band may lean on, per draft: people named, speakers, numbers.
  const evidence: { people: Map<string, string[]>; speakers: Set<string>; numbers: Set<string> }[] =
    [];
  braided.forEach((p, a) => {
    let rank = 0;
    let total = 0;
    p.paragraphs.forEach((paragraph, pi) => {
      if (paragraph.kind !== 'body') return;
      (p.sentences[pi] ?? []).forEach((span, si) => {
        const text = normalizeWhitespace(span.text);
        const words = countWords(text);
        if (words < FACT_MIN_WORDS - 1) return;
        total++;
        if (rank >= perArticle) return;
        drafts.push({
          article: a,
          outlet: p.article.outlet,
          ref: { source: p.article.outlet, paragraph: paragraph.paragraph, sentence: si + 1 },
          text,
          words,
          rank: rank++,
          bareQuote: isBareQuote(text),
          question: /\?["'”’»)\]]*$/u.test(text),
          truncated: /(?:\.\.\.|…)["'”’»)\]]*$/u.test(text),
        });
        unitTokens.push(tokenize(text));
        const here = (people?.mentions[a]?.[pi] ?? []).filter(
          (m) => m.start >= span.start && m.start < span.end,
        );
        const named = new Map<string, string[]>();
        for (const m of here) {
          const terms = tokenize(paragraph.text.slice(m.start, m.end));
          named.set(m.person, [...(named.get(m.person) ?? []), ...terms]);
        }
        evidence.push({
          people: named,
          speakers: speakersOf(paragraph.text, here),
          numbers: numbersOf(text, p.published),
        });
      });
    });
    if (total > perArticle) {
      warnings.push(
        `${p.article.outlet} (${p.article.file}): only the first ${perArticle} of ${total} sentences were compared with other outlets.`,
      );
    }
  });
  const model = tfidf(unitTokens);
  const units: Unit[] = drafts.map((d, i) => ({
    ...d,
    vector: model.vectors[i] as SparseVector,
    penalty: fluencyPenalty(d.text),
  }));

  // How machine-translated each article reads overall (mean artefact cost per sentence).
  const articlePenalty = braided.map((_, a) => {
    const own = units.filter((u) => u.article === a);
    return own.length ? own.reduce((s, u) => s + u.penalty, 0) / own.length : 0;
  });
  const wordingCost = (u: Unit): number =>
    (displayable(u) ? 0 : 100) +
    u.penalty +
    ARTICLE_FLUENCY_WEIGHT * (articlePenalty[u.article] ?? 0);

  // Align into facts and choose each fact's wording. A person or number in most sentences
  // ("Putin" in a Putin story) is no evidence that two sentences match.
  const anchorCounts = new Map<string, number>();
  for (const e of evidence) {
    for (const a of [...e.people.keys(), ...e.numbers]) {
      anchorCounts.set(a, (anchorCounts.get(a) ?? 0) + 1);
    }
  }
  const ubiquitous = Math.max(3, units.length * UBIQUITOUS_ANCHOR_SHARE);
  const rare = (a: string) => (anchorCounts.get(a) ?? 0) <= ubiquitous;
  // How many sentences of each article attribute speech to each person.
  const speechCounts = new Map<string, number>();
  evidence.forEach((e, i) => {
    for (const s of e.speakers) {
      const key = `${units[i]?.article}\u0000${s}`;
      speechCounts.set(key, (speechCounts.get(key) ?? 0) + 1);
    }
  });
  const alignItems: AlignItem[] = units.map((u, i) => {
    const e = evidence[i] as (typeof evidence)[number];
    const anchors = [...e.people.keys(), ...e.numbers].filter(rare);
    const anchorTerms = [
      ...[...e.people].filter(([person]) => rare(person)).flatMap(([, terms]) => terms),
      ...[...e.numbers].filter(rare).flatMap((n) => tokenize(n)),
    ];
    const sole = [...e.speakers].filter(
      (s) => rare(s) && speechCounts.get(`${u.article}\u0000${s}`) === 1,
    );
    const item: AlignItem = {
      group: u.article,
      vector: u.vector,
      clauses: splitClauses(u.text)
        .map(tokenize)
        .filter((tokens) => new Set(tokens).size >= MIN_CLAUSE_TERMS)
        .map(model.vectorize),
      anchors: new Set(anchors),
      anchorTerms: new Set(anchorTerms),
    };
    if (sole.length === 1) item.soleSpeaker = sole[0] as string;
    if (u.rank === 0) item.lead = true;
    return item;
  });
  const groups = align(alignItems);
  const unitIndex = new Map(units.map((u, i) => [u, i]));
  // Pairs of neighbouring content words ("native american", "recall ambassador"), people's
  // names left out: two outlets using the same pair are telling at least part of one thing.
  const nameTerms = new Set(alignItems.flatMap((item) => [...item.anchorTerms]));
  const phrasesOf = (i: number): Set<string> => {
    const tokens = unitTokens[i] ?? [];
    const phrases = new Set<string>();
    for (let k = 0; k + 1 < tokens.length; k++) {
      const [a, b] = [tokens[k] as string, tokens[k + 1] as string];
      if (nameTerms.has(a) && nameTerms.has(b)) continue;
      phrases.add(`${a} ${b}`);
    }
    return phrases;
  };
  // A pair only counts while it is specific: in no more sentences than there are outlets
  // ("native american" in one sentence each; not "election interfere", said five times).
  const phraseCounts = new Map<string, number>();
  const phrasesByArticle = new Map<number, Set<string>>();
  units.forEach((u, i) => {
    const set = phrasesByArticle.get(u.article) ?? new Set<string>();
    for (const p of phrasesOf(i)) {
      set.add(p);
      phraseCounts.set(p, (phraseCounts.get(p) ?? 0) + 1);
    }
    phrasesByArticle.set(u.article, set);
  });
  const specific = (p: string) => (phraseCounts.get(p) ?? 0) <= Math.max(2, braided.length);
  // Whether another article has a sentence somewhat like this one, or uses one of its word
  // pairs: then it is not something "only this outlet reports", even if alignment (which needs
  // more) did not pair them. Claiming a difference is held to the stricter standard.
  const echoedElsewhere = (unit: Unit): boolean => {
    const index = unitIndex.get(unit) ?? -1;
    const item = alignItems[index];
    if (!item) return false;
    const own = phrasesOf(index);
    for (const [article, phrases] of phrasesByArticle) {
      if (article === unit.article) continue;
      for (const p of own) if (phrases.has(p) && specific(p)) return true;
    }
    return alignItems.some(
      (other) => other.group !== item.group && sentenceSimilarity(item, other) >= ECHO_SIMILARITY,
    );
  };
  const facts: Fact[] = groups.map((indices) => {
    const members = indices.map((i) => units[i] as Unit);
    const chosen = [...members].sort(
      (x, y) => wordingCost(x) - wordingCost(y) || x.article - y.article,
    )[0] as Unit;
    const others = members.filter((u) => u !== chosen).sort((x, y) => x.article - y.article);
    const ordered = [chosen, ...others];
    return {
      units: ordered,
      sources: uniqueSources(ordered),
      vector: centroid(members.map((u) => u.vector)),
      score: 0,
    };
  });

  // Importance: centrality (how much of the story a fact shares words with) blended with lead
  // position (news is written most important first).
  const centrality = facts.map((f, i) =>
    facts.reduce((sum, g, j) => (i === j ? sum : sum + cosine(f.vector, g.vector)), 0),
  );
  const maxCentrality = Math.max(1e-9, ...centrality);
  facts.forEach((f, i) => {
    const lead = Math.min(...f.units.map((u) => u.rank));
    f.score = 0.5 * ((centrality[i] ?? 0) / maxCentrality) + 0.5 / (1 + lead / 3);
  });
  return { facts: [...facts].sort(byPriority), echoedElsewhere };
}
