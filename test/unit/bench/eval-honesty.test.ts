import { describe, expect, it } from 'vitest';
import {
  type AttributionGold,
  type ConflictGold,
  creditVerdict,
  emptyFigures,
  falsePrecision,
  forecastAsEvent,
  type GoldPair,
  judgeBriefing,
  keyOf,
  loadGold,
  pairKey,
  precision,
  repeats,
} from '../../../bench/eval-honesty.ts';
import type {
  Article,
  Briefing,
  BriefingTimelineEntry,
  Ref,
  Story,
} from '../../../lambda/briefing/types.ts';

function article(outlet: string): Article {
  return {
    story: 'harbour',
    outlet,
    outletSlug: outlet.toLowerCase(),
    published: '2021-03-18',
    language: 'en',
    paragraphs: ['A made-up paragraph.'],
    file: `harbour/${outlet.toLowerCase()}.md`,
  };
}

const story: Story = {
  slug: 'harbour',
  meta: { status: 'ready' },
  articles: [article('Daily'), article('Herald'), article('Courier')],
};

const LETTER_OUTLET: Record<string, string> = { A: 'Daily', B: 'Herald', C: 'Courier' };

/** The ref of a sentence key such as "B2.1". */
function ref(key: string, kept?: [number, number][]): Ref {
  const m = /^([A-C])(\d+)\.(\d+)$/u.exec(key);
  if (!m) throw new Error(`bad key ${key}`);
  const r: Ref = {
    source: LETTER_OUTLET[m[1] ?? ''] ?? '',
    paragraph: Number(m[2]),
    sentence: Number(m[3]),
  };
  if (kept) r.kept = kept;
  return r;
}

function entry(
  text: string,
  precision: BriefingTimelineEntry['precision'],
  flags: { approximate?: true; expected?: true } = {},
): BriefingTimelineEntry {
  return {
    date: '2021-03-15',
    precision,
    text,
    sources: ['Daily'],
    evidence: [ref('A1.1')],
    ...flags,
  };
}

describe('keyOf and pairKey', () => {
  it('names a sentence by its outlet’s letter, paragraph and sentence', () => {
    expect(keyOf(story, ref('A1.1'))).toBe('A1.1');
    expect(keyOf(story, { source: 'Courier', paragraph: 4, sentence: 2 })).toBe('C4.2');
    expect(keyOf(story, { source: 'Nowhere', paragraph: 1, sentence: 3 })).toBe('?1.3');
  });

  it('puts the two keys in letter order and says which was on the left', () => {
    expect(pairKey('A1.2', 'B1.1')).toEqual({ key: 'A1.2~B1.1', aIsLeft: true });
    expect(pairKey('B1.1', 'A1.2')).toEqual({ key: 'A1.2~B1.1', aIsLeft: false });
    expect(pairKey('A1.1', 'A1.1')).toEqual({ key: 'A1.1~A1.1', aIsLeft: true });
  });
});

describe('creditVerdict', () => {
  const gold: Record<string, GoldPair> = {
    'A1.1~B1.1': { shared: true, extraLeft: [[10, 20]], extraRight: [[30, 40]] },
    'A1.2~B1.2': { shared: false },
    'A1.3~B1.3': { shared: true },
  };

  it('leaves a pair without judgement unjudged', () => {
    expect(creditVerdict(undefined, 'A1.1', undefined, 'B1.1')).toBe('unjudged');
    expect(creditVerdict(gold, 'A1.1', undefined, 'C1.1')).toBe('unjudged');
  });

  it('calls crediting a pair that reports different claims wrong', () => {
    expect(creditVerdict(gold, 'A1.2', undefined, 'B1.2')).toBe('wrong');
    expect(creditVerdict(gold, 'A1.2', [[0, 5]], 'B1.2')).toBe('wrong');
  });

  it('calls a shared pair without extras right', () => {
    expect(creditVerdict(gold, 'A1.3', undefined, 'B1.3')).toBe('right');
    expect(creditVerdict(gold, 'B1.3', undefined, 'A1.3')).toBe('right');
  });

  it('calls the whole shown sentence wrong when it has an extra', () => {
    expect(creditVerdict(gold, 'A1.1', undefined, 'B1.1')).toBe('wrong');
    expect(creditVerdict(gold, 'B1.1', undefined, 'A1.1')).toBe('wrong');
  });

  it('calls a trim that keeps part of the shown sentence’s extra wrong', () => {
    expect(creditVerdict(gold, 'A1.1', [[0, 11]], 'B1.1')).toBe('wrong');
    expect(creditVerdict(gold, 'A1.1', [[19, 25]], 'B1.1')).toBe('wrong');
    expect(
      creditVerdict(
        gold,
        'A1.1',
        [
          [0, 5],
          [12, 14],
        ],
        'B1.1',
      ),
    ).toBe('wrong');
  });

  it('calls a trim that leaves the extra out right, the ranges being half-open', () => {
    expect(creditVerdict(gold, 'A1.1', [[0, 10]], 'B1.1')).toBe('right');
    expect(
      creditVerdict(
        gold,
        'A1.1',
        [
          [0, 10],
          [20, 50],
        ],
        'B1.1',
      ),
    ).toBe('right');
    expect(creditVerdict(gold, 'A1.1', [], 'B1.1')).toBe('right');
  });

  it('calls a trim wrong when it keeps any one of several extras', () => {
    const several: Record<string, GoldPair> = {
      'A1.4~B1.4': {
        shared: true,
        extraLeft: [
          [10, 20],
          [30, 40],
        ],
      },
    };
    expect(creditVerdict(several, 'A1.4', [[0, 12]], 'B1.4')).toBe('wrong');
    expect(creditVerdict(several, 'A1.4', [[35, 50]], 'B1.4')).toBe('wrong');
    expect(creditVerdict(several, 'A1.4', [[20, 30]], 'B1.4')).toBe('right');
  });

  it('reads the extras of the shown side: left when it is first, right when it is second', () => {
    // [30, 40] is the right sentence's extra only; [10, 20] the left's only.
    expect(creditVerdict(gold, 'A1.1', [[30, 40]], 'B1.1')).toBe('right');
    expect(creditVerdict(gold, 'B1.1', [[30, 40]], 'A1.1')).toBe('wrong');
    expect(creditVerdict(gold, 'B1.1', [[10, 20]], 'A1.1')).toBe('right');
  });
});

describe('repeats', () => {
  const gold: Record<string, GoldPair> = {
    'A1.1~B1.1': { shared: true, extraLeft: [[10, 20]], extraRight: [[30, 40]] },
    'A1.2~B1.2': { shared: false },
    'A1.3~B1.3': { shared: true },
  };

  it('repeats the same sentence, with or without a judgement', () => {
    expect(repeats(story, undefined, ref('A2.1'), ref('A2.1'))).toBe(true);
    expect(repeats(story, gold, ref('A2.1', [[0, 4]]), ref('A2.1'))).toBe(true);
  });

  it('does not repeat sentences without a judgement or that report different claims', () => {
    expect(repeats(story, undefined, ref('A1.3'), ref('B1.3'))).toBe(false);
    expect(repeats(story, gold, ref('A2.1'), ref('B2.1'))).toBe(false);
    expect(repeats(story, gold, ref('A1.2'), ref('B1.2'))).toBe(false);
  });

  it('repeats a shared claim when neither side adds anything', () => {
    expect(repeats(story, gold, ref('A1.3'), ref('B1.3'))).toBe(true);
  });

  it('does not repeat when both shown wordings keep their own extra', () => {
    expect(repeats(story, gold, ref('A1.1'), ref('B1.1'))).toBe(false);
    expect(repeats(story, gold, ref('B1.1'), ref('A1.1'))).toBe(false);
  });

  it('repeats when the side without extras of its own is shown whole', () => {
    const oneSided: Record<string, GoldPair> = {
      'A1.4~B1.4': { shared: true, extraRight: [[0, 5]] },
      'A1.5~B1.5': { shared: true, extraLeft: [[0, 5]] },
    };
    expect(repeats(story, oneSided, ref('A1.4'), ref('B1.4'))).toBe(true);
    expect(repeats(story, oneSided, ref('A1.5'), ref('B1.5'))).toBe(true);
  });

  it('repeats when either shown wording leaves its extra out', () => {
    expect(repeats(story, gold, ref('A1.1', [[0, 10]]), ref('B1.1'))).toBe(true);
    expect(repeats(story, gold, ref('A1.1'), ref('B1.1', [[0, 30]]))).toBe(true);
    // The same, the right-hand sentence given first.
    expect(repeats(story, gold, ref('B1.1', [[0, 30]]), ref('A1.1'))).toBe(true);
    expect(repeats(story, gold, ref('B1.1'), ref('A1.1', [[0, 10]]))).toBe(true);
    // Leaving out the other side's range is no help.
    expect(repeats(story, gold, ref('B1.1', [[10, 20]]), ref('A1.1', [[30, 40]]))).toBe(true);
    expect(repeats(story, gold, ref('A1.1', [[30, 40]]), ref('B1.1', [[10, 20]]))).toBe(true);
    expect(repeats(story, gold, ref('A1.1', [[0, 15]]), ref('B1.1', [[35, 50]]))).toBe(false);
  });
});

describe('falsePrecision', () => {
  it.each([
    ['The ferry sank on Monday.'],
    ['The ferry sank today.'],
    ['The ferry sank on March 3.'],
    ['The ferry sank on Sept. 3.'],
    ['The ferry sank on 3 March.'],
  ])('a day named is a day: %s', (text) => {
    expect(falsePrecision(entry(text, 'day'))).toBe(false);
  });

  it.each([
    ['The ferry sank in March.'],
    ['The ferry sank last week.'],
    ['The ferry sank in 2021.'],
  ])('a day date for a text naming no day is false precision: %s', (text) => {
    expect(falsePrecision(entry(text, 'day'))).toBe(true);
  });

  it.each([
    ['The ferry sank in March.'],
    ['The ferry sank last week.'],
    ['The ferry sank this month.'],
    ['The ferry sank on Monday.'],
    ['The ferry sank on 3 March.'],
  ])('a month named, or a day, is a month: %s', (text) => {
    expect(falsePrecision(entry(text, 'month'))).toBe(false);
  });

  it.each([['The ferry sank in 2021.'], ['The ferry sank last year.']])(
    'a month date for a text naming no month is false precision: %s',
    (text) => {
      expect(falsePrecision(entry(text, 'month'))).toBe(true);
    },
  );

  it.each([
    ['The ferry sank in 2019.'],
    ['The ferry sank in 1998.'],
    ['The ferry sank last year.'],
    ['The ferry sank next year.'],
    ['The ferry sank in March.'],
    ['The ferry sank this week.'],
  ])('a year, a month or a week named is a year: %s', (text) => {
    expect(falsePrecision(entry(text, 'year'))).toBe(false);
  });

  it.each([['The ferry sank.'], ['The ferry sank in 2150.'], ['The ferry sank on Monday.']])(
    'a year date for a text naming no year is false precision: %s',
    (text) => {
      expect(falsePrecision(entry(text, 'year'))).toBe(true);
    },
  );

  it('reads the day named whatever its case', () => {
    expect(falsePrecision(entry('Today the ferry sank.', 'day'))).toBe(false);
    expect(falsePrecision(entry('The ferry sank on MONDAY.', 'day'))).toBe(false);
  });

  it('takes “recent” as vague as “recently”', () => {
    expect(falsePrecision(entry('The ferry sank in a recent storm in 2019.', 'year'))).toBe(true);
    expect(
      falsePrecision(
        entry('The ferry sank in a recent storm in 2019.', 'year', { approximate: true }),
      ),
    ).toBe(false);
  });

  it('asks a vague date to say it is approximate', () => {
    const vague = 'The ferry sank ten years ago.';
    expect(falsePrecision(entry(vague, 'year'))).toBe(true);
    expect(falsePrecision(entry(vague, 'year', { approximate: true }))).toBe(false);
    const recent = 'The ferry recently sank, in 2019.';
    expect(falsePrecision(entry(recent, 'year'))).toBe(true);
    expect(falsePrecision(entry(recent, 'year', { approximate: true }))).toBe(false);
    expect(falsePrecision(entry('Decades ago the ferry sank in 1990.', 'year'))).toBe(true);
    // "A year ago" is no estimate.
    expect(falsePrecision(entry('A year ago the ferry sank.', 'year'))).toBe(false);
  });
});

describe('forecastAsEvent', () => {
  it.each([
    ['The ferry is expected to sail again.'],
    ['The crews were set to return.'],
    ['The port is due to reopen.'],
    ['The ferry will sail again.'],
    ['The council plans to rebuild the pier.'],
    ['The council plan to rebuild the pier.'],
    ['The ferry sails again next month.'],
    ['The ferry sails as soon as the storm ends.'],
  ])('a forecast not marked expected: %s', (text) => {
    expect(forecastAsEvent(entry(text, 'day'))).toBe(true);
    expect(forecastAsEvent(entry(text, 'day', { expected: true }))).toBe(false);
  });

  it.each([
    ['The ferry sailed again on Monday.'],
    ['The mayor said “we will rebuild the pier” on Monday.'],
    ['The mayor said "the ferry is expected to sail" on Monday.'],
    ['The council planned the pier willingly.'],
  ])('no forecast: %s', (text) => {
    expect(forecastAsEvent(entry(text, 'day'))).toBe(false);
  });

  it.each([
    ['The ferry will sail, “weather permitting”, the mayor said.'],
    ['The mayor said “the pier is gone” and it will be rebuilt.'],
    ['The ferry“weather permitting”will sail.'],
  ])('a forecast outside a quotation: %s', (text) => {
    expect(forecastAsEvent(entry(text, 'day'))).toBe(true);
  });
});

describe('precision and emptyFigures', () => {
  it('starts from nothing', () => {
    expect(emptyFigures()).toEqual({
      credits: 0,
      right: 0,
      wrong: [],
      unjudged: [],
      datedEntries: 0,
      falsePrecisionDates: [],
      forecastsAsEvents: [],
      repeatedFacts: [],
      conflictsExpected: 0,
      conflictsFound: 0,
      falseConflicts: [],
      eventCredits: 0,
      eventRight: 0,
      multiSourcePoints: 0,
      multiSourceSummary: 0,
      storiesSharing: 0,
      storiesShowingShared: 0,
    });
  });

  it('is the share of credits that are right, whole without credits', () => {
    expect(precision(emptyFigures())).toBe(1);
    expect(precision({ ...emptyFigures(), credits: 4, right: 3 })).toBe(0.75);
    expect(precision({ ...emptyFigures(), credits: 2, right: 0 })).toBe(0);
  });

  it('counts credits of events with credits of wordings', () => {
    expect(precision({ ...emptyFigures(), eventCredits: 4, eventRight: 1 })).toBe(0.25);
    expect(
      precision({ ...emptyFigures(), credits: 2, right: 2, eventCredits: 2, eventRight: 1 }),
    ).toBe(0.75);
  });
});

describe('judgeBriefing', () => {
  const attribution: AttributionGold = {
    harbour: {
      'A1.1~B1.1': { shared: true, extraLeft: [[20, 30]] },
      'A1.2~B2.1': { shared: false },
      'A2.1~C1.1': { shared: true },
      'A7.1~B7.1': { shared: true, extraLeft: [], extraRight: [] },
    },
  };
  const conflicts: ConflictGold = { harbour: ['A3.1~B3.1', 'A4.1~C4.1'] };

  const briefing: Briefing = {
    version: 2,
    story: 'harbour',
    headline: 'The harbour closes',
    summary: [
      'Lund said we will rebuild the harbour by June.',
      'The storm broke the sea wall.',
      'A sentence without evidence.',
    ],
    summaryEvidence: [
      [ref('A1.1'), ref('B1.1')],
      [ref('C2.2'), ref('C2.3')],
    ],
    summaryAlsoReported: [],
    points: [
      {
        text: 'The harbour closed.',
        sources: ['Daily', 'Herald'],
        evidence: [ref('A1.1', [[0, 20]]), ref('B1.1')],
      },
      {
        text: 'The pier fell.',
        sources: ['Herald', 'Daily'],
        evidence: [ref('B2.1'), ref('A1.2')],
      },
      {
        text: 'The crews left.',
        sources: ['Daily', 'Courier'],
        evidence: [ref('A2.1'), ref('A5.1'), ref('C1.1')],
      },
      { text: 'The ferry waited.', sources: ['Courier'], evidence: [ref('C3.1')] },
      {
        text: 'The tide rose.',
        sources: ['Daily', 'Herald'],
        evidence: [ref('A6.1'), ref('B6.1')],
      },
      { text: 'Nothing else.', sources: ['Daily'], evidence: [] },
    ],
    quotes: [
      {
        text: 'We will rebuild the harbour',
        speaker: 'Anna Lund',
        sources: ['Daily'],
        evidence: [ref('A9.1')],
      },
      {
        text: 'The sea always wins',
        speaker: 'Kari Moe',
        sources: ['Herald'],
        evidence: [ref('B9.1')],
      },
    ],
    differences: [
      {
        source: 'Herald',
        text: 'The report ran to 15 pages.',
        evidence: [ref('B8.1'), ref('A8.1')],
        kind: 'conflict',
        disagreesWith: 'Daily',
        conflicts: [
          {
            what: '15 vs 20 (pages)',
            outlets: ['Herald', 'Daily'],
            evidence: [ref('B3.1'), ref('A3.1')],
          },
        ],
      },
    ],
    timeline: [
      {
        date: '2021-03-15',
        precision: 'day',
        text: 'The harbour closed on Monday.',
        sources: ['Daily', 'Herald'],
        evidence: [ref('A7.1'), ref('B7.1')],
      },
      {
        date: '2021-03',
        precision: 'day',
        text: 'The ferry will sail next week.',
        sources: ['Courier'],
        evidence: [ref('C5.1')],
      },
    ],
    people: [],
    sources: [],
    warnings: [],
  };

  it('counts credits, dates, forecasts, repeats, conflicts and multi-source points', () => {
    const figures = emptyFigures();
    judgeBriefing(story, briefing, { attribution, conflicts }, figures);
    expect(figures).toEqual({
      credits: 6,
      right: 3,
      wrong: [
        { story: 'harbour', section: 'summary', shown: 'A1.1', witness: 'B1.1' },
        { story: 'harbour', section: 'point', shown: 'B2.1', witness: 'A1.2' },
      ],
      unjudged: [{ story: 'harbour', section: 'point', shown: 'A6.1', witness: 'B6.1' }],
      datedEntries: 2,
      falsePrecisionDates: ['harbour 2021-03 C5.1'],
      forecastsAsEvents: ['harbour 2021-03 C5.1'],
      repeatedFacts: [
        'harbour: summary 1 / point 1',
        'harbour: quote "Anna Lund" told in another section',
      ],
      conflictsExpected: 2,
      conflictsFound: 1,
      falseConflicts: [],
      eventCredits: 0,
      eventRight: 0,
      multiSourcePoints: 4,
      multiSourceSummary: 1,
      storiesSharing: 1,
      storiesShowingShared: 1,
    });
    expect(precision(figures)).toBe(0.5);
  });

  it('adds each story’s figures to what is there', () => {
    const figures = emptyFigures();
    judgeBriefing(story, briefing, { attribution, conflicts }, figures);
    judgeBriefing(story, briefing, { attribution, conflicts }, figures);
    expect(figures.credits).toBe(12);
    expect(figures.right).toBe(6);
    expect(figures.wrong).toHaveLength(4);
    expect(figures.unjudged).toHaveLength(2);
    expect(figures.datedEntries).toBe(4);
    expect(figures.falsePrecisionDates).toHaveLength(2);
    expect(figures.forecastsAsEvents).toHaveLength(2);
    expect(figures.repeatedFacts).toHaveLength(4);
    expect(figures.conflictsExpected).toBe(4);
    expect(figures.conflictsFound).toBe(2);
    expect(figures.multiSourcePoints).toBe(8);
    expect(figures.multiSourceSummary).toBe(2);
  });

  it('credits a difference to no one, and credits a timeline entry like a point', () => {
    const figures = emptyFigures();
    const only: Briefing = {
      ...briefing,
      summary: [],
      summaryEvidence: [],
      summaryAlsoReported: [],
      points: [],
      quotes: [],
    };
    judgeBriefing(story, only, { attribution, conflicts }, figures);
    expect(figures.credits).toBe(1);
    expect(figures.right).toBe(1);
    expect(figures.multiSourcePoints).toBe(0);
    expect(figures.multiSourceSummary).toBe(0);
    expect(figures.repeatedFacts).toEqual([]);
  });

  const bare: Briefing = {
    ...briefing,
    summary: [],
    summaryEvidence: [],
    summaryAlsoReported: [],
    points: [],
    quotes: [],
    differences: [],
    timeline: [],
  };

  it('names the section of a timeline credit, and numbers differences and timeline entries', () => {
    const figures = emptyFigures();
    const only: Briefing = {
      ...bare,
      differences: [
        {
          ...(briefing.differences[0] as Briefing['differences'][number]),
          evidence: [ref('A6.1')],
        },
      ],
      timeline: [
        {
          date: '2021-03-15',
          precision: 'day',
          text: 'The tide rose on Monday.',
          sources: ['Daily', 'Herald'],
          evidence: [ref('A6.1'), ref('B6.1')],
        },
      ],
    };
    judgeBriefing(story, only, { attribution, conflicts }, figures);
    expect(figures.unjudged).toEqual([
      { story: 'harbour', section: 'timeline', shown: 'A6.1', witness: 'B6.1' },
    ]);
    expect(figures.repeatedFacts).toEqual(['harbour: difference 1 / timeline 1']);
  });

  it('counts every summary sentence two or more outlets report', () => {
    const figures = emptyFigures();
    const summary: Briefing = {
      ...bare,
      summary: ['One.', 'Two.', 'Three.'],
      summaryEvidence: [
        [ref('A1.1'), ref('B1.1')],
        [ref('A2.1'), ref('C1.1')],
        [ref('C2.2'), ref('C2.3')],
      ],
    };
    judgeBriefing(story, summary, { attribution, conflicts }, figures);
    expect(figures.multiSourceSummary).toBe(2);
  });

  it('judges a telling by whether its sentence reports the item’s claim, and its own wording credits apart', () => {
    const figures = emptyFigures();
    const told: Briefing = {
      ...bare,
      summary: ['The harbour closed.'],
      summaryEvidence: [[ref('A2.1')]],
      summaryAlsoReported: [
        [{ text: 'The crews left.', sources: ['Courier'], evidence: [ref('C1.1')] }],
      ],
      points: [
        {
          text: 'The pier fell.',
          sources: ['Daily'],
          evidence: [ref('A1.2')],
          alsoReported: [
            // Judged not to report the claim: a wrong event credit.
            { text: 'The pier broke.', sources: ['Herald'], evidence: [ref('B2.1')] },
          ],
        },
        {
          text: 'The tide rose.',
          sources: ['Daily'],
          evidence: [ref('A6.1')],
          alsoReported: [
            // Not judged; its wording is credited to the Courier too, right by the judgements.
            {
              text: 'The water rose.',
              sources: ['Herald', 'Courier'],
              evidence: [ref('B6.1'), ref('C9.1')],
            },
          ],
        },
      ],
      timeline: [
        {
          date: '2021-03-15',
          precision: 'day',
          text: 'The harbour closed on Monday.',
          sources: ['Daily'],
          evidence: [ref('A7.1')],
          alsoReported: [
            { text: 'It closed Monday.', sources: ['Herald'], evidence: [ref('B7.1')] },
          ],
        },
      ],
    };
    const gold = {
      ...attribution,
      harbour: { ...attribution.harbour, 'B6.1~C9.1': { shared: true } },
    };
    judgeBriefing(story, told, { attribution: gold, conflicts }, figures);
    expect(figures.eventCredits).toBe(4);
    expect(figures.eventRight).toBe(2);
    expect(figures.wrong).toEqual([
      { story: 'harbour', section: 'point (event)', shown: 'A1.2', witness: 'B2.1' },
    ]);
    expect(figures.unjudged).toEqual([
      { story: 'harbour', section: 'point (event)', shown: 'A6.1', witness: 'B6.1' },
    ]);
    expect(figures.credits).toBe(1);
    expect(figures.right).toBe(1);
    expect(figures.multiSourceSummary).toBe(1);
    expect(figures.multiSourcePoints).toBe(2);
    expect(figures.storiesShowingShared).toBe(1);
  });

  it('counts no story as showing a shared fact when every item has one outlet', () => {
    const figures = emptyFigures();
    const single: Briefing = {
      ...bare,
      points: [{ text: 'The harbour closed.', sources: ['Daily'], evidence: [ref('A1.1')] }],
    };
    judgeBriefing(story, single, { attribution, conflicts }, figures);
    expect(figures.storiesSharing).toBe(1);
    expect(figures.storiesShowingShared).toBe(0);
    judgeBriefing(story, single, { attribution: {}, conflicts }, figures);
    expect(figures.storiesSharing).toBe(1);
  });

  it('reports a quotation as told when a shown text holds it, not when it holds more', () => {
    const figures = emptyFigures();
    const told: Briefing = {
      ...bare,
      summaryAlsoReported: [],
      points: [{ text: 'The harbour closed.', sources: ['Daily'], evidence: [ref('A1.1')] }],
      quotes: [
        {
          text: 'The harbour closed for good',
          speaker: 'Anna Lund',
          sources: ['Daily'],
          evidence: [ref('A9.1')],
        },
        {
          text: 'The harbour closed',
          speaker: 'Kari Moe',
          sources: ['Herald'],
          evidence: [ref('B9.1')],
        },
      ],
    };
    judgeBriefing(story, told, { attribution, conflicts }, figures);
    expect(figures.repeatedFacts).toEqual(['harbour: quote "Kari Moe" told in another section']);
  });

  it('lists a conflict shown that the judgements do not expect', () => {
    const figures = emptyFigures();
    judgeBriefing(story, briefing, { attribution, conflicts: { harbour: ['A4.1~C4.1'] } }, figures);
    expect(figures.falseConflicts).toEqual(['harbour A3.1~B3.1']);
    expect(figures.conflictsExpected).toBe(1);
    expect(figures.conflictsFound).toBe(0);
  });

  it('leaves every credit unjudged for a story without gold', () => {
    const figures = emptyFigures();
    judgeBriefing(story, briefing, { attribution: {}, conflicts: {} }, figures);
    expect(figures.credits).toBe(6);
    expect(figures.right).toBe(0);
    expect(figures.unjudged).toHaveLength(6);
    expect(figures.conflictsExpected).toBe(0);
    expect(figures.conflictsFound).toBe(0);
    expect(figures.repeatedFacts).toEqual([
      'harbour: summary 1 / point 1',
      'harbour: quote "Anna Lund" told in another section',
    ]);
  });
});

describe('loadGold', () => {
  it('reads the judgements as pair keys per story', () => {
    const gold = loadGold();
    const pairs = Object.values(gold.attribution).flatMap((story) => Object.keys(story));
    expect(pairs.length).toBeGreaterThan(0);
    for (const key of pairs) expect(key).toMatch(/^[A-J]\d+\.\d+~[A-J]\d+\.\d+$/u);
    for (const keys of Object.values(gold.conflicts)) expect(Array.isArray(keys)).toBe(true);
  });
});

describe('falsePrecision: a month named at the start of a sentence', () => {
  it('accepts "Last week…" and "March:" for a month date', () => {
    const entry = (text: string) => ({
      date: '2021-03',
      precision: 'month' as const,
      text,
      sources: ['BBC News'],
      evidence: [{ source: 'BBC News', paragraph: 1, sentence: 1 }],
    });
    expect(falsePrecision(entry('Last week the ferry sank.'))).toBe(false);
    expect(falsePrecision(entry('MARCH: the ferry sank.'))).toBe(false);
  });
});
