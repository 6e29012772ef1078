import { parseISO } from 'date-fns';
import { describe, expect, it } from 'vitest';
import { type Claim, claimOf, supports } from '../../../lambda/briefing/claim.ts';
import {
  LEAD_COVER,
  LEAD_DOER_COVER,
  SAME_EVENT_COVER,
  sameEvent,
  type Told,
  VERB_COVER,
} from '../../../lambda/briefing/same-event.ts';
import { termsOnly } from './terms-only-claim.ts';

const published = parseISO('2021-03-18');

function told(text: string, people: string[] = [], speakers: string[] = []): Told {
  return { text, claim: claimOf(text, { people, speakers, published }) };
}

const terms = (...t: string[]): Told => ({ text: t.join(' '), claim: termsOnly(...t) });
const same = (a: Told, b: Told) => [sameEvent(a, b), sameEvent(b, a)];

describe('sameEvent: most of each side’s words', () => {
  it('asks half of the item’s terms in the telling, and more than half of the telling’s in the item', () => {
    expect(SAME_EVENT_COVER).toBe(0.5);
    const six = terms('a', 'b', 'c', 'd', 'e', 'f');
    // The item's side: exactly half is enough.
    expect(sameEvent(six, terms('a', 'b', 'c', 'x', 'y'))).toBe(true);
    // The telling's side: exactly half is not; a telling mostly about something else is not one.
    expect(sameEvent(terms('a', 'b', 'c', 'x', 'y'), six)).toBe(false);
    expect(sameEvent(six, terms('a', 'b', 'c', 'x', 'y', 'z'))).toBe(false);
    expect(sameEvent(six, terms('a', 'b', 'c', 'd', 'x', 'y', 'z'))).toBe(true);
    expect(sameEvent(terms('a', 'b', 'c', 'd', 'x', 'y', 'z', 'w'), six)).toBe(true);
    expect(sameEvent(terms('a', 'b', 'c', 'x', 'y', 'z', 'w'), six)).toBe(false);
  });

  it('needs three shared terms, however short the wordings', () => {
    expect(sameEvent(terms('a', 'b', 'c'), terms('a', 'b', 'c'))).toBe(true);
    expect(sameEvent(terms('a', 'b'), terms('a', 'b'))).toBe(false);
  });

  it('holds across paraphrase, detail on either side', () => {
    const bbc = told('When asked if he thought Putin was "a killer", President Biden said "I do".');
    const nbc = told('Asked if he thinks Putin is a killer, Biden said yes.');
    expect(same(bbc, nbc)).toEqual([true, true]);
    // Neither supports the other's wording: each says what the other does not.
    expect(supports(nbc.claim, bbc.claim)).toBe(false);
  });

  it('tells a shared topic from one event', () => {
    const a = told(
      'The first group of Afghans who worked for the U.S. government arrived in the U.S. early Friday.',
    );
    const b = told(
      'The first group of Afghans who aided U.S. forces is on the way to the United States to apply for a special visa.',
    );
    expect(same(a, b)).toEqual([false, false]);
  });
});

describe('sameEvent: an intention is not the deed', () => {
  const words = ['governor', 'order', 'school', 'mask', 'friday', 'florida'];
  const say = (text: string): Told => ({ text, claim: termsOnly(...words) });
  const signed = say('The governor signed an order on masks in schools on Friday in Florida.');

  it.each([
    'The governor announced that he intends to sign an order on masks in schools.',
    'The governor plans to sign an order on masks in schools.',
    'The governor said he hopes to sign an order on masks in schools.',
    'The governor wants to sign an order on masks in schools.',
  ])('refuses "%s" as a telling of the signing', (text) => {
    expect(same(signed, say(text))).toEqual([false, false]);
    expect(same(say(text), say(text.replace('The governor', 'Florida’s governor')))).toEqual([
      true,
      true,
    ]);
  });

  it('takes a decision told as done or as coming alike: the intention words only part them', () => {
    const extends_ = say('The governor is extending the order on masks in schools.');
    expect(same(extends_, say('The governor said it will extend the order on masks.'))).toEqual([
      true,
      true,
    ]);
  });
});

describe('sameEvent: one topic, two claims', () => {
  const withActors = (speakers: string[], attribution: string[], people: string[]): Told => {
    const claim: Claim = {
      ...termsOnly('moscow', 'respond', 'sanction', 'bank'),
      speakers: new Set(speakers),
      attribution: new Set(attribution),
      people: new Set(people),
    };
    return { text: 'Moscow will respond to sanctions on banks.', claim };
  };

  it('refuses another speaker, another attribution, or other people altogether', () => {
    expect(same(withActors(['Peskov'], [], []), withActors(['Lavrov'], [], []))).toEqual([
      false,
      false,
    ]);
    expect(same(withActors([], ['ministri'], []), withActors([], ['depart'], []))).toEqual([
      false,
      false,
    ]);
    expect(same(withActors([], [], ['Ted Cruz']), withActors([], [], ['John Cornyn']))).toEqual([
      false,
      false,
    ]);
    expect(
      same(
        withActors(['Peskov'], ['peskov'], ['Dmitry Peskov']),
        withActors(['Peskov'], ['kremlin', 'peskov'], ['Dmitry Peskov', 'Vladimir Putin']),
      ),
    ).toEqual([true, true]);
    // Only one side says who speaks or names anyone: nothing to tell them apart by.
    expect(
      same(withActors(['Peskov'], ['peskov'], ['Dmitry Peskov']), withActors([], [], [])),
    ).toEqual([true, true]);
    const ministry = told(
      'Moscow will respond to the new sanctions on Friday, the Russian Foreign Ministry said.',
    );
    const department = told(
      'Moscow will respond to the new sanctions on Friday, the State Department said.',
    );
    expect(same(ministry, department)).toEqual([false, false]);
  });

  it('refuses numbers with none in common, days or months with none in common', () => {
    const year = (y: string) =>
      told(`The company opened its first factory in Ohio in ${y}, a spokesman said.`);
    expect(same(year('2019'), year('2021'))).toEqual([false, false]);
    const tally = (t: string) =>
      told(`The Senate passed the infrastructure bill by a vote of ${t} on Tuesday afternoon.`);
    expect(same(tally('69-30'), tally('50-49'))).toEqual([false, false]);
    const day = (d: string) =>
      told(`The storm made landfall in Harris County on ${d}, officials said.`);
    expect(same(day('Monday'), day('Tuesday'))).toEqual([false, false]);
    // One gives a number or a day the other lacks, or they share one: a detail, the same event.
    expect(
      same(year('2019'), told('The company opened its first factory in Ohio, a spokesman said.')),
    ).toEqual([true, true]);
    expect(
      same(
        day('Monday'),
        told(
          'The storm made landfall in Harris County on Monday night, officials said 3 people died.',
        ),
      ),
    ).toEqual([true, true]);
  });

  it('refuses opposite outcomes', () => {
    const approved = told('The Texas Senate approved the school voucher bill after a long debate.');
    expect(
      same(
        approved,
        told('The Texas Senate rejected the school voucher bill after a long debate.'),
      ),
    ).toEqual([false, false]);
    const rose = told('Gas prices rose sharply across the state over the holiday weekend.');
    expect(
      same(rose, told('Gas prices fell sharply across the state over the holiday weekend.')),
    ).toEqual([false, false]);
  });

  it('refuses a negation only one has, outside quotations', () => {
    const approved = told('The Texas Senate approved the school voucher bill after a long debate.');
    expect(
      same(
        approved,
        told('The Texas Senate has not approved the school voucher bill after a long debate.'),
      ),
    ).toEqual([false, false]);
    expect(
      same(
        approved,
        told("The Texas Senate didn't approve the school voucher bill after a long debate."),
      ),
    ).toEqual([false, false]);
    const quoted = told(
      'The Texas Senate approved the school voucher bill after a long debate, calling it "no small thing".',
    );
    expect(same(approved, quoted)).toEqual([true, true]);
  });

  it('refuses a plan against a deed, but not for a relative clause about something else', () => {
    const approved = told('The Texas Senate approved the school voucher bill after a long debate.');
    expect(
      same(
        approved,
        told('The Texas Senate will vote on the school voucher bill after a long debate.'),
      ),
    ).toEqual([false, false]);
    expect(
      same(
        approved,
        told(
          'The Texas Senate is expected to approve the school voucher bill after a long debate.',
        ),
      ),
    ).toEqual([false, false]);
    const jury = told(
      'The district attorney convened a grand jury to weigh criminal evidence against the company.',
    );
    const expected = told(
      'The district attorney convened a grand jury that is expected to weigh criminal evidence against the company.',
    );
    expect(same(jury, expected)).toEqual([true, true]);
  });

  it('takes a statement that quotes a question for a statement', () => {
    const asked = told(
      '“Why now?” the senator asked as Russia recalled its ambassador to Washington.',
    );
    const recalled = told(
      'Russia recalled its ambassador to Washington as the senator asked why now.',
    );
    expect(same(asked, recalled)).toEqual([true, true]);
    const unquoted = told(
      'Why now? the senator asked as Russia recalled its ambassador to Washington.',
    );
    expect(same(unquoted, recalled)).toEqual([true, true]);
  });

  it('reads "no votes" as votes against, not a negation', () => {
    const count = told(
      'The vote was 364 to 62; all the votes in opposition came from Republicans.',
    );
    const noVotes = told(
      'The bill passed in a 364-62 vote, with all no votes coming from Republicans.',
    );
    expect(same(count, noVotes)).toEqual([true, true]);
    const notVoted = told('The bill passed in a 364-62 vote, with no Democrats voting against it.');
    expect(same(count, notVoted)).toEqual([false, false]);
  });

  it('refuses a question against a statement', () => {
    const recalled = told('Russia recalled its ambassador to Washington for urgent consultations.');
    expect(
      same(
        recalled,
        told('Did Russia recall its ambassador to Washington for urgent consultations?'),
      ),
    ).toEqual([false, false]);
  });
});

describe('sameEvent: two outlets’ leads', () => {
  const ten = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j'];
  // A lead whose text gives the verbs and whose claim holds exactly these terms.
  const lead = (text: string, terms: string[], rank = 0, extra: Partial<Claim> = {}): Told => ({
    text,
    claim: { ...termsOnly(...terms), ...extra },
    rank,
  });
  const fourOfTen = ['a', 'b', 'c', 'd', 'w', 'x', 'y', 'z', 'u', 'v'];
  const passed = 'The House passed the bill on Tuesday.';
  const alsoPassed = 'Lawmakers passed the measure.';

  it('takes two leads told with a verb in common and 40 % of each one’s terms', () => {
    expect(LEAD_COVER).toBe(0.4);
    expect(same(lead(passed, ten), lead(alsoPassed, fourOfTen))).toEqual([true, true]);
    // Less than 40 % on either side, or fewer than four terms shared, is not enough.
    const threeOfTen = ['a', 'b', 'c', 'w', 'x', 'y', 'z', 'u', 'v', 's'];
    expect(same(lead(passed, ten), lead(alsoPassed, threeOfTen))).toEqual([false, false]);
    const fourOfEleven = [...fourOfTen, 't'];
    expect(same(lead(passed, ten), lead(alsoPassed, fourOfEleven))).toEqual([false, false]);
    const six = ['a', 'b', 'c', 'd', 'e', 'f'];
    const threeOfSeven = ['a', 'b', 'c', 'x', 'y', 'z', 'w'];
    expect(same(lead(passed, six), lead(alsoPassed, threeOfSeven))).toEqual([false, false]);
  });

  // The verb in common is not the first of each: only the lead rule reads it.
  const metAndPassed = 'Lawmakers met and passed the measure.';

  it('is for leads only: the general rule asks half, or the first verb in common', () => {
    expect(same(lead(passed, ten), lead(metAndPassed, fourOfTen))).toEqual([true, true]);
    expect(same(lead(passed, ten, 1), lead(metAndPassed, fourOfTen))).toEqual([false, false]);
    expect(same(lead(passed, ten), lead(metAndPassed, fourOfTen, 2))).toEqual([false, false]);
    const told = (t: string, terms: string[]): Told => ({ text: t, claim: termsOnly(...terms) });
    expect(same(told(passed, ten), told(metAndPassed, fourOfTen))).toEqual([false, false]);
  });

  it('counts a verb that ends in -ing without being a participle ("bring")', () => {
    const a = lead('Storms bring floods to the coast.', ten);
    const b = lead('The rains bring floods again.', fourOfTen);
    expect(same(a, b)).toEqual([true, true]);
  });

  it('reads a participle after a comma as the event only after a verb of the sentence', () => {
    const signed = lead('Governor Ann Lee signed the new law on Tuesday.', ten);
    // The media's outrage is the event; the signing is the governor's act.
    const outrage = lead(
      'The media were up in arms over Governor Ann Lee, signing a new law.',
      fourOfTen,
    );
    expect(same(signed, outrage)).toEqual([false, false]);
    // Her second act, after her first: the event is hers.
    const faced = lead('Governor Ann Lee faced a second day of questions on Tuesday.', ten);
    const testified = lead(
      'Governor Ann Lee testified on Tuesday, facing a second day of questions.',
      fourOfTen,
    );
    expect(same(faced, testified)).toEqual([true, true]);
  });

  it('refuses two leads told with other verbs ("accused" / "surrendered")', () => {
    const accused = lead('The company accused prosecutors of a political crusade.', ten);
    const surrendered = lead('The finance chief surrendered to prosecutors.', fourOfTen);
    expect(same(accused, surrendered)).toEqual([false, false]);
  });

  it('asks the verb in common to be done in both or ahead in both ("intends to sign" / "signed")', () => {
    const signed = lead('The governor signed the order on Friday.', ten);
    // Reported, so only the verb's own words tell it is ahead (the sentence's own clause is the
    // announcing, which happened).
    for (const ahead of [
      'The governor announced that he intends to sign the order.',
      'The governor announced that he will sign the order.',
      'The governor announced that he may sign the order.',
      'The governor announced he is expected to sign the order.',
      'The governor announced that he plans to sign the order.',
    ]) {
      expect(same(signed, lead(ahead, fourOfTen)), ahead).toEqual([false, false]);
      expect(same(lead(ahead, ten), lead(ahead, fourOfTen)), ahead).toEqual([true, true]);
    }
    // Only the first verb in common decides: "signed an order that will require…".
    expect(
      same(
        lead('The governor signed an order that will require masks.', ten),
        lead('The governor signed an order requiring masks.', fourOfTen),
      ),
    ).toEqual([true, true]);
    expect(same(signed, lead('The governor had signed the order.', fourOfTen))).toEqual([
      true,
      true,
    ]);
  });

  it('refuses a lead that reports what someone said against one that states it', () => {
    const official = { attribution: new Set(['official']) };
    const speaker = { speakers: new Set(['Ann Lee']) };
    expect(same(lead(passed, ten), lead(metAndPassed, fourOfTen, 0, official))).toEqual([
      false,
      false,
    ]);
    expect(same(lead(passed, ten, 0, speaker), lead(metAndPassed, fourOfTen))).toEqual([
      false,
      false,
    ]);
    expect(
      same(lead(passed, ten, 0, official), lead(metAndPassed, fourOfTen, 0, official)),
    ).toEqual([true, true]);
  });

  it.each([
    [
      'a verb that only reports speech',
      'Officials said the storm came.',
      'Officials said the flood rose.',
    ],
    ['a verb inside a quotation', 'He said it “passed easily”.', 'Lawmakers passed the measure.'],
    [
      'a verb of a relative clause',
      'Officials who passed the bill met.',
      'Lawmakers passed the measure.',
    ],
    [
      'a participle describing a noun',
      'The committee investigating the riot met.',
      'The panel is investigating the riot.',
    ],
    [
      'a participle describing a name',
      'Officials at Pfizer seeking approval met.',
      'Pfizer is seeking approval.',
    ],
    [
      'a participle after a preposition',
      'The panel tasked with investigating the riot met.',
      'The panel is investigating the riot.',
    ],
  ])('finds no verb in common in %s', (_, a, b) => {
    expect(same(lead(a, ten), lead(b, fourOfTen))).toEqual([false, false]);
  });
});

describe('sameEvent: who did what to whom', () => {
  // The seed: each outlet's telling of the recall, too unlike in their other words to meet
  // half of each other's terms.
  const nbc = told(
    'Russia withdrew its ambassador to the United States on Wednesday for “consultations” just hours after Biden’s remarks, which the Kremlin later said were “very bad and unprecedented.”',
    ['Joe Biden'],
  );
  const bbc = told(
    'Russia has called home its ambassador for talks to prevent the "irreversible deterioration" of ties.',
  );

  it('takes two sentences whose doer, act and thing acted on meet', () => {
    expect(same(nbc, bbc)).toEqual([true, true]);
  });

  it('takes acts of one class told in different words', () => {
    const a = told(
      'The Senate approved the framework of a $3.5 trillion budget plan in a key procedural vote on Wednesday morning, allowing the body to move towards a final vote.',
    );
    const b = told(
      'The Senate passed a $3.5 trillion budget blueprint early Wednesday, the first step in an arduous process designed to allow Democrats to push through a package without GOP support.',
    );
    // "without" is a negation, in a clause of its own: a detail, not a denial of the act.
    expect(same(a, b)).toEqual([true, true]);
  });

  it('still needs three shared terms: acts of one class in other words share none', () => {
    const struck = told(
      'The judge struck down the rule for the tenants of the city and landlords.',
    );
    const vacated = 'The judge vacated the rule at the request of the';
    expect(same(struck, told(`${vacated} council members of the state.`))).toEqual([false, false]);
    expect(same(struck, told(`${vacated} city council members.`))).toEqual([true, true]);
  });

  it('refuses another doer, another act, another thing acted on', () => {
    const rest = 'for talks to prevent the "irreversible deterioration" of ties.';
    expect(same(nbc, told(`Russia has called home its ambassador ${rest}`))).toEqual([true, true]);
    expect(same(nbc, told(`Ukraine has called home its ambassador ${rest}`))).toEqual([
      false,
      false,
    ]);
    expect(same(nbc, told(`Russia has expelled its ambassador ${rest}`))).toEqual([false, false]);
    expect(same(nbc, told(`Russia has called home its consul ${rest}`))).toEqual([false, false]);
  });

  it('refuses an act denied, ahead, or asked against one done', () => {
    const done = told('The Senate passed the budget plan of the Democrats on Monday.');
    expect(
      same(done, told('The Senate did not pass the budget plan of the Democrats on Monday.')),
    ).toEqual([false, false]);
    expect(
      same(done, told('The Senate will pass the budget plan of the Democrats on Monday.')),
    ).toEqual([false, false]);
    expect(
      same(done, told('The Senate passed the budget plan of the Democrats on Monday?')),
    ).toEqual([false, false]);
  });

  it('still refuses other people, other numbers and opposite outcomes', () => {
    const a = told('Russia has called home its ambassador for talks, officials said.');
    const other = told('Russia withdrew its ambassador for consultations in 2019 after the row.');
    expect(same(told('Russia withdrew its ambassador for consultations in 2021.'), other)).toEqual([
      false,
      false,
    ]);
    expect(
      same(
        a,
        told(
          'Russia has called home its ambassador for talks, Peskov said.',
          [],
          ['Dmitry Peskov'],
        ),
      ),
    ).toEqual([false, false]);
  });
});

describe('sameEvent: doer and the one acted on swapped', () => {
  it('refuses the same words when who acts and who is acted on trade places', () => {
    const abbott = told('Governor Abbott criticized Mayor Adler over the mask rules on Monday.');
    const adler = told('Mayor Adler criticized Governor Abbott over the mask rules on Monday.');
    expect(same(abbott, adler)).toEqual([false, false]);
    expect(
      same(abbott, told('Governor Abbott criticized Mayor Adler over the mask rules.')),
    ).toEqual([true, true]);
  });
});

describe('sameEvent: whose figures they are', () => {
  const refinitiv = told(
    'Analysts surveyed by Refinitiv were expecting 870,000 jobs gained and the unemployment rate to fall to 5.7% from 5.9%.',
  );
  it('refuses two sources of figures, neither naming the other', () => {
    const dowJones = told(
      'Economists surveyed by Dow Jones had been looking for 845,000 new jobs and an unemployment rate of 5.7%.',
    );
    expect(same(refinitiv, dowJones)).toEqual([false, false]);
  });

  it('takes the same source, named by one and mentioned by the other', () => {
    const hill = told(
      'At least 15 million COVID-19 vaccine doses in the U.S. have gone to waste, with the number of unused doses rising, according to NBC News.',
    );
    const newsmax = told(
      'More than 15 million doses of COVID-19 vaccines have been wasted since March, according to Centers for Disease Control and Prevention data received by NBC News.',
    );
    expect(same(hill, newsmax)).toEqual([true, true]);
    // One names no source: a detail, not another claim.
    expect(
      same(
        refinitiv,
        told(
          'Analysts were expecting 870,000 jobs gained and the unemployment rate to fall to 5.7%.',
        ),
      ),
    ).toEqual([true, true]);
  });
});

describe('sameEvent: two sentences told with the same first verb', () => {
  const ten = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j'];
  // Sentences further down their articles (no lead rule), with exactly these terms.
  const said = (text: string, terms: string[], extra: Partial<Claim> = {}): Told => ({
    text,
    claim: { ...termsOnly(...terms), ...extra },
    rank: 3,
  });
  const overturned = 'A federal judge overturned the ban on Friday.';
  const alsoOverturned = 'A judge in California overturned the state ban.';
  const fourOfTen = ['a', 'b', 'c', 'd', 'w', 'x', 'y', 'z', 'u', 'v'];
  const fourOfThirteen = [...fourOfTen, 's', 't', 'r'];
  const threeOfTen = ['a', 'b', 'c', 'w', 'x', 'y', 'z', 'u', 'v', 's'];
  const friday = { values: new Set(['friday']) };

  it('takes 40 % of each one’s terms, four at least', () => {
    expect(VERB_COVER).toBe(0.3);
    expect(same(said(overturned, ten), said(alsoOverturned, fourOfTen))).toEqual([true, true]);
    const fourOfEleven = [...fourOfTen, 't'];
    expect(same(said(overturned, ten), said(alsoOverturned, fourOfEleven))).toEqual([false, false]);
    const six = ['a', 'b', 'c', 'd', 'e', 'f'];
    const threeOfSeven = ['a', 'b', 'c', 'x', 'y', 'z', 'w'];
    expect(same(said(overturned, six), said(alsoOverturned, threeOfSeven))).toEqual([false, false]);
  });

  it('takes 30 % with a number, a day or a person in common', () => {
    const a = said(overturned, ten, friday);
    expect(same(a, said(alsoOverturned, fourOfThirteen, friday))).toEqual([true, true]);
    const lee = { people: new Set(['Ann Lee']) };
    const b = said(overturned, ten, lee);
    expect(same(b, said(alsoOverturned, fourOfThirteen, lee))).toEqual([true, true]);
    // Without them, or under 30 % (4 of 14), or under four terms shared, it is not enough.
    expect(same(said(overturned, ten), said(alsoOverturned, fourOfThirteen))).toEqual([
      false,
      false,
    ]);
    const fourOfFourteen = [...fourOfThirteen, 'q'];
    expect(same(a, said(alsoOverturned, fourOfFourteen, friday))).toEqual([false, false]);
    expect(
      same(said(overturned, ['a', 'b', 'c'], friday), said(alsoOverturned, threeOfTen, friday)),
    ).toEqual([false, false]);
  });

  it('takes exactly 30 % with an anchor, and reads a quotation or an apostrophe inside', () => {
    const twenty = [...'abcdefghijklmnopqrst'];
    const sixOfTwenty = [...'abcdef', ...'ABCDEFGHIJKLMN'];
    const a = said(overturned, twenty, friday);
    const quotes = 'A federal judge overturned the “assault weapons” ban.';
    expect(same(a, said(quotes, sixOfTwenty, friday))).toEqual([true, true]);
    const apostrophe = 'California’s federal judge overturned the state ban.';
    expect(same(a, said(apostrophe, sixOfTwenty, friday))).toEqual([true, true]);
    const apostropheMark = "California's federal judge overturned the state ban.";
    expect(same(a, said(apostropheMark, sixOfTwenty, friday))).toEqual([true, true]);
  });

  it('takes two leads with the same doer from 15 %', () => {
    expect(LEAD_DOER_COVER).toBe(0.15);
    const lead = (text: string, terms: string[]): Told => ({
      text,
      claim: { ...termsOnly(...terms), ...friday },
      rank: 0,
    });
    const twenty = [...'abcdefghijklmnopqrst'];
    const threeOfTwenty = [...'abc', ...'ABCDEFGHIJKLMNOPQ'];
    const fourOfTwenty = [...'abcd', ...'ABCDEFGHIJKLMNOP'];
    const house = 'The House passed a resolution on Friday to expel the statues.';
    const alsoHouse = 'The House passed legislation that would remove the artwork.';
    expect(same(lead(house, twenty), lead(alsoHouse, fourOfTwenty))).toEqual([true, true]);
    // Under 15 %, further down their articles, or with another doer, it is not enough.
    const fourOfThirty = [...fourOfTwenty, ...'QRSTUVWXYZ'];
    expect(same(lead(house, twenty), lead(alsoHouse, fourOfThirty))).toEqual([false, false]);
    expect(same(lead(house, twenty), lead(alsoHouse, threeOfTwenty))).toEqual([false, false]);
    const further = (t: Told): Told => ({ ...t, rank: 1 });
    expect(same(further(lead(house, twenty)), lead(alsoHouse, fourOfTwenty))).toEqual([
      false,
      false,
    ]);
    const senate = 'The Senate passed legislation that would remove the artwork.';
    expect(same(lead(house, twenty), lead(senate, fourOfTwenty))).toEqual([false, false]);
  });

  it('asks an event verb of each: two noun phrases are not one event', () => {
    const ban = 'The federal ban on assault weapons, on Friday.';
    const alsoBan = 'A ban on assault weapons in California.';
    expect(same(said(ban, ten, friday), said(alsoBan, fourOfTen, friday))).toEqual([false, false]);
  });

  it('asks the first verb of each to be the same, and not a light one', () => {
    const later = 'A judge in California ruled and overturned the state ban.';
    expect(same(said(overturned, ten), said(later, fourOfTen))).toEqual([false, false]);
    const took = 'The senator took the stage on Friday.';
    const alsoTook = 'The senator from Ohio took questions.';
    expect(same(said(took, ten), said(alsoTook, fourOfTen))).toEqual([false, false]);
  });

  it('reads past an opening participle to the sentence’s own verb', () => {
    const speaking = 'Speaking in California, a federal judge overturned the ban.';
    expect(same(said(overturned, ten), said(speaking, fourOfTen))).toEqual([true, true]);
    // A verb that opens the sentence and is no participle is its first verb.
    const ruled = 'Ruled unconstitutional, the ban was overturned by a judge.';
    expect(same(said(overturned, ten), said(ruled, fourOfTen))).toEqual([false, false]);
  });

  it('asks the verb in common to be done in both or ahead in both', () => {
    const will = 'A federal judge will overturn the ban on Friday.';
    expect(same(said(will, ten), said(alsoOverturned, fourOfTen))).toEqual([false, false]);
  });

  it('reads no event in a sentence that opens on a quotation, nor a verb in a name', () => {
    const quoted = '“We will fight,” a federal judge overturned the ban, the aide said.';
    expect(same(said(quoted, ten), said(alsoOverturned, fourOfTen))).toEqual([false, false]);
    // "Act" of "the Voting Rights Act" is no verb.
    const act = 'The Voting Rights Act was renewed.';
    const alsoAct = 'The Voting Rights Act needs renewal.';
    expect(same(said(act, ten), said(alsoAct, fourOfTen))).toEqual([false, false]);
  });
});
