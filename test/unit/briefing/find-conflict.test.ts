import { parseISO } from 'date-fns';
import { describe, expect, it } from 'vitest';
import { findConflict } from '../../../lambda/briefing/find-conflict.ts';
import { buildBriefing } from '../../../lambda/briefing/index.ts';
import type { Article, Story } from '../../../lambda/briefing/types.ts';
import { expectTraceable } from './assert-traceable.ts';

const anchor = parseISO('2021-03-18');
const at = (text: string) => ({ text, anchor });

describe('findConflict', () => {
  it.each([
    [
      'The bomb killed eight people outside the mosque, officials said.',
      'The bomb killed two people outside the mosque, the Taliban said.',
      '8 vs 2 (people)',
    ],
    [
      'Lawmakers postponed their vote on a $1.2 trillion roads package until Friday.',
      'Lawmakers postponed their vote on a $1 trillion roads package, aides said.',
      '1.2 trillion vs 1 trillion (roads)',
    ],
  ])('different exact counts of one thing: %s / %s', (a, b, what) => {
    expect(findConflict(at(a), at(b), 0.4)?.what).toBe(what);
  });

  it.each([
    [
      'bounds, not values',
      'It canceled more than 1,000 flights.',
      'It canceled at least 1,800 flights.',
    ],
    ['the same count', 'It canceled 1,800 flights.', 'Southwest canceled 1,800 flights.'],
    ['counts of different things', 'It canceled 1,800 flights.', 'It canceled 1,500 trips.'],
    [
      'shares of different things',
      'Growth was cut to 6% for the US.',
      'Growth was cut to 5.9% globally.',
    ],
    ['years', 'It happened in the 2020 election.', 'It happened in the 2016 election.'],
    ['no count at all', 'Putin hit back at Biden.', 'Moscow responded angrily.'],
  ])('no conflict: %s', (_, a, b) => {
    expect(findConflict(at(a), at(b), 0.4)).toBeUndefined();
  });

  it('sentences that share too little cannot contradict each other', () => {
    const a = 'The bomb killed eight people.';
    const b = 'The bomb killed two people.';
    expect(findConflict(at(a), at(b), 0.19)).toBeUndefined();
  });

  it('different days are a conflict only when the sentences tell one event', () => {
    const a = 'Russia withdrew its ambassador to the United States on Wednesday.';
    const b = 'Russia withdrew its ambassador to the United States on Thursday.';
    expect(findConflict(at(a), at(b), 0.8)?.what).toBe('2021-03-17 vs 2021-03-18');
    expect(findConflict(at(a), at(b), 0.4)).toBeUndefined();
    // Two days in one sentence, or a period, name no single day to compare.
    const two = 'The report, released on Tuesday, was discussed on Thursday.';
    expect(findConflict(at(a), at(two), 0.8)).toBeUndefined();
    expect(findConflict(at(a), at('Russia withdrew it last week.'), 0.8)).toBeUndefined();
    // Without a publication date, relative days are not compared.
    expect(findConflict({ text: a, anchor: undefined }, at(b), 0.8)).toBeUndefined();
  });
});

describe('findConflict: what counts as one count of one thing', () => {
  it.each([
    [
      'a hyphenated count',
      'The 15-page report came out.',
      'The report ran to 20 pages.',
      '15 vs 20 (page)',
    ],
    [
      'numbers written as words',
      'The storm killed eight people.',
      'The storm killed two people.',
      '8 vs 2 (people)',
    ],
    [
      'people and Americans are one counted thing',
      'Benefits ended for 7.5 million people.',
      'Benefits ended for 11.2 million Americans.',
      '7.5 million vs 11.2 million (people)',
    ],
    [
      'an estimate far from the other value',
      'Roughly 11.2 million people lose benefits.',
      'Some 7.5 million people lose benefits.',
      '11.2 million vs 7.5 million (people)',
    ],
  ])('%s', (_, a, b, what) => {
    expect(findConflict(at(a), at(b), 0.4)?.what).toBe(what);
  });

  it.each([
    [
      'a name with a number',
      'Seven COVID-19 vaccine shots were given.',
      'One vaccine shot was given.',
    ],
    ['a date with a slash', 'Two 9/11 hijackers met.', 'Eleven hijackers met.'],
    [
      'a day of the month',
      'The Jan. 6 attack on the Capitol was planned.',
      'The 7 attack on the Capitol was planned.',
    ],
    [
      'a change, not a total',
      'An additional 4,901 murders were committed.',
      'There were 21,570 murders.',
    ],
    [
      'different things counted',
      'The Group of 7 wealthy nations met.',
      'It met 100 developing nations.',
    ],
    ['an estimate near the other value', 'About 200 Afghans arrived.', 'Some 210 Afghans arrived.'],
  ])('no conflict: %s', (_, a, b) => {
    expect(findConflict(at(a), at(b), 0.4)).toBeUndefined();
  });

  it('names every difference, a count and a day', () => {
    expect(
      findConflict(
        at('The 15-page report was released on Tuesday by the intelligence office.'),
        at('The report ran to 20 pages and was released on Wednesday by the intelligence office.'),
        0.3,
      )?.what,
    ).toBe('15 vs 20 (page); 2021-03-16 vs 2021-03-17');
  });
});

describe('findConflict: thresholds', () => {
  it('takes sentences exactly at the least similarity as able to contradict each other', () => {
    const a = 'The bomb killed eight people.';
    const b = 'The bomb killed two people.';
    expect(findConflict(at(a), at(b), 0.2)?.what).toBe('8 vs 2 (people)');
  });

  it('compares days of sentences exactly at the similarity of one event', () => {
    const a = 'Russia withdrew its ambassador on Wednesday.';
    const b = 'Russia withdrew its ambassador on Thursday.';
    expect(findConflict(at(a), at(b), 0.5)?.what).toBe('2021-03-17 vs 2021-03-18');
  });

  it('finds no conflict in the same day', () => {
    const a = 'Russia withdrew its ambassador on Wednesday.';
    expect(findConflict(at(a), at(a), 0.8)).toBeUndefined();
  });

  it('tolerates a gap of exactly a quarter of the larger value for an estimate', () => {
    expect(findConflict(at('Some 300 Afghans arrived.'), at('400 Afghans arrived.'), 0.4)).toBe(
      undefined,
    );
    expect(
      findConflict(at('Some 300 Afghans arrived.'), at('401 Afghans arrived.'), 0.4)?.what,
    ).toBe('300 vs 401 (afghans)');
  });

  it('tolerates a small gap when either side is an estimate', () => {
    expect(findConflict(at('About 200 Afghans arrived.'), at('210 Afghans arrived.'), 0.4)).toBe(
      undefined,
    );
    expect(findConflict(at('210 Afghans arrived.'), at('About 200 Afghans arrived.'), 0.4)).toBe(
      undefined,
    );
  });
});

describe('findConflict: reading counts', () => {
  it.each([
    [
      'one count twice',
      'The 20-page report, all 20 pages of it, came out.',
      'The report ran to 15 pages.',
      '20 vs 15 (page)',
    ],
    [
      'two counts of two things',
      'The flood destroyed 8 houses and 3 bridges.',
      'The flood destroyed 2 houses and 5 bridges.',
      '8 vs 2 (houses); 3 vs 5 (bridges)',
    ],
    [
      'thousands separators',
      'Airlines cancelled 1,800 flights.',
      'Airlines cancelled 1,500 flights.',
      '1.8 thousand vs 1.5 thousand (flights)',
    ],
    [
      'large counts that hold year-like digits',
      'Airlines cancelled 18500 flights.',
      'Airlines cancelled 11900 flights.',
      '18.5 thousand vs 11.9 thousand (flights)',
    ],
    [
      'a counted thing of two words, double-spaced',
      'The wind toppled 8 tall  towers.',
      'The wind toppled 10 towers.',
      '8 vs 10 (tall)',
    ],
    [
      'a counted thing named by a later word of one',
      'The agency hired 8 bridge inspectors.',
      'The agency hired 2 inspectors.',
      '8 vs 2 (bridge)',
    ],
    [
      'a counted thing named by a later word of the other',
      'The agency hired 2 inspectors.',
      'The agency hired 8 bridge inspectors.',
      '2 vs 8 (inspectors)',
    ],
    [
      'residents are people',
      'The fire forced 8 residents out.',
      'The fire forced 2 people out.',
      '8 vs 2 (residents)',
    ],
    [
      'persons are people',
      'The fire forced 8 persons out.',
      'The fire forced 2 people out.',
      '8 vs 2 (persons)',
    ],
    [
      'individuals are people',
      'The fire forced 8 individuals out.',
      'The fire forced 2 people out.',
      '8 vs 2 (individuals)',
    ],
    [
      'a bound word earlier in the sentence',
      'Storms over the coast killed 8 people.',
      'Storms over the coast killed 2 people.',
      '8 vs 2 (people)',
    ],
    [
      'a change word earlier in the sentence',
      'Another storm killed 8 people.',
      'Another storm killed 2 people.',
      '8 vs 2 (people)',
    ],
    [
      'an exact amount in dollars',
      'The council passed a $5 million budget.',
      'The council passed a $4.5 million budget.',
      '5 million vs 4.5 million (budget)',
    ],
    [
      'a bound word not right before the number',
      'The search was over “8 people died,” officials said.',
      'The search was over “2 people died,” officials said.',
      '8 vs 2 (people)',
    ],
    [
      'a month not right before the number',
      'In May “8 people died here,” the mayor said.',
      'In May “2 people died here,” the mayor said.',
      '8 vs 2 (people)',
    ],
    [
      'an estimate word not right before the number',
      'The film is about “8 people lost at sea”.',
      'The film tells of 9 people lost at sea.',
      '8 vs 9 (people)',
    ],
    [
      'an estimate word earlier in the sentence',
      'Rescuers from some towns said 200 people died.',
      'Rescuers said 210 people died.',
      '200 vs 210 (people)',
    ],
  ])('conflict: %s', (_, a, b, what) => {
    expect(findConflict(at(a), at(b), 0.4)?.what).toBe(what);
  });

  it.each([
    [
      'a counted thing that only shares part of a hyphenated word',
      'The army fired 12 short-range drones.',
      'The army fired 8 short films.',
    ],
    [
      'a count followed by function words only',
      'Sales passed 300,000 for the first time.',
      'Sales passed 200,000 for the second year.',
    ],
    ['a number that is no value', 'Section 3.1.2 rules changed.', 'Section 4 rules changed.'],
    [
      'one count against two of the same thing',
      'The talks lasted 3 months.',
      'It took 2 months to plan and 4 months to build.',
    ],
    [
      'years of the last century',
      'It happened in the 1998 election.',
      'It happened in the 1994 election.',
    ],
    [
      'a month written out',
      'The January 6 attack on the Capitol was planned.',
      'The 7 attack on the Capitol was planned.',
    ],
    ...[
      'a more than $5',
      'a more than$5',
      'an additional $5',
      'an additional$5',
      // An estimate near the other value.
      'a roughly $5',
      'a roughly$5',
    ].map((amount) => [
      `a bound, change or estimate with a dollar sign: ${amount}`,
      `The council passed ${amount} million budget.`,
      'The council passed a $4.5 million budget.',
    ]),
  ])('no conflict: %s', (_, a, b) => {
    expect(findConflict(at(a), at(b), 0.4)).toBeUndefined();
  });
});

function article(outlet: string, paragraphs: string[]): Article {
  return {
    story: 'landslide',
    outlet,
    outletSlug: outlet.toLowerCase().replace(/\W+/g, '-'),
    published: '2021-10-04',
    language: 'en',
    paragraphs,
    file: `landslide/${outlet}.md`,
  };
}

describe('conflicts in a briefing', () => {
  const story: Story = {
    slug: 'landslide',
    meta: { status: 'ready' },
    articles: [
      article('Wire One', [
        'A landslide above the mountain village of Rendal buried eight houses early on Sunday, rescuers said.',
        'Heavy rain had soaked the slope for a week before the ground gave way at dawn.',
        'Volunteers from nearby towns joined the search with dogs and hand tools.',
        'The regional governor promised emergency housing for every family left homeless.',
      ]),
      article('Wire Two', [
        'A landslide above the mountain village of Rendal buried two houses on Sunday, the mayor said.',
        'Days of heavy rain had soaked the slope before the ground gave way.',
        'Roads into the valley stayed closed while engineers checked a damaged bridge.',
        'Forecasters expect more rain across the region later in the week.',
      ]),
    ],
  };

  it('lists the other outlet’s number among the differences, with both sentences as evidence', () => {
    // Built inside the test, so that a failure while building is this test's failure.
    const briefing = buildBriefing(story);
    const conflict = briefing.differences.find((d) => d.kind === 'conflict');
    expect(conflict?.text).toMatch(/buried (two|eight) houses/);
    expect(conflict?.evidence).toHaveLength(2);
    expect(conflict?.disagreesWith).toBe(conflict?.source === 'Wire One' ? 'Wire Two' : 'Wire One');
    expect(briefing.differences.filter((d) => d.kind === 'exclusive').length).toBe(
      briefing.differences.length - 1,
    );
    expect(conflict?.evidence.map((r) => r.source).sort()).toEqual(['Wire One', 'Wire Two']);
    expect(briefing.warnings.some((w) => w.includes('disagree') && w.includes('vs'))).toBe(true);
    expectTraceable(briefing, story);
  });
});

describe('findConflict: bounds and estimates in other currencies', () => {
  it.each([
    ['Aid of over €5 million was pledged.', 'Aid of €8 million was pledged.'],
    ['An extra £5 million was pledged.', 'In all £9 million was pledged.'],
    ['About ~200 people came.', 'Some 210 people came.'],
  ])('%s / %s: no conflict', (a, b) => {
    expect(findConflict(at(a), at(b), 0.4)).toBeUndefined();
  });
});
