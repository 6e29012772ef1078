import { align, defaultAlignOptions } from './align.ts';
import { cosine } from './cosine.ts';
import { countWords } from './count-words.ts';
import { type ExtractedQuote, extractQuotes } from './extract-quotes.ts';
import { findPeople } from './find-people.ts';
import { fluencyPenalty } from './fluency-penalty.ts';
import { normalizeWhitespace } from './normalize-whitespace.ts';
import { type PreparedArticle, prepareArticle } from './prepare-article.ts';
import { resolveDate } from './resolve-date.ts';
import { sentenceSimilarity } from './sentence-similarity.ts';
import { splitClauses } from './split-clauses.ts';
import { stopwords } from './stopwords.ts';
import { type SparseVector, tfidf } from './tfidf.ts';
import { tokenize } from './tokenize.ts';
import type {
  Briefing,
  BriefingDifference,
  BriefingPoint,
  BriefingQuote,
  BriefingSource,
  BriefingTimelineEntry,
  Ref,
  Story,
} from './types.ts';

// Work caps. Alignment and centrality are quadratic in sentences, so only the first sentences of
// each article (news puts the story up top) take part; a 1 MB article costs the same as a long one.
const MAX_ALIGNED_PER_ARTICLE = 150;
const MAX_ALIGNED_TOTAL = 600;
// A fact is a sentence a reader can take on its own: not a fragment, not a run-on.
const FACT_MIN_WORDS = 5;
const FACT_MAX_WORDS = 80;
const SUMMARY_MAX_WORDS = 70;
const SUMMARY_MAX_SENTENCES = 3;
const SUMMARY_REDUNDANCY = 0.5;
const POINTS_MIN = 4;
const POINTS_MAX = 8;
// A point or difference this similar to something already shown says the same thing again.
const POINT_REDUNDANCY = 0.5;
const DIFFERENCE_REDUNDANCY = 0.35;
const DIFFERENCES_MAX = 3;
// A further difference must be at least this fraction as important as the outlet's first one.
const DIFFERENCE_RELATIVE_SCORE = 0.5;
const QUOTES_MAX = 6;
const QUOTES_PER_SPEAKER = 2;
const QUOTE_MERGE_SIMILARITY = 0.6;
const TIMELINE_MAX = 8;
const PEOPLE_MAX = 10;
// Weight of an article's overall artefact rate when choosing a fact's wording: a machine-
// translated article's clean-looking sentences are still less trustworthy than a clean article's.
const ARTICLE_FLUENCY_WEIGHT = 0.5;
const SUMMARY_MAX_PENALTY = 1;
// Sentences this garbled (several translation artefacts) are not shown at all.
const MAX_DISPLAY_PENALTY = 4;
// A clause with fewer content words matches anything that shares one rare word.
const MIN_CLAUSE_TERMS = 4;
// Names in more than this share of the sentences do not count as shared evidence in alignment.
const UBIQUITOUS_ANCHOR_SHARE = 0.25;

/** One sentence of a braided article, with everything ranking needs. */
interface Unit {
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

interface Fact {
  /** Chosen wording first, then the other outlets' sentences in article order. */
  units: Unit[];
  sources: string[];
  vector: SparseVector;
  score: number;
}

/** A sentence that needs no earlier sentence: no pronoun or connective opening, no early "also",
 * not a quotation first. */
function standsAlone(text: string): boolean {
  if (ANAPHORIC_START.test(text) || /^["“”„«]/u.test(text)) return false;
  return !/\balso\b/iu.test(text.split(/\s+/u).slice(0, 6).join(' '));
}

const ANAPHORIC_START =
  /^(?:He|She|It|They|His|Her|Its|Their|Them|This|That|These|Those|But|And|Also|However|Still|Yet|So|Then|There)\b/u;
const MONTH_OR_DAY =
  /^(?:january|february|march|april|may|june|july|august|september|october|november|december|monday|tuesday|wednesday|thursday|friday|saturday|sunday)$/u;

/** Capitalized words (not function words, not dates) and numbers: evidence for a weak match. */
function anchorsOf(text: string): Set<string> {
  const anchors = new Set<string>();
  for (const m of text.matchAll(/\p{Lu}[\p{L}'’-]*/gu)) {
    const word = m[0].replace(/['’]s?$/u, '').toLowerCase();
    if (word.length > 1 && !stopwords.has(word) && !MONTH_OR_DAY.test(word)) anchors.add(word);
  }
  for (const m of text.matchAll(/\d+(?:[.,]\d+)*/gu)) anchors.add(m[0]);
  return anchors;
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
function displayable(u: Unit): boolean {
  return (
    !u.bareQuote &&
    !u.question &&
    !u.truncated &&
    u.penalty <= MAX_DISPLAY_PENALTY &&
    u.words >= FACT_MIN_WORDS &&
    u.words <= FACT_MAX_WORDS
  );
}

const byPriority = (a: Fact, b: Fact): number =>
  b.sources.length - a.sources.length || b.score - a.score;

function evidenceOf(units: readonly Unit[]): Ref[] {
  return units.map((u) => ({ ...u.ref }));
}

function uniqueSources(units: readonly Unit[]): string[] {
  return [...new Set(units.map((u) => u.outlet))];
}

/**
 * Braids a story's articles into one briefing. Pure: no I/O, no clock unless `now` stands in
 * for an unreadable publication date. Every text it returns is a verbatim sentence (or, for
 * quotes, a verbatim span) of the article its first evidence ref names; nothing is paraphrased.
 */
export function buildBriefing(story: Story, options: { now?: Date } = {}): Briefing {
  const warnings: string[] = [];
  const prepared = story.articles.map(prepareArticle);

  const sources: BriefingSource[] = prepared.map((p) => {
    const source: BriefingSource = {
      outlet: p.article.outlet,
      published: p.article.published,
      words: p.words,
    };
    if (p.article.title !== undefined) source.title = p.article.title;
    if (p.article.url !== undefined) source.url = p.article.url;
    return source;
  });

  // Which articles are braided, and why the others are not.
  const seenOutlets = new Set<string>();
  const braided: PreparedArticle[] = [];
  for (const p of prepared) {
    const { outlet, file, language } = p.article;
    // Refs name the outlet, so a second article under the same name could not be traced.
    if (seenOutlets.has(outlet)) {
      warnings.push(
        `${outlet} (${file}): another article already uses this outlet name; listed in sources but not braided (refs would be ambiguous).`,
      );
      continue;
    }
    seenOutlets.add(outlet);
    if (!p.english) {
      warnings.push(
        `${outlet} (${file}): language "${language}" is not English; listed in sources but not braided.`,
      );
      continue;
    }
    if (p.words === 0) {
      warnings.push(
        `${outlet} (${file}): no article text after removing boilerplate; listed in sources with 0 words.`,
      );
      continue;
    }
    if (!p.published) {
      warnings.push(
        `${outlet} (${file}): publication date "${p.article.published}" is unreadable; ${options.now ? 'relative dates are resolved against options.now' : 'relative dates are skipped'}.`,
      );
    }
    braided.push(p);
  }

  // Sentences that take part: body sentences, first N per article.
  const perArticle = Math.max(
    1,
    Math.min(MAX_ALIGNED_PER_ARTICLE, Math.floor(MAX_ALIGNED_TOTAL / Math.max(1, braided.length))),
  );
  const drafts: Omit<Unit, 'vector' | 'penalty'>[] = [];
  const unitTokens: string[][] = [];
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

  // Align into facts and choose each fact's wording.
  // A name in most sentences ("Putin" in a Putin story) is no evidence that two sentences match.
  const anchorSets = units.map((u) => anchorsOf(u.text));
  const anchorCounts = new Map<string, number>();
  for (const set of anchorSets)
    for (const a of set) anchorCounts.set(a, (anchorCounts.get(a) ?? 0) + 1);
  const ubiquitous = Math.max(3, units.length * UBIQUITOUS_ANCHOR_SHARE);
  const alignItems = units.map((u, i) => ({
    group: u.article,
    vector: u.vector,
    clauses: splitClauses(u.text)
      .map(tokenize)
      .filter((tokens) => new Set(tokens).size >= MIN_CLAUSE_TERMS)
      .map(model.vectorize),
    anchors: new Set(
      [...(anchorSets[i] ?? [])].filter((a) => (anchorCounts.get(a) ?? 0) <= ubiquitous),
    ),
  }));
  const groups = align(alignItems);
  const unitIndex = new Map(units.map((u, i) => [u, i]));
  // Whether another article has a sentence at least weakly like this one: then it is not
  // something "only this outlet reports", even if alignment did not pair them.
  const echoedElsewhere = (unit: Unit): boolean => {
    const item = alignItems[unitIndex.get(unit) ?? -1];
    if (!item) return false;
    return alignItems.some(
      (other) =>
        other.group !== item.group && sentenceSimilarity(item, other) >= defaultAlignOptions.weak,
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
  const ranked = [...facts].sort(byPriority);

  const usedTexts = new Set<string>();
  const usedFacts = new Set<Fact>();
  const shown: SparseVector[] = [];
  const use = (fact: Fact, text: string): void => {
    usedFacts.add(fact);
    usedTexts.add(text);
    shown.push(fact.vector);
  };
  const redundant = (fact: Fact, threshold: number, against: readonly SparseVector[] = shown) =>
    against.some((v) => cosine(v, fact.vector) > threshold);

  // Summary: 1–3 central sentences, corroborated facts first, no repetition, ≤ 70 words. A
  // summary sentence should stand on its own, so openings like "He…" or a bare quote are skipped
  // unless nothing else fits.
  const summary: string[] = [];
  const summaryVectors: SparseVector[] = [];
  let summaryWords = 0;
  for (const strict of [true, false]) {
    for (const fact of ranked) {
      if (summary.length >= SUMMARY_MAX_SENTENCES) break;
      if (usedFacts.has(fact)) continue;
      // The summary may use another outlet's wording of a fact when the best-worded sentence
      // leans on context ("The US president also told…") and the other stands on its own.
      const unit = fact.units.find(
        (u) =>
          displayable(u) &&
          !usedTexts.has(u.text) &&
          summaryWords + u.words <= SUMMARY_MAX_WORDS &&
          (!strict || (standsAlone(u.text) && u.penalty <= SUMMARY_MAX_PENALTY)),
      );
      if (!unit) continue;
      if (redundant(fact, SUMMARY_REDUNDANCY, summaryVectors)) continue;
      summary.push(unit.text);
      summaryVectors.push(fact.vector);
      summaryWords += unit.words;
      use(fact, unit.text);
    }
    if (summary.length > 0) break;
  }
  if (braided.length > 0 && summary.length === 0) {
    warnings.push('No sentence fits a summary of at most 70 words; the summary is empty.');
  }

  // Points: corroborated facts first, then single-outlet facts to reach the minimum (or, with
  // one article, the maximum — there are no differences to keep them for).
  const points: BriefingPoint[] = [];
  const singleTarget = braided.length >= 2 ? POINTS_MIN : POINTS_MAX;
  for (const fact of ranked) {
    if (points.length >= POINTS_MAX) break;
    if (fact.sources.length < 2 && points.length >= singleTarget) continue;
    const unit = fact.units[0] as Unit;
    if (usedFacts.has(fact) || !displayable(unit) || usedTexts.has(unit.text)) continue;
    if (redundant(fact, POINT_REDUNDANCY)) continue;
    points.push({ text: unit.text, sources: [...fact.sources], evidence: evidenceOf(fact.units) });
    use(fact, unit.text);
  }

  // Differences: what only one outlet reports, its most important 1–3 facts.
  const differences: BriefingDifference[] = [];
  if (braided.length >= 2) {
    const shownBefore = [...shown];
    braided.forEach((p, a) => {
      const own = ranked
        .filter((f) => f.sources.length === 1 && (f.units[0] as Unit).article === a)
        .filter((f) => !usedFacts.has(f) && displayable(f.units[0] as Unit))
        .filter((f) => !usedTexts.has((f.units[0] as Unit).text))
        .filter((f) => !redundant(f, DIFFERENCE_REDUNDANCY, shownBefore))
        .sort((x, y) => y.score - x.score);
      const top = own[0]?.score ?? 0;
      let taken = 0;
      for (const fact of own) {
        if (taken >= DIFFERENCES_MAX || fact.score < top * DIFFERENCE_RELATIVE_SCORE) break;
        if (echoedElsewhere(fact.units[0] as Unit)) continue;
        taken++;
        const unit = fact.units[0] as Unit;
        differences.push({
          source: p.article.outlet,
          text: unit.text,
          evidence: evidenceOf(fact.units),
        });
        use(fact, unit.text);
      }
    });
  }

  // Timeline: dated sentences, resolved against their own article's publication day. An event
  // already shown may appear here in another outlet's (dated) wording, never the same sentence.
  const anchorOf = (article: number): Date | undefined =>
    braided[article]?.published ?? options.now;
  const dated: { entry: BriefingTimelineEntry; order: number }[] = [];
  for (const [order, fact] of ranked.entries()) {
    if (dated.length >= TIMELINE_MAX) break;
    for (const unit of fact.units) {
      const anchor = anchorOf(unit.article);
      if (!anchor || !displayable(unit) || usedTexts.has(unit.text)) continue;
      const date = resolveDate(unit.text, anchor);
      if (!date) continue;
      const evidence = evidenceOf([unit, ...fact.units.filter((u) => u !== unit)]);
      const entrySources = [...new Set([unit.outlet, ...fact.sources])];
      dated.push({ entry: { date, text: unit.text, sources: entrySources, evidence }, order });
      usedTexts.add(unit.text);
      break;
    }
  }
  const timeline = dated
    .sort((x, y) => x.entry.date.localeCompare(y.entry.date) || x.order - y.order)
    .map((d) => d.entry);

  // People and quotes.
  const peopleResult = findPeople(
    braided.map((p) => ({ outlet: p.article.outlet, paragraphs: p.paragraphs })),
  );
  const mentionsOf = new Map(peopleResult.people.map((p) => [p.name, p.mentions]));
  const people = peopleResult.people.slice(0, PEOPLE_MAX);
  const quotes = selectQuotes(
    braided.flatMap((p, a) =>
      extractQuotes({
        outlet: p.article.outlet,
        paragraphs: p.paragraphs,
        sentences: p.sentences,
        mentions: peopleResult.mentions[a] ?? [],
      }).map((q) => ({ ...q, article: a })),
    ),
    mentionsOf,
    usedTexts,
  );

  const headline =
    story.meta.headline?.trim() ||
    prepared.find((p) => p.article.title?.trim())?.article.title?.trim() ||
    summary[0] ||
    story.slug;

  return {
    version: 1,
    story: story.slug,
    headline,
    summary,
    points,
    quotes,
    differences,
    timeline,
    people,
    sources,
    warnings,
  };
}

/**
 * Merges the same quotation reported by several outlets, keeps the cleanest wording, and picks
 * a few: corroborated first, then the most-mentioned speakers, at most two per speaker.
 */
function selectQuotes(
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
