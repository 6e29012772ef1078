import { claimOfWording, swapped, type Telling, type Wording } from './attribute.ts';
import { type Braid, braid } from './braid.ts';
import { displayable, type Fact, type Unit, unitsOf } from './build-facts.ts';
import { type Claim, supports } from './claim.ts';
import { introducedBy } from './definite-subject.ts';
import { peopleTermsOf } from './event-core.ts';
import { extractQuotes } from './extract-quotes.ts';
import { isForecast } from './forecast.ts';
import { resolveDate } from './resolve-date.ts';
import { selectQuotes } from './select-quotes.ts';
import { Shown } from './shown.ts';
import { standsAlone } from './stands-alone.ts';
import { briefingSummaryOptions, readerHeadline, selectSummary } from './summarize.ts';
import { evidenceOf, ownTelling, type TellingPool, takeTellings } from './tellings.ts';
import type {
  Briefing,
  BriefingConflict,
  BriefingDifference,
  BriefingPoint,
  BriefingQuote,
  BriefingSource,
  BriefingTelling,
  BriefingTimelineEntry,
  Ref,
  Story,
} from './types.ts';

const POINTS_MIN = 4;
const POINTS_MAX = 8;
// A point or difference this similar to something already shown says the same thing again.
const POINT_REDUNDANCY = 0.5;
const DIFFERENCE_REDUNDANCY = 0.35;
const DIFFERENCES_MAX = 5;
// A further difference must be at least this fraction as important as the first one.
const DIFFERENCE_RELATIVE_SCORE = 0.6;
// Each person or number a difference involves adds this much to its importance (up to 3).
const DIFFERENCE_DETAIL_WEIGHT = 0.05;
// More translation artefacts than this and a difference waits behind the outlet's clean ones.
const DIFFERENCE_MAX_CLEAN_PENALTY = 1;
const TIMELINE_MAX = 8;
// [most cost, and only while the timeline has fewer entries than this]: clean sentences fill
// it; one artefact or a leaning opening only a half-empty one; more, a near-empty one.
const TIMELINE_TIERS: readonly (readonly [number, number])[] = [
  [0, TIMELINE_MAX],
  [1, TIMELINE_MAX / 2],
  [Number.POSITIVE_INFINITY, 3],
];
const PEOPLE_MAX = 10;

/** Both outlets of each disagreement on this fact, the shown wording's first. */
function conflictsOf(fact: Fact): BriefingConflict[] {
  const shown = fact.units[0] as Unit;
  return fact.disagreements.map(({ unit, what }) => ({
    what,
    outlets: [shown.outlet, unit.outlet],
    evidence: [{ ...shown.ref }, { ...unit.ref }],
  }));
}

function withConflicts<T extends { conflicts?: BriefingConflict[] }>(item: T, fact: Fact): T {
  const conflicts = conflictsOf(fact);
  if (conflicts.length > 0) item.conflicts = conflicts;
  return item;
}

/** The item with the other outlets' tellings of its event, when there are any (now shown). */
function withTellings<T extends { alsoReported?: BriefingTelling[] }>(
  item: T,
  fact: Fact,
  pool: TellingPool,
): T {
  const tellings = takeTellings(fact, fact.units[0] as Unit, fact.units, pool);
  if (tellings.length > 0) item.alsoReported = tellings;
  return item;
}

// Every section asks of the same facts; the answer does not change within a briefing.
const showableCache = new WeakMap<Fact, boolean>();

/** A fact's wording can be shown as a point, difference or timeline entry. */
function showable(fact: Fact): boolean {
  let answer = showableCache.get(fact);
  if (answer === undefined) {
    answer = displayable(fact.units[0] as Unit) && standsAlone(fact.wording.text);
    showableCache.set(fact, answer);
  }
  return answer;
}

function sourcesOf(b: Braid): BriefingSource[] {
  return b.prepared.map((p) => {
    const source: BriefingSource = {
      outlet: p.article.outlet,
      published: p.article.published,
      words: p.words,
    };
    if (p.article.title !== undefined) source.title = p.article.title;
    if (p.article.url !== undefined) source.url = p.article.url;
    return source;
  });
}

/** The other outlets' sentences of the fact that report everything the wording says. */
function supportersOf(fact: Fact, unit: Unit, claim: Claim): Unit[] {
  return fact.units.filter((u) => u.outlet !== unit.outlet && supports(u.claim, claim));
}

/**
 * 1–3 sentences, at most 70 words, each with the outlets that report all it says; a fact whose
 * outlets disagree is left to the points.
 */
function summarySection(
  b: Braid,
  pool: TellingPool,
  known: ReadonlySet<string>,
): { summary: string[]; evidence: Ref[][]; also: BriefingTelling[][] } {
  const { shown } = pool;
  const agreed = b.facts.filter((f) => f.disagreements.length === 0);
  const summary: string[] = [];
  const evidence: Ref[][] = [];
  const also: BriefingTelling[][] = [];
  const options = { ...briefingSummaryOptions, known };
  const picks = selectSummary(agreed, options).map((pick) => {
    const wording: Wording = pick.trim?.removed.length
      ? { text: pick.text, kept: pick.trim.kept }
      : { text: pick.text };
    const claim = claimOfWording(pick.unit, wording);
    return {
      pick,
      wording,
      claim,
      credited: [pick.unit, ...supportersOf(pick.fact, pick.unit, claim)],
    };
  });
  // A sentence the summary shows or credits further on is not an earlier sentence's telling.
  const reserved = new Set(picks.flatMap((p) => p.credited));
  for (const { pick, wording, claim, credited } of picks) {
    summary.push(wording.text);
    evidence.push(evidenceOf(credited, wording));
    also.push(takeTellings(pick.fact, pick.unit, credited, { ...pool, reserved }));
    shown.use(pick.fact, wording.text, claim);
  }
  if (b.braided.length > 0 && summary.length === 0) {
    b.warnings.push('No sentence fits a summary of at most 70 words; the summary is empty.');
  }
  return { summary, evidence, also };
}

/**
 * Corroborated facts first, then single-outlet facts to reach the minimum (or, with one article,
 * the maximum — there are no differences to keep them for).
 */
function pointsSection(b: Braid, pool: TellingPool): BriefingPoint[] {
  const { shown } = pool;
  const points: BriefingPoint[] = [];
  const singleTarget = b.braided.length >= 2 ? POINTS_MIN : POINTS_MAX;
  for (let fact of b.facts) {
    if (points.length >= POINTS_MAX) break;
    if (fact.reporters.length < 2 && (points.length >= singleTarget || !clean(fact))) continue;
    const told = shownAnew(fact, shown);
    if (!told) continue;
    fact = told;
    const { text } = fact.wording;
    const point: BriefingPoint = {
      text,
      sources: [...fact.sources],
      evidence: evidenceOf(fact.units, fact.wording),
    };
    points.push(withTellings(withConflicts(point, fact), fact, pool));
    shown.use(fact, text);
  }
  return points;
}

/**
 * The fact as a point can show it: in its own wording, or, when that wording cannot be shown
 * (it retells an event shown above, needs a referent the reader has not met, or does not stand
 * alone) but the fact was not said, in the words of another outlet's telling that can ("The
 * vote was 364 to 62; all the votes in opposition came from Republicans", where its own "The
 * bill passed in a 364-62 vote…" retells the House's passing and names no bill above), its own
 * wording then that telling's telling. Undefined when none can be shown.
 */
function shownAnew(fact: Fact, shown: Shown): Fact | undefined {
  const fresh = (f: Fact) =>
    showable(f) && shown.knowsReferent(f.wording.text) && !shown.repeats(f, POINT_REDUNDANCY);
  if (fresh(fact)) return fact;
  if (shown.saysAgain(fact, POINT_REDUNDANCY)) return undefined;
  for (const telling of fact.also) {
    const told = tellingAsFact(fact, telling);
    if (fresh(told)) return told;
  }
  return undefined;
}

/** A fact told in a telling's words: the telling's outlet alone, the fact's own sentences its tellings. */
function tellingAsFact(fact: Fact, telling: Telling<Unit>): Fact {
  const unit = telling.units[0] as Unit;
  return {
    ...fact,
    units: [unit],
    wording: telling.wording,
    claim: unit.claim,
    sources: [unit.outlet],
    disagreements: [],
    // The chosen telling's sentence is now the point's own, and is never its own telling.
    also: [...fact.units.map(ownTelling), ...fact.also],
    vector: unit.vector,
  };
}

/** Importance of something only one outlet reports: its rank, plus the people and numbers in it. */
function differenceScore(fact: Fact): number {
  const claim = (fact.units[0] as Unit).claim;
  const details = Math.min(3, claim.people.size + claim.values.size);
  return fact.score + DIFFERENCE_DETAIL_WEIGHT * details;
}

/**
 * What only one outlet reports, most important first across outlets, as many as matter. A
 * garbled wording waits behind every clean one, and a sentence another outlet echoes is not
 * "only this outlet's".
 */
function exclusiveDifferences(b: Braid, shown: Shown): BriefingDifference[] {
  const before = shown.snapshot();
  const candidates = b.facts
    .filter((f) => f.reporters.length === 1 && showable(f) && !shown.has(f))
    .filter((f) => !shown.repeats(f, DIFFERENCE_REDUNDANCY, before))
    .filter((f) => !b.echoedElsewhere(f.units[0] as Unit))
    .map((f) => ({ fact: f, score: differenceScore(f), garbled: garbled(f) }))
    .sort((x, y) => Number(x.garbled) - Number(y.garbled) || y.score - x.score);
  const top = Math.max(0, ...candidates.map((c) => c.score));
  const out: BriefingDifference[] = [];
  for (const { fact, score } of candidates) {
    if (out.length >= DIFFERENCES_MAX) break;
    if (score < top * DIFFERENCE_RELATIVE_SCORE || shown.repeats(fact, DIFFERENCE_REDUNDANCY)) {
      continue;
    }
    if (!shown.knowsReferent(fact.wording.text)) continue;
    const unit = fact.units[0] as Unit;
    out.push({
      source: unit.outlet,
      text: fact.wording.text,
      evidence: evidenceOf(fact.units, fact.wording),
      kind: 'exclusive',
    });
    shown.use(fact, fact.wording.text);
  }
  return out;
}

function garbled(fact: Fact): boolean {
  return (fact.units[0] as Unit).penalty > DIFFERENCE_MAX_CLEAN_PENALTY;
}

/** No translation artefact at all: what a point one outlet alone vouches for must read as. */
function clean(fact: Fact): boolean {
  return (fact.units[0] as Unit).penalty === 0;
}

/**
 * Outlets that report one fact with other numbers or another day: the other outlet's sentence
 * under its name, with the shown wording's sentence as second evidence.
 */
function conflictDifferences(b: Braid, shown: Shown): BriefingDifference[] {
  const out: BriefingDifference[] = [];
  for (const fact of b.facts) {
    const first = fact.units[0] as Unit;
    for (const { unit, what } of fact.disagreements) {
      if (shown.hasText(unit.text) || !displayable(unit)) continue;
      b.warnings.push(
        `${unit.outlet} and ${first.outlet} disagree on one fact: ${swapped(what)} (${unit.outlet} ¶${unit.ref.paragraph}, ${first.outlet} ¶${first.ref.paragraph}).`,
      );
      out.push({
        source: unit.outlet,
        text: unit.text,
        evidence: [{ ...unit.ref }, { ...first.ref }],
        kind: 'conflict',
        disagreesWith: first.outlet,
        conflicts: [
          {
            what: swapped(what),
            outlets: [unit.outlet, first.outlet],
            evidence: [{ ...unit.ref }, { ...first.ref }],
          },
        ],
      });
      shown.useText(unit.text);
    }
  }
  return out;
}

interface Dated {
  entry: BriefingTimelineEntry;
  order: number;
  cost: number;
  fact: Fact;
}

/**
 * A fact not shown yet, dated by its shown wording against its own article's publication day,
 * at the precision the text states; a plan or forecast is marked expected.
 */
function datedEntry(fact: Fact, order: number, anchorOf: (u: Unit) => Date | undefined) {
  const unit = fact.units[0] as Unit;
  const anchor = anchorOf(unit);
  if (!anchor || !showable(fact)) return undefined;
  const resolved = resolveDate(fact.wording.text, anchor);
  if (!resolved) return undefined;
  const entry: BriefingTimelineEntry = {
    date: resolved.date,
    precision: resolved.precision,
    text: fact.wording.text,
    sources: [...fact.sources],
    evidence: evidenceOf(fact.units, fact.wording),
  };
  if (resolved.approximate) entry.approximate = true;
  if (resolved.expected || isForecast(fact.wording.text)) entry.expected = true;
  return { entry: withConflicts(entry, fact), order, cost: unit.penalty, fact };
}

/**
 * Dated facts not shown elsewhere, clean sentences first (one with translation artefacts only
 * fills a thin timeline), in date order; expected events after what happened.
 */
function timelineSection(b: Braid, pool: TellingPool, now?: Date): BriefingTimelineEntry[] {
  const { shown } = pool;
  const anchorOf = (u: Unit) => u.published ?? now;
  // Entries are shown in date order, so an opening's noun must be named before the timeline.
  const candidates = b.facts
    .filter((f) => !shown.has(f) && !shown.repeats(f, POINT_REDUNDANCY))
    .filter((f) => shown.knowsReferent(f.wording.text))
    .flatMap((f, order) => datedEntry(f, order, anchorOf) ?? []);
  const dated: Dated[] = [];
  for (const [cost, fillsBelow] of TIMELINE_TIERS) {
    for (const c of candidates) {
      if (dated.length >= Math.min(TIMELINE_MAX, fillsBelow)) break;
      if (c.cost > cost || dated.includes(c) || shown.repeats(c.fact, POINT_REDUNDANCY)) continue;
      dated.push(c);
      withTellings(c.entry, c.fact, pool);
      shown.use(c.fact, c.entry.text);
    }
  }
  return dated
    .sort(
      (x, y) =>
        Number(x.entry.expected ?? false) - Number(y.entry.expected ?? false) ||
        x.entry.date.localeCompare(y.entry.date) ||
        x.order - y.order,
    )
    .map((d) => d.entry);
}

/** Quotations with their speakers, none already told in another section. */
function quotesSection(b: Braid, shown: Shown): BriefingQuote[] {
  const mentionsOf = new Map(b.people.people.map((p) => [p.name, p.mentions]));
  const extracted = b.braided.flatMap((p, a) =>
    extractQuotes({
      outlet: p.article.outlet,
      paragraphs: p.paragraphs,
      sentences: p.sentences,
      mentions: b.people.mentions[a] ?? [],
    }).map((q) => ({ ...q, article: a })),
  );
  return selectQuotes(extracted, mentionsOf, (text) => shown.tellsQuote(text));
}

// A headline or title longer than this is cut (at a word, with an ellipsis): it is a subject
// line and a contents entry, and a pasted paragraph must not crowd out the edition. (A summary
// sentence standing in for a missing headline is at most 70 words and shown whole.)
export const HEADLINE_MAX_CHARS = 150;

function headlineOf(story: Story, b: Braid, summary: readonly string[]): string {
  const edited = story.meta.headline?.replace(/\s+/gu, ' ').trim();
  if (edited) return capped(edited, `content/${story.slug}/story.yaml: headline`, b.warnings);
  const titled = b.prepared.find((p) => p.article.title?.trim())?.article;
  if (titled?.title) {
    const title = titled.title.replace(/\s+/gu, ' ').trim();
    return capped(title, `${titled.file}: title (the story's headline)`, b.warnings);
  }
  return summary[0] || story.slug;
}

/** The headline, cut at a word when longer than HEADLINE_MAX_CHARS, with a warning naming `where`. */
function capped(headline: string, where: string, warnings: string[]): string {
  const chars = Array.from(headline);
  if (chars.length <= HEADLINE_MAX_CHARS) return headline;
  warnings.push(
    `${where} is ${chars.length} characters; expected at most ${HEADLINE_MAX_CHARS}. The edition shows it cut at a word.`,
  );
  const head = chars.slice(0, HEADLINE_MAX_CHARS).join('');
  const boundary = head.lastIndexOf(' ');
  const cut = boundary > 0 ? head.slice(0, boundary) : head.slice(0, -1);
  return `${cut.replace(/[\s,;:.\-–—]+$/u, '')}…`;
}

/**
 * Braids a story's articles into one briefing. Pure: no I/O, no clock unless `now` stands in
 * for an unreadable publication date. Every text is a verbatim sentence of the article its first
 * evidence ref names, or that sentence with whole constituents removed (the ref's `kept`
 * ranges); nothing is paraphrased. Each fact appears once, in the first section that takes it.
 */
export function buildBriefing(story: Story, options: { now?: Date } = {}): Briefing {
  const b = braid(story, options);
  const headline = readerHeadline(story);
  const known = new Set(introducedBy(headline));
  const shown = new Shown(headline, peopleTermsOf(b.people.people));
  const pool: TellingPool = { units: unitsOf(b.facts), shown };
  const {
    summary,
    evidence: summaryEvidence,
    also: summaryAlsoReported,
  } = summarySection(b, pool, known);
  const points = pointsSection(b, pool);
  const differences =
    b.braided.length >= 2
      ? [...exclusiveDifferences(b, shown), ...conflictDifferences(b, shown)]
      : [];
  const timeline = timelineSection(b, pool, options.now);
  const quotes = quotesSection(b, shown);
  return {
    version: 2,
    story: story.slug,
    headline: headlineOf(story, b, summary),
    summary,
    summaryEvidence,
    summaryAlsoReported,
    points,
    quotes,
    differences,
    timeline,
    people: b.people.people.slice(0, PEOPLE_MAX),
    sources: sourcesOf(b),
    warnings: [...(story.warnings ?? []), ...b.warnings],
  };
}
