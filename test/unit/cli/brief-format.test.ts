import { describe, expect, it } from 'vitest';
import { formatBriefing } from '../../../cli/commands/brief.ts';
import { briefingFixture } from '../email/fixtures.ts';

describe('braid brief, as text', () => {
  const bbc = { source: 'BBC News', paragraph: 1, sentence: 1 };
  const wire = { source: 'Global Wire', paragraph: 2, sentence: 1 };
  const text = formatBriefing(
    briefingFixture({
      summary: ['Russia recalled its ambassador.'],
      summaryEvidence: [[bbc, wire]],
      points: [
        {
          text: 'The 15-page report came out on Tuesday.',
          sources: ['BBC News'],
          evidence: [bbc],
          conflicts: [
            {
              what: '15 vs 20 (page)',
              outlets: ['BBC News', 'Global Wire'],
              evidence: [bbc, wire],
            },
          ],
        },
      ],
      timeline: [
        {
          date: '2021-03',
          precision: 'month',
          expected: true,
          text: 'Sanctions are expected next week.',
          sources: ['BBC News'],
          evidence: [bbc],
        },
        {
          date: '2011',
          precision: 'year',
          approximate: true,
          text: 'Ten years ago they met.',
          sources: ['BBC News'],
          evidence: [bbc],
        },
      ],
    }),
  );

  it('names every outlet that reports a summary sentence', () => {
    expect(text).toContain('  Russia recalled its ambassador. [BBC News, Global Wire]');
  });

  it('names both outlets of a disagreement under the point', () => {
    expect(text).toContain('\n      ! BBC News and Global Wire disagree: 15 vs 20 (page)');
  });

  it('shows dates at their precision, what happened first and plans after', () => {
    const about = text.indexOf('  about 2011  Ten years ago');
    const expected = text.indexOf('  expected Mar 2021  Sanctions');
    expect(about).toBeGreaterThan(0);
    expect(expected).toBeGreaterThan(about);
  });
});

describe('braid brief, other outlets’ tellings', () => {
  const bbc = { source: 'BBC News', paragraph: 1, sentence: 1 };
  const nbc = { source: 'NBC News', paragraph: 4, sentence: 1 };
  const telling = (text: string) => ({ text, sources: ['NBC News'], evidence: [nbc] });
  const text = formatBriefing(
    briefingFixture({
      summary: ['Russia recalled its ambassador.'],
      summaryEvidence: [[bbc]],
      summaryAlsoReported: [[telling('Russia withdrew its envoy.')]],
      points: [
        {
          text: 'Biden said "I do".',
          sources: ['BBC News'],
          evidence: [bbc],
          alsoReported: [telling('Biden said yes.')],
        },
      ],
      timeline: [
        {
          date: '2021-03-16',
          precision: 'day',
          text: 'The report came out on Tuesday.',
          sources: ['BBC News'],
          evidence: [bbc],
          alsoReported: [telling('It was released Tuesday.')],
        },
      ],
    }),
  );

  it('lists each under its item, with the outlet and its own words', () => {
    expect(text).toContain(
      '  Russia recalled its ambassador. [BBC News]\n      + also NBC News: “Russia withdrew its envoy.”',
    );
    expect(text).toContain(
      '  • Biden said "I do". [BBC News]\n      + also NBC News: “Biden said yes.”',
    );
    expect(text).toContain('[BBC News]\n      + also NBC News: “It was released Tuesday.”');
  });

  it('adds no quotation marks around words that carry their own', () => {
    const own = 'Russia withdrew its envoy, calling it “very bad.”';
    const quoted = formatBriefing(
      briefingFixture({
        summary: ['Russia recalled its ambassador.'],
        summaryEvidence: [[bbc]],
        summaryAlsoReported: [[telling(own)]],
      }),
    );
    expect(quoted).toContain(`+ also NBC News: ${own}\n`);
  });
});
