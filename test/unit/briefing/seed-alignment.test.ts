import { describe, expect, it } from 'vitest';
import { creditVerdict, keyOf, loadGold } from '../../../bench/eval-honesty.ts';
import { braid } from '../../../lambda/briefing/braid.ts';
import type { Unit } from '../../../lambda/briefing/build-facts.ts';
import { buildBriefing } from '../../../lambda/briefing/index.ts';
import type { Ref } from '../../../lambda/briefing/types.ts';
import { REQUIRED, TRUE_PAIRS } from './seed-alignment-gold.ts';
import { seedStory } from './seed-story.ts';

const id = (ref: Ref) => `${ref.source === 'BBC News' ? 'B' : 'N'}${ref.paragraph}.${ref.sentence}`;

/** `B5.1~N2.1` for a fact or point that both seed outlets report; undefined otherwise. */
function pairKey(refs: readonly Ref[]): string | undefined {
  const b = refs.find((r) => r.source === 'BBC News');
  const n = refs.find((r) => r.source === 'NBC News');
  return b && n ? `${id(b)}~${id(n)}` : undefined;
}

describe('alignment on the seed story, against the hand-judged topic pairs', () => {
  const facts = braid(seedStory()).facts;
  // Alignment groups, before attribution splits them into honestly credited facts.
  const groups = new Map<number, Unit[]>();
  for (const f of facts) {
    const units = [...f.units, ...f.also.flatMap((t) => t.units)];
    groups.set(f.group, [...(groups.get(f.group) ?? []), ...units]);
  }
  const shared = [...groups.values()]
    .map((units) => pairKey(units.map((u) => u.ref)))
    .filter((k): k is string => k !== undefined);

  it('finds a good number of shared facts', () => {
    expect(shared.length).toBeGreaterThanOrEqual(REQUIRED.length);
  });

  it('precision 1: every aligned pair tells the same story event', () => {
    const wrong = shared.filter((k) => !TRUE_PAIRS.has(k));
    expect(wrong, `false pairs among ${shared.length}`).toEqual([]);
  });

  it.each(REQUIRED)('keeps the true pair: $what', ({ anyOf }) => {
    expect(shared.some((k) => anyOf.includes(k))).toBe(true);
  });

  it.each([
    ['B6.1~N26.1', 'Antonov called back / relations strained since Biden took office'],
    ['B3.1~N27.1', 'Navalny accusations / EU sanctions over Navalny'],
    ['B35.1~N12.1', 'anti-Biden narratives / Zakharova and the embassy'],
    ['B15.1~N18.1', 'invitation to a live talk / "no soul"'],
    ['B12.1~N3.1', 'playground quote / good health, both "broadcast on state television"'],
    ['B21.1~N15.2', '"He will pay a price" / "he did not disclose what price"'],
  ])('never pairs %s (%s)', (key) => {
    expect(shared).not.toContain(key);
  });

  it('no single-source fact hides a sentence another fact already uses', () => {
    const refs = facts.flatMap((f) => f.units.map((u) => id(u.ref)));
    expect(new Set(refs).size).toBe(refs.length);
  });
});

describe('the seed briefing names no outlet for a claim it did not make (judged pairs)', () => {
  const story = seedStory();
  const briefing = buildBriefing(story);
  const gold = loadGold().attribution[story.slug];
  const items = [...briefing.points, ...briefing.timeline];

  it.each(items.map((p) => [p.text.slice(0, 60), p] as const))('%s…', (_, item) => {
    const [shown, ...others] = item.evidence as [Ref, ...Ref[]];
    for (const witness of others) {
      const verdict = creditVerdict(gold, keyOf(story, shown), shown.kept, keyOf(story, witness));
      expect(verdict, `${keyOf(story, shown)} credited to ${witness.source}`).toBe('right');
    }
    expect(item.sources).toEqual([...new Set(item.evidence.map((r) => r.source))]);
  });
});

describe('the seed briefing claims "only this outlet" only for what the other did not report', () => {
  const story = seedStory();
  const briefing = buildBriefing(story);
  const gold = loadGold().attribution[story.slug] ?? {};
  // Every sentence of a pair judged to report one claim is reported by both outlets.
  const reportedByBoth = new Set(
    Object.entries(gold)
      .filter(([, pair]) => pair.shared)
      .flatMap(([key]) => key.split('~')),
  );

  it('has differences from both outlets', () => {
    expect(new Set(briefing.differences.map((d) => d.source))).toEqual(
      new Set(['BBC News', 'NBC News']),
    );
  });

  it.each(briefing.differences.map((d) => [d.text.slice(0, 60), d] as const))('%s…', (_, d) => {
    expect(reportedByBoth.has(keyOf(story, d.evidence[0] as Ref))).toBe(false);
  });
});
