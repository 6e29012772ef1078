import { parseISO } from 'date-fns';
import { describe, expect, it } from 'vitest';
import { futureAt, isForecast, maskQuotes } from '../../../lambda/briefing/forecast.ts';
import { resolveDate } from '../../../lambda/briefing/resolve-date.ts';

const published = parseISO('2021-03-18');

describe('isForecast: the main event is a plan or forecast', () => {
  it.each([
    'The US is expected to impose sanctions on Russia as soon as next week.',
    'The Senate will vote on the bill.',
    'Russia plans to send its ambassador back.',
    'The envoy is set to return to Washington.',
    'The report is due to be published.',
    'The hearing is scheduled to start at noon.',
    'The hearing is scheduled for Wednesday.',
    'Sanctions could come as soon as next week.',
    'The leaders would meet next week under the plan.',
    'They hope to meet in June.',
    'Biden, who met Putin in 2011, will travel to Geneva.',
  ])('%s', (sentence) => {
    expect(isForecast(sentence)).toBe(true);
  });

  it.each([
    'Russia withdrew its ambassador on Wednesday.',
    // What someone said about the future: the saying is what happened.
    '"He will pay a price," Biden said in the interview, broadcast on Wednesday.',
    '(Putin) will pay a price, Biden said when asked about the report.',
    'She said on Tuesday that he would pay a price.',
    '“I will not be grim in reaction to this,” Kremlin spokesman Dmitry Peskov told reporters.',
    'Putin’s response is likely to be for a local audience, said Mark Galeotti, a professor.',
    'Biden, who will travel to Europe soon, said on Monday that he agreed.',
    // A modal without a future time word is as often reported speech about the past.
    'Biden said Russia would face the consequences.',
    'Putin invited Biden to a live conversation.',
  ])('not: %s', (sentence) => {
    expect(isForecast(sentence)).toBe(false);
  });
});

describe('futureAt: whether a date belongs to a future verb', () => {
  const at = (sentence: string, phrase: string): boolean => {
    const start = sentence.indexOf(phrase);
    return futureAt(sentence, start, start + phrase.length);
  };

  it.each([
    ['The Senate will vote on Monday.', 'Monday', true],
    ['On Monday, the Senate will vote.', 'Monday', true],
    ['On Monday the Senate will vote.', 'Monday', true],
    ['Biden said the Senate will vote on Monday.', 'Monday', true],
    ['Putin invited Biden to talks on Friday.', 'Friday', true],
    ['Biden said on Monday the Senate will vote.', 'Monday', false],
    ['On Wednesday, Biden said Putin will pay a price.', 'Wednesday', false],
    ['On Wednesday, Russia recalled its envoy, who will return soon.', 'Wednesday', false],
    ['Later on Thursday, he invited Biden to talk on Friday.', 'Thursday', false],
    ['"It will happen," he said on Tuesday.', 'Tuesday', false],
  ] as const)('%s [%s] → %s', (sentence, phrase, future) => {
    expect(at(sentence, phrase)).toBe(future);
  });
});

describe('maskQuotes', () => {
  it('blanks quoted words and keeps positions and apostrophes', () => {
    const sentence = 'Biden’s words: “He will pay a price,” he said.';
    const masked = maskQuotes(sentence);
    expect(masked).toHaveLength(sentence.length);
    expect(masked).not.toContain('will');
    expect(masked).toContain('Biden’s words');
  });
});

describe('an article of only future plans', () => {
  // Every sentence is a plan: nothing of it may reach the timeline as something that happened.
  const article = [
    'The US is expected to impose sanctions on Russia as soon as next week.',
    'The Senate will vote on the measures on Monday.',
    'Ministers are due to meet in Brussels on Tuesday to agree a joint response.',
    'The State Department plans to publish the list of officials later this month.',
    'A summit between the two leaders could take place in June.',
    'Talks on the nuclear treaty are scheduled for next year.',
    'The ambassador will return to Washington tomorrow.',
  ];

  it.each(article)('%s is expected', (sentence) => {
    const date = resolveDate(sentence, published);
    expect(date?.expected).toBe(true);
    expect(date && date.date >= '2021-03').toBe(true);
  });

  it('dates none of it at a finer precision than the text', () => {
    const dates = article.map((s) => resolveDate(s, published));
    expect(dates.map((d) => d && `${d.date} ${d.precision}`)).toEqual([
      '2021-03 month',
      '2021-03-22 day',
      '2021-03-23 day',
      '2021-03 month',
      '2021-06 month',
      '2022 year',
      '2021-03-19 day',
    ]);
  });
});

describe('isForecast: time words that only point ahead', () => {
  it.each([
    ['Talks next week.', true],
    ['A decision is due later this month.', true],
    ['Talks last week.', false],
  ] as const)('%s → %s', (sentence, forecast) => {
    expect(isForecast(sentence)).toBe(forecast);
  });
});

describe('isForecast: each future marker, in any spacing', () => {
  it.each([
    'The minister won’t attend the summit.',
    'They plan to meet in June.',
    'They intend to meet in June.',
    'They aim to meet in June.',
    'They want to meet in June.',
    'They seek to meet in June.',
    'They expect to meet in June.',
    // A modal with "soon" and no other future time word.
    'Sanctions could come soon.',
    // "will say": the saying itself is still to come.
    'The company will say on Monday whether it will cut jobs.',
    // Doubled spaces, as scraped copy has them.
    'The report is  expected to land on Friday.',
    'The report is expected  to land on Friday.',
    'The hearing is  scheduled for Wednesday.',
    'The hearing is scheduled  for Wednesday.',
    'Russia plans  to send its ambassador back.',
  ])('%s', (sentence) => {
    expect(isForecast(sentence)).toBe(true);
  });
});

describe('isForecast: reported speech in its variants', () => {
  it.each([
    // What follows the saying verb is what was said.
    'Biden said the Senate will vote on the bill.',
    // A speaker of several words, with spaces doubled anywhere.
    'The talks will resume, the minister said.',
    'The talks will resume,  the minister said.',
    'The talks will resume, the  minister said.',
    'Putin’s response will be for a local audience, said  Mark Galeotti, a professor.',
    // One more clause after the attribution.
    'The talks will resume, the minister said on Monday, adding that no date was set.',
    // Any number of commas after the saying verb: a past report, of the past or of the future.
    'Inflation was expected to ease in the spring but kept rising, the bank said in a report, citing higher energy prices, weak sterling and rising wages.',
    'Growth will slow to 1 percent next year, the IMF said in its outlook, citing higher rates, weak trade and the war in Ukraine.',
    'Exports are due to resume, the ministry said in a statement on Friday, citing the port authority, which reopened the harbour.',
    // A relative clause inside the speaker's description is blanked in place.
    'The talks will resume in Geneva, the country’s deputy foreign minister, who met the envoys, said.',
    'Biden,  who will travel to Europe soon, said on Monday that he agreed.',
    // Curly single quotes are a quotation too.
    'The minister called the vote ‘a deal that will last’.',
  ])('not: %s', (sentence) => {
    expect(isForecast(sentence)).toBe(false);
  });
});

describe('resolveDate: an opening date closed by a dash', () => {
  // Published on Thursday 18 March 2021: the coming Monday, not the past one.
  it.each([
    ['On Monday — the Senate will vote.', '2021-03-22', true],
    ['On Monday — the Senate voted.', '2021-03-15', false],
  ] as const)('%s → %s', (sentence, date, expected) => {
    expect(resolveDate(sentence, published)).toMatchObject({ date, expected });
  });
});

describe('isForecast: a saying verb after a conjunction is no attribution', () => {
  // "after the committee said" opens a clause of its own: what comes before it is not reported
  // speech, however many commas follow the saying verb.
  it.each([
    [
      'The Senate will vote on the bill next week, after the committee said on Monday, in a brief statement, that its review was complete.',
      true,
    ],
    [
      'The Senate will vote on the bill next week, after the committee said on Monday that its review was complete.',
      true,
    ],
    [
      'The bank will raise rates next month, and its governor said on Tuesday, in a speech in London, that inflation had peaked.',
      true,
    ],
    [
      'The bank will raise rates next month, as its governor said on Tuesday, citing wages, rents and energy prices.',
      true,
    ],
    // A past main clause stays past.
    [
      'The Senate passed the bill on Friday, after the committee said on Monday, in a brief statement, that its review was complete.',
      false,
    ],
  ] as const)('%s → %s', (sentence, forecast) => {
    expect(isForecast(sentence)).toBe(forecast);
  });
});

describe('isForecast: the speaker’s description is not the saying’s tense', () => {
  it.each([
    'A spokesman for the upcoming summit said the talks had stalled.',
    'Organisers of next week’s summit said the venue was ready.',
    'Aides who will travel with him said on Monday that the trip was off.',
    'Officials who are expected to attend the summit said the agenda was set.',
    'The firm that will host the summit said it was ready.',
    'Activists hoping to stop the pipeline said the protest had ended.',
    'Officials in Geneva, where the summit will be held, said security was tight.',
    'John Smith, the host of next week’s summit, said the talks had stalled.',
  ])('not: %s', (sentence) => {
    expect(isForecast(sentence)).toBe(false);
  });

  it.each([
    // The saying itself is still to come.
    'A spokeswoman for the upcoming summit will say on Monday whether the talks are off.',
    'Aides who will travel with him are expected to say on Monday whether the trip is off.',
    'The minister is expected to be asked about the plan.',
    'Will the minister say whether the talks failed?',
    // The future verb is the main clause's; the saying is inside it.
    'The Senate will debate what the minister said.',
    'The US will impose the sanctions Biden announced on Monday.',
    // "upcoming" and "hoping to" after "is" are the verb, and "That will" opens a clause.
    'The vote is upcoming and the minister said it was overdue.',
    'Officials are hoping to say more on Monday.',
    'That will change next week as the minister told reporters.',
  ])('%s', (sentence) => {
    expect(isForecast(sentence)).toBe(true);
  });
});

describe('futureAt: the clause a date belongs to', () => {
  const at = (sentence: string, phrase: string): boolean => {
    const start = sentence.indexOf(phrase);
    return futureAt(sentence, start, start + phrase.length);
  };

  it.each([
    // Only the date's own clause counts, after the last clause break before it.
    [
      'Parliament will reconvene in May, after lawmakers approved the budget on Monday.',
      'Monday',
      false,
    ],
    ['The Senate will vote on Monday, officials said.', 'Monday', true],
    ['The talks stalled; on Monday the Senate will vote.', 'Monday', true],
    // A date phrase that starts with its bracket still looks before the bracket.
    ['The Senate will vote (on Monday).', '(on Monday)', true],
    // An opening date belongs to the verb of its own clause, not the next one.
    ['On Monday the senators met, and they will vote on Friday.', 'Monday', false],
    ['On Monday , the Senate will vote.', 'Monday', true],
    // A dash closes an opening date as a comma does, spaced or not, em or en.
    ['On Monday — the Senate will vote.', 'Monday', true],
    ['On Monday—the Senate will vote.', 'Monday', true],
    ['On Monday – the Senate will vote.', 'Monday', true],
    ['The talks stalled — on Monday — the Senate will vote.', 'Monday', true],
    ['On Monday — the Senate voted.', 'Monday', false],
    ['On Wednesday — Biden said Putin will pay a price.', 'Wednesday', false],
    ['Later on Monday, the Senate will vote.', 'Monday', true],
    ['Later  on Monday, the Senate will vote.', 'Monday', true],
    ['Tomorrow the Senate will vote.', 'Tomorrow', true],
    // A headline has no final point, and may be in title case.
    ['Next week the verdict is upcoming', 'Next week', true],
    ['Next Week the Senate Will Vote on the Budget', 'Next Week', true],
    ['On Monday the Minister Said the Senate Will Vote', 'Monday', false],
    // The future verb comes before the saying, so the date is the vote's.
    ['On Monday the Senate will debate what the minister said.', 'Monday', true],
    // A missing space after the comma.
    ['On Monday,will the Senate vote?', 'Monday', true],
    ['On Monday,told the vote will slip, the minister resigned.', 'Monday', false],
    // Before the date: a modal, an offer, a plan, or a question.
    ['The talks could resume on Monday.', 'Monday', true],
    ['The talks could  resume on Monday.', 'Monday', true],
    ['Moscow renewed its offer to hold talks on Friday.', 'Friday', true],
    ['The minister offered to meet on Friday.', 'Friday', true],
    ['The minister offered  to meet on Friday.', 'Friday', true],
    ['The vote, planned for Friday, was called off.', 'Friday', true],
    ['The vote, planned  for Friday, was called off.', 'Friday', true],
    ['Will the Senate vote on Monday?', 'Monday', true],
    // A saying after the future verb makes the date the saying's.
    ['Aides who will travel with him said on Monday that the trip was off.', 'Monday', false],
    ['Asked on Tuesday about the plan, the minister declined to comment.', 'Tuesday', false],
    // A future word describing the speaker is not the saying's tense.
    ['On Monday, a spokesman for the upcoming summit said the talks had stalled.', 'Monday', false],
    ['On Monday, aides who will travel with him said the trip was off.', 'Monday', false],
    ['On Monday, a spokesman for the upcoming summit will say if it is off.', 'Monday', true],
  ] as const)('%s [%s] → %s', (sentence, phrase, future) => {
    expect(at(sentence, phrase)).toBe(future);
  });
});
