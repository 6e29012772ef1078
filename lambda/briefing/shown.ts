import type { Fact, Unit } from './build-facts.ts';
import { type Claim, coverage } from './claim.ts';
import { cosine } from './cosine.ts';
import { bareDefiniteHead, introducedBy, referentKnown } from './definite-subject.ts';
import {
  type EventCore,
  eventCore,
  mayTell,
  type PeopleTerms,
  tellsAgain,
  withRoles,
} from './event-core.ts';
import { quoteWords, sameQuotation } from './select-quotes.ts';
import type { SparseVector } from './tfidf.ts';

// A wording this much contained in another (share of its terms) tells the same fact again.
const ECHO_COVER = 0.4;
const SAYS_MUCH_MORE = 3;

/**
 * What the briefing has shown so far, across all its sections: so that each fact is told once,
 * in the first section that takes it, and a later section shows nothing rather than a copy.
 */
export class Shown {
  private readonly facts = new Set<Fact>();
  private readonly groups = new Set<number>();
  private readonly texts = new Set<string>();
  private readonly vectors: SparseVector[] = [];
  private readonly claims: Claim[] = [];
  private readonly textWords = new Map<string, string[]>();
  /** Every word the reader has met (namedIn), once `met` is read into it. */
  private readonly named = new Set<string>();
  /** What the reader has read, the headline first; read into `named` only when asked. */
  private readonly met: string[];
  /** Who did what to whom in each shown text (event-core.ts), read when a repeat is asked. */
  private readonly cores: EventCore[] = [];
  private coresRead = 0;
  private readonly shownTexts: string[] = [];

  /**
   * `headline`: the text the reader has read before the first section. `people`: who the story
   * names and their roles, so "Antonov had been called back" repeats "Russia recalled its
   * ambassador" and "Deputy Commissioner David Black was asked to resign" does not repeat "Biden
   * asked commissioner Andrew Saul to resign".
   */
  constructor(
    headline = '',
    private readonly people: PeopleTerms = { names: new Set(), roles: new Map() },
  ) {
    this.met = [headline];
  }

  /** Records a shown fact; `claim` is what the shown wording asserts when it is not the fact's. */
  use(fact: Fact, text: string, claim: Claim = fact.claim): void {
    this.facts.add(fact);
    this.groups.add(fact.group);
    this.claims.push(claim);
    this.texts.add(text);
    this.vectors.push(fact.vector);
    this.meet(text);
  }

  /** Records another outlet's sentence shown as a telling of an item's event. */
  useTelling(unit: Unit, text: string): void {
    this.texts.add(unit.text);
    this.texts.add(text);
    this.claims.push(unit.claim);
    this.meet(text);
  }

  /** A sentence shown without a fact of its own (another outlet's version of a conflict). */
  useText(text: string): void {
    this.texts.add(text);
    this.meet(text);
  }

  private meet(text: string): void {
    this.met.push(text);
    this.shownTexts.push(text);
  }

  private coreOf(text: string): EventCore | undefined {
    const core = eventCore(text);
    return core && withRoles(core, this.people);
  }

  /** Whether a shown text tells the event `unit` tells again (who did what to whom). */
  private tellsShownEvent(unit: Unit): boolean {
    for (; this.coresRead < this.shownTexts.length; this.coresRead++) {
      const shown = this.coreOf(this.shownTexts[this.coresRead] as string);
      if (shown) this.cores.push(shown);
    }
    // Only a text whose words (or their roles) have a shown event's act and what it acts on can
    // tell it again: the others are not read for their cores.
    const terms = [...unit.claim.terms].flatMap((t) => [t, ...(this.people.roles.get(t) ?? [])]);
    const words = new Set(terms);
    if (!this.cores.some((c) => mayTell(c, words))) return false;
    const core = this.coreOf(unit.text);
    return core !== undefined && this.cores.some((c) => tellsAgain(c, core, this.people));
  }

  /**
   * Whether a text can follow what was shown: an opening like "The move…" needs its noun named
   * before (in the headline or an item above), or the reader cannot tell which move.
   */
  knowsReferent(text: string): boolean {
    if (bareDefiniteHead(text) === undefined) return true;
    for (const read of this.met.splice(0))
      for (const word of introducedBy(read)) this.named.add(word);
    return referentKnown(text, this.named);
  }

  /** The fact, another part of its alignment group, or one of its sentences was shown. */
  has(fact: Fact): boolean {
    return (
      this.facts.has(fact) ||
      this.groups.has(fact.group) ||
      fact.units.some((u) => this.texts.has(u.text)) ||
      fact.also.some((t) => t.units.some((u) => this.texts.has(u.text)))
    );
  }

  hasText(text: string): boolean {
    return this.texts.has(text);
  }

  /** The vectors shown so far, to compare against later without what is added meanwhile. */
  snapshot(): readonly SparseVector[] {
    return [...this.vectors];
  }

  /**
   * Whether the fact was shown, is this similar to something shown, or one of the two wordings
   * says little the other does not (most of its terms are in the other): it says it again.
   */
  repeats(fact: Fact, threshold: number, against: readonly SparseVector[] = this.vectors): boolean {
    return this.saysAgain(fact, threshold, against) || this.tellsShownEvent(fact.units[0] as Unit);
  }

  /**
   * Whether the fact itself was shown, or its wording is this similar to something shown or
   * echoes it: unlike an event told again, no other wording of the fact can say it anew.
   */
  saysAgain(fact: Fact, threshold: number, against: readonly SparseVector[] = this.vectors) {
    if (this.has(fact) || against.some((v) => cosine(v, fact.vector) > threshold)) return true;
    return this.claims.some(
      (c) =>
        coverage(c, fact.claim) >= ECHO_COVER ||
        (coverage(fact.claim, c) >= ECHO_COVER &&
          fact.claim.terms.size < SAYS_MUCH_MORE * c.terms.size),
    );
  }

  /** A shown text's words (quoteWords), read once: every quotation is checked against them. */
  private wordsOf(text: string): string[] {
    let words = this.textWords.get(text);
    if (!words) {
      words = quoteWords(text);
      this.textWords.set(text, words);
    }
    return words;
  }

  /**
   * Whether a quotation is already told: it is inside a shown text, or a quotation a shown text
   * carries is inside it ("it takes one to know one" in a point, the longer quote around it).
   */
  tellsQuote(quote: string): boolean {
    const words = quoteWords(quote);
    const within = (inner: readonly string[], outer: readonly string[]) =>
      inner.length <= outer.length && sameQuotation(inner, outer);
    for (const text of this.texts)
      if (text === quote || within(words, this.wordsOf(text))) return true;
    return this.claims.some((c) => c.quotes.some((q) => within(q, words)));
  }
}
