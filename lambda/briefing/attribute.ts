import { type Claim, claimOf, sharedTerms, supports } from './claim.ts';
import { type ConflictInput, findConflict } from './find-conflict.ts';
import { sameEvent } from './same-event.ts';

/** A way to show a sentence: the whole of it, or the kept character ranges of a trim. */
export interface Wording {
  text: string;
  /** [start, end) ranges of the sentence; absent for the whole sentence. */
  kept?: [number, number][];
}

/** One outlet's sentence of an aligned group, as attribution needs it. */
export interface Witness {
  outlet: string;
  text: string;
  claim: Claim;
  /** People named, with the form the sentence names them in ("Peskov" → "Dmitry Peskov"). */
  named: readonly { person: string; surface: string }[];
  published: Date | undefined;
  vector: ReadonlyMap<string, number>;
}

/** A group member whose outlet reports the fact with other numbers or another day. */
export interface Disagreement<U> {
  unit: U;
  what: string;
}

/**
 * Another outlet's telling of the same event in its own words: its wording, credited to the
 * outlets that support that wording, never to the fact's.
 */
export interface Telling<U> {
  units: U[];
  wording: Wording;
}

/** The honest part of an aligned group: a wording and exactly the outlets that report it. */
export interface Attributed<U> {
  /** The sentence shown first, then every other sentence that supports the wording. */
  units: U[];
  wording: Wording;
  /** What the wording asserts. */
  claim: Claim;
  disagreements: Disagreement<U>[];
  /** Other outlets that tell the same event, each in its own wording (sameEvent). */
  also: Telling<U>[];
}

export interface AttributeDeps<U extends Witness> {
  /** Ways to show a unit, whole sentence first. */
  wordingsOf(unit: U): readonly Wording[];
  /** The first of those: the whole sentence, less a wire dateline. */
  baseWording(unit: U): Wording;
  /** Lower is better: how cleanly the unit reads as a shown wording; 100 or more: not at all. */
  cost(unit: U, wording: Wording): number;
  cosine(a: U, b: U): number;
}

/** What a wording of a unit asserts: a trim names only the people its kept text names. */
export function claimOfWording(unit: Witness, wording: Wording): Claim {
  if (wording.kept === undefined) return unit.claim;
  const people = unit.named.filter((n) => wording.text.includes(n.surface)).map((n) => n.person);
  const speakers = [...unit.claim.speakers].filter((s) => people.includes(s));
  return claimOf(wording.text, { people, speakers, published: unit.published });
}

interface Candidate<U> {
  unit: U;
  wording: Wording;
  claim: Claim;
  supporters: U[];
  cost: number;
}

/**
 * What two sentences of a group disagree on, if anything. Asked again in every round of
 * attribute(), so each ordered pair is worked out once per group.
 */
function disagreement<U extends Witness>(deps: AttributeDeps<U>) {
  const known = new Map<U, Map<U, string | undefined>>();
  const inputs = new Map<U, ConflictInput>();
  const inputOf = (u: U): ConflictInput => {
    const input = inputs.get(u) ?? { text: u.text, anchor: u.published };
    inputs.set(u, input);
    return input;
  };
  return (a: U, b: U): string | undefined => {
    const row = known.get(a) ?? new Map<U, string | undefined>();
    known.set(a, row);
    if (!row.has(b)) row.set(b, findConflict(inputOf(a), inputOf(b), deps.cosine(a, b))?.what);
    return row.get(b);
  };
}

type Disagrees<U> = (a: U, b: U) => string | undefined;

// A witness sharing fewer content terms than this with a sentence supports no trim of it.
const MIN_SHARED_TERMS = 3;

/**
 * The ways worth trying: the whole sentence (less a dateline), and its trims only when some other
 * outlet could support one — it shares enough words but does not support the whole sentence.
 */
function wordingsToTry<U extends Witness>(unit: U, others: readonly U[], deps: AttributeDeps<U>) {
  const base = deps.baseWording(unit);
  const hopeful = others.filter(
    (o) => sharedTerms(unit.claim, o.claim) >= MIN_SHARED_TERMS && !supports(o.claim, unit.claim),
  );
  return hopeful.length > 0 ? deps.wordingsOf(unit) : [base];
}

/** `work` of each wording, worked out once per group (attribute() asks in every round). */
function perWording<U extends Witness, T>(work: (unit: U, wording: Wording) => T) {
  const known = new Map<U, Map<string, T>>();
  return (unit: U, wording: Wording): T => {
    const row = known.get(unit) ?? new Map<string, T>();
    known.set(unit, row);
    if (!row.has(wording.text)) row.set(wording.text, work(unit, wording));
    return row.get(wording.text) as T;
  };
}

interface Round<U extends Witness> {
  deps: AttributeDeps<U>;
  disagrees: Disagrees<U>;
  claimOf: (unit: U, wording: Wording) => Claim;
  costOf: (unit: U, wording: Wording) => number;
}

function candidatesOf<U extends Witness>(members: readonly U[], round: Round<U>) {
  const { deps, disagrees } = round;
  const out: Candidate<U>[] = [];
  for (const unit of members) {
    // An outlet that disagrees on a number or day supports no wording of this sentence.
    const others = members.filter(
      (m) => m.outlet !== unit.outlet && disagrees(unit, m) === undefined,
    );
    for (const wording of wordingsToTry(unit, others, deps)) {
      const claim = round.claimOf(unit, wording);
      const supporters = others.filter((o) => supports(o.claim, claim));
      out.push({ unit, wording, claim, supporters, cost: round.costOf(unit, wording) });
    }
  }
  return out;
}

// Costs at or above this mark a wording that cannot be shown at all (a fragment, a bare quote).
const UNSHOWABLE = 100;

/**
 * A wording that can be shown first; then more outlets; then the cleaner wording; then the one
 * that says more.
 */
function better<U>(x: Candidate<U>, y: Candidate<U>): number {
  return (
    Number(x.cost >= UNSHOWABLE) - Number(y.cost >= UNSHOWABLE) ||
    y.supporters.length - x.supporters.length ||
    x.cost - y.cost ||
    y.wording.text.length - x.wording.text.length
  );
}

/**
 * Splits an aligned group into honestly credited facts. Each fact is shown in the wording
 * (a sentence, or a trim of it) that the most outlets support, and is credited to those outlets
 * only; a sentence that says more, or disagrees on a number or day, is left to form a fact of
 * its own (a difference, or a point with fewer sources). Disagreements are kept on the fact they
 * contradict, so the reader sees both outlets named.
 */
export function attribute<U extends Witness>(
  members: readonly U[],
  deps: AttributeDeps<U>,
): Attributed<U>[] {
  const facts: Attributed<U>[] = [];
  const disagrees = disagreement(deps);
  const round = {
    deps,
    disagrees,
    claimOf: perWording<U, Claim>(claimOfWording),
    costOf: perWording<U, number>((unit, wording) => deps.cost(unit, wording)),
  };
  let rest = [...members];
  while (rest.length > 0) {
    const best = candidatesOf(rest, round).sort(better)[0];
    if (!best) break;
    const taken = [best.unit, ...best.supporters];
    rest = rest.filter((u) => !taken.includes(u));
    const disagreements = rest.flatMap((other) => {
      const what = disagrees(best.unit, other);
      return what === undefined ? [] : [{ unit: other, what }];
    });
    facts.push({ units: taken, wording: best.wording, claim: best.claim, disagreements, also: [] });
  }
  return joinTellings(mirrorDisagreements(facts), round);
}

/**
 * A later fact of the group that tells the same event as an earlier one, from other outlets,
 * with no disagreement and in a wording that can be shown, becomes that fact's other telling:
 * the reader sees the event once, with each outlet's own words under its own name.
 */
function joinTellings<U extends Witness>(facts: Attributed<U>[], round: Round<U>): Attributed<U>[] {
  const kept: Attributed<U>[] = [];
  for (const fact of facts) {
    const showable = round.deps.cost(fact.units[0] as U, fact.wording) < UNSHOWABLE;
    const host = showable && kept.find((k) => tellsSameEvent(k, fact));
    if (host) host.also.push({ units: fact.units, wording: fact.wording });
    else kept.push(fact);
  }
  return kept;
}

/**
 * A fact with a disagreement stays a fact of its own, so the conflict stays shown (one that
 * disagrees with the host has it: disagreements are recorded on both sides).
 */
function tellsSameEvent<U extends Witness>(host: Attributed<U>, fact: Attributed<U>): boolean {
  if (fact.disagreements.length > 0) return false;
  const hostUnits = [...host.units, ...host.also.flatMap((t) => t.units)];
  const outlets = new Set(hostUnits.map((u) => u.outlet));
  if (fact.units.some((u) => outlets.has(u.outlet))) return false;
  return sameEvent(host.units[0] as U, fact.units[0] as U);
}

/** A disagreement concerns both facts: the one whose sentence was contradicted learns of it too. */
function mirrorDisagreements<U>(facts: Attributed<U>[]): Attributed<U>[] {
  for (const fact of facts) {
    for (const { unit, what } of [...fact.disagreements]) {
      const other = facts.find((f) => f.units[0] === unit);
      const shown = fact.units[0] as U;
      if (other && !other.disagreements.some((d) => d.unit === shown)) {
        other.disagreements.push({ unit: shown, what: swapped(what) });
      }
    }
  }
  return facts;
}

/** "8 vs 2 (houses); 2021-03-16 vs 2021-03-17" seen from the other side. */
export function swapped(what: string): string {
  return what
    .split('; ')
    .map((part) => {
      const m = /^(.+?) vs (.+?)( \(.*\))?$/u.exec(part);
      return m ? `${m[2]} vs ${m[1]}${m[3] ?? ''}` : part;
    })
    .join('; ');
}
