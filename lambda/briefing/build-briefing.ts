import { braid } from './braid.ts';
import { displayable, type Fact, type Unit } from './build-facts.ts';
import { cosine } from './cosine.ts';
import { extractQuotes } from './extract-quotes.ts';
import { findConflict } from './find-conflict.ts';
import { resolveDate } from './resolve-date.ts';
import { selectQuotes } from './select-quotes.ts';
import { briefingSummaryOptions, selectSummary, standsAlone } from './summarize.ts';
import type { SparseVector } from './tfidf.ts';
import type {
  Briefing,
  BriefingDifference,
  BriefingPoint,
  BriefingSource,
  BriefingTimelineEntry,
  Ref,
  Story,
} from './types.ts';

const POINTS_MIN = 4;
const POINTS_MAX = 8;
// A point or difference this similar to something already shown says the same thing again.
const POINT_REDUNDANCY = 0.5;
const DIFFERENCE_REDUNDANCY = 0.35;
const DIFFERENCES_MAX = 3;
// Conflicts inside aligned facts listed among the differences, at most.
const CONFLICTS_MAX = 3;
// A further difference must be at least this fraction as important as the outlet's first one.
const DIFFERENCE_RELATIVE_SCORE = 0.5;
const TIMELINE_MAX = 8;
// [most cost, and only while the timeline has fewer entries than this]: clean sentences fill
// it; one artefact or a leaning opening only a half-empty one; more, a near-empty one.
const TIMELINE_TIERS: readonly (readonly [number, number])[] = [
  [0, TIMELINE_MAX],
  [1, TIMELINE_MAX / 2],
  [Number.POSITIVE_INFINITY, 3],
];
const PEOPLE_MAX = 10;

function evidenceOf(units: readonly Unit[]): Ref[] {
  return units.map((u) => ({ ...u.ref }));
}

/**
 * Braids a story's articles into one briefing. Pure: no I/O, no clock unless `now` stands in
 * for an unreadable publication date. Every text it returns is a verbatim sentence (or, for
 * quotes, a verbatim span) of the article its first evidence ref names; nothing is paraphrased.
 */
export function buildBriefing(story: Story, options: { now?: Date } = {}): Briefing {
  const {
    prepared,
    braided,
    people: peopleResult,
    facts: ranked,
    echoedElsewhere,
    warnings,
  } = braid(story, options);

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

  const summary: string[] = [];
  for (const { fact, unit } of selectSummary(ranked, briefingSummaryOptions)) {
    summary.push(unit.text);
    use(fact, unit.text);
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
          kind: 'exclusive',
        });
        use(fact, unit.text);
      }
    });
  }

  // Conflicts: outlets that report one fact with different numbers or days. The other outlet's
  // sentence is listed under its name, with the shown wording as second evidence.
  const anchorOf = (article: number): Date | undefined =>
    braided[article]?.published ?? options.now;
  let conflicts = 0;
  for (const fact of ranked) {
    if (conflicts >= CONFLICTS_MAX || fact.sources.length < 2) continue;
    const shownUnit = fact.units[0] as Unit;
    for (const other of fact.units.slice(1)) {
      if (other.outlet === shownUnit.outlet || usedTexts.has(other.text) || !displayable(other)) {
        continue;
      }
      const conflict = findConflict(
        { text: shownUnit.text, anchor: anchorOf(shownUnit.article) },
        { text: other.text, anchor: anchorOf(other.article) },
        cosine(shownUnit.vector, other.vector),
      );
      if (!conflict) continue;
      warnings.push(
        `${other.outlet} and ${shownUnit.outlet} disagree on one fact: ${conflict.what} (${other.outlet} ¶${other.ref.paragraph}, ${shownUnit.outlet} ¶${shownUnit.ref.paragraph}).`,
      );
      differences.push({
        source: other.outlet,
        text: other.text,
        evidence: [{ ...other.ref }, { ...shownUnit.ref }],
        kind: 'conflict',
        disagreesWith: shownUnit.outlet,
      });
      usedTexts.add(other.text);
      conflicts++;
      break;
    }
  }

  // Timeline: dated sentences, resolved against their own article's publication day. An event
  // already shown may appear here in another outlet's (dated) wording, never the same sentence.
  // Each fact offers its cleanest dated wording; clean sentences that stand alone come first, and
  // one with translation artefacts or an opening like "It said" only fills a thin timeline.
  const costOf = (u: Unit): number => u.penalty + (standsAlone(u.text) ? 0 : 1);
  const candidates: { entry: BriefingTimelineEntry; order: number; penalty: number }[] = [];
  for (const [order, fact] of ranked.entries()) {
    let best: { unit: Unit; date: string } | undefined;
    for (const unit of fact.units) {
      const anchor = anchorOf(unit.article);
      if (!anchor || !displayable(unit) || usedTexts.has(unit.text)) continue;
      if (best && costOf(unit) >= costOf(best.unit)) continue;
      const date = resolveDate(unit.text, anchor);
      if (date) best = { unit, date };
    }
    if (!best) continue;
    const { unit, date } = best;
    const evidence = evidenceOf([unit, ...fact.units.filter((u) => u !== unit)]);
    const entrySources = [...new Set([unit.outlet, ...fact.sources])];
    candidates.push({
      entry: { date, text: unit.text, sources: entrySources, evidence },
      order,
      penalty: costOf(unit),
    });
  }
  const dated: typeof candidates = [];
  for (const [penalty, fillsBelow] of TIMELINE_TIERS) {
    for (const c of candidates) {
      if (dated.length >= Math.min(TIMELINE_MAX, fillsBelow)) break;
      if (c.penalty > penalty || dated.includes(c)) continue;
      dated.push(c);
      usedTexts.add(c.entry.text);
    }
  }
  const timeline = dated
    .sort((x, y) => x.entry.date.localeCompare(y.entry.date) || x.order - y.order)
    .map((d) => d.entry);

  // People and quotes.
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
