import { describe, expect, it } from 'vitest';
import type { BriefingTimelineEntry } from '../../../lambda/briefing/types.ts';
import {
  editionView,
  preheaderFor,
  quotedOnce,
  timelineDateLabel,
} from '../../../lambda/email/edition-view.ts';
import { compilePersonalizer } from '../../../lambda/email/personalize.ts';
import { renderEdition } from '../../../lambda/email/render-edition.ts';
import { TEXT_WIDTH } from '../../../lambda/email/wrap-text.ts';
import { briefingFixture, editionInput, loadTemplates, recipient } from './fixtures.ts';

describe('timelineDateLabel: no more precise than the articles', () => {
  it.each([
    [{ date: '2021-03-17', precision: 'day' }, '17 Mar 2021'],
    [{ date: '2020-11', precision: 'month' }, 'Nov 2020'],
    [{ date: '2021-03', precision: 'month' }, 'Mar 2021'],
    [{ date: '2011', precision: 'year' }, '2011'],
    [{ date: '2011', precision: 'year', approximate: true }, 'about 2011'],
    [{ date: '2021-02', precision: 'month', approximate: true }, 'about Feb 2021'],
    // A day string with a coarser precision is cut to it, never shown as a day.
    [{ date: '2020-11-01', precision: 'month' }, 'Nov 2020'],
    [{ date: '2020-01-01', precision: 'year' }, '2020'],
    [{ date: 'soon', precision: 'day' }, 'soon'],
  ] as const)('%o → %s', (entry, label) => {
    expect(timelineDateLabel(entry)).toBe(label);
  });
});

const sources = ['BBC News'];
const evidence = [{ source: 'BBC News', paragraph: 1, sentence: 1 }];
const happened: BriefingTimelineEntry = {
  date: '2020-11',
  precision: 'month',
  text: 'Putin authorised an interference campaign in last November’s presidential election in the US.',
  sources,
  evidence,
};
const expected: BriefingTimelineEntry = {
  date: '2021-03',
  precision: 'month',
  expected: true,
  text: 'The US is expected to impose sanctions on Russia as soon as next week over the report’s conclusions, which the Kremlin has called baseless.',
  sources,
  evidence,
};

describe('the timeline in the view', () => {
  it('lists what happened apart from what is expected', () => {
    const view = editionView(editionInput([briefingFixture({ timeline: [expected, happened] })]));
    const briefing = view.briefings[0];
    expect(briefing?.hasTimeline).toBe(true);
    expect(briefing?.timeline.map((t) => t.dateLabel)).toEqual(['Nov 2020']);
    expect(briefing?.expected.map((t) => t.dateLabel)).toEqual(['Mar 2021']);
  });

  it('has no timeline when there are no entries', () => {
    const view = editionView(editionInput([briefingFixture({ timeline: [] })]));
    expect(view.briefings[0]?.hasTimeline).toBe(false);
  });
});

describe('the timeline in the email', () => {
  const templates = loadTemplates();
  const render = async (timeline: BriefingTimelineEntry[]) =>
    compilePersonalizer(
      await renderEdition(editionInput([briefingFixture({ timeline })]), templates),
    )(recipient);

  it('marks expected entries in both parts, the text wrapped at 76 columns', async () => {
    const body = await render([happened, expected]);
    const text = body.text.replace(/\s+/g, ' ');
    expect(text).toContain('- Nov 2020: Putin authorised');
    expect(text).toContain('Expected, not yet happened - Expected Mar 2021: The US is expected');
    expect(body.html).toContain('Expected, not yet happened</h4>');
    expect(body.html).toContain('Expected Mar 2021</td>');
    for (const line of body.text.split('\n')) {
      if (!/https?:\/\//.test(line)) expect([...line].length).toBeLessThanOrEqual(TEXT_WIDTH);
    }
  });

  it('shows an article of only plans under Timeline, all expected', async () => {
    const body = await render([expected]);
    expect(body.text).toMatch(/^Timeline$/m);
    expect(body.text).toMatch(/^Expected, not yet happened$/m);
    expect(body.text).not.toMatch(/^- Mar 2021/m);
  });

  it('leaves the expected part out when nothing is expected', async () => {
    const body = await render([happened]);
    expect(body.text).not.toContain('Expected');
    expect(body.html).not.toContain('Expected');
  });
});

describe('a point whose outlets disagree', () => {
  const templates = loadTemplates();
  const bbcRef = { source: 'BBC News', paragraph: 1, sentence: 1 };
  const wireRef = { source: 'Global Wire', paragraph: 2, sentence: 1 };
  const briefing = briefingFixture({
    points: [
      {
        text: 'The 15-page report came out on Tuesday.',
        sources: ['BBC News'],
        evidence: [bbcRef],
        conflicts: [
          {
            what: '15 vs 20 (page); 2021-03-16 vs 2021-03-17',
            outlets: ['BBC News', 'Global Wire'],
            evidence: [bbcRef, wireRef],
          },
        ],
      },
    ],
  });

  it('names both outlets and what differs, in both parts', async () => {
    const note = 'BBC News and Global Wire disagree: 15 vs 20 (page); 16 Mar 2021 vs 17 Mar 2021';
    expect(editionView(editionInput([briefing])).briefings[0]?.points[0]?.conflicts).toEqual([
      note,
    ]);
    const body = compilePersonalizer(await renderEdition(editionInput([briefing]), templates))(
      recipient,
    );
    expect(body.html).toContain(`<em>${note}</em>`);
    expect(body.text.replace(/\s+/g, ' ')).toContain(`(${note})`);
  });
});

describe('an event other outlets report in their own words', () => {
  const templates = loadTemplates();
  const bbcRef = { source: 'BBC News', paragraph: 1, sentence: 1 };
  const nbcRef = { source: 'NBC News', paragraph: 3, sentence: 1 };
  const nbcWords = 'Asked if he thinks Putin is a killer, Biden said yes.';
  const telling = { text: nbcWords, sources: ['NBC News'], evidence: [nbcRef] };
  const briefing = briefingFixture({
    points: [
      {
        text: 'When asked if he thought Putin was "a killer", President Biden said "I do".',
        sources: ['BBC News'],
        evidence: [bbcRef],
        alsoReported: [telling],
      },
    ],
    timeline: [
      { ...happened, alsoReported: [{ ...telling, text: 'Russia interfered in November.' }] },
    ],
  });

  it('shows the other outlet under its own words, after the point and the timeline entry, in both parts', async () => {
    const view = editionView(editionInput([briefing])).briefings[0];
    expect(view?.points[0]?.also).toEqual([
      { text: nbcWords, quoted: `“${nbcWords}”`, sourceList: 'NBC News' },
    ]);
    expect(view?.points[0]?.sources).toEqual(['BBC News']);
    expect(view?.timeline[0]?.also).toEqual([
      {
        text: 'Russia interfered in November.',
        quoted: '“Russia interfered in November.”',
        sourceList: 'NBC News',
      },
    ]);
    const body = compilePersonalizer(await renderEdition(editionInput([briefing]), templates))(
      recipient,
    );
    expect(body.html).toContain(`<em>Also reported by NBC News:</em> “${nbcWords}”`);
    expect(body.html).toContain(
      '<em>Also reported by NBC News:</em> “Russia interfered in November.”',
    );
    const text = body.text.replace(/\s+/g, ' ');
    expect(text).toContain(`Also reported by NBC News: “${nbcWords}”`);
    expect(text).toContain('Also reported by NBC News: “Russia interfered in November.”');
  });

  it('shows the summary’s tellings under the summary, in both parts', async () => {
    const told = briefingFixture({
      summaryAlsoReported: [[telling], []],
    });
    const view = editionView(editionInput([told])).briefings[0];
    expect(view?.summaryAlso).toEqual([
      { text: nbcWords, quoted: `“${nbcWords}”`, sourceList: 'NBC News' },
    ]);
    const body = compilePersonalizer(await renderEdition(editionInput([told]), templates))(
      recipient,
    );
    expect(body.html).toContain(`<em>Also reported by NBC News:</em> “${nbcWords}”`);
    const text = body.text.replace(/\s+/g, ' ');
    expect(text).toContain(`Also reported by NBC News: “${nbcWords}”`);
    expect(text.indexOf('Also reported by')).toBeLessThan(text.indexOf('Key points'));
  });

  it('adds no quotation marks around words that carry their own (no stacked “…””)', async () => {
    const own = 'Russia withdrew its ambassador, which the Kremlin said was “very bad.”';
    const told = briefingFixture({ summaryAlsoReported: [[{ ...telling, text: own }], []] });
    const body = compilePersonalizer(await renderEdition(editionInput([told]), templates))(
      recipient,
    );
    expect(body.html).toContain(`<em>Also reported by NBC News:</em> ${own}`);
    expect(body.html).not.toContain('”””');
    const text = body.text.replace(/\s+/g, ' ');
    expect(text).toContain(`Also reported by NBC News: ${own}`);
    expect(text).not.toContain(`“${own}`);
    expect(quotedOnce('He said "no".')).toBe('He said "no".');
    expect(quotedOnce('Peace « now » holds.')).toBe('Peace « now » holds.');
    expect(quotedOnce('Plain words.')).toBe('“Plain words.”');
  });

  it('shows no such line where no other outlet tells it', async () => {
    const plain = briefingFixture();
    const body = compilePersonalizer(await renderEdition(editionInput([plain]), templates))(
      recipient,
    );
    expect(body.html).not.toContain('Also reported by');
    expect(body.text).not.toContain('Also reported by');
  });
});

describe('a story whose headline is its first summary sentence', () => {
  const templates = loadTemplates();
  const first = 'Russia recalled its ambassador to Washington on Wednesday after Biden’s remarks.';
  const second = 'Putin challenged Biden to a live conversation on air.';
  const ref = { source: 'BBC News', paragraph: 1, sentence: 1 };
  const telling = { text: 'Moscow called its envoy home.', sources: ['NBC News'], evidence: [ref] };
  const untitled = (summary: string[]) =>
    briefingFixture({
      headline: first,
      summary,
      summaryEvidence: summary.map(() => [ref]),
      summaryAlsoReported: summary.map((_, i) => (i === 0 ? [telling] : [])),
    });

  it('tells that sentence once, as the headline, and the rest of the summary below it', async () => {
    const view = editionView(editionInput([untitled([first, second])])).briefings[0];
    expect(view?.headline).toBe(first);
    expect(view?.summary).toBe(second);
    // The other outlet's telling of the headline sits under the headline, not under the summary.
    expect(view?.headlineAlso.map((a) => a.sourceList)).toEqual(['NBC News']);
    expect(view?.summaryAlso).toEqual([]);
    const body = compilePersonalizer(
      await renderEdition(editionInput([untitled([first, second])]), templates),
    )(recipient);
    // Once in the text part; in the HTML, once in sight and not again in the hidden preheader.
    const text = body.text.replace(/\s+/g, ' ');
    expect(text.split('recalled its ambassador').length - 1).toBe(1);
    expect(body.html.split('recalled its ambassador').length - 1).toBe(1);
    expect(text).toContain(second);
    expect(text.indexOf('Also reported by NBC News')).toBeLessThan(text.indexOf(second));
    expect(body.html.indexOf('Also reported by NBC News')).toBeLessThan(
      body.html.lastIndexOf(second),
    );
    expect(preheaderFor(untitled([first, second]))).toBe(second);
    // With nothing else to say, the preheader falls back to the first point.
    expect(preheaderFor(untitled([first]))).toBe(untitled([first]).points[0]?.text);
  });

  it('still credits the other outlet under a headline that is the whole summary', async () => {
    const view = editionView(editionInput([untitled([first])])).briefings[0];
    expect(view?.summary).toBe('');
    expect(view?.headlineAlso.map((a) => a.text)).toEqual(['Moscow called its envoy home.']);
    const body = compilePersonalizer(
      await renderEdition(editionInput([untitled([first])]), templates),
    )(recipient);
    expect(body.html).toContain(
      '<em>Also reported by NBC News:</em> “Moscow called its envoy home.”',
    );
    expect(body.text.replace(/\s+/g, ' ')).toContain(
      'Also reported by NBC News: “Moscow called its envoy home.”',
    );
  });

  it('shows no summary block for a story with no summary, and falls back to the headline', () => {
    const bare = briefingFixture({
      summary: [],
      summaryEvidence: [],
      summaryAlsoReported: [],
      points: [],
    });
    const view = editionView(editionInput([bare])).briefings[0];
    expect(view?.summary).toBe('');
    expect(view?.headlineAlso).toEqual([]);
    expect(view?.summaryAlso).toEqual([]);
    expect(preheaderFor(bare)).toBe(bare.headline);
  });

  it('keeps the whole summary and its tellings under an edited headline', () => {
    const titled = briefingFixture({
      summary: [first, second],
      summaryAlsoReported: [[], [telling]],
    });
    const view = editionView(editionInput([titled])).briefings[0];
    expect(view?.summary).toBe(`${first} ${second}`);
    expect(view?.headlineAlso).toEqual([]);
    expect(view?.summaryAlso.map((a) => a.sourceList)).toEqual(['NBC News']);
  });
});
