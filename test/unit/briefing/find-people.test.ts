import { describe, expect, it } from 'vitest';
import { clean } from '../../../lambda/briefing/clean.ts';
import { findPeople } from '../../../lambda/briefing/find-people.ts';
import { bbc, nbc } from './seed-story.ts';

const inputOf = (outlet: string, paragraphs: string[]) => ({
  outlet,
  paragraphs: clean(paragraphs).kept,
});

describe('findPeople', () => {
  const seeds = findPeople([bbc(), nbc()].map((a) => inputOf(a.outlet, a.paragraphs)));

  it.each([
    ['Putin', 'Vladimir Putin'],
    ['President Biden', 'Joe Biden'],
    ['Galleotti', 'Mark Galeotti'],
    ['Psaki', 'Jen Psaki'],
    ['Kremlin', undefined],
    ['Bidens', undefined],
  ])('canonical(%s) → %s', (surface, name) => {
    expect(seeds.canonical(surface)).toBe(name);
  });

  it('counts partial mentions towards the full name, across outlets', () => {
    const putin = seeds.people.find((p) => p.name === 'Vladimir Putin');
    expect(putin?.sources).toEqual(['BBC News', 'NBC News']);
    expect(putin?.mentions).toBeGreaterThan(15);
  });

  it('places every mention where it occurs', () => {
    const [first] = seeds.mentions[0]?.[0] ?? [];
    const text = bbc().paragraphs[0] ?? '';
    expect(first && text.slice(first.start, first.end)).toBe('Vladimir Putin');
    expect(first?.person).toBe('Vladimir Putin');
  });

  it.each([
    ['Kremlin spokesman Dmitry Peskov said so.', 'Dmitry Peskov', 'Kremlin spokesman'],
    ['White House press secretary Jen Psaki said so.', 'Jen Psaki', 'White House press secretary'],
    ['It was then-President Donald Trump who spoke.', 'Donald Trump', 'then-President'],
    [
      'Mississippi Democratic Rep. Bennie Thompson wrote it.',
      'Bennie Thompson',
      'Mississippi Democratic Rep.',
    ],
    ['They met his counterpart Joe Biden there.', 'Joe Biden', undefined],
    ['Conservative MP Sir David Amess died.', 'David Amess', 'Conservative MP'],
    ['George W. Bush spoke to John F. Kennedy Jr about it.', 'George W. Bush', undefined],
  ])('%s → %s (%s)', (sentence, name, role) => {
    const person = findPeople([inputOf('X', [sentence])]).people.find((p) => p.name === name);
    expect(person).toBeDefined();
    expect(person?.role).toBe(role);
  });

  it.each([
    'The United States and the European Union met at the White House.',
    'The State Department and the Supreme Court disagreed on Wednesday.',
    'He wrote for The New Yorker and the Royal United Services Institute.',
    'The Fifth Circuit cited the Second Amendment and the Founding Fathers.',
    'California Gov. Gavin Newsom spoke in Los Angeles.',
  ])('finds no person among places and organizations: %s', (sentence) => {
    const names = findPeople([inputOf('X', [sentence])]).people.map((p) => p.name);
    expect(names.filter((n) => n !== 'Gavin Newsom')).toEqual([]);
  });

  it('merges near-identical spellings into the more frequent one', () => {
    const result = findPeople([
      inputOf('A', ['Mark Galeotti said so.', 'Mark Galeotti said it again.']),
      inputOf('B', ['Mark Galleotti disagreed.']),
    ]);
    expect(result.people.map((p) => [p.name, p.mentions])).toEqual([['Mark Galeotti', 3]]);
  });
});
