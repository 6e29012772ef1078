import type { Telling } from './attribute.ts';
import { baseWording, displayable, type Fact, type Unit } from './build-facts.ts';
import { sharedTerms } from './claim.ts';
import { cosine } from './cosine.ts';
import { findConflict } from './find-conflict.ts';
import { sameEvent } from './same-event.ts';
import type { Shown } from './shown.ts';
import type { BriefingTelling, Ref } from './types.ts';

/**
 * Other outlets' tellings of a shown item's event, each in its own words and credited to its
 * own outlets only (the contract's `alsoReported`). A telling is found two ways: alignment put
 * it in the item's fact (attribute.ts joins it there), or it is any other outlet's sentence
 * that tells the same event (sameEvent) and was not shown yet, wherever alignment put it.
 */

/** The wording's sentence (with kept ranges when trimmed), then the supporting sentences. */
export function evidenceOf(units: readonly Unit[], wording?: { kept?: [number, number][] }): Ref[] {
  return units.map((u, i) => {
    const ref: Ref = { ...u.ref };
    if (i === 0 && wording?.kept) ref.kept = wording.kept.map(([s, e]) => [s, e]);
    return ref;
  });
}

function tellingOf(t: Telling<Unit>): BriefingTelling {
  return {
    text: t.wording.text,
    sources: [...new Set(t.units.map((u) => u.outlet))],
    evidence: evidenceOf(t.units, t.wording),
  };
}

/** A sentence as a telling of its own, in its whole wording (less any dateline). */
export const ownTelling = (u: Unit): Telling<Unit> => ({ units: [u], wording: baseWording(u) });

/** What the search needs: every sentence, what was shown, and sentences kept for later. */
export interface TellingPool {
  units: readonly Unit[];
  shown: Shown;
  /** Sentences chosen for another item that is not recorded yet (the rest of the summary). */
  reserved?: ReadonlySet<Unit>;
}

const disagree = (a: Unit, b: Unit) =>
  findConflict(
    { text: a.text, anchor: a.published },
    { text: b.text, anchor: b.published },
    cosine(a.vector, b.vector),
  ) !== undefined;

/** Share of the larger side's terms the two sentences share: how closely they tell it. */
function closeness(a: Unit, b: Unit): number {
  return sharedTerms(a.claim, b.claim) / Math.max(a.claim.terms.size, b.claim.terms.size, 1);
}

/** A sentence that can be shown as a telling: showable, not shown yet, not kept for later. */
function free(u: Unit, pool: TellingPool): boolean {
  return displayable(u) && !pool.reserved?.has(u) && !pool.shown.hasText(u.text);
}

/** Per outlet not yet credited, its closest unshown sentence that tells `unit`'s event. */
function found(unit: Unit, credited: ReadonlySet<string>, pool: TellingPool): Telling<Unit>[] {
  const best = new Map<string, Unit>();
  for (const u of pool.units) {
    if (credited.has(u.outlet) || !free(u, pool)) continue;
    if (!sameEvent(unit, u) || disagree(unit, u)) continue;
    const held = best.get(u.outlet);
    if (!held || closeness(unit, u) > closeness(unit, held)) best.set(u.outlet, u);
  }
  return [...best.values()].sort((x, y) => x.article - y.article).map(ownTelling);
}

/**
 * Takes the tellings of `fact` shown in the words of `unit` (its first sentence, or another one
 * the summary chose), `credited` being the sentences the shown text is credited to, and records
 * them as shown. The fact's other sentences that do not support what `unit` says are tellings of
 * their own, and so are its joined tellings, when they tell `unit`'s event; then any other
 * outlet's sentence that does.
 */
export function takeTellings(
  fact: Fact,
  unit: Unit,
  credited: readonly Unit[],
  pool: TellingPool,
): BriefingTelling[] {
  const own = fact.units.map(ownTelling);
  // The summary may show a joined telling's sentence: that telling is then the item itself.
  const joined = [...own, ...fact.also].filter(
    (t) =>
      t.units.every((u) => !credited.includes(u) && free(u, pool)) &&
      (unit === fact.units[0] || sameEvent(unit, t.units[0] as Unit)),
  );
  const outlets = new Set([...credited, ...joined.flatMap((t) => t.units)].map((u) => u.outlet));
  const tellings = [...joined, ...found(unit, outlets, pool)];
  for (const t of tellings) pool.shown.useTelling(t.units[0] as Unit, t.wording.text);
  return tellings.map(tellingOf);
}
