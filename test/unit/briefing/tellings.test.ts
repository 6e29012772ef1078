import { describe, expect, it } from 'vitest';
import { type Fact, type Unit, unitsOf } from '../../../lambda/briefing/build-facts.ts';
import { Shown } from '../../../lambda/briefing/shown.ts';
import { evidenceOf, takeTellings } from '../../../lambda/briefing/tellings.ts';
import { handFact, handUnit } from './hand-made-facts.ts';

const OUTLETS = ['Daily', 'Herald', 'Courier', 'Wire'];

const unit = (outlet: string, paragraph: number, text: string, extra: Partial<Unit> = {}) =>
  handUnit(OUTLETS.indexOf(outlet), outlet, paragraph - 1, text, extra);

const fact = (units: Unit[], group: number, also: Unit[][] = []): Fact =>
  handFact(units, {
    group,
    also: also.map((t) => ({ units: t, wording: { text: (t[0] as Unit).text } })),
  });

const vote = unit(
  'Daily',
  1,
  'The city council voted on Tuesday to close the old harbour bridge to all traffic.',
);
const heraldVote = unit(
  'Herald',
  4,
  'On Tuesday the city council voted to shut the old harbour bridge to traffic after engineers reported cracks.',
);
const heraldShops = unit(
  'Herald',
  2,
  'Local shops near the bridge fear that a long closure will cost them customers.',
);
const courierVote = unit(
  'Courier',
  1,
  'The council voted on Tuesday to close the harbour bridge to traffic for repairs.',
);

describe('takeTellings', () => {
  const pool = (facts: Fact[], shown = new Shown()) => ({ units: unitsOf(facts), shown });

  it('finds another outlet’s sentence of the same event wherever alignment put it, in its own words', () => {
    const facts = [fact([vote], 0), fact([heraldShops], 1), fact([heraldVote], 2)];
    const p = pool(facts);
    const tellings = takeTellings(facts[0] as Fact, vote, [vote], p);
    expect(tellings).toEqual([
      { text: heraldVote.text, sources: ['Herald'], evidence: [{ ...heraldVote.ref }] },
    ]);
    // Now shown: the fact it belonged to counts as told, and no later item takes it again.
    expect(p.shown.has(facts[2] as Fact)).toBe(true);
    expect(takeTellings(facts[0] as Fact, vote, [vote], p)).toEqual([]);
  });

  it('takes per outlet the closest telling, outlets in story order', () => {
    const closer = unit(
      'Courier',
      3,
      'The city council voted on Tuesday to close the old harbour bridge.',
    );
    // The closest first, then a farther one: a later candidate must be closer to replace it.
    const facts = [
      fact([vote], 0),
      fact([closer], 1),
      fact([courierVote], 2),
      fact([heraldVote], 3),
    ];
    const tellings = takeTellings(facts[0] as Fact, vote, [vote], pool(facts));
    expect(tellings.map((t) => t.text)).toEqual([heraldVote.text, closer.text]);
    const reversed = [fact([vote], 0), fact([courierVote], 1), fact([closer], 2)];
    expect(
      takeTellings(reversed[0] as Fact, vote, [vote], pool(reversed)).map((t) => t.text),
    ).toEqual([closer.text]);
  });

  it('measures closeness against the longer sentence, and keeps the first of two as close', () => {
    // Shares more words but says much more: less close than a short sentence sharing fewer.
    const long = unit(
      'Courier',
      2,
      'The city council voted on Tuesday to close the old harbour bridge to all traffic and ordered repairs to its cracked steel supports.',
    );
    const short = unit('Courier', 3, 'The city council voted to close the old harbour bridge.');
    const facts = [fact([vote], 0), fact([long], 1), fact([short], 2)];
    expect(takeTellings(facts[0] as Fact, vote, [vote], pool(facts)).map((t) => t.text)).toEqual([
      short.text,
    ]);
    const twin = unit('Courier', 4, short.text.replace('council', 'Council'));
    const tied = [fact([vote], 0), fact([short], 1), fact([twin], 2)];
    expect(
      takeTellings(tied[0] as Fact, vote, [vote], pool(tied)).map((t) => t.evidence[0]?.paragraph),
    ).toEqual([3]);
  });

  it('takes no sentence that tells the event with a number the item contradicts', () => {
    const item = unit(
      'Daily',
      1,
      'The storm killed 12 people and injured 30 in Harris County on Monday.',
    );
    const other = unit(
      'Herald',
      1,
      'The storm killed 15 people and injured 30 in Harris County on Monday.',
    );
    const facts = [fact([item], 0), fact([other], 1)];
    expect(takeTellings(facts[0] as Fact, item, [item], pool(facts))).toEqual([]);
  });

  it('keeps a joined telling as alignment joined it: its wording and every outlet supporting it', () => {
    const wireVote = unit('Wire', 2, courierVote.text);
    const joined = fact([vote], 0, [[courierVote, wireVote]]);
    expect(takeTellings(joined, vote, [vote], pool([joined]))).toEqual([
      {
        text: courierVote.text,
        sources: ['Courier', 'Wire'],
        evidence: [{ ...courierVote.ref }, { ...wireVote.ref }],
      },
    ]);
    // Around another sentence of the fact, a joined telling shows only if it tells that event.
    const shops = fact([vote, heraldShops], 1, [[courierVote, wireVote]]);
    expect(takeTellings(shops, heraldShops, [heraldShops], pool([shops]))).toEqual([]);
  });

  it('takes nothing shown, kept for later, from a credited outlet, unshowable or disagreeing', () => {
    const shown = new Shown();
    shown.useText(heraldVote.text);
    const garbled = unit('Courier', 2, courierVote.text, { penalty: 9 });
    const otherDay = unit(
      'Wire',
      1,
      'The city council voted on Monday to close the old harbour bridge to all traffic.',
    );
    const facts = [fact([vote], 0), fact([heraldVote], 1), fact([garbled], 2), fact([otherDay], 3)];
    expect(takeTellings(facts[0] as Fact, vote, [vote], pool(facts, shown))).toEqual([]);
    const fresh = [fact([vote], 0), fact([courierVote], 1)];
    const reserved = new Set([courierVote]);
    expect(takeTellings(fresh[0] as Fact, vote, [vote], { ...pool(fresh), reserved })).toEqual([]);
    expect(takeTellings(fresh[0] as Fact, vote, [vote, courierVote], pool(fresh))).toEqual([]);
  });

  it('shows a fact’s joined telling, and around another sentence only the tellings of its event', () => {
    const joined = fact([vote], 0, [[courierVote]]);
    expect(takeTellings(joined, vote, [vote], pool([joined])).map((t) => t.sources)).toEqual([
      ['Courier'],
    ]);
    // The summary shows the Herald's sentence of a fact whose first sentence is the Daily's:
    // the Daily's sentence, not supporting it, is a telling when it tells the same event.
    const shared = fact([vote, heraldVote, heraldShops], 1);
    const around = takeTellings(shared, heraldVote, [heraldVote], pool([shared]));
    expect(around.map((t) => [t.sources, t.text])).toEqual([[['Daily'], vote.text]]);
  });

  it('takes none of the fact’s own sentences that is cut off, shown already or kept for later', () => {
    const cut = unit('Courier', 1, courierVote.text, { truncated: true });
    const shared = fact([vote, heraldVote, cut], 1);
    expect(takeTellings(shared, heraldVote, [heraldVote], pool([shared]))).toEqual([
      { text: vote.text, sources: ['Daily'], evidence: [{ ...vote.ref }] },
    ]);
    const shown = new Shown();
    shown.useText(vote.text);
    expect(takeTellings(shared, heraldVote, [heraldVote], pool([shared], shown))).toEqual([]);
    const reserved = new Set([vote]);
    expect(takeTellings(shared, heraldVote, [heraldVote], { ...pool([shared]), reserved })).toEqual(
      [],
    );
    const joined = fact([vote], 0, [[courierVote]]);
    const told = new Shown();
    told.useText(courierVote.text);
    expect(takeTellings(joined, vote, [vote], pool([joined], told))).toEqual([]);
  });
});

describe('evidenceOf', () => {
  it('puts the kept ranges on the first ref only, and none for a whole sentence', () => {
    expect(evidenceOf([vote, heraldVote], { kept: [[3, 20]] })).toEqual([
      { ...vote.ref, kept: [[3, 20]] },
      { ...heraldVote.ref },
    ]);
    expect(evidenceOf([vote, heraldVote], {})).toEqual([{ ...vote.ref }, { ...heraldVote.ref }]);
    expect(evidenceOf([vote])).toEqual([{ ...vote.ref }]);
  });
});
