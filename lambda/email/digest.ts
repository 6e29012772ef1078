import type { Briefing } from '../briefing/types.ts';

/**
 * How much of each story an edition shows. The rule (docs/architecture.md, "The digest"):
 *
 * - `full`: every section (points, quotes, differences, timeline, people, sources). The web
 *   copy shows every story in full; the email only a story that is alone in its edition.
 * - `digest`: headline, summary, the first DIGEST_POINTS key points, at most one quote and one
 *   difference, and a link to the full briefing in the web copy.
 * - `listed`: headline only, linking to the story in the web copy, under "Also today".
 *
 * The email starts from the richest plan (a lone story in full; up to DIGEST_MAX_SHOWN stories
 * in digest form, the rest listed) and gives up detail from the last story up, until the HTML
 * as sent fits the budget. A story is never dropped: at worst it is listed.
 */
export type StoryLevel = 'full' | 'digest' | 'listed';

export const DIGEST_POINTS = 3;
export const DIGEST_QUOTES = 1;
export const DIGEST_DIFFERENCES = 1;
/** More stories than this in digest form no longer scan at a glance: the rest are listed. */
export const DIGEST_MAX_SHOWN = 12;
/** Words a minute for a story's reading time (a common figure for news reading on screens). */
export const WORDS_PER_MINUTE = 220;

/** The plans to try, richest first, for an edition of `count` stories. */
export function plansFor(count: number): StoryLevel[][] {
  if (count === 1) return [['full'], ['digest'], ['listed']];
  const plans: StoryLevel[][] = [];
  for (let shown = Math.min(count, DIGEST_MAX_SHOWN); shown >= 0; shown--) {
    plans.push(Array.from({ length: count }, (_, i) => (i < shown ? 'digest' : 'listed')));
  }
  return plans;
}

/**
 * The richest plan that fits. Several stories' plans are ordered by size (each lists one more
 * story), so the first that fits is found by binary search: a dozen stories cost four renders.
 * A lone story's three are not (a short story's digest, with its link to the web copy, can be
 * longer than the story in full), so they are tried in turn.
 */
export function fitPlan(
  plans: readonly StoryLevel[][],
  fits: (plan: StoryLevel[]) => boolean,
): StoryLevel[] | undefined {
  if (plans[0]?.length === 1) return plans.find(fits);
  let lo = 0;
  let hi = plans.length; // plans[hi] is the first known to fit (or none: hi === length)
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (fits(plans[mid] as StoryLevel[])) hi = mid;
    else lo = mid + 1;
  }
  return plans[hi];
}

/** What a story shows at a level: its sections cut to the level's limits. */
export function cutToLevel(b: Briefing, level: StoryLevel): Briefing {
  if (level === 'full') return b;
  if (level === 'listed') {
    return {
      ...b,
      summary: [],
      points: [],
      quotes: [],
      differences: [],
      timeline: [],
      people: [],
      sources: [],
    };
  }
  return {
    ...b,
    points: b.points.slice(0, DIGEST_POINTS),
    quotes: b.quotes.slice(0, DIGEST_QUOTES),
    differences: b.differences.slice(0, DIGEST_DIFFERENCES),
    timeline: [],
    people: [],
    sources: [],
  };
}

const countWords = (text: string) => text.split(/\s+/u).filter((w) => w !== '').length;

/** Minutes to read what a story shows at its level (at least 1). */
export function readingMinutes(shown: Briefing): number {
  const texts = [
    shown.headline,
    ...shown.summary,
    ...shown.points.map((p) => p.text),
    ...shown.quotes.map((q) => `${q.text} ${q.speaker}`),
    ...shown.differences.map((d) => d.text),
    ...shown.timeline.map((t) => t.text),
    ...shown.people.map((p) => `${p.name} ${p.role ?? ''}`),
    ...shown.summary.flatMap((_, i) => shown.summaryAlsoReported[i] ?? []).map((t) => t.text),
    ...[...shown.points, ...shown.timeline].flatMap((i) => i.alsoReported ?? []).map((t) => t.text),
  ];
  const words = texts.reduce((sum, t) => sum + countWords(t), 0);
  return Math.max(1, Math.round(words / WORDS_PER_MINUTE));
}

/** A story with nothing to show but its headline: its articles held only boilerplate. */
export function isEmptyBriefing(b: Briefing): boolean {
  return b.summary.length === 0 && b.points.length === 0;
}
