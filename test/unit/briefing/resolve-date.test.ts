import { parseISO } from 'date-fns';
import { describe, expect, it } from 'vitest';
import { relativeYears, resolveDate, resolveDates } from '../../../lambda/briefing/resolve-date.ts';

// The seeds' publication day, a Thursday.
const published = parseISO('2021-03-18');

/**
 * The regression table: a sentence, what it dates — the ISO date cut to the precision the text
 * states, then "approximate" for an estimate and "expected" for a plan or forecast; undefined for
 * a sentence that names no date it can be dated by — and the publication day when it is not the
 * seeds' Thursday 18 March 2021. Zero false precision: no day where the text names a month.
 */
type DateCase = [sentence: string, dated: string | undefined, published?: string];
const table: DateCase[] = [
  ['Russia withdrew its ambassador on Wednesday.', '2021-03-17'],
  ['During Wednesday’s interview with ABC News, Biden spoke.', '2021-03-17'],
  ['Moscow responded angrily Thursday.', '2021-03-18'],
  ['They met last Thursday.', '2021-03-11'],
  [
    "Putin had authorised an interference campaign in last November's presidential election.",
    '2020-11',
  ],
  ['The US announced sanctions earlier this month against senior officials.', '2021-03'],
  ['Before his election last year, Biden had also referred to Putin as a "KGB thug".', '2020'],
  ['Navalny was poisoned with a nerve agent last year.', '2020'],
  [
    'Ten years ago, when he was vice-president, Biden met Putin at the Kremlin.',
    '2011 approximate',
  ],
  ['A year ago the talks failed.', '2020 approximate'],
  ['He said it about 20 years ago.', '2001 approximate'],
  ['About three weeks ago, the envoy left.', '2021-02 approximate'],
  ['Russia annexed Crimea in 2014.', '2014'],
  ['He has led Russia since 2000.', '2000'],
  ['The agreement was signed in early 2020.', '2020'],
  ['The agreement was signed around 2010.', '2010 approximate'],
  ['The report was published on March 17.', '2021-03-17'],
  ['The report was published on March 17, 2021.', '2021-03-17'],
  ['The vote was on March 18, 2020.', '2020-03-18'],
  ['Claims were made ahead of the 3 November election.', '2020-11-03'],
  ['It happened in March 2021.', '2021-03'],
  ['The talks collapsed in late January.', '2021-01'],
  ['A treaty was extended last month.', '2021-02'],
  ['The two sides met last week.', '2021-03'],
  ['A report revealed earlier this week that he knew.', '2021-03'],
  ['This year the economy grew.', '2021'],
  ['Two days ago the talks failed.', '2021-03-16'],
  ['The hearing was held the day before yesterday.', '2021-03-16'],
  ['Peskov said so yesterday.', '2021-03-17'],
  ['The envoy returned to Moscow this morning.', '2021-03-18'],
  ['Relations have recently soured.', undefined],
  ['He had arrived the previous day.', undefined],
  ['The Sunday Times reported it.', undefined],
  ['They will march on the capital.', undefined],
  ["Theresa May's government fell.", undefined],
  ['On 30 February nothing happened.', undefined],
  ['Nothing is dated here.', undefined],
  // Plans and forecasts: expected, dated no finer than the text dates them.
  ['Talks will resume next week.', '2021-03 expected'],
  [
    "The US is expected to impose sanctions on Russia as soon as next week over the report's conclusions.",
    '2021-03 expected',
  ],
  ['Sanctions could come as soon as next week.', '2021-03 expected'],
  ['Officials said the sanctions would come next week.', '2021-03 expected'],
  ['Sanctions will be announced later this month.', '2021-03 expected'],
  ['The treaty runs out next year.', '2022 expected'],
  ['The Kremlin will respond tomorrow.', '2021-03-19 expected'],
  ['The deadline is 2021-04-01.', '2021-04-01 expected'],
  ['The election is in May.', '2021-05 expected'],
  // A weekday the clause puts in the future is the coming one, not the last.
  ['The Senate will vote on Monday.', '2021-03-22 expected'],
  ['On Monday, the Senate will vote on the bill.', '2021-03-22 expected'],
  ['Biden said the Senate will vote on Monday.', '2021-03-22 expected'],
  ['Ministers are expected to meet Tuesday in Geneva.', '2021-03-23 expected'],
  ['Putin invited Biden to a live conversation on Friday or Monday.', '2021-03-19 expected'],
  ['He will speak on Thursday evening.', '2021-03-18 expected'],
  ['The summit is scheduled for Wednesday.', '2021-03-24 expected'],
  // …but what was said about the future on a past day is the saying, an event of that day.
  ['Biden, who will travel to Europe soon, said on Monday that he agreed.', '2021-03-15'],
  ['She said on Tuesday that he would pay a price.', '2021-03-16'],
  ['On Wednesday, Biden said Putin will pay a price.', '2021-03-17'],
  ['"He will pay a price," Biden said in the interview, broadcast on Wednesday.', '2021-03-17'],
  ['Later on Thursday, he invited Biden to talk on Friday or Monday.', '2021-03-18'],
  // Weeks across a month boundary: the middle month, marked approximate.
  ['The ambassador was recalled last week.', '2021-02', '2021-03-03'],
  ['The ambassador was recalled last week.', '2021-04 approximate', '2021-04-08'],
  ['Earlier this week, officials met.', '2021-03', '2021-04-01'],
];

/** The table's compact "2021-03 approximate expected" as the fields resolveDate returns. */
function parseCase(dated: string | undefined) {
  if (dated === undefined) return undefined;
  const [date = '', ...flags] = dated.split(' ');
  const precision = date.length === 10 ? 'day' : date.length === 7 ? 'month' : 'year';
  return {
    date,
    precision,
    approximate: flags.includes('approximate'),
    expected: flags.includes('expected'),
  };
}

describe('resolveDate: the regression table', () => {
  it.each(table)('%s → %s', (sentence, dated, day) => {
    const found = resolveDate(sentence, parseISO(day ?? '2021-03-18'));
    const { start: _, end: __, ...fields } = found ?? { start: 0, end: 0 };
    expect(found ? fields : undefined).toEqual(parseCase(dated));
  });

  it('gives the span of the expression it resolved', () => {
    const sentence = 'Russia withdrew its ambassador on Wednesday, hours after the interview.';
    const found = resolveDate(sentence, published);
    expect(found && sentence.slice(found.start, found.end)).toBe('Wednesday');
  });

  it('never states a day the text does not name', () => {
    for (const [sentence, dated, day] of table) {
      const found = resolveDate(sentence, parseISO(day ?? '2021-03-18'));
      if (found?.precision === 'day') expect(dated?.slice(0, 10)).toBe(found.date);
    }
  });
});

describe('resolveDates: every date a sentence names', () => {
  it.each([
    ['Russia withdrew its ambassador on Wednesday.', {}, ['2021-03-17']],
    ['Released on Tuesday, discussed on Wednesday.', {}, ['2021-03-16', '2021-03-17']],
    ['On Thursday, March 18, he spoke.', {}, ['2021-03-18']],
    ['A report revealed earlier this week that he knew.', {}, ['2021-03']],
    ['A report revealed earlier this week that he knew.', { daysOnly: true }, []],
    ['Sanctions last year and talks on Monday.', { daysOnly: true }, ['2021-03-15']],
    ['Sanctions last year and talks on Monday.', {}, ['2020', '2021-03-15']],
    ['About two days ago, or on Monday.', { daysOnly: true }, ['2021-03-15']],
    [
      'Later on Thursday, he invited Biden to talk on Friday or Monday.',
      {},
      ['2021-03-18', '2021-03-19', '2021-03-22'],
    ],
    ['Nothing dated here.', {}, []],
  ] as const)('%s %o → %o', (sentence, options, days) => {
    expect(resolveDates(sentence, published, options)).toEqual(days);
  });
});

describe('relativeYears: years a sentence points at without writing them', () => {
  it.each([
    ['Ten years ago, when he was vice-president, Biden met Putin.', [2011]],
    ['Before his election last year, Biden had also referred to Putin.', [2020]],
    ['The treaty runs out next year.', [2022]],
    ['A year ago the talks failed.', [2020]],
    ['In 2011 he visited the Kremlin.', []],
    ['He said it years ago.', []],
  ] as const)('%s → %o', (sentence, years) => {
    expect(relativeYears(sentence, published)).toEqual(years);
  });
});
