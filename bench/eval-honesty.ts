import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { quoteWords, sameQuotation } from '../lambda/briefing/select-quotes.ts';
import type { Briefing, BriefingTelling, Ref, Story } from '../lambda/briefing/types.ts';

/**
 * The briefing's honesty against our own judgements (bench/gold): which sentence pairs of two
 * outlets report the same claim, and which parts of each the other does not report. The gold
 * holds only ids, sentence keys and character ranges, never article text.
 *
 * A key is `<outlet letter><paragraph>.<sentence>`: A for the story's first article, B for the
 * second…, numbered as the briefing's refs are. A pair key is its two keys in letter order.
 */

type Range = [number, number];

export interface GoldPair {
  shared: boolean;
  /** Parts of the left sentence the right one does not report: [start, end) ranges. */
  extraLeft?: Range[];
  extraRight?: Range[];
}

/** cluster id → pair key → judgement. */
export type AttributionGold = Record<string, Record<string, GoldPair>>;
/**
 * cluster id → pair keys of sentences that report one fact with different numbers or days: the
 * judged clusters (none there) and every conflict found on the 483 clusters, judged by reading.
 */
export type ConflictGold = Record<string, string[]>;

const GOLD_DIR = join(import.meta.dirname, 'gold');

export function loadGold(): { attribution: AttributionGold; conflicts: ConflictGold } {
  const read = (file: string) => JSON.parse(readFileSync(join(GOLD_DIR, file), 'utf8'));
  return { attribution: read('attribution.json'), conflicts: read('conflicts.json') };
}

const LETTERS = 'ABCDEFGHIJ';

export function keyOf(story: Story, ref: Ref): string {
  const index = story.articles.findIndex((a) => a.outlet === ref.source);
  return `${LETTERS[index] ?? '?'}${ref.paragraph}.${ref.sentence}`;
}

/** The pair key of two sentence keys, and which of them is on the left. */
export function pairKey(a: string, b: string): { key: string; aIsLeft: boolean } {
  const aIsLeft = a.localeCompare(b) <= 0;
  return { key: aIsLeft ? `${a}~${b}` : `${b}~${a}`, aIsLeft };
}

const overlaps = (x: Range, y: Range) => x[0] < y[1] && y[0] < x[1];

/** Whether any extra range lies in what the shown wording keeps (the whole sentence if no kept). */
function keepsExtra(extras: readonly Range[], kept: readonly Range[] | undefined): boolean {
  if (!kept) return extras.length > 0;
  return extras.some((e) => kept.some((k) => overlaps(e, k)));
}

/** The verdict on crediting the outlet of `witness` with the wording shown from `shown`. */
export function creditVerdict(
  gold: Record<string, GoldPair> | undefined,
  shownKey: string,
  shownKept: readonly Range[] | undefined,
  witnessKey: string,
): 'right' | 'wrong' | 'unjudged' {
  const { key, aIsLeft } = pairKey(shownKey, witnessKey);
  const pair = gold?.[key];
  if (!pair) return 'unjudged';
  if (!pair.shared) return 'wrong';
  const extras = (aIsLeft ? pair.extraLeft : pair.extraRight) ?? [];
  return keepsExtra(extras, shownKept) ? 'wrong' : 'right';
}

export interface CreditError {
  story: string;
  section: string;
  shown: string;
  witness: string;
}

export interface HonestyFigures {
  credits: number;
  right: number;
  wrong: CreditError[];
  unjudged: CreditError[];
  datedEntries: number;
  falsePrecisionDates: string[];
  forecastsAsEvents: string[];
  repeatedFacts: string[];
  conflictsExpected: number;
  conflictsFound: number;
  /** Conflicts the briefing shows that the judgements do not expect. */
  falseConflicts: string[];
  /** Other outlets' tellings credited with an item's event (each in its own words). */
  eventCredits: number;
  /** Those whose sentence the judgements say reports the same claim as the item's. */
  eventRight: number;
  /** Points two or more outlets report (in one wording, or each in its own). */
  multiSourcePoints: number;
  /** Summary sentences two or more outlets report. */
  multiSourceSummary: number;
  /** Stories where two outlets' sentences are judged to report one claim. */
  storiesSharing: number;
  /** Of those, the stories whose briefing shows an item two or more outlets report. */
  storiesShowingShared: number;
}

export function emptyFigures(): HonestyFigures {
  return {
    credits: 0,
    right: 0,
    wrong: [],
    unjudged: [],
    datedEntries: 0,
    falsePrecisionDates: [],
    forecastsAsEvents: [],
    repeatedFacts: [],
    conflictsExpected: 0,
    conflictsFound: 0,
    falseConflicts: [],
    eventCredits: 0,
    eventRight: 0,
    multiSourcePoints: 0,
    multiSourceSummary: 0,
    storiesSharing: 0,
    storiesShowingShared: 0,
  };
}

interface Item {
  section: string;
  text: string;
  evidence: Ref[];
  alsoReported?: BriefingTelling[];
}

function creditedItems(b: Briefing): Item[] {
  return [
    ...b.summary.map((text, i) => ({
      section: 'summary',
      text,
      evidence: b.summaryEvidence[i] ?? [],
      alsoReported: b.summaryAlsoReported[i] ?? [],
    })),
    ...b.points.map((p) => ({ section: 'point', ...p })),
    ...b.timeline.map((t) => ({ section: 'timeline', ...t })),
    ...b.differences.map((d) => ({
      section: 'difference',
      ...d,
      evidence: d.evidence.slice(0, 1),
    })),
  ];
}

/** The wording credits of an item and of each of its tellings, with the section they are in. */
function wordingCredits(b: Briefing): Item[] {
  return creditedItems(b).flatMap((item) => [
    item,
    ...(item.alsoReported ?? []).map((t) => ({ section: `${item.section} (also)`, ...t })),
  ]);
}

/**
 * A telling credits its outlet with the item's event: right when the judgements say the two
 * sentences report one claim (either may add a detail; each is shown in its own words).
 */
function countEventCredits(story: Story, b: Briefing, gold: AttributionGold, into: HonestyFigures) {
  for (const item of creditedItems(b)) {
    const shown = item.evidence[0];
    if (!shown) continue;
    for (const telling of item.alsoReported ?? []) {
      const witness = telling.evidence[0] as Ref;
      const { key } = pairKey(keyOf(story, shown), keyOf(story, witness));
      const pair = gold[story.slug]?.[key];
      const error = {
        story: story.slug,
        section: `${item.section} (event)`,
        shown: keyOf(story, shown),
        witness: keyOf(story, witness),
      };
      into.eventCredits++;
      if (pair?.shared) into.eventRight++;
      else if (pair) into.wrong.push(error);
      else into.unjudged.push(error);
    }
  }
}

const multiSource = (item: Item) =>
  new Set(item.evidence.map((r) => r.source)).size >= 2 || (item.alsoReported ?? []).length > 0;

function countMultiSource(story: Story, b: Briefing, gold: AttributionGold, into: HonestyFigures) {
  const items = creditedItems(b);
  into.multiSourcePoints += items.filter((i) => i.section === 'point' && multiSource(i)).length;
  into.multiSourceSummary += items.filter((i) => i.section === 'summary' && multiSource(i)).length;
  if (Object.values(gold[story.slug] ?? {}).some((p) => p.shared)) {
    into.storiesSharing++;
    if (items.some(multiSource)) into.storiesShowingShared++;
  }
}

function countCredits(story: Story, b: Briefing, gold: AttributionGold, into: HonestyFigures) {
  countEventCredits(story, b, gold, into);
  countMultiSource(story, b, gold, into);
  for (const item of wordingCredits(b)) {
    const [shown, ...witnesses] = item.evidence;
    if (!shown) continue;
    const shownKey = keyOf(story, shown);
    for (const w of witnesses.filter((r) => r.source !== shown.source)) {
      into.credits++;
      const verdict = creditVerdict(gold[story.slug], shownKey, shown.kept, keyOf(story, w));
      const error = {
        story: story.slug,
        section: item.section,
        shown: shownKey,
        witness: keyOf(story, w),
      };
      if (verdict === 'right') into.right++;
      else if (verdict === 'wrong') into.wrong.push(error);
      else into.unjudged.push(error);
    }
  }
}

const MONTH =
  '(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\\.?';
// What a text must name for a date of each precision (an independent check, not the resolver).
const NAMES_DAY = new RegExp(
  `\\b(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|today|tonight|yesterday|tomorrow)\\b|\\b${MONTH} \\d{1,2}\\b|\\b\\d{1,2} ${MONTH}\\b`,
  'iu',
);
// A week is finer than a month: a month date for "next week" claims less than the text says.
const NAMES_MONTH = new RegExp(
  `\\b${MONTH}\\b|\\b(?:this|last|next) (?:month|week)\\b|\\bthis week\\b`,
  'iu',
);
const NAMES_YEAR = /\b(?:1[89]|20)\d\d\b|\b(?:this|last|next) year\b|\byears? ago\b/iu;
// Expressions that give no exact date: the entry must say it is approximate.
const VAGUE = /\b(?:years|decades) ago\b|\brecent(?:ly)?\b/iu;
// A plan or forecast, outside quotations.
const FORECAST =
  /\b(?:is|are|was|were) (?:expected|set|due|scheduled|poised|likely|planning) to\b|\bwill\b|\bplans? to\b|\bnext (?:week|month|year)\b|\bas soon as\b/iu;

const withoutQuotes = (text: string) => text.replace(/["“”«»][^"“”«»]*["“”«»]/gu, ' ');

export function falsePrecision(entry: Briefing['timeline'][number]): boolean {
  const names =
    entry.precision === 'day'
      ? NAMES_DAY.test(entry.text)
      : entry.precision === 'month'
        ? NAMES_MONTH.test(entry.text) || NAMES_DAY.test(entry.text)
        : NAMES_YEAR.test(entry.text) || NAMES_MONTH.test(entry.text);
  return !names || (VAGUE.test(entry.text) && !entry.approximate);
}

export function forecastAsEvent(entry: Briefing['timeline'][number]): boolean {
  return !entry.expected && FORECAST.test(withoutQuotes(entry.text));
}

function checkTimeline(story: Story, b: Briefing, into: HonestyFigures) {
  into.datedEntries += b.timeline.length;
  for (const entry of b.timeline) {
    const where = `${story.slug} ${entry.date} ${keyOf(story, entry.evidence[0] as Ref)}`;
    if (falsePrecision(entry)) into.falsePrecisionDates.push(where);
    if (forecastAsEvent(entry)) into.forecastsAsEvents.push(where);
  }
}

interface Shown {
  label: string;
  ref: Ref;
}

function shownItems(b: Briefing): Shown[] {
  const first = (label: string, evidence: Ref[]) =>
    evidence[0] ? [{ label, ref: evidence[0] }] : [];
  return [
    ...b.summaryEvidence.flatMap((e, i) => first(`summary ${i + 1}`, e)),
    ...b.points.flatMap((p, i) => first(`point ${i + 1}`, p.evidence)),
    ...b.differences.flatMap((d, i) => first(`difference ${i + 1}`, d.evidence)),
    ...b.timeline.flatMap((t, i) => first(`timeline ${i + 1}`, t.evidence)),
  ];
}

/**
 * Whether one shown item tells a fact another already tells: the same sentence, or two sentences
 * judged to report one claim where one of the shown wordings adds nothing of its own.
 */
export function repeats(
  story: Story,
  gold: Record<string, GoldPair> | undefined,
  x: Ref,
  y: Ref,
): boolean {
  const kx = keyOf(story, x);
  const ky = keyOf(story, y);
  if (kx === ky) return true;
  const { key, aIsLeft } = pairKey(kx, ky);
  const pair = gold?.[key];
  if (!pair?.shared) return false;
  const ex = (aIsLeft ? pair.extraLeft : pair.extraRight) ?? [];
  const ey = (aIsLeft ? pair.extraRight : pair.extraLeft) ?? [];
  return !keepsExtra(ex, x.kept) || !keepsExtra(ey, y.kept);
}

function countRepeats(story: Story, b: Briefing, gold: AttributionGold, into: HonestyFigures) {
  const items = shownItems(b);
  items.forEach((x, i) => {
    for (const y of items.slice(i + 1)) {
      if (repeats(story, gold[story.slug], x.ref, y.ref)) {
        into.repeatedFacts.push(`${story.slug}: ${x.label} / ${y.label}`);
      }
    }
  });
  const texts = creditedItems(b).map((i) => quoteWords(i.text));
  for (const q of b.quotes) {
    const words = quoteWords(q.text);
    if (texts.some((t) => words.length <= t.length && sameQuotation(words, t))) {
      into.repeatedFacts.push(`${story.slug}: quote "${q.speaker}" told in another section`);
    }
  }
}

function conflictKeys(story: Story, b: Briefing): Set<string> {
  const keys = new Set<string>();
  const items = [...b.points, ...b.timeline, ...b.differences];
  for (const item of items) {
    for (const c of item.conflicts ?? []) {
      keys.add(pairKey(keyOf(story, c.evidence[0]), keyOf(story, c.evidence[1])).key);
    }
  }
  return keys;
}

/** Adds one story's figures to `into`. */
export function judgeBriefing(
  story: Story,
  briefing: Briefing,
  gold: { attribution: AttributionGold; conflicts: ConflictGold },
  into: HonestyFigures,
): void {
  countCredits(story, briefing, gold.attribution, into);
  checkTimeline(story, briefing, into);
  countRepeats(story, briefing, gold.attribution, into);
  const expected = gold.conflicts[story.slug] ?? [];
  const found = conflictKeys(story, briefing);
  into.conflictsExpected += expected.length;
  into.conflictsFound += expected.filter((k) => found.has(k)).length;
  for (const k of found) if (!expected.includes(k)) into.falseConflicts.push(`${story.slug} ${k}`);
}

/** Share of all outlet credits, of wordings and of events, that are right. */
export function precision(f: HonestyFigures): number {
  const all = f.credits + f.eventCredits;
  return all === 0 ? 1 : (f.right + f.eventRight) / all;
}
