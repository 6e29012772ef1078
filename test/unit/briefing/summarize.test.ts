import { beforeAll, describe, expect, it } from 'vitest';
import { braid } from '../../../lambda/briefing/braid.ts';
import type { Fact } from '../../../lambda/briefing/build-facts.ts';
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

  it("tells an early fact rather than a late reaction that repeats the lead (Psaki's defence)", () => {
    expect(text).not.toMatch(/Psaki/u);
    // Each pick is from its article's opening sentences, not one deep in it.
    for (const p of picks) expect(p.unit.rank).toBeLessThanOrEqual(2);
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
