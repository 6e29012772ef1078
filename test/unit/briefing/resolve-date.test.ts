import { parseISO } from 'date-fns';
import { describe, expect, it } from 'vitest';
import { relativeYears, resolveDate, resolveDates } from '../../../lambda/briefing/resolve-date.ts';

// The seeds' publication day, a Thursday.
const published = parseISO('2021-03-18');

const cases: [string, string | undefined][] = [
  ['Russia withdrew its ambassador on Wednesday.', '2021-03-17'],
  ['Moscow responded angrily Thursday.', '2021-03-18'],
  ['During Wednesday’s interview with ABC News, Biden spoke.', '2021-03-17'],
  ['The report was released on Tuesday by the office.', '2021-03-16'],
  ['They met last Thursday.', '2021-03-11'],
  ['Talks are set for next Monday.', '2021-03-22'],
  ['The US announced sanctions earlier this month.', '2021-03-01'],
  ['A treaty was extended last month.', '2021-02-01'],
  ['A report revealed earlier this week that he knew.', '2021-03-15'],
  ['Sanctions may come as soon as next week.', '2021-03-22'],
  ['Before his election last year, Biden spoke.', '2020-01-01'],
  ['Ten years ago, Biden met Putin.', '2011-03-18'],
  ['Two days ago the talks failed.', '2021-03-16'],
  ['He said so yesterday.', '2021-03-17'],
  ['It was said today.', '2021-03-18'],
  ['Claims ahead of the 3 November election.', '2020-11-03'],
  ['He was inaugurated on January 20.', '2021-01-20'],
  ['The vote is on 18 March 2021.', '2021-03-18'],
  ['The vote was on March 18, 2020.', '2020-03-18'],
  ['The deadline is 2021-04-01.', '2021-04-01'],
  ['It was decided in last November’s election.', '2020-11-01'],
  ['Later on Thursday, he invited Biden to talk on Friday or Monday.', '2021-03-18'],
  // A weekday the clause puts in the future is the coming one, not the last.
  ['The Senate will vote on Monday.', '2021-03-22'],
  ['Ministers are expected to meet Tuesday in Geneva.', '2021-03-23'],
  ['Putin invited Biden to a live conversation on Friday or Monday.', '2021-03-19'],
  ['He will speak on Thursday evening.', '2021-03-18'],
  ['The hearing is scheduled for Wednesday.', '2021-03-24'],
  // …but a future word in another clause, or "would" in reported speech, changes nothing.
  ['Biden, who will travel to Europe soon, said on Monday that he agreed.', '2021-03-15'],
  ['She said on Tuesday that he would pay a price.', '2021-03-16'],
  ['He resigned on Monday.', '2021-03-15'],
  ['The Sunday Times reported it.', undefined],
  ['Officials may decide soon.', undefined],
  ['They will march on the capital.', undefined],
  ['It happened in March 2021.', undefined],
  ['Nothing is dated here.', undefined],
  ['On 30 February nothing happened.', undefined],
];

describe('resolveDate', () => {
  it.each(cases)('%s → %s', (sentence, expected) => {
    expect(resolveDate(sentence, published)).toBe(expected);
  });
});

describe('resolveDates: every day a sentence names', () => {
  it.each([
    ['Russia withdrew its ambassador on Wednesday.', {}, ['2021-03-17']],
    ['Released on Tuesday, discussed on Wednesday.', {}, ['2021-03-16', '2021-03-17']],
    ['On Thursday, March 18, he spoke.', {}, ['2021-03-18']],
    ['A report revealed earlier this week that he knew.', {}, ['2021-03-15']],
    ['A report revealed earlier this week that he knew.', { daysOnly: true }, []],
    ['Sanctions last year and talks on Monday.', { daysOnly: true }, ['2021-03-15']],
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
