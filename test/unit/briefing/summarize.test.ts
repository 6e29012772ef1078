import { beforeAll, describe, expect, it } from 'vitest';
import { braid } from '../../../lambda/briefing/braid.ts';
import type { Fact, Unit } from '../../../lambda/briefing/build-facts.ts';
import { cosine } from '../../../lambda/briefing/cosine.ts';
import { countWords } from '../../../lambda/briefing/count-words.ts';
import { standsAlone } from '../../../lambda/briefing/stands-alone.ts';
import {
  briefingSummaryOptions,
  type SummaryPick,
  selectSummary,
  summarize,
} from '../../../lambda/briefing/summarize.ts';
import { textOf } from '../../../lambda/briefing/trim.ts';
import { handFact, handUnit } from './hand-made-facts.ts';
import { bbc, seedStory } from './seed-story.ts';

describe('the summary of the seed story', () => {
  // Built before the tests, not while they are collected: a mutation test switches the code
  // under test only around the tests.
  let facts: Fact[] = [];
  let picks: SummaryPick[] = [];
  let text = '';
  beforeAll(() => {
    facts = braid(seedStory()).facts.filter((f) => f.disagreements.length === 0);
    picks = selectSummary(facts, briefingSummaryOptions);
    text = picks.map((p) => p.text).join(' ');
  });

  it('is 1–3 sentences and at most 70 words', () => {
    expect(picks.length).toBeGreaterThanOrEqual(1);
    expect(picks.length).toBeLessThanOrEqual(3);
    expect(picks.reduce((n, p) => n + countWords(p.text), 0)).toBeLessThanOrEqual(70);
  });

  it('carries the key facts: the "killer" remark, the reply, the recall, the election', () => {
    expect(text).toMatch(/killer/u);
    expect(text).toMatch(/responded|hit back|invited Biden|takes one to know one/u);
    expect(text).toMatch(/ambassador/u);
    expect(text).toMatch(/[Ee]lection/u);
  });

  it('tells the recall once, in the words of the outlet whose English is clean', () => {
    // Both outlets tell it (who did what to whom meet): one fact, shown in BBC's sentence; NBC's
    // machine-translated article is only its telling. Two strict blind readers preferred this
    // summary, with Psaki's defence as its second sentence, to the one that showed NBC's recall.
    const recalls = picks.filter((p) => /ambassador/u.test(p.text));
    expect(recalls).toHaveLength(1);
    expect(recalls[0]?.unit.outlet).toBe('BBC News');
    expect(recalls[0]?.fact.also.flatMap((t) => t.units.map((u) => u.outlet))).toContain(
      'NBC News',
    );
  });

  it("opens with an outlet's lead sentence", () => {
    expect(picks[0]?.unit.ref.paragraph).toBe(1);
  });

  it('never says one thing twice and every sentence stands alone', () => {
    picks.forEach((p, i) => {
      expect(standsAlone(p.text), p.text).toBe(true);
      for (const q of picks.slice(i + 1)) {
        expect(q.fact).not.toBe(p.fact);
        expect(cosine(p.fact.vector, q.fact.vector)).toBeLessThanOrEqual(0.5);
      }
    });
    // The BBC's "When asked if he thought Putin was a killer, … 'I do'" repeats the lead's remark.
    expect(text).not.toMatch(/When asked if he thought/u);
  });

  it('a trimmed pick is its sentence with whole constituents removed, kept ranges its evidence', () => {
    for (const { unit, trim, text: shown } of picks) {
      if (!trim) {
        expect(shown).toBe(unit.text);
        continue;
      }
      expect(trim.sentence).toBe(unit.text);
      expect(textOf(unit.text, trim.kept)).toBe(shown);
      expect(trim.removed.length).toBeGreaterThan(0);
    }
  });

  it('the budget binds: a tighter word budget gives fewer words', () => {
    const short = selectSummary(facts, { maxWords: 30, maxSentences: 3 });
    expect(short.length).toBeGreaterThanOrEqual(1);
    expect(short.reduce((n, p) => n + countWords(p.text), 0)).toBeLessThanOrEqual(30);
  });

  it('selects on budget: trims let a long sentence fit where whole sentences would not', () => {
    const tight = selectSummary(facts, { maxWords: 20, maxSentences: 1 });
    expect(tight).toHaveLength(1);
    expect(countWords(tight[0]?.text ?? '')).toBeLessThanOrEqual(20);
  });

  it('fill: keeps going with other wordings once the facts run out, never a sentence twice', () => {
    const unbounded = {
      maxWords: Number.POSITIVE_INFINITY,
      maxSentences: Number.POSITIVE_INFINITY,
    };
    const plain = summarize(seedStory(), unbounded);
    const filled = summarize(seedStory(), { ...unbounded, fill: true });
    expect(filled.slice(0, plain.length)).toEqual(plain);
    expect(filled.length).toBeGreaterThan(plain.length);
    expect(new Set(filled).size).toBe(filled.length);
    // Without fill, one sentence per fact.
    const picked = selectSummary(facts, unbounded);
    expect(new Set(picked.map((p) => p.fact)).size).toBe(picked.length);
  });
});

describe('the summary of a single article', () => {
  it('takes its opening sentence, none leaning on an earlier one', () => {
    const summary = summarize(seedStory([bbc()]));
    expect(summary.length).toBeGreaterThanOrEqual(1);
    expect(summary[0]).toBe(bbc().paragraphs[0]);
    for (const s of summary) expect(standsAlone(s)).toBe(true);
  });
});

describe('two outlets telling one claim in the summary', () => {
  const article = (outlet: string, paragraphs: string[]) => ({
    story: 't',
    outlet,
    outletSlug: outlet.toLowerCase(),
    published: '2021-10-14',
    language: 'en',
    paragraphs,
    file: `t/${outlet}.md`,
  });
  const hill =
    'CNN\'s chief medical correspondent Dr. Sanjay Gupta admitted to podcast host Joe Rogan Wednesday that it was improper for the network to claim Rogan took "horse dewormer" as a COVID treatment.';
  const fox =
    'Sanjay Gupta, CNN\'s top medical analyst, told Joe Rogan the network should not have referred to medication he took to combat a coronavirus infection as "horse dewormer" during its coverage of the popular podcaster\'s bout with the disease.';
  const story = {
    slug: 't',
    meta: { status: 'ready' as const },
    articles: [
      article('Hill', [
        hill,
        "Rogan pressed Gupta for more than three hours on the network's coverage of his illness.",
        'The podcast is the most popular in the country.',
      ]),
      article('Fox', [
        fox,
        "Gupta said he had not been told about the network's reporting before it aired.",
        'Rogan has repeatedly questioned vaccines for young people.',
      ]),
    ],
  };

  it('takes one of two sentences that share half the shorter one’s content words', () => {
    const picks = selectSummary(braid(story).facts, briefingSummaryOptions).map((p) => p.text);
    expect(picks.filter((t) => t === hill || t === fox)).toHaveLength(1);
  });
});

describe('summary rules on hand-made facts', () => {
  const unit = (article: number, rank: number, text: string, extra: Partial<Unit> = {}): Unit =>
    handUnit(article, `Outlet ${article}`, rank, text, extra);
  const fact = handFact;
  const oneSentence = { maxWords: 70, maxSentences: 1 };
  const textsOf = (facts: readonly Fact[], options = oneSentence) =>
    selectSummary(facts, options).map((p) => p.text);

  // Two leads, and sentences that echo their words but lean on an earlier one ("He said…"): the
  // echoes are never shown in a strict pass, yet they are other outlets' words to share.
  const farmers = 'Farmers in the valley praised the heavy rain after a long drought.';
  const fishermen = 'Fishermen on the coast welcomed the sudden storm after a quiet season.';
  const farmersEcho = 'He said farmers had waited for rain ever since the drought began.';
  const fishermenEcho = 'He said fishermen had waited for storms ever since the season began.';

  it('counts each content word another outlet shares, by how early that outlet says it', () => {
    // Both leads share three single words (no pair) with a third outlet's sentence, equally
    // central; the farmers' words are in that outlet's lead, the fishermen's deep in its article.
    const facts = [
      fact([unit(1, 0, fishermen)]),
      fact([unit(0, 0, farmers)]),
      fact([unit(2, 0, farmersEcho)]),
      fact([unit(2, 9, fishermenEcho)]),
    ];
    expect(textsOf(facts)).toEqual([farmers]);
  });

  it('counts a shared word far below a shared pair of words', () => {
    // One lead shares the pair "heavy rain" with another outlet's lead; the other shares three
    // scattered words with a fourth outlet's lead (and so is the more central).
    const facts = [
      fact([unit(1, 0, fishermen)]),
      fact([unit(0, 0, farmers)]),
      fact([unit(2, 0, 'He said the heavy rain had come too late for most crops.')]),
      fact([unit(3, 0, fishermenEcho)]),
    ];
    expect(textsOf(facts)).toEqual([farmers]);
  });

  const portRules =
    'Ferry operators, hauliers, fishermen, dock workers and harbour pilots backed new port safety rules.';

  it('gives nothing for a concept only one outlet uses when two are braided', () => {
    // A long sentence of one outlet's own words against a short lead sharing "heavy rain" with
    // the other outlet.
    const shared = 'Heavy rain closed the coast road overnight.';
    const facts = [
      fact([unit(0, 0, portRules)]),
      fact([unit(1, 0, shared)]),
      fact([unit(0, 1, 'He said the heavy rain had come too late for most crops.')]),
    ];
    expect(textsOf(facts)).toEqual([shared]);
  });

  it('takes an outlet’s lead when several outlets are braided, though later sentences cover more', () => {
    // Two later sentences share every pair of words; the leads share nothing.
    const late = (day: string) =>
      `Heavy rain flooded the coast road and closed the harbour bridge ${day}.`;
    const leads = [library, 'Ferry operators added late sailings for commuters.'];
    const facts = [
      fact([unit(0, 5, late('overnight'))]),
      fact([unit(1, 5, late('on Monday'))]),
      fact([unit(0, 0, leads[0] as string)]),
      fact([unit(1, 0, leads[1] as string)]),
    ];
    expect(leads).toContain(textsOf(facts)[0]);
    // With two sentences, a lead and the shared news.
    const two = textsOf(facts, { maxWords: 70, maxSentences: 2 });
    expect(two.filter((t) => leads.includes(t))).toHaveLength(1);
    expect(two.some((t) => t.startsWith('Heavy rain'))).toBe(true);
    // A lead that needs its noun named first is no such lead (one outlet's lead is none either:
    // the single-outlet test below).
    const move = 'The move comes as the harbour bridge closes for repairs.';
    const withMove = [facts[0], facts[1], fact([unit(0, 0, move)])] as Fact[];
    expect(textsOf(withMove)[0]).toMatch(/^Heavy rain/);
  });

  it('counts every concept when there is a single outlet', () => {
    // One outlet cannot share anything, so each concept counts, by its sentence's position: a
    // later sentence dense with content words outweighs a lead that says little.
    const facts = [
      fact([unit(0, 0, 'Officials and the mayor agreed to it and said so on Monday.')]),
      fact([unit(0, 2, portRules)]),
    ];
    expect(textsOf(facts)).toEqual([portRules]);
  });

  const library = 'Mayor Ann Lee opened the new city library.';

  it('takes neither support nor centrality from a sentence that cannot be shown (a question)', () => {
    // The only other outlet merely asks whether the rain will flood the coast: the one outlet's
    // lead stays ahead of its second sentence, which that question repeats.
    const flood = 'The heavy rain flooded the whole coast.';
    const facts = [
      fact([unit(0, 0, library)]),
      fact([unit(0, 1, flood)]),
      fact([unit(1, 0, 'Will the heavy rain flood the coast again?')]),
    ];
    expect(textsOf(facts)).toEqual([library]);
  });

  it('keeps sentences with more than one translation artefact out unless nothing else fits', () => {
    // The longer sentence would win; with two artefacts it is out of the strict pass, with one in.
    const garbled = (penalty: number) => [
      fact([unit(0, 0, portRules, { penalty })]),
      fact([unit(1, 0, library)]),
    ];
    expect(textsOf(garbled(2))).toEqual([library]);
    expect(textsOf(garbled(1))).toEqual([portRules]);
    // Every sentence garbled: the summary still says something.
    expect(textsOf([fact([unit(0, 0, portRules, { penalty: 2 })])])).toEqual([portRules]);
  });

  it("shows a fact in another outlet's sentence only if it reads no less cleanly", () => {
    // The other outlet's sentence is the lead and longer, so it is taken when it reads as well.
    const chosen = unit(0, 3, library);
    const other = (extra: Partial<Unit>) =>
      unit(1, 0, 'The mayor of the city opened its new public library on the main square.', extra);
    const shownIn = (extra: Partial<Unit>) =>
      selectSummary([fact([chosen, other(extra)])], oneSentence).map((p) => p.unit.article);
    expect(shownIn({})).toEqual([1]);
    // One more artefact in the sentence, or a more garbled article: the chosen wording stays.
    expect(shownIn({ penalty: 1 })).toEqual([0]);
    expect(shownIn({ articlePenalty: 0.5 })).toEqual([0]);
  });

  // Long sentences with no constituent a trim may drop.
  const boardVote = (i: number) =>
    `Board member ${i} approved twelve contracts for the northern pipeline network and the eastern water plant.`;
  const mayor =
    'Mayor Ann Lee, a former engineer who grew up near the river, opened the new harbour bridge on Monday.';
  const mayorTrim = 'Mayor Ann Lee opened the new harbour bridge on Monday.';
  const senator =
    'Senator Jane Park, a former nurse who grew up near the mountains, opened the new regional hospital on Friday.';

  it('offers trimmed wordings for the 30 best-ranked facts only', () => {
    // 12 words: no sentence fits whole, each of the last two fits trimmed (the 31st better).
    const facts = [
      ...Array.from({ length: 29 }, (_, i) => fact([unit(0, i + 2, boardVote(i))])),
      fact([unit(0, 1, mayor)]),
      fact([unit(0, 0, senator)]),
    ];
    const picks = selectSummary(facts, { maxWords: 12, maxSentences: 1 });
    expect(picks.map((p) => p.text)).toEqual([mayorTrim]);
    expect(picks[0]?.fact).toBe(facts[29]);
  });

  it('offers a fact past the 30th whole', () => {
    const facts = [
      ...Array.from({ length: 30 }, (_, i) => fact([unit(0, i + 1, boardVote(i))])),
      fact([unit(0, 0, library)]),
    ];
    expect(textsOf(facts, { maxWords: 12, maxSentences: 1 })).toEqual([library]);
  });

  it('takes a sentence of exactly the word budget, not one word over', () => {
    const budget = 'The city council approved a new budget for the harbour bridge repairs.';
    const facts = [fact([unit(0, 0, budget)])];
    expect(textsOf(facts, { maxWords: 12, maxSentences: 1 })).toEqual([budget]);
    expect(textsOf(facts, { maxWords: 11, maxSentences: 1 })).toEqual([]);
  });

  it('never lets sentences over the budget crowd a fitting one out of the search', () => {
    // 25 long, important sentences and one short, late one: only the short one can be said.
    const facts = [
      ...Array.from({ length: 25 }, (_, i) => fact([unit(0, i, boardVote(i))])),
      fact([unit(0, 60, library)]),
    ];
    expect(textsOf(facts, { maxWords: 12, maxSentences: 1 })).toEqual([library]);
  });

  it('falls back to a sentence that leans on an earlier one when none stands alone', () => {
    const leaning = 'He said the bridge would close on Monday for repairs.';
    expect(textsOf([fact([unit(0, 0, leaning)])])).toEqual([leaning]);
    // Given one that stands alone, that one is taken, though later and shorter.
    expect(textsOf([fact([unit(0, 0, leaning)]), fact([unit(0, 1, library)])])).toEqual([library]);
  });

  describe('a bare "The move…" opening needs its noun named above it', () => {
    const move = 'The move comes as the harbour bridge closes for repairs on Monday.';
    const ferry = 'Ferry operators added late sailings for commuters.';

    it('is passed over for a sentence that stands alone, though it would win', () => {
      expect(textsOf([fact([unit(0, 0, move)]), fact([unit(1, 3, ferry)])])).toEqual([ferry]);
    });

    it('is taken when the headline names the noun', () => {
      const facts = [fact([unit(0, 0, move)]), fact([unit(1, 3, ferry)])];
      const known = new Set(['move']);
      expect(selectSummary(facts, { ...oneSentence, known }).map((p) => p.text)).toEqual([move]);
    });

    it('is taken with a summary sentence that names the noun, and shown after it', () => {
      const surprise = 'Mayor Ann Lee announced a surprise move on Friday.';
      const sailings = 'The move comes as ferry operators add late sailings for commuters.';
      // The leaning sentence is the better one (an earlier lead); it still reads second.
      const facts = [fact([unit(0, 0, sailings)]), fact([unit(1, 3, surprise)])];
      expect(textsOf(facts, { maxWords: 70, maxSentences: 2 })).toEqual([surprise, sailings]);
      expect(textsOf(facts, { maxWords: 70, maxSentences: 1 })).toEqual([surprise]);
    });

    it('never counts a sentence as naming its own noun, nor two as naming each other', () => {
      const justices = 'The justices turned away a challenge to the state law on Monday.';
      const said = 'The justices said that the challengers lacked standing to sue.';
      const plain = fact([unit(2, 3, 'Ferry operators added late sailings for commuters.')]);
      const two = { maxWords: 70, maxSentences: 3 };
      const pair = textsOf([fact([unit(0, 0, justices)]), fact([unit(1, 0, said)]), plain], two);
      expect(pair.filter((t) => t.startsWith('The justices'))).toHaveLength(0);
      const a = 'The move followed weeks of talks over the harbour bridge closure.';
      const b = 'The closure was a surprise move for ferry operators and commuters.';
      const cycle = textsOf([fact([unit(0, 0, a)]), fact([unit(1, 0, b)]), plain], two);
      expect(cycle.filter((t) => t === a || t === b)).toHaveLength(0);
    });

    it('orders a chain: each sentence after the one that names its noun', () => {
      const c = 'Mayor Ann Lee announced the closure of the harbour bridge on Friday.';
      const b = 'The closure was a surprise move for ferry operators on the northern routes.';
      const a = 'The move comes as commuters face longer journeys into the city centre.';
      const facts = [fact([unit(0, 0, a)]), fact([unit(1, 1, c)]), fact([unit(2, 2, b)])];
      const texts = textsOf(facts, { maxWords: 70, maxSentences: 3 });
      for (const [later, earlier] of [
        [a, b],
        [b, c],
      ] as const) {
        if (texts.includes(later))
          expect(texts.indexOf(later)).toBeGreaterThan(texts.indexOf(earlier));
      }
      expect(texts).toContain(c);
    });

    it('is said when nothing else can be', () => {
      expect(textsOf([fact([unit(0, 0, move)])])).toEqual([move]);
    });
  });

  it('shows a trim as cut: its own text, the removed constituents its evidence', () => {
    const facts = [fact([unit(0, 0, mayor)])];
    const [pick] = selectSummary(facts, { maxWords: 12, maxSentences: 1 });
    expect(pick?.text).toBe(mayorTrim);
    expect(pick?.trim?.removed.length).toBeGreaterThan(0);
    expect(textOf(mayor, pick?.trim?.kept ?? [])).toBe(mayorTrim);
  });

  it('with room to spare shows the sentence whole: a trim keeps only its share of centrality', () => {
    // Another outlet shares the mayor, the opening and the bridge, all kept by the trims.
    const facts = [
      fact([unit(0, 0, mayor)]),
      fact([unit(1, 0, 'He said the new harbour bridge was opened by the mayor.')]),
    ];
    const [pick] = selectSummary(facts, oneSentence);
    expect(pick?.text).toBe(mayor);
    expect(pick?.trim).toBeUndefined();
  });

  it('judges a trim by the words it keeps', () => {
    // Cut of its aside, the mayor's sentence no longer repeats the engineers' sentence, so the
    // two fit the budget together.
    const engineers = 'Engineers who grew up near the river warned about floods.';
    const facts = [fact([unit(0, 0, mayor)]), fact([unit(1, 0, engineers)])];
    expect(textsOf(facts, { maxWords: 20, maxSentences: 2 }).sort()).toEqual([
      engineers,
      mayorTrim,
    ]);
  });

  it('prefers the sentence other outlets share most words with', () => {
    // The farmers' lead shares three scattered words with another outlet's sentence; the port
    // lead shares none but is seven words longer.
    const port = `${portRules.slice(0, -1)} at a meeting on Tuesday.`;
    const facts = [
      fact([unit(2, 0, port)]),
      fact([unit(0, 0, farmers)]),
      fact([unit(1, 0, farmersEcho)]),
    ];
    expect(textsOf(facts)).toEqual([farmers]);
  });

  describe('never two sentences that tell one thing', () => {
    const rain = 'Heavy rain closed the coast road overnight.';
    const pair = (a: Partial<Fact>, b: Partial<Fact>) =>
      textsOf([fact([unit(0, 0, library)], a), fact([unit(1, 0, rain)], b)], {
        maxWords: 70,
        maxSentences: 2,
      });

    it('not two outlets’ leads that tell one event (one is shown as the other’s telling)', () => {
      // Four terms and the verb in common: 44 % and 40 % of each one's terms, under the half
      // of the shorter's words that makes two summary sentences a repeat.
      const house =
        'The House passed a bill on Tuesday to fund the government through December, averting a painful shutdown.';
      // A "measure" to the House's "bill": their cores (who passed what) do not meet. "Met" is
      // their first verb, so only the lead rule reads "passed" in common.
      const lawmakers =
        'House lawmakers met and passed a stopgap measure that keeps agencies funded through December.';
      const both = { maxWords: 70, maxSentences: 2 };
      expect(
        textsOf([fact([unit(0, 0, house)]), fact([unit(1, 0, lawmakers)])], both),
      ).toHaveLength(1);
      // Further down their articles, the two are not taken to tell one event.
      expect(
        textsOf([fact([unit(0, 1, house)]), fact([unit(1, 1, lawmakers)])], both),
      ).toHaveLength(2);
    });

    it('not two facts of one alignment group', () => {
      // Unlike facts of different groups go together; split from one group, only one is said.
      expect(pair({}, {})).toHaveLength(2);
      expect(pair({ group: 1000 }, { group: 1000 })).toHaveLength(1);
    });

    it('not two facts alike (cosine over 0.5); at exactly 0.5 both', () => {
      const x = new Map([['x', 1]]);
      const alike = new Map([
        ['x', 0.8],
        ['y', 0.6],
      ]);
      expect(pair({ vector: x }, { vector: alike })).toHaveLength(1);
      const half = new Map([
        ['x', 0.5],
        ['y', Math.sqrt(0.75)],
      ]);
      expect(cosine(x, half)).toBe(0.5);
      expect(pair({ vector: x }, { vector: half })).toHaveLength(2);
    });
  });
});
