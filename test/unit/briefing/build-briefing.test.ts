import { beforeAll, describe, expect, it } from 'vitest';
import { braid } from '../../../lambda/briefing/braid.ts';
import { clean } from '../../../lambda/briefing/clean.ts';
import { fluencyPenalty } from '../../../lambda/briefing/fluency-penalty.ts';
import { buildBriefing } from '../../../lambda/briefing/index.ts';
import { standsAlone } from '../../../lambda/briefing/stands-alone.ts';
import type { Article, Briefing, Ref, Story } from '../../../lambda/briefing/types.ts';
import { expectTraceable } from './assert-traceable.ts';
import { bbc, nbc, seedStory } from './seed-story.ts';
import { thirdOutlet } from './third-outlet.ts';

const seed = seedStory();
// Built before the tests, not while they are collected: a mutation test switches the code under
// test only around the tests.
let briefing: Briefing;
beforeAll(() => {
  briefing = buildBriefing(seed);
});

function article(outlet: string, paragraphs: string[], extra: Partial<Article> = {}): Article {
  return {
    story: 'test',
    outlet,
    outletSlug: outlet.toLowerCase().replace(/\W+/g, '-'),
    published: '2021-03-18',
    language: 'en',
    paragraphs,
    file: `test/${outlet}.md`,
    ...extra,
  };
}

/** A ready story of these articles. */
const readyStory = (slug: string, articles: Article[]): Story => ({
  slug,
  meta: { status: 'ready' },
  articles,
});

const allTexts = (b: Briefing): string[] => [
  ...b.summary,
  ...b.points.map((p) => p.text),
  ...b.differences.map((d) => d.text),
  ...b.timeline.map((t) => t.text),
];

describe('the seed briefing', () => {
  it('is traceable: every text verbatim in its evidence, nothing twice', () => {
    expectTraceable(briefing, seed);
  });

  it('has a 1–3 sentence summary of at most 70 words and 4–8 points', () => {
    expect(briefing.summary.length).toBeGreaterThanOrEqual(1);
    expect(briefing.summary.length).toBeLessThanOrEqual(3);
    expect(briefing.points.length).toBeGreaterThanOrEqual(4);
    expect(briefing.points.length).toBeLessThanOrEqual(8);
  });

  it('has no warnings, and both outlets in sources with cleaned word counts', () => {
    expect(briefing.warnings).toEqual([]);
    expect(briefing.sources.map((s) => s.outlet)).toEqual(['BBC News', 'NBC News']);
    for (const source of briefing.sources) {
      expect(source.published).toBe('2021-03-18');
      expect(source.words).toBeGreaterThan(700);
      expect(source.title).toBeUndefined();
    }
  });

  it('credits no outlet with the recall sentence of another (the issue’s example)', () => {
    // BBC quotes the foreign ministry on the recall; NBC reports the State Department's
    // awareness of it. Both report the recall; neither reports the other's sentence.
    const items = [...briefing.points, ...briefing.timeline];
    for (const ministry of items.filter((p) => p.text.includes('foreign ministry said'))) {
      expect(ministry.sources).toEqual(['BBC News']);
    }
    for (const stateDepartment of items.filter((p) => p.text.includes('State Department said'))) {
      expect(stateDepartment.sources).toEqual(['NBC News']);
    }
    const recalls = allTexts(briefing).filter((t) => /(?:recall|withdr[ae]w|called home)/i.test(t));
    expect(recalls.length).toBeLessThanOrEqual(2);
  });

  it('puts corroborated facts first in points', () => {
    const counts = briefing.points.map((p) => p.sources.length);
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
  });

  it('credits each point only to outlets whose sentence is its evidence', () => {
    for (const point of briefing.points) {
      expect(point.sources).toEqual([...new Set(point.evidence.map((r) => r.source))]);
    }
  });

  it('never uses a subhead or a dropped paragraph as a fact', () => {
    const unusable = [bbc(), nbc()].flatMap((a) => {
      const { kept, dropped } = clean(a.paragraphs);
      return [
        ...kept.filter((p) => p.kind === 'subhead').map((p) => p.text),
        ...dropped.map((d) => a.paragraphs[d.paragraph - 1] ?? ''),
      ];
    });
    for (const text of allTexts(briefing)) {
      for (const bad of unusable) expect(text).not.toContain(bad);
    }
  });

  it('uses the first summary sentence as headline when there is no title or override', () => {
    expect(briefing.headline).toBe(briefing.summary[0]);
  });

  it('cuts a headline or title over 150 characters at a word, warning with the file', () => {
    const long = Array.from({ length: 60 }, (_, i) => `w${i}`).join(' ');
    const edited = buildBriefing({ ...seed, meta: { status: 'ready', headline: long } });
    expect([...edited.headline].length).toBeLessThanOrEqual(150);
    expect(edited.headline).toMatch(/^w0 w1 w2 .* w\d+…$/);
    expect(long.startsWith(edited.headline.slice(0, -1))).toBe(true);
    expect(edited.warnings).toContain(
      `content/${seed.slug}/story.yaml: headline is ${long.length} characters; expected at most 150. The edition shows it cut at a word.`,
    );
    const [first, ...rest] = seed.articles as [Article, ...Article[]];
    const titled = buildBriefing({ ...seed, articles: [{ ...first, title: long }, ...rest] });
    expect(titled.warnings).toContainEqual(
      expect.stringMatching(
        new RegExp(`^${first.file}: title \\(the story's headline\\) is \\d+ characters`),
      ),
    );
    const short = buildBriefing({ ...seed, meta: { status: 'ready', headline: ' A  short one ' } });
    expect(short.headline).toBe('A short one');
  });

  it('lists what only one outlet reports, most important first, from both outlets', () => {
    for (const outlet of ['BBC News', 'NBC News']) {
      expect(briefing.differences.some((d) => d.source === outlet)).toBe(true);
    }
    expect(briefing.differences.length).toBeLessThanOrEqual(5);
    for (const d of briefing.differences) expect(standsAlone(d.text), d.text).toBe(true);
  });

  it('attributes quotes to the right, title-free speakers', () => {
    const speakerOf = (fragment: string) =>
      briefing.quotes.find((q) => q.text.includes(fragment))?.speaker;
    expect(speakerOf('In the history of every people')).toBe('Vladimir Putin');
    // "And that's not a coincidence…" goes on from words the briefing does not show.
    expect(speakerOf('not just a children')).toBe(undefined);
    expect(speakerOf('I will not be grim')).toBe('Dmitry Peskov');
    expect(speakerOf('Biden’s words were extremely sharp')).toBe('Mark Galeotti');
    for (const quote of briefing.quotes) {
      expect(quote.text.split(/\s+/).length).toBeGreaterThanOrEqual(6);
      expect(quote.speaker).not.toMatch(/^(President|Mr|Mrs|Dr) /);
    }
  });

  it('resolves weekday and relative dates against publication, oldest first, plans last', () => {
    const happened = briefing.timeline.filter((t) => !t.expected);
    const dates = happened.map((t) => t.date);
    expect(dates).toEqual([...dates].sort());
    expect(dates).toContain('2021-03-16'); // "on Tuesday"
    const tuesday = briefing.timeline.find((t) => t.date === '2021-03-16');
    expect(tuesday?.text).toMatch(/Tuesday/);
    const firstPlan = briefing.timeline.findIndex((t) => t.expected);
    if (firstPlan >= 0)
      expect(briefing.timeline.slice(firstPlan).every((t) => t.expected)).toBe(true);
  });

  it("tells Putin's challenge to a live talk once: the point, not again in the timeline", () => {
    const texts = [...briefing.points, ...briefing.timeline].map((t) => t.text);
    expect(texts.filter((t) => /challenged Biden to talk|invited Biden/u.test(t))).toEqual([
      '"It takes one to know one," Putin said on Russian TV, and challenged Biden to talk to him live on air.',
    ]);
  });

  it('dates carry their precision: no invented day, approximate and expected marked', () => {
    const entry = (fragment: string) => briefing.timeline.find((t) => t.text.includes(fragment));
    expect(entry('Ten years ago')).toMatchObject({
      date: '2011',
      precision: 'year',
      approximate: true,
    });
    expect(entry('is expected to impose sanctions')?.expected).toBe(true);
    expect(entry('earlier this month')).toMatchObject({ date: '2021-03', precision: 'month' });
    for (const t of briefing.timeline) {
      if (t.precision === 'day') expect(t.text).toMatch(/day\b|\b\d{1,2}\b/);
    }
  });

  it('keeps garbled and leaning sentences out of a full timeline', () => {
    expect(briefing.timeline.length).toBeGreaterThanOrEqual(4);
    for (const entry of briefing.timeline) {
      expect(fluencyPenalty(entry.text), entry.text).toBe(0);
      expect(standsAlone(entry.text), entry.text).toBe(true);
    }
    // NBC's "…the past. troubled America itself." is dated Thursday, but reads broken.
    expect(allTexts(briefing).some((t) => t.includes('the past. troubled'))).toBe(false);
  });

  it('still dates a garbled sentence when nothing cleaner is dated', () => {
    const story = readyStory('thin', [
      article('Wire', [
        'Engineers inspected the old harbour bridge for rust and cracked bolts.',
        'Teachers asked the school board for smaller classes and new laboratories.',
        'Farmers reported a poor apple harvest after hail flattened several orchards.',
        'The museum reopened its east wing with a collection of medieval maps.',
        'Cyclists complained that potholes on the river path had grown deeper.',
        'A bakery chain plans to open three shops near the railway station.',
        'Volunteers cleaned litter from the beach before the summer festival.',
        'The hospital hired twenty nurses to shorten waiting times in its clinic.',
        'Firefighters trained with a new ladder truck delivered from Sweden.',
        'Residents voted to rename the central square after a local poet.',
        'The zoo welcomed two red panda cubs born during the winter.',
        'Bus drivers will test electric vehicles on the northern routes.',
        'A court ruled against the mayor on Monday , the clerk said.',
      ]),
    ]);
    const result = buildBriefing(story);
    expect(result.timeline.map((t) => t.date)).toEqual(['2021-03-15']);
    expect(result.timeline[0]?.text).toContain('A court ruled');
    expectTraceable(result, story);
  });

  it('finds people with joined partial mentions, merged spellings and direct roles', () => {
    const person = (name: string) => briefing.people.find((p) => p.name === name);
    expect(person('Vladimir Putin')?.mentions).toBeGreaterThan(10);
    expect(person('Vladimir Putin')?.sources).toEqual(['BBC News', 'NBC News']);
    expect(person('Joe Biden')?.mentions).toBeGreaterThan(10);
    expect(person('Mark Galeotti')?.mentions).toBe(2); // "Galeotti" + "Galleotti"
    expect(person('Dmitry Peskov')?.role).toBe('Kremlin spokesman');
    expect(person('Jen Psaki')?.role).toMatch(/^White House/);
    const names = briefing.people.map((p) => p.name);
    for (const notAPerson of [
      'Putin',
      'Galleotti',
      'United States',
      'White House',
      'State Department',
      'European Union',
      'New Yorker',
    ]) {
      expect(names).not.toContain(notAPerson);
    }
    const mentions = briefing.people.map((p) => p.mentions);
    expect(mentions).toEqual([...mentions].sort((a, b) => b - a));
  });

  it('is deterministic', () => {
    expect(buildBriefing(seedStory())).toEqual(briefing);
  });
});

describe('story shapes', () => {
  it('one article: a briefing with no differences', () => {
    const story = seedStory([bbc()]);
    const single = buildBriefing(story);
    expectTraceable(single, story);
    expect(single.differences).toEqual([]);
    expect(single.summary.length).toBeGreaterThanOrEqual(1);
    expect(single.points.length).toBeGreaterThanOrEqual(4);
    for (const point of single.points) expect(point.sources).toEqual(['BBC News']);
  });

  it('three outlets, two of them identical: every point corroborated, nothing duplicated', () => {
    const copy = { ...bbc(), outlet: 'BBC Copy', outletSlug: 'bbc-copy', file: 'x/bbc-copy.md' };
    const story = seedStory([bbc(), nbc(), copy]);
    const three = buildBriefing(story);
    expectTraceable(three, story);
    expect(three.points.length).toBeGreaterThanOrEqual(4);
    for (const point of three.points) expect(point.sources.length).toBeGreaterThanOrEqual(2);
    for (const text of three.summary) {
      expect(three.points.map((p) => p.text)).not.toContain(text);
    }
    expect(three.differences.filter((d) => d.source !== 'NBC News')).toEqual([]);
    const quoteTexts = three.quotes.map((q) => q.text);
    expect(new Set(quoteTexts).size).toBe(quoteTexts.length);
    for (const quote of three.quotes.filter((q) => q.evidence[0]?.source !== 'NBC News')) {
      expect(quote.sources).toEqual(['BBC News', 'BBC Copy']);
    }
  });

  it('bad input: a non-English article is listed in sources, not braided, and warned about', () => {
    const russian = article('RIA Novosti', ['Путин ответил Байдену.', 'Россия отозвала посла.'], {
      language: 'ru',
    });
    const story = seedStory([bbc(), nbc(), russian]);
    const result = buildBriefing(story);
    expectTraceable(result, story);
    expect(result.sources.map((s) => s.outlet)).toContain('RIA Novosti');
    expect(result.warnings.some((w) => w.includes('RIA Novosti') && w.includes('"ru"'))).toBe(true);
    const refs = [
      ...result.points,
      ...result.timeline,
      ...result.differences,
      ...result.quotes,
    ].flatMap((x) => x.evidence);
    expect(refs.some((r) => r.source === 'RIA Novosti')).toBe(false);
    expect(result.people.some((p) => p.sources.includes('RIA Novosti'))).toBe(false);
  });

  it('bad input: an article of only boilerplate is kept in sources with 0 words and a warning', () => {
    const boilerplate = article('Promo Post', [
      'Download NBC News app for news and policies',
      'Russian Ambassador to the United States Anatoly Antonov. File Valery Sharifulin / TASS / Getty Images',
      '-BBC',
    ]);
    const story = seedStory([bbc(), boilerplate]);
    const result = buildBriefing(story);
    expectTraceable(result, story);
    expect(result.sources.find((s) => s.outlet === 'Promo Post')?.words).toBe(0);
    expect(
      result.warnings.some((w) => w.startsWith('Promo Post') && w.includes('boilerplate')),
    ).toBe(true);
    expect(result.differences).toEqual([]);
    for (const point of result.points) expect(point.sources).toEqual(['BBC News']);
  });

  it('bad input: an empty body is kept in sources with 0 words and a warning', () => {
    const story = seedStory([
      bbc(),
      article('Empty Daily', []),
      article('Blank Herald', ['', '  ']),
    ]);
    const result = buildBriefing(story);
    expectTraceable(result, story);
    for (const outlet of ['Empty Daily', 'Blank Herald']) {
      expect(result.sources.find((s) => s.outlet === outlet)?.words).toBe(0);
      expect(result.warnings.some((w) => w.startsWith(outlet))).toBe(true);
    }
    expect(result.differences).toEqual([]);
    expect(result.summary.length).toBeGreaterThanOrEqual(1);
  });

  it('two outlets telling one event in their own words: one point, each outlet under its own words', () => {
    const story = readyStory('tellings', [
      article('Daily', [
        'The city council voted on Tuesday to close the old harbour bridge to all traffic.',
        'Engineers found deep cracks in two of the bridge’s steel supports last month.',
        'Ferries will carry commuters across the river while repairs are planned.',
      ]),
      article('Herald', [
        'On Tuesday the city council voted to shut the old harbour bridge to traffic after engineers reported cracked supports.',
        'Local shops near the bridge fear a long closure will cost them customers.',
        'The mayor said the city would publish a repair schedule within weeks.',
      ]),
    ]);
    const b = buildBriefing(story);
    expectTraceable(b, story);
    const daily =
      'The city council voted on Tuesday to close the old harbour bridge to all traffic.';
    const herald =
      'On Tuesday the city council voted to shut the old harbour bridge to traffic after engineers reported cracked supports.';
    const items = [
      ...b.summary.map((text, i) => ({
        text,
        outlet: b.summaryEvidence[i]?.[0]?.source,
        also: b.summaryAlsoReported[i] ?? [],
      })),
      ...b.points.map((p) => ({ text: p.text, outlet: p.sources[0], also: p.alsoReported ?? [] })),
    ];
    const vote = items.find((i) => /voted/u.test(i.text));
    // Whichever wording is shown, the other outlet is named under its own sentence.
    const [shown, other] = vote?.outlet === 'Daily' ? [daily, herald] : [herald, daily];
    expect(vote?.text).toBe(shown);
    expect(vote?.also.map((t) => [t.sources, t.text])).toEqual([
      [[vote?.outlet === 'Daily' ? 'Herald' : 'Daily'], other],
    ]);
    // Told once: the telling is not also a difference or a point of its own.
    const told = allTexts(b).filter((t) => /voted/u.test(t));
    expect(told).toHaveLength(1);
    expect(b.differences.every((d) => !/voted/u.test(d.text))).toBe(true);
  });

  it('a vote count two outlets tell, one with its "no votes", is one item credited to both', () => {
    const story = readyStory('hate-crimes', [
      article(
        'Post',
        [
          'The House on Tuesday passed legislation to investigate hate crimes against Asian Americans, which have increased during the coronavirus pandemic.',
          'The vote was 364 to 62; all the votes in opposition came from Republicans.',
          'The legislation heads to President Biden for his signature.',
        ],
        { title: 'House votes for a hate crimes bill' },
      ),
      article('Hill', [
        'House lawmakers on Tuesday passed legislation aimed at combating the sharp rise in hate crimes against Asian Americans.',
        'Supporters said the measure sends a message of solidarity.',
        'The bill passed in a 364-62 vote, with all no votes coming from Republicans.',
      ]),
    ]);
    const b = buildBriefing(story);
    expectTraceable(b, story);
    const items = [
      ...b.summary.map((text, i) => ({ text, also: b.summaryAlsoReported[i] ?? [] })),
      ...b.points.map((p) => ({ text: p.text, also: p.alsoReported ?? [] })),
    ];
    const counts = items.filter((i) => /364/u.test(i.text));
    expect(counts).toHaveLength(1);
    expect(counts[0]?.also.map((t) => t.text)).toEqual([
      'The vote was 364 to 62; all the votes in opposition came from Republicans.',
    ]);
  });

  it('a count one outlet tells after "But" is a point in the other outlet’s words, credited to both', () => {
    const post = [
      'The House on Tuesday passed legislation to investigate hate crimes against Asian Americans, which have increased during the coronavirus pandemic.',
      'The legislation heads to President Biden for his signature after the Senate approved it in April.',
      'Attacks on Asian Americans rose sharply in big cities last year, police data show.',
      'Advocates praised the bill as a long overdue response to the violence.',
      'The vote was 364 to 62; all the votes in opposition came from Republicans.',
    ];
    const hill = [
      'House lawmakers on Tuesday passed legislation aimed at combating the sharp rise in hate crimes against Asian Americans.',
      'The measure now heads to President Biden, who is expected to sign it after the Senate approved it in April.',
      'Police data show attacks on Asian Americans rose sharply in big cities last year.',
      'Supporters said the measure sends a message of solidarity.',
      // Opens on "But": it cannot be shown alone, so the Post's count is the point, this its telling.
      'But the bill passed in a 364-62 vote, with all no votes coming from Republicans.',
    ];
    // Published after the Senate's April vote, so "in April" is past.
    const title = { title: 'House votes for a hate crimes bill', published: '2021-05-18' };
    const story = readyStory('hate-crimes-2', [
      article('Post', post, title),
      article('Hill', hill, title),
    ]);
    const b = buildBriefing(story);
    expectTraceable(b, story);
    const vote = b.points.find((p) => /364/u.test(p.text));
    expect(vote?.text).toBe(post[4]);
    expect(vote?.sources).toEqual(['Post']);
    expect(vote?.evidence).toEqual([{ source: 'Post', paragraph: 5, sentence: 1 }]);
    expect(vote?.alsoReported).toEqual([
      {
        text: hill[4],
        sources: ['Hill'],
        evidence: [{ source: 'Hill', paragraph: 5, sentence: 1 }],
      },
    ]);
    expect(vote?.conflicts).toBeUndefined();
    expect(allTexts(b).filter((t) => /364/u.test(t))).toHaveLength(1);
  });

  it('a sentence credited to a later summary sentence is not an earlier one’s telling', () => {
    const story = readyStory('booster', [
      article('NYT', [
        'The World Health Organization called on Wednesday for a moratorium on coronavirus vaccine booster shots until the end of September, so that vaccine supplies can be focused on helping all countries vaccinate at least 10 percent of their populations. The agency made its appeal to the world’s wealthiest nations to address the wide disparities in vaccination rates around the world.',
      ]),
      article('Daily Wire', [
        'On Wednesday, the World Health Organization (WHO) called for a moratorium on COVID-19 booster shots in an effort to get more people around the world vaccinated.',
        'As The New York Times reported, the organization called for the moratorium “until the end of September, so that vaccine supplies can be focused on helping all countries vaccinate at least 10 percent of their populations. The agency made its appeal to the world’s wealthiest nations to address the wide disparities in vaccination rates around the world.”',
      ]),
    ]);
    const b = buildBriefing(story);
    expectTraceable(b, story);
    const key = (r: { source: string; paragraph: number; sentence: number }) =>
      `${r.source} ${r.paragraph}.${r.sentence}`;
    const tellingRefs = b.summaryAlsoReported.flat().map((t) => key(t.evidence[0] as Ref));
    const summaryRefs = b.summaryEvidence.flat().map(key);
    for (const ref of tellingRefs) expect(summaryRefs).not.toContain(ref);
  });

  it('bad input: the same article under two outlets — every fact shared, nothing said twice', () => {
    const copy = {
      ...bbc(),
      outlet: 'BBC Mirror',
      outletSlug: 'bbc-mirror',
      file: 'x/bbc-mirror.md',
    };
    const story = seedStory([bbc(), copy]);
    const result = buildBriefing(story);
    expectTraceable(result, story);
    const { facts } = braid(story);
    for (const fact of facts) expect(fact.sources).toEqual(['BBC News', 'BBC Mirror']);
    for (const point of result.points) expect(point.sources).toEqual(['BBC News', 'BBC Mirror']);
    for (const entry of result.timeline)
      expect(entry.sources.sort()).toEqual(['BBC Mirror', 'BBC News']);
    expect(result.differences).toEqual([]);
    const quoteTexts = result.quotes.map((q) => q.text);
    expect(new Set(quoteTexts).size).toBe(quoteTexts.length);
    for (const quote of result.quotes) expect(quote.sources).toEqual(['BBC News', 'BBC Mirror']);
  });

  it('a second article under the same outlet name is listed but not braided', () => {
    const second = { ...nbc(), outlet: 'BBC News', file: 'x/bbc-news-2.md' };
    const story = seedStory([bbc(), second]);
    const result = buildBriefing(story);
    expectTraceable(result, story);
    expect(result.sources.map((s) => s.outlet)).toEqual(['BBC News', 'BBC News']);
    expect(result.warnings.some((w) => w.includes('bbc-news-2.md'))).toBe(true);
    expect(result.differences).toEqual([]);
  });

  it('a story with no usable article still returns a valid, empty briefing', () => {
    const story = {
      slug: 'nothing',
      meta: { status: 'draft' as const },
      articles: [article('Empty', [])],
    };
    const result = buildBriefing(story);
    expect(result).toMatchObject({
      version: 2,
      story: 'nothing',
      headline: 'nothing',
      summary: [],
      points: [],
    });
    expect(result.warnings.length).toBeGreaterThan(0);
  });

  it('headline: the editor override, else the first article title', () => {
    const titled = seedStory([{ ...bbc(), title: 'Putin hits back at Biden' }, nbc()]);
    expect(buildBriefing(titled).headline).toBe('Putin hits back at Biden');
    titled.meta.headline = 'Russia recalls its ambassador';
    expect(buildBriefing(titled).headline).toBe('Russia recalls its ambassador');
  });

  it('bad input: <script> and other markup stay plain text, never interpreted', () => {
    const markup = article('Markup Times', [
      'Officials said the <script>alert("x")</script> bridge will reopen on Monday after repairs.',
      'The repairs cost the city more than 2 million dollars, the mayor said in a statement.',
      'Engineers found cracks in three of the supporting columns last month.',
      'Traffic will be limited to two lanes for the first week, officials said.',
      'The bridge carries about 40,000 vehicles a day across the river.',
    ]);
    const story = seedStory([markup]);
    const result = buildBriefing(story);
    expectTraceable(result, story);
    expect(allTexts(result).join('\n')).toContain('<script>alert("x")</script>');
  });

  it('bad input: a 1 MB article completes, stays traceable, and only its start is aligned', () => {
    const paragraphs = [...bbc().paragraphs, ...nbc().paragraphs];
    const huge: string[] = [];
    let size = 0;
    for (let i = 0; size < 1_048_576; i++) {
      const p = `${paragraphs[i % paragraphs.length]} Update ${i}.`;
      huge.push(p);
      size += p.length;
    }
    const story = seedStory([bbc(), nbc(), article('Wire Service', huge)]);
    const result = buildBriefing(story);
    expectTraceable(result, story);
    expect(result.sources.find((s) => s.outlet === 'Wire Service')?.words).toBeGreaterThan(150_000);
    expect(result.warnings.some((w) => w.startsWith('Wire Service') && w.includes('first'))).toBe(
      true,
    );
    // The quadratic stages see a bounded number of sentences whatever the article's size.
    const units = braid(story).facts.flatMap((f) => f.units);
    expect(units.length).toBeLessThanOrEqual(600);
    expect(units.filter((u) => u.outlet === 'Wire Service').length).toBeLessThanOrEqual(200);
  }, 60_000);

  it('options.now stands in for an unreadable publication date', () => {
    const story = seedStory([{ ...bbc(), published: 'soon' }]);
    const result = buildBriefing(story, { now: new Date(2021, 2, 18) });
    expectTraceable(result, story);
    expect(result.timeline.length).toBeGreaterThan(0);
    expect(result.timeline.map((t) => t.date)).toContain('2021-03-16'); // "released on Tuesday"
    expect(result.warnings.some((w) => w.includes('unreadable'))).toBe(true);
    expect(buildBriefing(story).timeline).toEqual([]);
  });
});

describe('the issue’s bad inputs', () => {
  it('the seed story plus a third outlet with a conflicting number and date: flagged, both named', () => {
    const story = seedStory([bbc(), nbc(), thirdOutlet()]);
    const result = buildBriefing(story);
    expectTraceable(result, story);
    const items = [...result.points, ...result.timeline, ...result.differences];
    const flagged = items.flatMap((i) => i.conflicts ?? []);
    const pages = flagged.find((c) => c.what.includes('20') && c.what.includes('15'));
    expect(pages?.outlets.slice().sort()).toEqual(['BBC News', 'Global Wire']);
    expect(pages?.what).toMatch(/2021-03-1[67] vs 2021-03-1[67]/);
    // Neither wording of the report is credited to the other outlet.
    for (const item of [...result.points, ...result.timeline]) {
      if (/15-page|20 pages/.test(item.text)) expect(item.sources).toHaveLength(1);
    }
    // The wire dateline never opens a text.
    for (const text of allTexts(result)) expect(text).not.toMatch(/^MOSCOW \(/);
  });

  it('two outlets where one sentence is the other plus a quote: the quote stays its outlet’s own', () => {
    const plain =
      'The council closed the old harbour bridge to lorries on Monday after engineers found cracks.';
    const quoted = `${plain.slice(0, -1)}, saying "the steel is far weaker than anyone expected".`;
    const story = readyStory('bridge', [article('Daily', [plain]), article('Herald', [quoted])]);
    const result = buildBriefing(story);
    expectTraceable(result, story);
    const shown = [
      ...result.summary.map((text, i) => ({ text, evidence: result.summaryEvidence[i] ?? [] })),
      ...result.points,
      ...result.differences,
      ...result.timeline,
    ];
    expect(shown.some((item) => item.text.includes('harbour bridge'))).toBe(true);
    for (const item of shown) {
      const outlets = [...new Set(item.evidence.map((r) => r.source))];
      if (item.text.includes('far weaker')) expect(outlets).toEqual(['Herald']);
      else expect(outlets.sort()).toEqual(['Daily', 'Herald']);
    }
    // The fact both report is credited to both in the plain wording.
    const shared = braid(story).facts.find((f) => f.sources.length === 2);
    expect(shared?.wording.text).toBe(plain);
  });

  it('an article of only future plans: every dated entry is expected, none an event', () => {
    const story = readyStory('plans', [
      article('Daily', [
        'Brookfield will open a new tram line next month, officials said.',
        'Mayor Ann Lee is expected to sign the budget on Friday.',
        'Engineers plan to close the old bridge next week for repairs.',
        'A vote on the stadium is scheduled for next year.',
        'Brookfield’s museum will reopen its east wing in June.',
        'Teachers are set to strike on Thursday over pay.',
        'A new hospital wing is due to open next spring.',
        'Brookfield Zoo plans to welcome two pandas next summer.',
        'Farmers will hold a market in the square on Saturday.',
        'Brookfield’s council is expected to raise parking fees next year.',
        'Cyclists will get a new river path in August.',
        'A bakery chain plans to open three shops next month.',
        'Brookfield’s library will extend its opening hours from Monday.',
        'Bus drivers are set to test electric vehicles in July.',
      ]),
    ]);
    const result = buildBriefing(story);
    expectTraceable(result, story);
    expect(result.timeline.length).toBeGreaterThan(0);
    for (const entry of result.timeline) expect(entry.expected, entry.text).toBe(true);
  });
});

describe('an opening that points back needs its noun named above it', () => {
  // Two outlets, so points, differences and the timeline all have something to choose from.
  const story = (headline?: string) => ({
    slug: 'ferries',
    meta: headline ? { status: 'ready' as const, headline } : { status: 'ready' as const },
    articles: [
      article('Daily', [
        'Ferry operators added late sailings for commuters on the northern routes.',
        'The move came on Monday as the harbour bridge closed for repairs.',
        'Engineers found cracked bolts under the harbour bridge last week.',
      ]),
      article('Wire', [
        'Ferry operators added late sailings for commuters on the northern routes.',
        'Cyclists complained that potholes on the river path had grown deeper.',
        'The reform takes effect after the bridge reopens in May.',
      ]),
    ],
  });
  const leaning = ['The move came on Monday', 'The reform takes effect'];
  const shown = (headline?: string) =>
    allTexts(buildBriefing(story(headline))).filter((t) => leaning.some((l) => t.startsWith(l)));

  it('leaves "The move…" and "The reform…" out when nothing names a move or a reform', () => {
    expect(shown()).toEqual([]);
  });

  it('shows them once the headline names the move and the reform', () => {
    expect(shown('A move on ferries and a transport reform').length).toBe(2);
  });
});

describe('a sentence that is not a whole fact is never shown', () => {
  it('leaves out one cut off by its source or opening a list it does not hold', () => {
    const story = readyStory('lists', [
      article('Daily', [
        'Ferry operators added late sailings for commuters on the northern routes.',
        'For the harbour authority, the new timetable lists these crossings:',
        'Engineers found cracked bolts under the harbour bridge, the council said, and it is able to appeal the...',
        'Cyclists complained that potholes on the river path had grown deeper.',
      ]),
    ]);
    const texts = allTexts(buildBriefing(story));
    expect(texts).toContain(
      'Ferry operators added late sailings for commuters on the northern routes.',
    );
    expect(texts.some((t) => t.endsWith(':') || t.endsWith('...'))).toBe(false);
  });
});

describe('a speaker’s words are never shown as an outlet’s narration', () => {
  it('leaves out the sentences of a quotation whose closing mark the copy lost', () => {
    const story = readyStory('run-on', [
      article('Daily', [
        'The mayor announced a vaccine pass for restaurants and gyms on Tuesday.',
        '"This is a miraculous place. Gyms will stay open to anyone with the pass. Diners without one will be turned away from indoor tables...',
        '“The rules take effect next month.',
        'Restaurants across the city will need to check every customer from September.',
        '“Enjoy the city,” the mayor told reporters at the event in the park.',
        'Cyclists complained that potholes on the river path had grown deeper.',
      ]),
    ]);
    const texts = allTexts(buildBriefing(story));
    expect(texts).toContain(
      'The mayor announced a vaccine pass for restaurants and gyms on Tuesday.',
    );
    expect(texts).toContain(
      'Cyclists complained that potholes on the river path had grown deeper.',
    );
    for (const words of [
      'Gyms will stay open',
      'Diners without one',
      'Restaurants across the city',
    ]) {
      expect(texts.some((t) => t.includes(words))).toBe(false);
    }
  });
});
