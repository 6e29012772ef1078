import { parseISO } from 'date-fns';
import { describe, expect, it } from 'vitest';
import { numbersOf, speakersOf } from '../../../lambda/briefing/build-facts.ts';
import { clean } from '../../../lambda/briefing/clean.ts';
import { findPeople } from '../../../lambda/briefing/find-people.ts';

const published = parseISO('2021-03-18');

/** People a one-paragraph text attributes speech to. */
function speakers(text: string): string[] {
  const people = findPeople([{ outlet: 'X', paragraphs: clean([text]).kept }]);
  return [...speakersOf(text, people.mentions[0]?.[0] ?? [])];
}

describe('speakersOf', () => {
  it.each([
    ['Kremlin spokesman Dmitry Peskov told reporters that it was bad.', ['Dmitry Peskov']],
    ["Putin's spokesperson Dmitry Peskov said earlier that it was bad.", ['Dmitry Peskov']],
    [
      'The response is for a local audience, said Mark Galeotti, a professor in London.',
      ['Mark Galeotti'],
    ],
    ['It is a signal, according to Mark Galeotti.', ['Mark Galeotti']],
    // Named, but not speaking: the object of the speech, or of another verb.
    ['Joe Biden said Vladimir Putin would pay a price.', ['Joe Biden']],
    ['Joe Biden met Vladimir Putin at the Kremlin.', []],
    ['"We understand one another," Vladimir Putin’s aide said.', []],
  ])('%s → %o', (text, expected) => {
    expect(speakers(text)).toEqual(expected);
  });
});

describe('numbersOf', () => {
  it.each([
    ['He visited the Kremlin as vice president in 2011.', ['2011']],
    ['Ten years ago, Biden met Putin at the Kremlin.', ['2011']],
    ['The bridge carries about 40,000 vehicles a day.', ['40000']],
    ['The 15-page report named 3 people.', ['15', '3']],
    ['Nothing counted here.', []],
  ])('%s → %o', (text, expected) => {
    expect([...numbersOf(text, published)]).toEqual(expected);
  });

  it('resolves no relative year without a publication date', () => {
    expect([...numbersOf('Ten years ago, Biden met Putin.', undefined)]).toEqual([]);
  });
});
