import { parseISO } from 'date-fns';
import { describe, expect, it } from 'vitest';
import {
  type AttributeDeps,
  type Attributed,
  attribute,
  claimOfWording,
  swapped,
  type Witness,
  type Wording,
} from '../../../lambda/briefing/attribute.ts';
import { claimOf, supports } from '../../../lambda/briefing/claim.ts';
import { cosine } from '../../../lambda/briefing/cosine.ts';
import { tokenize } from '../../../lambda/briefing/tokenize.ts';

const thursday = parseISO('2021-03-18');
const friday = parseISO('2021-03-19');

/** A small L2-normalized term-frequency vector. */
function vectorOf(text: string): Map<string, number> {
  const tf = new Map<string, number>();
  for (const t of tokenize(text)) tf.set(t, (tf.get(t) ?? 0) + 1);
  const norm = Math.sqrt([...tf.values()].reduce((s, w) => s + w * w, 0));
  for (const [t, w] of tf) tf.set(t, w / norm);
  return tf;
}

interface WitnessOptions {
  named?: { person: string; surface: string }[];
  speakers?: string[];
  published?: Date;
}

function witness(outlet: string, text: string, options: WitnessOptions = {}): Witness {
  const named = options.named ?? [];
  const published = options.published ?? thursday;
  return {
    outlet,
    text,
    claim: claimOf(text, {
      people: named.map((n) => n.person),
      speakers: options.speakers ?? [],
      published,
    }),
    named,
    published,
    vector: vectorOf(text),
  };
}

function depsWith(overrides: Partial<AttributeDeps<Witness>> = {}): AttributeDeps<Witness> {
  return {
    wordingsOf: (u) => [{ text: u.text }],
    baseWording: (u) => ({ text: u.text }),
    cost: () => 0,
    cosine: (a, b) => cosine(a.vector, b.vector),
    ...overrides,
  };
}

const outletsOf = (fact: Attributed<Witness>) => fact.units.map((u) => u.outlet);
const disagreementsOf = (fact: Attributed<Witness>) =>
  fact.disagreements.map((d) => [d.unit.outlet, d.what]);

describe('attribute', () => {
  it('credits the shorter wording to both outlets, and the quote to neither other outlet', () => {
    const long = witness(
      'Daily',
      'The council approved the road budget on Monday, and the mayor said "the potholes come first".',
    );
    const short = witness('Herald', 'The council approved the road budget on Monday.');
    const facts = attribute([long, short], depsWith());
    expect(facts).toHaveLength(1);
    expect(facts[0]?.wording).toEqual({ text: short.text });
    expect(facts[0]?.units).toEqual([short, long]);
    expect(facts[0]?.claim).toBe(short.claim);
    expect(facts[0]?.disagreements).toEqual([]);
    // Nowhere is the quote shown with the Herald credited.
    for (const fact of facts) {
      if (fact.wording.text.includes('potholes')) expect(outletsOf(fact)).toEqual(['Daily']);
    }
  });

  it('gives no shared credit when one outlet quotes the foreign ministry, the other the State Department', () => {
    const ministry = witness(
      'Daily',
      'Moscow will respond to the new sanctions against its banks, oil firms, ports and shipping lines on Friday, the Russian Foreign Ministry said.',
    );
    const department = witness(
      'Herald',
      'Moscow will respond to the new sanctions against its banks, oil firms, ports and shipping lines on Friday, the State Department said.',
    );
    // Who speaks tells them apart, whatever share of words is asked.
    expect(supports(department.claim, ministry.claim, { cover: 0 })).toBe(false);
    expect(supports(ministry.claim, department.claim, { cover: 0 })).toBe(false);
    const facts = attribute([ministry, department], depsWith());
    expect(facts.map(outletsOf)).toEqual([['Daily'], ['Herald']]);
    expect(facts.every((f) => f.disagreements.length === 0)).toBe(true);
  });

  it('records a disagreement on a number on both facts, never crediting the other number', () => {
    const twenty = witness('Daily', 'The agency published a report of 20 pages on the spill.');
    const fifteen = witness('Herald', 'The agency published a 15-page report on the spill.');
    const again = witness(
      'Courier',
      'A report of 20 pages on the spill was published by the agency.',
    );
    const facts = attribute([twenty, fifteen, again], depsWith());
    expect(facts.map(outletsOf)).toEqual([['Courier', 'Daily'], ['Herald']]);
    expect(facts.map(disagreementsOf)).toEqual([
      [['Herald', '20 vs 15 (pages)']],
      [['Courier', '15 vs 20 (pages)']],
    ]);
    for (const fact of facts) {
      if (fact.wording.text.includes('20')) expect(outletsOf(fact)).not.toContain('Herald');
      if (fact.wording.text.includes('15')) expect(outletsOf(fact)).toEqual(['Herald']);
    }
  });

  it('tells a contradicted fact whose sentence is not shown nothing, and its shown one once', () => {
    const twenty = witness('Daily', 'The agency published a report of 20 pages on the spill.');
    const fifteen = witness('Herald', 'The agency published a 15-page report on the spill.');
    const again = witness(
      'Courier',
      'A report of 20 pages on the spill was published by the agency.',
    );
    const more = witness('Post', 'The agency published a report of 15 pages on the spill.');
    const facts = attribute([twenty, fifteen, again, more], depsWith());
    expect(facts.map(outletsOf)).toEqual([
      ['Courier', 'Daily'],
      ['Post', 'Herald'],
    ]);
    expect(facts.map(disagreementsOf)).toEqual([
      [
        ['Herald', '20 vs 15 (pages)'],
        ['Post', '20 vs 15 (pages)'],
      ],
      [['Courier', '15 vs 20 (pages)']],
    ]);
  });

  it('tells a fact of every disagreement, its own and those mirrored from earlier facts', () => {
    const a = witness('Daily', 'The agency published a report of 20 pages.');
    const b = witness('Herald', 'The agency published a report of 15 pages.');
    const c = witness('Courier', 'The agency published a report of 10 pages.');
    const facts = attribute([a, b, c], depsWith());
    expect(facts.map(outletsOf)).toEqual([['Daily'], ['Herald'], ['Courier']]);
    expect(facts.map(disagreementsOf)).toEqual([
      [
        ['Herald', '20 vs 15 (pages)'],
        ['Courier', '20 vs 10 (pages)'],
      ],
      [
        ['Courier', '15 vs 10 (pages)'],
        ['Daily', '15 vs 20 (pages)'],
      ],
      [
        ['Daily', '10 vs 20 (pages)'],
        ['Herald', '10 vs 15 (pages)'],
      ],
    ]);
  });

  it('does not credit an outlet that supports the words but disagrees on a number', () => {
    const a = witness('Daily', 'The 20 inspectors published a report of 20 pages.');
    const b = witness('Herald', 'The 20 inspectors published a report of 15 pages.');
    const facts = attribute([a, b], depsWith());
    expect(facts.map(outletsOf)).toEqual([['Daily'], ['Herald']]);
    expect(facts.map(disagreementsOf)).toEqual([
      [['Herald', '20 vs 15 (pages)']],
      [['Daily', '15 vs 20 (pages)']],
    ]);
  });

  it('asks the similarity of the two sentences before calling them a disagreement', () => {
    const a = witness('Daily', 'The 20 inspectors published a report of 20 pages.');
    const b = witness('Herald', 'The 20 inspectors published a report of 15 pages.');
    const facts = attribute([a, b], depsWith({ cosine: () => 0.1 }));
    expect(facts.map(outletsOf)).toEqual([['Daily', 'Herald']]);
    expect(facts[0]?.disagreements).toEqual([]);
  });

  it('resolves each sentence’s days against its own publication day', () => {
    const text = 'The dam burst yesterday, flooding the valley.';
    const a = witness('Daily', text, { published: thursday });
    const b = witness('Herald', text, { published: friday });
    const facts = attribute([a, b], depsWith());
    expect(facts.map(outletsOf)).toEqual([['Daily'], ['Herald']]);
    expect(facts.map(disagreementsOf)).toEqual([
      [['Herald', '2021-03-17 vs 2021-03-18']],
      [['Daily', '2021-03-18 vs 2021-03-17']],
    ]);
    const same = attribute([a, witness('Herald', text, { published: thursday })], depsWith());
    expect(same.map(outletsOf)).toEqual([['Daily', 'Herald']]);
  });

  it('makes the same sentence under two outlets one fact credited to both', () => {
    const text = 'Floods closed the coastal railway for three days.';
    const a = witness('Daily', text);
    const b = witness('Herald', text);
    const facts = attribute([a, b], depsWith());
    expect(facts).toHaveLength(1);
    expect(facts[0]?.units).toEqual([a, b]);
    expect(facts[0]?.claim).toBe(a.claim);
  });

  it('never lets an outlet support its own sentence', () => {
    const text = 'Floods closed the coastal railway for three days.';
    const facts = attribute([witness('Daily', text), witness('Daily', text)], depsWith());
    expect(facts.map(outletsOf)).toEqual([['Daily'], ['Daily']]);
  });

  it('shows the cleaner wording when as many outlets support each', () => {
    const text = 'Floods closed the coastal railway for three days.';
    const a = witness('Daily', text);
    const b = witness('Herald', text);
    const facts = attribute([a, b], depsWith({ cost: (u) => (u === a ? 1 : 0) }));
    expect(facts[0]?.units).toEqual([b, a]);
  });

  it('shows the wording that says more when support and cost are even', () => {
    const short = witness('Daily', 'The council approved the road budget on Monday.');
    const long = witness('Herald', 'On Monday the council approved the new road budget.');
    const facts = attribute([short, long], depsWith());
    expect(facts).toHaveLength(1);
    expect(facts[0]?.units).toEqual([long, short]);
  });

  it('prefers the wording more outlets support to a cleaner one', () => {
    const long = witness(
      'Daily',
      'The council approved the road budget on Monday, and the mayor said "the potholes come first".',
    );
    const short = witness('Herald', 'The council approved the road budget on Monday.');
    const facts = attribute([long, short], depsWith({ cost: (u) => (u === short ? 5 : 0) }));
    expect(facts[0]?.units).toEqual([short, long]);
  });

  it('chooses a trim that gains a supporter, with the claim of the trimmed text', () => {
    const peskov = { person: 'Dmitry Peskov', surface: 'Dmitry Peskov' };
    const full = 'The talks in Geneva will resume on Friday, said Kremlin spokesman Dmitry Peskov.';
    const kremlin = witness('Daily', full, { named: [peskov], speakers: ['Dmitry Peskov'] });
    const diplomats = witness(
      'Herald',
      'The talks in Geneva will resume on Friday, diplomats from both sides said privately.',
    );
    const trim: Wording = {
      text: 'The talks in Geneva will resume on Friday.',
      kept: [
        [0, 41],
        [full.length - 1, full.length],
      ],
    };
    const deps = depsWith({
      wordingsOf: (u) => (u === kremlin ? [{ text: u.text }, trim] : [{ text: u.text }]),
      // The trim reads a little worse: support still decides.
      cost: (_, w) => (w.kept ? 1 : 0),
    });
    const facts = attribute([kremlin, diplomats], deps);
    expect(facts).toHaveLength(1);
    expect(facts[0]?.wording).toBe(trim);
    expect(facts[0]?.units).toEqual([kremlin, diplomats]);
    const claim = facts[0]?.claim;
    expect(claim?.people.size).toBe(0);
    expect(claim?.speakers.size).toBe(0);
    expect(claim?.terms.has('peskov')).toBe(false);
    expect(claim?.terms.has('geneva')).toBe(true);
  });

  it('tries trims only when another outlet shares three terms without supporting the sentence', () => {
    const text = 'Harbour cranes resumed loading after the dockers ended their strike.';
    const trim: Wording = { text: 'Harbour cranes.', kept: [[0, 14]] };
    const deps = depsWith({
      wordingsOf: (u) => (u.outlet === 'Daily' ? [{ text: u.text }, trim] : [{ text: u.text }]),
    });
    const three = witness('Herald', 'Harbour cranes resumed work under floodlights overnight.');
    const facts = attribute([witness('Daily', text), three], deps);
    expect(facts.map(outletsOf)).toEqual([['Daily', 'Herald']]);
    expect(facts[0]?.wording).toBe(trim);
    const two = witness('Herald', 'Harbour cranes stood under floodlights overnight.');
    const apart = attribute([witness('Daily', text), two], deps);
    expect(apart.map(outletsOf)).toEqual([['Daily'], ['Herald']]);
    expect(apart[0]?.wording).toEqual({ text });
  });

  it('does not try trims when every other outlet supports the whole sentence', () => {
    const text = 'Floods closed the coastal railway for three days.';
    const trim: Wording = { text: 'Floods closed the coastal railway.', kept: [[0, 33]] };
    const a = witness('Daily', text);
    const b = witness('Herald', text);
    const facts = attribute(
      [a, b],
      depsWith({ wordingsOf: (u) => [{ text: u.text }, trim], cost: (_, w) => (w.kept ? 0 : 1) }),
    );
    expect(facts).toHaveLength(1);
    expect(facts[0]?.wording).toEqual({ text });
  });

  it('puts a wording that cannot be shown after every one that can, support aside', () => {
    const long = witness(
      'Daily',
      'The council approved the road budget on Monday, and the mayor said "the potholes come first".',
    );
    const short = witness('Herald', 'The council approved the road budget on Monday.');
    for (const members of [
      [long, short],
      [short, long],
    ]) {
      const unshowable = attribute(members, depsWith({ cost: (u) => (u === short ? 100 : 0) }));
      expect(unshowable.map((f) => f.units)).toEqual([[long], [short]]);
      const showable = attribute(members, depsWith({ cost: (u) => (u === short ? 99 : 0) }));
      expect(showable.map((f) => f.units)).toEqual([[short, long]]);
      const neither = attribute(members, depsWith({ cost: () => 100 }));
      expect(neither.map((f) => f.units)).toEqual([[short, long]]);
    }
  });

  it('has no facts without members or without wordings', () => {
    expect(attribute([], depsWith())).toEqual([]);
    // Each shares terms with the other without supporting it: only their (no) trims are tried.
    const debate = witness('Daily', 'The council approved the road budget after a long debate.');
    const tram = witness('Herald', 'The council approved the road budget and a new tram line.');
    expect(attribute([debate, tram], depsWith({ wordingsOf: () => [] }))).toEqual([]);
  });
});

describe('claimOfWording', () => {
  const lund = { person: 'Anna Lund', surface: 'Lund' };
  const text = 'Lund said the harbour will reopen on Monday.';

  it('is the sentence’s own claim for the whole sentence', () => {
    const mayor = witness('Daily', text, { named: [lund], speakers: ['Anna Lund'] });
    expect(claimOfWording(mayor, { text })).toBe(mayor.claim);
  });

  it('is the claim of the kept text for a trim, with the people it still names', () => {
    const mayor = witness('Daily', text, { named: [lund], speakers: ['Anna Lund'] });
    const gone = claimOfWording(mayor, { text: 'The harbour will reopen.', kept: [[14, 38]] });
    expect(gone.people.size).toBe(0);
    expect(gone.speakers.size).toBe(0);
    expect(gone.values.size).toBe(0);
    const kept = claimOfWording(mayor, {
      text: 'Lund said the harbour will reopen.',
      kept: [[0, 38]],
    });
    expect(kept.people).toEqual(new Set(['Anna Lund']));
    expect(kept.speakers).toEqual(new Set(['Anna Lund']));
  });

  it('resolves a trim’s relative years against the publication day', () => {
    const mayor = witness('Daily', 'The harbour, shut last year, will reopen, Lund said.', {
      named: [lund],
      speakers: ['Anna Lund'],
    });
    const claim = claimOfWording(mayor, {
      text: 'The harbour, shut last year, will reopen.',
      kept: [[0, 40]],
    });
    expect(claim.values).toEqual(new Set(['2020']));
  });

  it('keeps a speaker only while the trim still names them', () => {
    const moe = { person: 'Kari Moe', surface: 'Moe' };
    const both = 'Lund said the harbour will reopen, and Moe agreed.';
    const mayor = witness('Daily', both, { named: [lund, moe], speakers: ['Anna Lund'] });
    const claim = claimOfWording(mayor, { text: 'Moe agreed.', kept: [[39, 50]] });
    expect(claim.people).toEqual(new Set(['Kari Moe']));
    expect(claim.speakers.size).toBe(0);
  });
});

describe('swapped', () => {
  it('reads each difference from the other side, the counted thing kept', () => {
    expect(swapped('8 vs 2 (houses); 2021-03-16 vs 2021-03-17')).toBe(
      '2 vs 8 (houses); 2021-03-17 vs 2021-03-16',
    );
    expect(swapped('1.2 trillion vs 1 trillion (roads)')).toBe(
      '1 trillion vs 1.2 trillion (roads)',
    );
  });

  it('leaves a part that is no comparison as it is', () => {
    expect(swapped('no comparison; 3 vs 4')).toBe('no comparison; 4 vs 3');
  });

  it('swaps a part only when the whole of it, from its start, is a comparison', () => {
    // "." does not cross a line break: the part as a whole is no comparison.
    expect(swapped('a note\n3 vs 4')).toBe('a note\n3 vs 4');
  });

  describe('other tellings of one event', () => {
    const bbc = witness(
      'BBC',
      'When asked if he thought Putin was "a killer", President Biden said "I do".',
    );
    const nbc = witness('NBC', 'Asked if he thinks Putin is a killer, Biden said yes.');
    const tellingsOf = (f: Attributed<Witness>) =>
      f.also.map((t) => [t.units.map((u) => u.outlet), t.wording.text]);

    it('shows the event once, the other outlet’s telling in its own words under its own name', () => {
      const facts = attribute([bbc, nbc], depsWith());
      expect(facts.map(outletsOf)).toEqual([['BBC']]);
      expect(facts.map(tellingsOf)).toEqual([[[['NBC'], nbc.text]]]);
    });

    it('keeps the cleaner wording shown and the other as its telling', () => {
      const cost = (u: Witness) => (u.outlet === 'BBC' ? 5 : 0);
      const facts = attribute([bbc, nbc], depsWith({ cost }));
      expect(facts.map(outletsOf)).toEqual([['NBC']]);
      expect(facts.map(tellingsOf)).toEqual([[[['BBC'], bbc.text]]]);
    });

    it('joins no telling that cannot be shown', () => {
      const cost = (u: Witness) => (u.outlet === 'NBC' ? 100 : 0);
      const facts = attribute([bbc, nbc], depsWith({ cost }));
      expect(facts.map(outletsOf)).toEqual([['BBC'], ['NBC']]);
      expect(facts.every((f) => f.also.length === 0)).toBe(true);
    });

    it('joins no telling from an outlet the fact already has, nor one that disagrees', () => {
      const again = witness('BBC', 'Asked if he thinks Putin is a killer, Biden said yes.');
      expect(attribute([bbc, again], depsWith()).map(outletsOf)).toEqual([['BBC'], ['BBC']]);
      const twenty = witness(
        'Daily',
        'The agency published its report on the spill of 20 pages on Tuesday.',
      );
      const fifteen = witness(
        'Herald',
        'The agency published its report on the spill of 15 pages on Tuesday.',
      );
      const facts = attribute([twenty, fifteen], depsWith());
      expect(facts).toHaveLength(2);
      expect(facts.every((f) => f.also.length === 0)).toBe(true);
    });

    it('joins a third outlet’s telling to a fact two outlets share in one wording', () => {
      const daily = witness('Daily', 'Biden said yes when asked if he thinks Putin is a killer.');
      const facts = attribute([nbc, daily, bbc], depsWith());
      expect(facts.map(outletsOf)).toEqual([['Daily', 'NBC']]);
      expect(facts.map(tellingsOf)).toEqual([[[['BBC'], bbc.text]]]);
    });

    it('leaves apart two sentences of one story that tell different events', () => {
      const recall = witness(
        'NBC',
        'Russia withdrew its ambassador to the United States on Wednesday.',
      );
      const facts = attribute([bbc, recall], depsWith());
      expect(facts.map(outletsOf)).toEqual([['BBC'], ['NBC']]);
    });
  });
});
