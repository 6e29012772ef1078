import { beforeEach, describe, expect, it } from 'vitest';
import {
  bareDefiniteHead,
  forgetOpenings,
  namedIn,
  referentKnown,
} from '../../../lambda/briefing/definite-subject.ts';

// Each test reads afresh: a kept answer would hide what the reading does.
beforeEach(forgetOpenings);

const term = (word: string) => namedIn(word)[0];

describe('bareDefiniteHead: an opening that points back at something named before', () => {
  it.each([
    ['The arrest came just one day before the primary.', 'arrest'],
    ['The move was more evidence of a rift.', 'move'],
    ['The new site will host posts.', 'site'],
    ['The legislation explicitly forbids state officials from enforcing it.', 'legislation'],
    ['The death toll was likely to increase.', 'toll'],
    ['The proposed measures come in the face of growing competition.', 'measures'],
    ['The largely symbolic announcement means troops will stay.', 'announcement'],
    ["The nation's top infectious disease expert said the program would start.", 'expert'],
    // A non-restrictive clause does not say which bill.
    ['The bill, which must pass the House, is a rare point of agreement.', 'bill'],
    // A compound with a hyphen is one noun, and its last part its head.
    ['The 26-year-old was aboard the flight.', 'old'],
    ['The panic-buying threatens to worsen shortages.', 'buying'],
    // A hyphenated word is its last part, as the words the reader met are split.
    ['The co-founder resigned on Monday.', 'founder'],
    // After a short adverbial opening, however spaced.
    ['On Monday, the agency said it would appeal.', 'agency'],
    ['Earlier this week,  the panel voted to delay.', 'panel'],
    ['  The  move   came on Monday.', 'move'],
    // Past an aside between dashes, however written.
    ['The acreage -- about 1,200 square miles -- is comparable to four New Yorks.', 'acreage'],
    ['The cash — approved as part of the stimulus — aims to help.', 'cash'],
    ['The cash – approved in March – aims to help.', 'cash'],
    // A quotation a document speaks: which one, a text above must say.
    ['“Changes caused the outage,” the statement said.', 'statement'],
    ['"The attack was planned," the report reads.', 'report'],
    ['“We object,” the letter added on Monday.', 'letter'],
  ])('%s → %s', (text, head) => {
    expect(bareDefiniteHead(text)).toBe(term(head));
  });

  it.each([
    // A name says which.
    ['The Senate passed sweeping legislation Tuesday.'],
    ['The US economy added only 266,000 jobs in April.'],
    ['The Russian government said Anatoly Antonov had been called back.'],
    ['The White House is authorizing the National Archives to share documents.'],
    // A complement or a restrictive clause after the noun says which.
    ['The number of births in the U.S. fell 4% in 2020.'],
    ['The cease-fire that took effect Friday appears to have halted the fighting.'],
    ['The statement from the Trump Organization came shortly after.'],
    // A name in apposition says which.
    ['The drug, Aduhelm (aducanumab), had received mixed reviews.'],
    ['The drug — Aduhelm — had received mixed reviews.'],
    // A quotation a person or a named document speaks.
    ['“We object,” Biden said.'],
    ['“We object,” the company statement said.'],
    ['“We object” is what the statement said.'],
    // One thing every reader knows.
    ...[
      'administration',
      'coronavirus',
      'economy',
      'government',
      'inflation',
      'internet',
      'media',
      'military',
      'pandemic',
      'police',
      'president',
      'public',
      'unemployment rate',
      'virus',
      'world',
    ].map((noun) => [`The ${noun} said nothing on Monday.`]),
    ['The vice-president said nothing on Monday.'],
    // An opening phrase that is a clause, or not at the start, is no adverbial.
    ['Lawmakers from This Land, the party said, will vote.'],
    // A subject with brackets or quotation marks is not read.
    ['The bill (HR 1) was approved on Monday.'],
    ['The "reform" was approved on Monday.'],
    // Not a definite subject at all.
    ['Russia recalled its ambassador.'],
    ['A court ruled against the mayor on Monday, the clerk said.'],
    ['Thereafter the talks resumed.'],
    ['The'],
    [''],
  ])('no back-reference: %s', (text) => {
    expect(bareDefiniteHead(text)).toBeUndefined();
  });

  it('takes the last noun before the verb as the head, not a word after it', () => {
    expect(bareDefiniteHead('The legislation explicitly forbids it.')).toBe(term('legislation'));
    expect(bareDefiniteHead('The old bridge finally reopened.')).toBe(term('bridge'));
  });

  it('reads the same text the same way twice (the answer is kept)', () => {
    const text = 'The decision was welcomed by the union.';
    expect(bareDefiniteHead(text)).toBe(term('decision'));
    expect(bareDefiniteHead(text)).toBe(term('decision'));
  });
});

describe('referentKnown', () => {
  const text = 'The move comes as record numbers of people seek asylum.';

  it('needs the noun of a bare definite opening among the known terms', () => {
    expect(referentKnown(text, new Set())).toBe(false);
    expect(referentKnown(text, new Set(namedIn('Biden announces a move on asylum')))).toBe(true);
  });

  it('knows a hyphenated noun the reader met ("the co-founder" after "co-founder")', () => {
    const text = 'The co-founder resigned on Monday.';
    expect(referentKnown(text, new Set(namedIn('A co-founder of the firm was charged.')))).toBe(
      true,
    );
  });

  it('matches a noun to a word of the same stem named before ("the vote" after "voted")', () => {
    const vote = 'The vote came after hours of discussion.';
    expect(referentKnown(vote, new Set(namedIn('The panel voted 19-0 on Thursday.')))).toBe(true);
    expect(referentKnown(vote, new Set(namedIn('The panel met on Thursday.')))).toBe(false);
  });

  it('spells words lower case and stemmed', () => {
    expect(namedIn('Voted, ARRESTED: moves!')).toEqual(['vote', 'arrest', 'move']);
    expect(namedIn('')).toEqual([]);
  });

  it('knows the referent of any other opening', () => {
    expect(referentKnown('Officials announced the move on Monday.', new Set())).toBe(true);
  });
});
