import { describe, expect, it } from 'vitest';
import type { Fact, Unit } from '../../../lambda/briefing/build-facts.ts';
import { type Claim, claimOf } from '../../../lambda/briefing/claim.ts';
import { peopleTermsOf } from '../../../lambda/briefing/event-core.ts';
import { Shown } from '../../../lambda/briefing/shown.ts';
import type { SparseVector } from '../../../lambda/briefing/tfidf.ts';
import { tokenize } from '../../../lambda/briefing/tokenize.ts';
import { termsOnly } from './terms-only-claim.ts';

function unit(text: string): Unit {
  return {
    article: 0,
    outlet: 'Daily',
    ref: { source: 'Daily', paragraph: 1, sentence: 1 },
    text,
    tokens: tokenize(text),
    words: text.split(' ').length,
    rank: 0,
    penalty: 0,
    articlePenalty: 0,
    vector: new Map(),
    bareQuote: false,
    question: false,
    truncated: false,
    claim: claimOf(text, { people: [], published: undefined }),
    named: [],
    published: undefined,
  };
}

interface FactOptions {
  group: number;
  texts?: string[];
  vector?: SparseVector;
  claim?: Claim;
}

let counter = 0;

/** A fact whose vector and claim share nothing with any other unless given. */
function fact(options: FactOptions): Fact {
  counter++;
  const texts = options.texts ?? [`Sentence number ${counter} of the story.`];
  const units = texts.map(unit);
  return {
    units,
    wording: { text: texts[0] ?? '' },
    claim: options.claim ?? termsOnly(`own${counter}`),
    sources: ['Daily'],
    disagreements: [],
    also: [],
    reporters: ['Daily'],
    group: options.group,
    vector: options.vector ?? new Map([[`own${counter}`, 1]]),
    score: 0,
  };
}

/** A unit vector at angle whose cosine with [1, 0] is `c`. */
const at = (c: number): SparseVector =>
  new Map([
    ['x', c],
    ['y', Math.sqrt(1 - c * c)],
  ]);

describe('Shown', () => {
  it('has nothing at first', () => {
    const shown = new Shown();
    const f = fact({ group: 1 });
    expect(shown.has(f)).toBe(false);
    expect(shown.repeats(f, 0.5)).toBe(false);
    expect(shown.hasText(f.wording.text)).toBe(false);
    expect(shown.snapshot()).toEqual([]);
    expect(shown.tellsQuote('we will rebuild the bridge')).toBe(false);
  });

  it('has a fact once it is used', () => {
    const shown = new Shown();
    const f = fact({ group: 1 });
    shown.use(f, 'A wording of it.');
    expect(shown.has(f)).toBe(true);
    expect(shown.repeats(f, 1)).toBe(true);
    expect(shown.hasText('A wording of it.')).toBe(true);
  });

  it('has another fact of the same alignment group, not of another group', () => {
    const shown = new Shown();
    shown.use(fact({ group: 1 }), 'A wording of it.');
    expect(shown.has(fact({ group: 1 }))).toBe(true);
    expect(shown.has(fact({ group: 2 }))).toBe(false);
  });

  it('has a fact any of whose sentences was shown', () => {
    const shown = new Shown();
    shown.use(fact({ group: 1 }), 'The harbour closed at noon.');
    expect(
      shown.has(fact({ group: 2, texts: ['The ferry sank.', 'The harbour closed at noon.'] })),
    ).toBe(true);
    expect(shown.has(fact({ group: 3, texts: ['The ferry sank.', 'The harbour closed.'] }))).toBe(
      false,
    );
  });

  it('has a fact whose sentence was shown without a fact of its own', () => {
    const shown = new Shown();
    shown.useText('The harbour closed at noon.');
    expect(shown.hasText('The harbour closed at noon.')).toBe(true);
    expect(shown.has(fact({ group: 2, texts: ['The harbour closed at noon.'] }))).toBe(true);
    // Only the text was shown: another fact of no shown group is new.
    expect(shown.has(fact({ group: 0 }))).toBe(false);
    expect(shown.snapshot()).toEqual([]);
  });

  it('snapshots the vectors shown so far, unchanged by later uses', () => {
    const shown = new Shown();
    const first = fact({ group: 1, vector: at(1) });
    shown.use(first, 'One.');
    const before = shown.snapshot();
    shown.use(fact({ group: 2, vector: at(0) }), 'Two.');
    expect(before).toEqual([first.vector]);
    expect(shown.snapshot()).toHaveLength(2);
  });

  it('repeats a fact more similar than the threshold to a shown one, not one just at it', () => {
    const shown = new Shown();
    shown.use(fact({ group: 1, vector: at(1) }), 'One.');
    expect(shown.repeats(fact({ group: 2, vector: at(0.5) }), 0.5)).toBe(false);
    expect(shown.repeats(fact({ group: 2, vector: at(0.6) }), 0.5)).toBe(true);
    expect(shown.repeats(fact({ group: 2, vector: at(0.6) }), 0.7)).toBe(false);
  });

  it('compares similarity only against the vectors it is given', () => {
    const shown = new Shown();
    shown.use(fact({ group: 1, vector: at(1) }), 'One.');
    const close = fact({ group: 2, vector: at(0.9) });
    expect(shown.repeats(close, 0.5, [])).toBe(false);
    expect(shown.repeats(close, 0.5, [at(1)])).toBe(true);
    const unseen = fact({ group: 3, vector: new Map([['z', 1]]) });
    expect(shown.repeats(unseen, 0.5, [new Map([['z', 1]])])).toBe(true);
    // Being shown still counts whatever the vectors.
    expect(shown.repeats(fact({ group: 1 }), 0.5, [])).toBe(true);
  });

  it('repeats a fact half of whose terms a shown claim has', () => {
    const shown = new Shown();
    shown.use(fact({ group: 1, claim: termsOnly('a', 'x', 'y', 'z') }), 'One.');
    expect(shown.repeats(fact({ group: 2, claim: termsOnly('a', 'b') }), 0.9)).toBe(true);
    expect(shown.repeats(fact({ group: 3, claim: termsOnly('a', 'b', 'c') }), 0.9)).toBe(false);
  });

  it('repeats a fact that has half of a shown claim’s terms', () => {
    const shown = new Shown();
    shown.use(fact({ group: 1, claim: termsOnly('a', 'b') }), 'One.');
    expect(shown.repeats(fact({ group: 2, claim: termsOnly('a', 'x', 'y', 'z') }), 0.9)).toBe(true);
    const shown3 = new Shown();
    shown3.use(fact({ group: 1, claim: termsOnly('a', 'b', 'c') }), 'One.');
    expect(shown3.repeats(fact({ group: 2, claim: termsOnly('a', 'x', 'y', 'z') }), 0.9)).toBe(
      false,
    );
  });

  it('counts exactly 40 % of either side’s terms in the other as a repeat', () => {
    const shown = new Shown();
    shown.use(fact({ group: 1, claim: termsOnly('a', 'b', 'c', 'd', 'e') }), 'One.');
    expect(shown.repeats(fact({ group: 2, claim: termsOnly('a', 'b', 'x', 'y', 'z') }), 0.9)).toBe(
      true,
    );
    expect(shown.repeats(fact({ group: 3, claim: termsOnly('a', 'x', 'y', 'z', 'w') }), 0.9)).toBe(
      false,
    );
  });

  it('does not count a fact three times as long as a vague shown claim as its repeat', () => {
    // "No one really knows what Eric Adams's city would be like" shown; Reuters' "Eric Adams …
    // declared victory in the Democratic nomination for mayor of New York City…" still says news.
    const shown = new Shown();
    shown.use(fact({ group: 1, claim: termsOnly('a', 'b') }), 'One.');
    const long = (n: number) => termsOnly('a', 'b', ...'cdefghij'.slice(0, n - 2).split(''));
    expect(shown.repeats(fact({ group: 2, claim: long(6) }), 0.9)).toBe(false);
    expect(shown.repeats(fact({ group: 3, claim: long(5) }), 0.9)).toBe(true);
  });

  describe('repeats a fact that tells a shown event again: who did what to whom', () => {
    // The seed: the summary shows BBC's recall; a later point names the ambassador instead.
    const recall = 'Russia has called home its ambassador for talks.';
    const antonov =
      'The Russian government said Anatoly Antonov had been called back from Washington to Moscow.';
    const people = peopleTermsOf([{ name: 'Anatoly Antonov', role: 'Ambassador' }]);
    const told = (s: Shown, text: string) => s.repeats(fact({ group: 9, texts: [text] }), 0.9);

    it('knows a named person by the head of their role, and a report of the act as the act', () => {
      const shown = new Shown('', people);
      shown.use(fact({ group: 1 }), recall);
      expect(told(shown, antonov)).toBe(true);
      // Without the people list Antonov is not the ambassador.
      const unknown = new Shown();
      unknown.use(fact({ group: 1 }), recall);
      expect(told(unknown, antonov)).toBe(false);
    });

    it('reads every text shown, in every way it is shown, whenever asked', () => {
      const shown = new Shown('', people);
      shown.useText('Heavy rain closed the coast road.');
      expect(told(shown, antonov)).toBe(false);
      shown.useTelling(unit(recall), recall);
      expect(told(shown, antonov)).toBe(true);
      const text = new Shown('', people);
      text.useText(recall);
      expect(told(text, antonov)).toBe(true);
    });

    it('does not take two people who share a title for one', () => {
      const shown = new Shown(
        '',
        peopleTermsOf([
          { name: 'Andrew Saul', role: 'Social Security Commissioner' },
          { name: 'David Black', role: 'Deputy Commissioner' },
        ]),
      );
      shown.use(fact({ group: 1 }), 'Biden asked commissioner Andrew Saul to resign on Friday.');
      expect(told(shown, 'Deputy Commissioner David Black was also asked to resign.')).toBe(false);
      expect(told(shown, 'Commissioner Andrew Saul was asked to resign by Biden.')).toBe(true);
    });

    it('is not a repeat when the act is another, or the one acted on', () => {
      const shown = new Shown('', people);
      shown.use(fact({ group: 1 }), recall);
      expect(told(shown, 'Russia has expelled the ambassador of Poland.')).toBe(false);
      expect(told(shown, 'Russia has called home its trade delegation.')).toBe(false);
      expect(told(shown, 'He had been called back.')).toBe(false);
    });
  });

  it('compares with the claim of the shown wording when it is given', () => {
    const shown = new Shown();
    const whole = termsOnly('a', 'b', 'c', 'd', 'e');
    shown.use(fact({ group: 1, claim: whole }), 'A trim.', termsOnly('x'));
    expect(shown.repeats(fact({ group: 2, claim: termsOnly('a', 'b') }), 0.9)).toBe(false);
    expect(shown.repeats(fact({ group: 3, claim: termsOnly('x', 'y') }), 0.9)).toBe(true);
  });

  it('tells a quotation shown as the very text, even a short one', () => {
    const shown = new Shown();
    shown.useText('Go home.');
    expect(shown.tellsQuote('Go home.')).toBe(true);
    expect(shown.tellsQuote('go home')).toBe(false);
  });

  it('tells a quotation whose words a shown text has in order', () => {
    const shown = new Shown();
    shown.use(fact({ group: 1 }), 'The mayor said we will rebuild the old bridge by spring.');
    expect(shown.tellsQuote('“We will rebuild the bridge”')).toBe(true);
    expect(shown.tellsQuote('We will repaint the bridge')).toBe(false);
  });

  it('does not tell a quotation longer than every shown text', () => {
    const shown = new Shown();
    shown.useText('We will rebuild.');
    expect(shown.tellsQuote('We will rebuild the bridge by spring')).toBe(false);
    expect(shown.tellsQuote('We will rebuild')).toBe(true);
  });

  it('tells a quotation that holds a quotation a shown wording carries', () => {
    const shown = new Shown();
    const carried: Claim = {
      ...termsOnly('own'),
      quotes: [['it', 'takes', 'one', 'to', 'know', 'one']],
    };
    shown.use(fact({ group: 1, claim: carried }), 'A point.');
    expect(shown.tellsQuote('Well, it takes one to know one, as they say')).toBe(true);
    expect(shown.tellsQuote('It takes one')).toBe(false);
    expect(shown.tellsQuote('It takes two to tango')).toBe(false);
  });

  it('looks at every shown text for the quotation', () => {
    const shown = new Shown();
    shown.useText('The ferry sank on Monday.');
    shown.useText('We will rebuild the bridge.');
    expect(shown.tellsQuote('we will rebuild the bridge')).toBe(true);
  });
});

describe('Shown: nouns the reader has met', () => {
  const move = 'The move comes as ferry operators add late sailings.';

  it('knows no bare "The move…" referent at first', () => {
    expect(new Shown().knowsReferent(move)).toBe(false);
    expect(new Shown().knowsReferent('Ferry operators added late sailings.')).toBe(true);
  });

  it('knows the headline’s nouns', () => {
    expect(new Shown('Council approves a move on ferries').knowsReferent(move)).toBe(true);
  });

  it.each([
    ['a fact', (s: Shown) => s.use(fact({ group: 1 }), 'The council approved a surprise move.')],
    [
      'a telling',
      (s: Shown) => s.useTelling(unit('Ann Lee made the move.'), 'Ann Lee made the move.'),
    ],
    ['a text', (s: Shown) => s.useText('Officials confirmed the move on Friday.')],
  ])('meets the nouns of %s shown', (_, show) => {
    const shown = new Shown();
    show(shown);
    expect(shown.knowsReferent(move)).toBe(true);
  });
});

describe('Shown: a bare opening shown does not introduce its own noun', () => {
  it('still does not know "the justices" after "The justices…" alone', () => {
    const shown = new Shown();
    shown.useText('The justices turned away a challenge on Monday.');
    expect(shown.knowsReferent('The justices said the challengers lacked standing.')).toBe(false);
    shown.useText('Supreme Court justices heard the case in May.');
    expect(shown.knowsReferent('The justices said the challengers lacked standing.')).toBe(true);
  });
});
