import { describe, expect, it } from 'vitest';
import { standsAlone } from '../../../lambda/briefing/stands-alone.ts';

describe('standsAlone', () => {
  it.each([
    'Russia has called home its ambassador for talks.',
    'Theresa May resigned on Friday.',
    'There are 20 people missing after the flood.',
    'Earlier this week, the Senate passed the bill.',
    'In response to the sanctions, Moscow expelled ten diplomats.',
    'The former president said he would run again.',
    'Heathrow said it would add a third runway.',
    'Biden will host the summit, as well as a dinner.',
    'Butler scored twice.',
    'US President Joe Biden has promised to hunt down the perpetrators.',
    'In addition to the deaths, dozens were injured.',
    'Instead of joining the university, she accepted a post elsewhere.',
    'The milestone approaches even though cases have fallen.',
    'The bill is too expensive, Republicans say.',
    'Though the bill is in early days, lawmakers hope to pass it.',
    'Pelosi said the committee would "establish the truth of that day".',
  ])('stands alone: %s', (sentence) => {
    expect(standsAlone(sentence)).toBe(true);
  });

  it.each([
    ['“He will pay a price,” Biden said in an interview aired on Wednesday.'],
    ['"It takes one to know one," Putin said on Russian TV.'],
    ['“We are ready,” said Kremlin spokesman Dmitry Peskov.'],
    ['“This is a turning point,” according to the report.'],
    ['“Killer” is how Biden described the Russian leader.'],
  ])('a quotation that names its speaker stands alone: %s', (sentence) => {
    expect(standsAlone(sentence)).toBe(true);
  });

  it.each([
    ['a bare quotation', '“He will pay a price.”'],
    ['a quotation a pronoun speaks', '“He will pay a price,” he said.'],
    ['a quotation a pronoun’s kin speak', '“We have lost a loving father,” his family said.'],
    ['a quotation that runs on unattributed', '“We are ready to talk” and nothing more.'],
  ])('%s does not stand alone', (_, sentence) => {
    expect(standsAlone(sentence)).toBe(false);
  });

  it.each([
    ['He said he would pay a price.'],
    ['She declined to comment.'],
    ['It was the first such recall in years.'],
    ['They met in Geneva.'],
    ['His remarks drew a sharp reply.'],
    ['Her office said nothing.'],
    ['This prompted a recall.'],
    ['That was in 2014.'],
    ['These sanctions follow others.'],
    ['Those talks failed.'],
    ['We will respond.'],
  ])('a pronoun opening leans on the previous sentence: %s', (sentence) => {
    expect(standsAlone(sentence)).toBe(false);
  });

  it.each([
    ['But the Kremlin denied it.'],
    ['And the talks went on.'],
    ['Also on Friday, the Senate voted.'],
    ['However, the Kremlin denied it.'],
    ['Still, the rouble fell.'],
    ['Yet the rouble fell.'],
    ['So the talks ended.'],
    ['Then the talks ended.'],
    ['Meanwhile, Russia recalled its ambassador.'],
    ['In response, Russia recalled its ambassador.'],
    ['As well, the embassy closed.'],
    ['There, the talks went on.'],
  ])('a connective opening leans on the previous sentence: %s', (sentence) => {
    expect(standsAlone(sentence)).toBe(false);
  });

  it.each([
    ['In a later news conference, Putin wished Biden good health.'],
    ['Later, the Kremlin recalled its ambassador.'],
    ['Earlier, the report was published.'],
    ['Putin said earlier that he wished Biden good health.'],
    ['The same day, Moscow recalled its ambassador.'],
    ['Russia recalled its ambassador the same day.'],
    ['The former said nothing.'],
    ['The latter denied it.'],
    ['Russia recalled its ambassador as well.'],
    ['The US president also told ABC News Putin would pay.'],
    ['Putin, meanwhile, wished Biden good health.'],
    ['In practice, though, the army got it wrong.'],
  ])('a phrase that needs the previous sentence: %s', (sentence) => {
    expect(standsAlone(sentence)).toBe(false);
  });

  it.each([
    ['MOSCOW (Reuters) - Russia recalled its ambassador.'],
    ['WASHINGTON — President Biden said Putin would pay.'],
    ['NEW YORK, March 18 (AP) — Stocks fell.'],
    ['(CNN) President Biden said Putin would pay.'],
    ['(Reuters) - Russia recalled its ambassador.'],
  ])('a dateline or wire credit never opens: %s', (sentence) => {
    expect(standsAlone(sentence)).toBe(false);
  });
});
