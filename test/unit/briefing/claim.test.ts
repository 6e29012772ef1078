import { parseISO } from 'date-fns';
import { describe, expect, it } from 'vitest';
import {
  type Claim,
  claimOf,
  coverage,
  defaultSupportOptions,
  supports,
} from '../../../lambda/briefing/claim.ts';
import { termsOnly } from './terms-only-claim.ts';

const published = parseISO('2021-03-18');

function claim(text: string, people: string[] = [], speakers?: string[]): Claim {
  return claimOf(text, speakers ? { people, speakers, published } : { people, published });
}

const sorted = (set: ReadonlySet<string>) => [...set].sort();

// Isolates one hard element: no share of content terms is asked for.
const anyCover = { cover: 0 };

describe('claimOf', () => {
  it('keeps stemmed content terms, stopwords out', () => {
    expect(sorted(claim('The council approved the road budget.').terms)).toEqual(
      ['approv', 'budget', 'council', 'road'].sort(),
    );
  });

  it('reads numbers as values, thousands separators dropped and decimals kept', () => {
    expect(sorted(claim('The mill shipped 40,000 tonnes of 3.5 grade steel.').values)).toEqual([
      '3.5',
      '40000',
    ]);
  });

  it('reads no number that is part of a name or a compound', () => {
    expect(claim('The Covid-19 lockdowns hit 120 firms.').values).toEqual(new Set(['120']));
    expect(claim('AR-15 and F-35 makers met.').values.size).toBe(0);
    expect(claim('A four-star general and a one-time aide spoke.').values.size).toBe(0);
    // A number after a hyphen that follows a number is a score or a range, still values.
    expect(sorted(claim('The Senate voted 50-49 on a 3-2 ruling.').values)).toEqual([
      '2',
      '3',
      '49',
      '50',
    ]);
    expect(claim('Four stars were shown.').values).toEqual(new Set(['4']));
  });

  it('reads number words as digits, whatever their case', () => {
    expect(sorted(claim('Eight workers and twelve engineers stayed.').values)).toEqual(['12', '8']);
    expect(claim('A dozen boats sank.').values).toEqual(new Set(['12']));
  });

  it('adds the year a relative phrase points at, given a publication day', () => {
    expect(sorted(claim('The plant closed ten years ago.').values)).toEqual(['10', '2011']);
    expect(sorted(claim('The plant reopened last year.').values)).toEqual(['2020']);
    const undated = claimOf('The plant reopened last year.', { people: [], published: undefined });
    expect(undated.values.size).toBe(0);
  });

  it('reads days, months and parts of the day as values, in lower case', () => {
    expect(sorted(claim('The ferry sank on Monday morning in March.').values)).toEqual([
      'march',
      'monday',
      'morning',
    ]);
    expect(claim('The ferry sank, officials said.').values.size).toBe(0);
  });

  it('takes people and speakers from the context, speakers none when not given', () => {
    const c = claim('Mr Lund said the harbour was closed.', ['Anna Lund'], ['Anna Lund']);
    expect(c.people).toEqual(new Set(['Anna Lund']));
    expect(c.speakers).toEqual(new Set(['Anna Lund']));
    expect(claim('The harbour was closed.', ['Anna Lund']).speakers.size).toBe(0);
  });

  it('names the capitalized words inside the sentence, not its first word', () => {
    const c = claim(
      "Inspectors from the Kabul office, Taliban fighters: Barcelona) and Facebook's.",
    );
    expect(sorted(c.names)).toEqual(['barcelona', 'facebook', 'kabul', 'taliban']);
    expect(claim('Flooding closed the port.').names.size).toBe(0);
  });

  it('names a capitalized word after a number or any closing punctuation', () => {
    const c = claim(
      'Crews in 2020 Oslo; Bergen) Tromso: Narvik, Alta and the lawyers’ Kiruna port.',
    );
    expect(sorted(c.names)).toEqual(['alta', 'bergen', 'kiruna', 'narvik', 'oslo', 'tromso']);
    // A lone inch mark is no quotation.
    expect(claim('A 12” Bodo pipe burst.').names).toEqual(new Set(['bodo']));
    expect(claim('A 9" Hamar pipe burst.').names).toEqual(new Set(['hamar']));
  });

  it('keeps the names as written words, lower case, possessive dropped', () => {
    expect(claim('Fans in Wales cheered the Barcelona’s goal.').names).toEqual(
      new Set(['wales', 'barcelona']),
    );
  });

  it('leaves titles and role words out of the names', () => {
    expect(claim('The bill was signed by President Lund.').names).toEqual(new Set(['lund']));
    expect(claim('The bill was signed by Gen. Lund.').names.has('gen')).toBe(false);
    expect(claim('The forecast came from Analyst Lund.').names).toEqual(new Set(['lund']));
    expect(claim('The bill was signed by Interim Mayor Lund.').names).toEqual(new Set(['lund']));
    const shown = claim('The bill was signed by President Lund.');
    expect(supports(claim('Lund signed the bill.'), shown, anyCover)).toBe(true);
  });

  it('leaves proper nouns inside quotations out of the names', () => {
    expect(claim('The mayor called it “a sad day for us” Monday.').names).toEqual(
      new Set(['monday']),
    );
    const c = claim('A spokesman said "Washington must listen now" in Paris.');
    expect(sorted(c.names)).toEqual(['paris']);
    expect(c.terms.has('washington')).toBe(true);
  });

  it('keeps quotations of three words or more, as lower-case words', () => {
    expect(claim('She said "go home" and left.').quotes).toEqual([]);
    expect(claim('She said “Go home now” and left.').quotes).toEqual([['go', 'home', 'now']]);
  });

  it('keeps the set of its words, possessive dropped, for names to be looked up in', () => {
    expect(claim('Oslo’s harbour closed.').wordSet).toEqual(new Set(['oslo', 'harbour', 'closed']));
  });

  it('adds no value for a word that matches a number word only by case folding', () => {
    // "ſix" (long s) matches "six" case-insensitively, but is no number word of the table.
    expect(claim('The ſix boats sank.').values.size).toBe(0);
  });

  it('drops only a closing period of a role word, and leaves other words whole', () => {
    expect(claim('The rating was cut by a Senior Analyst.').names.size).toBe(0);
    // A period inside a word is no abbreviation of a title or role ("Spokesman", "spokesman").
    expect(sorted(claim('Reporters met a Spokes.man in Oslo.').names)).toEqual([
      'man',
      'oslo',
      'spokes',
    ]);
  });

  it('drops a possessive only at the end of a word', () => {
    const c = claim('Fans of O’Sullivan cheered.');
    expect(c.names).toEqual(new Set(["o'sullivan"]));
    expect(c.wordSet.has("o'sullivan")).toBe(true);
  });

  it('keeps the words on either side of a quotation apart', () => {
    expect(claim('Crowds at the"go home now"Tromso rally cheered.').names).toEqual(
      new Set(['tromso']),
    );
    expect([
      ...claim('Crowds chanted "peace now please" as the general said goodbye.').attribution,
    ]).toEqual(['general']);
  });

  it('keeps all the words, lower case, for quotations to be found in', () => {
    expect(claim('The Mayor’s office, it said, was closed.').words).toEqual([
      'the',
      "mayor's",
      'office',
      'it',
      'said',
      'was',
      'closed',
    ]);
  });
});

describe('coverage', () => {
  it('is the share of the shown terms the witness has', () => {
    expect(coverage(termsOnly('a', 'b', 'c', 'x'), termsOnly('a', 'b', 'c', 'd'))).toBe(0.75);
    expect(coverage(termsOnly('a'), termsOnly('a', 'b', 'c'))).toBeCloseTo(1 / 3);
    expect(coverage(termsOnly('z'), termsOnly('a', 'b'))).toBe(0);
    expect(coverage(termsOnly('a', 'b', 'c', 'd'), termsOnly('a'))).toBe(1);
  });

  it('is whole for a wording without content terms', () => {
    expect(coverage(termsOnly('a'), termsOnly())).toBe(1);
    expect(coverage(termsOnly(), claim('It was.'))).toBe(1);
  });
});

describe('supports', () => {
  it('asks for the default share of the shown terms, exactly that share being enough', () => {
    const { cover } = defaultSupportOptions;
    expect(cover).toBeGreaterThan(0.5);
    expect(cover).toBeLessThan(1);
    const terms = Array.from({ length: 100 }, (_, i) => `t${i}`);
    const needed = Math.round(cover * 100);
    const shown = termsOnly(...terms);
    expect(supports(termsOnly(...terms.slice(0, needed)), shown)).toBe(true);
    expect(supports(termsOnly(...terms.slice(0, needed - 1)), shown)).toBe(false);
  });

  it('needs three quarters of the terms at a cover of 0.75, not just below', () => {
    const at = { cover: 0.75 };
    const shown = termsOnly('a', 'b', 'c', 'd');
    expect(supports(termsOnly('a', 'b', 'c'), shown, at)).toBe(true);
    expect(supports(termsOnly('a', 'b'), shown, at)).toBe(false);
    const seven = termsOnly('a', 'b', 'c', 'd', 'e', 'f', 'g');
    expect(supports(termsOnly('a', 'b', 'c', 'd', 'e'), seven, at)).toBe(false);
    expect(supports(termsOnly('a', 'b', 'c', 'd', 'e', 'f'), seven, at)).toBe(true);
  });

  it('takes the share of terms from the options', () => {
    const shown = termsOnly('a', 'b', 'c', 'd');
    expect(supports(termsOnly('a', 'b'), shown, { cover: 0.5 })).toBe(true);
    expect(supports(termsOnly('a', 'b', 'c'), shown, { cover: 0.8 })).toBe(false);
    expect(supports(termsOnly(), termsOnly(), { cover: 1 })).toBe(true);
  });

  it('reports a shorter wording of the same sentence, not a longer one', () => {
    const short = claim('The council approved the road budget on Monday.');
    const long = claim(
      'The council approved the road budget on Monday, and the mayor said "the potholes come first".',
    );
    expect(supports(long, short)).toBe(true);
    expect(supports(short, long)).toBe(false);
  });

  it('needs every number the shown wording gives', () => {
    const shown = claim('Rescuers found 40,000 tonnes of grain.');
    expect(supports(claim('Rescuers found grain, 40,000 tonnes of it.'), shown)).toBe(true);
    expect(supports(claim('Rescuers found 30,000 tonnes of grain.'), shown, anyCover)).toBe(false);
    expect(supports(claim('Rescuers found tonnes of grain.'), shown, anyCover)).toBe(false);
  });

  it('matches a number word with the same number in digits', () => {
    const shown = claim('The storm killed eight people.');
    expect(supports(claim('The storm killed 8 people.'), shown, anyCover)).toBe(true);
    expect(supports(claim('The storm killed nine people.'), shown, anyCover)).toBe(false);
  });

  it('matches a relative year with the year it points at', () => {
    const shown = claim('The plant reopened last year.');
    expect(supports(claim('The plant reopened in 2020.'), shown, anyCover)).toBe(true);
    expect(supports(claim('The plant reopened in 2019.'), shown, anyCover)).toBe(false);
  });

  it('needs the day the shown wording names', () => {
    const shown = claim('The ferry sank on Monday.');
    expect(supports(claim('On Monday the ferry sank.'), shown)).toBe(true);
    expect(supports(claim('The ferry sank.'), shown, anyCover)).toBe(false);
    expect(supports(claim('The ferry sank on Tuesday.'), shown, anyCover)).toBe(false);
  });

  it('needs every person the shown wording names', () => {
    const shown = claim('Lund closed the harbour.', ['Anna Lund']);
    expect(supports(claim('The harbour was closed by Lund.', ['Anna Lund']), shown)).toBe(true);
    expect(supports(claim('Lund closed the harbour.', []), shown, anyCover)).toBe(false);
    expect(supports(claim('Lund closed the harbour.', ['Per Lund']), shown, anyCover)).toBe(false);
  });

  it('needs the same speaker: a claim is also who makes it', () => {
    const shown = claim('The harbour is closed, Lund said.', ['Anna Lund'], ['Anna Lund']);
    const named = claim('The harbour is closed, Lund was told.', ['Anna Lund'], []);
    expect(supports(named, shown, anyCover)).toBe(false);
    const spoken = claim('Lund said the harbour is closed.', ['Anna Lund'], ['Anna Lund']);
    expect(supports(spoken, shown)).toBe(true);
    // The witness may name more speakers than the shown wording.
    const plain = claim('The harbour is closed.', ['Anna Lund']);
    expect(supports(spoken, plain, anyCover)).toBe(true);
  });

  it('needs the proper nouns of the shown wording among the witness terms', () => {
    const shown = claim('Police in Oslo closed the harbour.');
    expect(supports(claim('Police closed the harbour.'), shown, anyCover)).toBe(false);
    // As a first word "Oslo" is no name of the witness, but it is one of its terms.
    expect(supports(claim('Oslo police closed the harbour.'), shown)).toBe(true);
  });

  it('looks a name up as a word of the witness, not as a stemmed term', () => {
    const shown = claim('Fans in Wales cheered.');
    expect(supports(claim('Wales fans cheered.'), shown)).toBe(true);
    expect(supports(claim('Fans in Wales’s capital cheered.'), shown, anyCover)).toBe(true);
    // "Wale" and "Wales" are one term, but not the same name.
    expect(claim('Fans in Wale cheered.').terms).toEqual(shown.terms);
    expect(supports(claim('Fans in Wale cheered.'), shown, anyCover)).toBe(false);
  });

  it('ignores a proper noun inside a quotation of the shown wording', () => {
    const shown = claim('The minister said "Oslo waits" again.');
    expect(shown.names.size).toBe(0);
    expect(supports(claim('The minister said nothing again.'), shown, anyCover)).toBe(true);
    const told = claim('The minister said Oslo waits again.');
    expect(told.names).toEqual(new Set(['oslo']));
    expect(supports(claim('The minister said nothing again.'), told, anyCover)).toBe(false);
  });

  it('needs each quotation of three words or more, said or told', () => {
    const shown = claim('The mayor said "the roads come first".');
    expect(supports(claim('The mayor said bridges come first.'), shown, anyCover)).toBe(false);
    expect(supports(claim('The mayor said the roads come first.'), shown)).toBe(true);
    expect(supports(claim('The mayor said "the roads come first" today.'), shown)).toBe(true);
    expect(supports(claim('The mayor said the rails come first.'), shown, anyCover)).toBe(false);
  });

  it('needs every quotation, not one of them', () => {
    const shown = claim('The mayor said "the roads come first" and "the bridges wait longer".');
    expect(shown.quotes).toHaveLength(2);
    const one = claim('The mayor said the roads come first.');
    expect(supports(one, shown, anyCover)).toBe(false);
    const both = claim('The mayor said the roads come first and the bridges wait longer.');
    expect(supports(both, shown)).toBe(true);
  });

  it('finds a quotation that is all of the witness words', () => {
    const shown = claim('Officials said "roads come first".');
    expect(supports(claim('Roads come first, officials said.'), shown, anyCover)).toBe(true);
  });

  it('finds a quotation that is exactly the witness words', () => {
    const shown = claim('It read "roads come first".');
    expect(supports(claim('Roads come first.'), shown, anyCover)).toBe(true);
  });

  it('does not take a witness that is part of the quotation for the quotation', () => {
    const shown = claim('Officials said "the roads and bridges come first".');
    expect(supports(claim('Roads and bridges.'), shown, anyCover)).toBe(false);
  });

  it('asks nothing of a quotation of two words', () => {
    const shown = claim('The mayor said "roads first".');
    expect(shown.quotes).toEqual([]);
    expect(supports(claim('The mayor said first roads.'), shown)).toBe(true);
  });
});

describe('who a claim is attributed to', () => {
  it('reads the words before a speech verb, and after one that ends the sentence', () => {
    expect([...claim('Moscow will answer, the foreign ministry said.').attribution].sort()).toEqual(
      ['foreign', 'ministry'],
    );
    expect([...claim('Sanctions are coming, said the port authority.').attribution]).toContain(
      'port',
    );
    // A title is not who spoke: "President Biden said" is Biden.
    expect([...claim('President Biden said the talks would go on.').attribution]).toEqual([
      'biden',
    ]);
    expect([...claim('"We will answer," he said.').attribution]).toEqual([]);
  });

  it('an outlet whose sentence names another speaker does not support the claim', () => {
    const ministry = claim(
      'Moscow will answer the sanctions on its banks, oil firms, ports, airlines, shipping lines and steel mills, the foreign ministry said.',
    );
    const department = claim(
      'Moscow will answer the sanctions on its banks, oil firms, ports, airlines, shipping lines and steel mills, the State Department said.',
    );
    expect(supports(department, ministry)).toBe(false);
    expect(supports(ministry, ministry)).toBe(true);
  });

  it('counts a number word and the same number in digits as one term', () => {
    expect(
      supports(claim('The storm killed 8 people.'), claim('The storm killed eight people.')),
    ).toBe(true);
  });
});
