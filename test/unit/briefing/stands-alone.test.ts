import { describe, expect, it } from 'vitest';
import { standsAlone } from '../../../lambda/briefing/stands-alone.ts';

type Sentence = string | readonly [string];
const textOf = (s: Sentence): string => (typeof s === 'string' ? s : s[0]);

/** Each sentence of `leans` needs the one before it in its article; each of `stands` reads alone. */
function leansAndStands(leans: readonly Sentence[], stands: readonly Sentence[]): void {
  it.each(leans.map(textOf))('leans on the previous sentence: %s', (sentence) => {
    expect(standsAlone(sentence)).toBe(false);
  });
  it.each(stands.map(textOf))('stands alone: %s', (sentence) => {
    expect(standsAlone(sentence)).toBe(true);
  });
}

describe('standsAlone', () => {
  it.each([
    'Russia has called home its ambassador for talks.',
    'Theresa May resigned on Friday.',
    'There are 20 people missing after the flood.',
    'Earlier this week, the Senate passed the bill.',
    'In response to the sanctions, Moscow expelled ten diplomats.',
    'The former president said he would run again.',
    'Heathrow said it would add a third runway.',
    'Biden will host the summit, as well as a dinner.',
    'Butler scored twice.',
    'US President Joe Biden has promised to hunt down the perpetrators.',
    'In addition to the deaths, dozens were injured.',
    'Instead of joining the university, she accepted a post elsewhere.',
    'The milestone approaches even though cases have fallen.',
    'The bill is too expensive, Republicans say.',
    'Though the bill is in early days, lawmakers hope to pass it.',
    'Pelosi said the committee would "establish the truth of that day".',
  ])('stands alone: %s', (sentence) => {
    expect(standsAlone(sentence)).toBe(true);
  });

  it.each([
    ['“He will pay a price,” Biden said in an interview aired on Wednesday.'],
    ['"It takes one to know one," Putin said on Russian TV.'],
    ['“We are ready,” said Kremlin spokesman Dmitry Peskov.'],
    ['“This is a turning point,” according to the report.'],
    ['“Killer” is how Biden described the Russian leader.'],
    ['“Changes caused the outage,” Facebook said in a statement.'],
    // A document speaking stands, once a text above names it (definite-subject.ts).
    ['“Changes caused the outage,” the statement said.'],
  ])('a quotation that names its speaker stands alone: %s', (sentence) => {
    expect(standsAlone(sentence)).toBe(true);
  });

  it.each([
    ['a bare quotation', '“He will pay a price.”'],
    ['a quotation a pronoun speaks', '“He will pay a price,” he said.'],
    ['a quotation a pronoun’s kin speak', '“We have lost a loving father,” his family said.'],
    ['a quotation that runs on unattributed', '“We are ready to talk” and nothing more.'],
  ])('%s does not stand alone', (_, sentence) => {
    expect(standsAlone(sentence)).toBe(false);
  });

  it.each([
    ['He said he would pay a price.'],
    ['She declined to comment.'],
    ['It was the first such recall in years.'],
    ['They met in Geneva.'],
    ['His remarks drew a sharp reply.'],
    ['Her office said nothing.'],
    ['This prompted a recall.'],
    ['That was in 2014.'],
    ['These sanctions follow others.'],
    ['Those talks failed.'],
    ['We will respond.'],
  ])('a pronoun opening leans on the previous sentence: %s', (sentence) => {
    expect(standsAlone(sentence)).toBe(false);
  });

  it.each([
    ['But the Kremlin denied it.'],
    ['And the talks went on.'],
    ['Also on Friday, the Senate voted.'],
    ['However, the Kremlin denied it.'],
    ['Still, the rouble fell.'],
    ['Yet the rouble fell.'],
    ['So the talks ended.'],
    ['Then the talks ended.'],
    ['Meanwhile, Russia recalled its ambassador.'],
    ['In response, Russia recalled its ambassador.'],
    ['As well, the embassy closed.'],
    ['There, the talks went on.'],
  ])('a connective opening leans on the previous sentence: %s', (sentence) => {
    expect(standsAlone(sentence)).toBe(false);
  });

  it.each([
    ['In a later news conference, Putin wished Biden good health.'],
    ['Later, the Kremlin recalled its ambassador.'],
    ['Earlier, the report was published.'],
    ['Putin said earlier that he wished Biden good health.'],
    ['The same day, Moscow recalled its ambassador.'],
    ['Russia recalled its ambassador the same day.'],
    ['The former said nothing.'],
    ['The latter denied it.'],
    ['Russia recalled its ambassador as well.'],
    ['The US president also told ABC News Putin would pay.'],
    ['Putin, meanwhile, wished Biden good health.'],
    ['In practice, though, the army got it wrong.'],
  ])('a phrase that needs the previous sentence: %s', (sentence) => {
    expect(standsAlone(sentence)).toBe(false);
  });

  it.each([
    ['MOSCOW (Reuters) - Russia recalled its ambassador.'],
    ['WASHINGTON — President Biden said Putin would pay.'],
    ['NEW YORK, March 18 (AP) — Stocks fell.'],
    ['(CNN) President Biden said Putin would pay.'],
    ['(Reuters) - Russia recalled its ambassador.'],
  ])('a dateline or wire credit never opens: %s', (sentence) => {
    expect(standsAlone(sentence)).toBe(false);
  });
});

describe('standsAlone: the speaker and verb after a quotation the sentence before holds', () => {
  leansAndStands(
    [
      'Johnson asked, looking over to Biden, who replied, "Good luck."',
      'Psaki added, noting the talks would go on.',
      'Mr. Johnson asked.',
      'Prime Minister Boris Johnson replied!',
    ],
    [
      'Biden said, "We will respond."',
      'Johnson said, “Good luck.”',
      'Psaki said the talks would go on.',
      'Johnson asked whether the talks would go on.',
      'Five Republicans said, in a letter, that they would vote no.',
    ],
  );
});

describe('standsAlone: a pronoun after a short leading adverbial', () => {
  leansAndStands(
    [
      'In late August, his disapproval rating overtook his approval rating.',
      'Normally, that would be the end of it.',
      'Apparently, this reversal was made out of concern for the variant.',
      'Sadly, these targets have little chance of being met.',
      'At the time, they were writing about the liberal hawks.',
      'In his address, he sought to offer an alternative.',
      'On Monday, it was not clear what the ruling meant.',
    ],
    [
      'On Monday, the agency said it would appeal.',
      'In late August, the rating overtook his approval rating.',
      'Normally, traffic would be lighter on a Sunday.',
      'Earlier this week, this time with the Senate, the bill passed.',
      'In a statement, Thursday’s winners said they would donate the prize.',
      'Notably, this week the Senate passed the bill.',
      'Arizona voters backed Sen. Mark Kelly, his aide said.',
    ],
  );
});

describe('standsAlone: a question word whose clause is about what came before', () => {
  leansAndStands(
    [
      'How it all works out may make the case for wider adoption.',
      'Why he did it remains unclear.',
      'What they found was a surprise to investigators.',
      'Whether this holds is another question.',
    ],
    [
      'How the virus spread remains unclear.',
      'What investigators found was a surprise.',
      'Why the law matters to Texas voters is plain.',
    ],
  );
});

describe('standsAlone: whoever or whenever the sentence before named', () => {
  leansAndStands(
    [
      'At that time, the board recommended he be sent home.',
      'The experts will need boosters, according to the people, who spoke on condition of anonymity.',
      'The plan was approved, according to the officials.',
      'Deputy Commissioner David Black agreed to resign, said the official, who spoke on condition of anonymity.',
      'The official, who has direct knowledge of operations, was not authorized to discuss the matter Tuesday and spoke on condition of anonymity.',
      'The two U.S. officials spoke on condition of anonymity.',
      'A risk to their fellow citizens.',
      'A threat to the nation’s economic recovery.',
      'An end to the war, at last.',
      'As of Tuesday afternoon, that’s the vast majority of U.S. counties.',
      'Sen. Joe Manchin, another member of the group, confirmed the deal.',
      'Health experts say that just isn’t true.',
      'Experts said that was a risk for the plan.',
    ],
    [
      'At this time, the board recommends release.',
      'Pelosi’s office clarified Tuesday night that she had met the group earlier that night.',
      // The day of the news, as a reader of that day's briefing has it.
      'The official said his comments from earlier in the day were taken out of context.',
      'The experts will need boosters, according to people familiar with the plan.',
      'The experts will need boosters, according to the people who drafted the plan.',
      'The experts will need boosters, according to the officials briefed on the plan.',
      'Black agreed to resign, said a White House official, who spoke on condition of anonymity.',
      'The official said 10,000 migrants were released, speaking on condition of anonymity.',
      'A tornado in southern New Jersey leveled a stretch of houses.',
      'A vote is expected on Friday.',
      'A federal judge has blocked the ban.',
      // Past twelve words the tagger is not asked: a long sentence with no verb tag is more often
      // a verb it missed than a list item.
      'A look at the five biggest changes in the new law for renters, landlords and the courts.',
      'As of Wednesday, 684 new deaths had been reported, data from Johns Hopkins University showed.',
      'Continuing claims dropped to 2.59 million, another low.',
      'Employment grew 343,000, another strong showing.',
      'Experts say that isolation is a risk.',
    ],
  );
});

describe('standsAlone: each opening on the lists', () => {
  leansAndStands(
    [
      ['Moreover, the plan failed.'],
      ['Additionally, the plan failed.'],
      ['Consequently, the plan failed.'],
      ['In addition, the council cut fees.'],
      ['In turn, the bank raised rates.'],
      ['In contrast, the bank raised rates.'],
      ['Even so, the bank raised rates.'],
      ['On the other hand, the bank raised rates.'],
      ['For its part, the ministry said nothing.'],
      // Without a comma the opening still points back; only "instead of" starts afresh.
      ['Instead offerings of food poured in from neighbours.'],
      ['As well the embassy closed its visa section.'],
      // A pronoun opening is not excused by an existential "there is" later on.
      ['He said there is no deal.'],
      ['The former, a veteran diplomat, declined to comment.'],
      ['The former , a veteran diplomat, declined to comment.'],
    ],
    [
      // A one-letter word is not an opening on the lists.
      ['A bridge collapsed in the storm.'],
      ['There seem to be few survivors.'],
      ['There appear to be few survivors.'],
      // Only an opening "there", "later" or "the latter" points back.
      ['Officials said there was no sign of survivors.'],
      ['The museum will reopen later in the year.'],
      ['The museum will reopen later than planned.'],
      ['Officials weighed two plans and chose the latter.'],
      // "Later"/"earlier" with a date after it fixes its own time.
      ['Later on Monday, the Senate passed the bill.'],
      ['Earlier in March, the Senate passed the bill.'],
      ['Earlier in 2019, the agency found no evidence.'],
      // "The latter" before a part of a period is no back-reference.
      ['The latter half of the year was calm.'],
      ['The latter stage of the race was calm.'],
      ['The latter year of the plan was calm.'],
      ['The latter day of the festival was calm.'],
      ['The latter month of the season was calm.'],
      ['The latter week of the festival drew the largest crowds.'],
      // An "also" past the first six words is the sentence's own.
      ['The city council voted on Tuesday to also close the bridge.'],
    ],
  );

  it('reads past a missing space after a comma', () => {
    expect(standsAlone('In practice,though, the army got it wrong.')).toBe(false);
  });
});

describe('standsAlone: copy with stray or doubled spaces reads the same', () => {
  it.each([
    ['  He declined to comment.', false],
    ['The  city  council  also voted to close the bridge.', false],
    ['There  is no deal in sight.', true],
    ['Earlier  this week, the Senate passed the bill.', true],
    ['Later on  Monday, the Senate passed the bill.', true],
    ['Earlier in  March, the Senate passed the bill.', true],
    ['The  latter denied it.', false],
    ['The latter  half of the year was calm.', true],
    ['The former  said nothing.', false],
    ['NEW YORK, March  18 (AP) — Stocks fell.', false],
    ['“Killer”  is how the minister put it.', true],
  ] as const)('%s → %s', (sentence, alone) => {
    expect(standsAlone(sentence)).toBe(alone);
  });
});

describe('standsAlone: quoted words are the speaker’s, not the narration’s', () => {
  it.each([
    ['The mayor promised to "fix it the same day" if elected.', true],
    ['The same day, the mayor called it "a disgrace".', false],
    ['The mayor called it "a disgrace" and quit the same day.', false],
    // The quotation is blanked, not dropped: "as well" is not followed by the comma.
    ['The council approved the budget as well “without delay”, its chair said.', true],
  ] as const)('%s → %s', (sentence, alone) => {
    expect(standsAlone(sentence)).toBe(alone);
  });
});

describe('standsAlone: quotations', () => {
  it.each([
    // A word or two of quoted noun, then lower-case narration.
    ['“A bad deal” is how the minister put it.', true],
    ['“ Rogue state ” is how the minister put it.', true],
    // An empty quotation still has its speaker named.
    ['“”, said the sign above the door.', true],
  ] as const)('%s → %s', (sentence, alone) => {
    expect(standsAlone(sentence)).toBe(alone);
  });

  it.each([
    // Four quoted words are a quotation, and this one names no speaker.
    ['“A very bad deal” is how the minister put it.'],
    // The narration after the quoted word must itself start in lower case…
    ['“Killer” Biden called him in the interview.'],
    // …and must not lean on context.
    ['“Fine” but not great was the verdict of the panel.'],
    // A quotation that never closes names no speaker, whatever follows.
    ['“The minister said prices would rise.'],
  ])('does not stand alone: %s', (sentence) => {
    expect(standsAlone(sentence)).toBe(false);
  });
});

describe('standsAlone: datelines and credits in their variants', () => {
  it.each([
    ['NEW YORK,March 18 (AP) — Stocks fell.'],
    ['KABUL, Afghanistan (AP) — The last flight left.'],
    ['SAN JUAN, Puerto Rico (AP) — The storm passed.'],
    ['MOSCOW(Reuters) - Russia recalled its ambassador.'],
    ['WASHINGTON— President Biden said Putin would pay.'],
    ['WASHINGTON -- President Biden said Putin would pay.'],
    ['(CNN)President Biden said Putin would pay.'],
  ])('never opens: %s', (sentence) => {
    expect(standsAlone(sentence)).toBe(false);
  });

  it.each([
    ['Shares of IBM — the computer maker — rose.'],
    ['Sen. Joe Manchin (D-W.Va.) met the president.'],
  ])('capitals or brackets later in the sentence are no dateline: %s', (sentence) => {
    expect(standsAlone(sentence)).toBe(true);
  });
});

describe('standsAlone: "later" and "earlier" need a date to stand alone', () => {
  it.each([
    'Later in the day, police arrested two men.',
    'Later on the way home, the minister resigned.',
    'Earlier in the week, the council met.',
  ])('%s needs the sentence before it', (text) => {
    expect(standsAlone(text)).toBe(false);
  });

  it.each(['Later on Monday, police arrested two men.', 'Earlier in March, the council met.'])(
    '%s stands alone',
    (text) => {
      expect(standsAlone(text)).toBe(true);
    },
  );
});

describe('standsAlone: lists, contrasts and "later" set against a previous sentence', () => {
  it.each([
    'Other states, like Florida, have done the same.',
    'Another 20 people were injured.',
    'First, the plan is late.',
    'Second, the plan is late.',
    'Third , the plan is late.',
    'Secondly the plan is late.',
    'Thirdly the plan is late.',
    'Finally, the council agreed.',
    'Lastly, the council agreed.',
    'For one, the plan is late.',
    'Now it is pouring money into pills.',
    'Now, the agency says it will appeal.',
    'Harris joined Biden moments later in the Oval Office.',
    'Police arrived two days later.',
    'Minutes afterwards the bridge fell.',
    'The bridge fell shortly afterward.',
  ])('leans on the previous sentence: %s', (text) => {
    expect(standsAlone(text)).toBe(false);
  });

  it.each([
    'Now 62, Rogers debated leaving.',
    'Police arrived two days after the attack.',
    'First responders arrived at noon.',
    'Other than that, nothing changed.',
    'Finland joined NATO.',
    'Nowhere was safe.',
    'Anotherland Inc. said so.',
    'Secondhand shops reopened.',
    'Later this year, the bridge will reopen.',
    'For one week in May, the bridge was closed.',
    'Now-retired Judge Ann Lee ruled on the case.',
  ])('stands alone: %s', (text) => {
    expect(standsAlone(text)).toBe(true);
  });
});

describe('standsAlone: the narration speaking as its outlet', () => {
  it.each([
    'As we went to press, it looked like Israel and Hamas would put down their arms.',
    'COVID cases are collapsing in front of our eyes.',
    'Count us with the White House on this one.',
    'As Reuters reminds us, the two sides have been battling since 2004.',
    'The Senate passed the bill, as We reported.',
    'Our analysis shows the plan would cost $2 trillion.',
    'As we went to press, the ceasefire held, officials said.',
  ])('is no one in a briefing of several outlets: %s', (text) => {
    expect(standsAlone(text)).toBe(false);
  });

  it.each([
    'The US and the U.S. Senate passed the bill.',
    'Scientists now say we will cross the threshold by 2030.',
    'Officials warn we could see more storms, the agency said.',
    'Biden said our economy is growing.',
    '“We will not back down,” the minister said on Monday.',
    'Weather permitting, the launch is on Friday.',
    'Ourselves Alone party leaders met.',
  ])('stands alone: %s', (text) => {
    expect(standsAlone(text)).toBe(true);
  });
});

describe('standsAlone: "this" and "these" as a date', () => {
  it.each([
    'This week, the Senate voted on the bill.',
    'This weekend, the ban on evictions expired.',
    'This year, most adults have some vaccine protection.',
    'This past week, prices rose.',
    'This spring the council met.',
    'This Tuesday the vote passed.',
    'These past months were hard on renters.',
  ])('stands alone: %s', (text) => {
    expect(standsAlone(text)).toBe(true);
  });

  it.each([
    'This is bad news for renters.',
    'This move angered Russia.',
    'These changes matter to renters.',
    'This time, the Senate passed it.',
    'These weeks were hard.',
    'This weekly show is popular.',
  ])('leans on the previous sentence: %s', (text) => {
    expect(standsAlone(text)).toBe(false);
  });
});

describe('standsAlone: an opening that names what the sentence before named', () => {
  it.each([
    'Understanding this, the Left is trying to censor its way forward.',
    'Facing this pressure, Biden relented.',
    'In this cycle, any version of success only hastens catastrophe.',
    'Without it, tens of millions of students would have had no classes.',
    'Amid that, Texas will gain two seats.',
    'With that, the talks ended.',
    'Despite it all, he won.',
    'Because of them, the bill failed.',
    'Take, for example, Eric Adams.',
    'For example, the city banned cars.',
    'For instance, the city banned cars.',
    'In the second, he again asserts the right to artistic freedom.',
    'In the latter, the court ruled.',
    'In other words, it gets attention but has no significance.',
    'In its place, Facebook has implemented a conditional two-year ban.',
    'In their wake, the city closed the bridge.',
    'Whatever you want to call it, it kept my family safe.',
    'In 2005, I was an adviser to an Iraqi battalion.',
    'Let me take a different stance.',
  ])('leans on the previous sentence: %s', (text) => {
    expect(standsAlone(text)).toBe(false);
  });

  it.each([
    'During her speech in Taipei, Tsai warned of the most complex situation.',
    'Including this year, prices rose.',
    'Following this week’s vote, the bill passed.',
    'In this week’s vote, the bill passed.',
    'At this time, no one was hurt.',
    'By this summer, all adults will be vaccinated.',
    'In the second quarter, GDP grew.',
    'Given that the law passed, courts must act.',
    'With her husband, the senator voted.',
    'World War I ended in 1918.',
    'King Charles I was executed in 1649.',
    'The ruling applies to Section I-95 tolls.',
  ])('stands alone: %s', (text) => {
    expect(standsAlone(text)).toBe(true);
  });
});

describe('a demonstrative on a noun the sentence has not named', () => {
  leansAndStands(
    [
      'The committee voted 19-to-0 that the booster should be authorized for these groups.',
      'The NSBA suggested that some of these parents should be prosecuted.',
      'A source said this recommendation could come as soon as this week.',
      'Republicans have not been part of these negotiations.',
      'The primary reason for this policy is to ensure there is no partner.',
      'Among the factors that contributed to the decline in these metrics, vaccines have been key.',
      'Exhibit A for this may be the forced deportation of Haitians.',
      'Hunter Lopez knew this was what he wanted since he was 11 years old.',
      'Last month this board endorsed Kathryn Garcia for mayor.',
      'Framed this way, the debates boil down to word choice.',
      'Senate Republicans blocked that effort, leaving the country’s ability to borrow unresolved.',
      'Democrats hope to approve an amnesty as part of that makeover.',
      'There were 669 deaths from the virus recorded that day.',
      'President Joe Biden has since extended that protection to renters until July.',
      'The Legislature is in this session’s third week.',
      'Critics note that these are only state tax fraud counts.',
      'Critics note that these are in breach of the law.',
      'Prices are rising and these are the highest in years.',
      'The court ruled for this reason alone.',
      'Republicans voted against this in the Senate.',
      'Officials defended this policy of deterrence.',
      'On Monday, Republicans blocked these negotiations.',
      'On Monday, Republicans blocked that effort.',
    ],
    [
      // A date, the country written in, or a pronoun defined where it stands.
      'The Legislature is in this year’s third special session.',
      'Virus cases and deaths in this country have sharply fallen.',
      'The CDC endorsed boosters for those 65 and over.',
      'The hospital will prioritize treatment to those patients who have the potential to benefit.',
      'The vast majority of those individuals with severe cases are unvaccinated.',
      'The percentage of those not getting their second shot doubled.',
      'The order covers those fully vaccinated and those making less.',
      // The noun was named before in the sentence, or after a clause boundary it may be.
      'Universities and the athletes who play sports for those schools won.',
      'Video creators will not receive revenue from views of those videos.',
      'Biden promised to halve emissions by 2030, but the tool to achieve that goal is out of reach.',
      'Biden promised to halve emissions by 2030, but Congress blocked that goal in June.',
      'Lawmakers debated the effort for weeks and then blocked that effort.',
      'Both generals said they believe a force should stay, and that Biden received those recommendations.',
      // "that" opening what was said, or a relative clause.
      'Figures show that applications for benefits fell.',
      'The mayor said that as of Thursday 10,503 migrants were there.',
      'Johnson spoke after a conversation that touched on climate change.',
      'Scientists fear a virus that leaked from a lab.',
      'The association wrote that damage to the garage had gotten worse.',
    ],
  );
});

describe('standsAlone: a quotation whose speaker is named with who they are', () => {
  leansAndStands(
    [
      // A pronoun is no name, with or without an aside.
      '“It was nothing,” he, a former aide, said.',
      '"Protecting access is not a partisan issue," they wrote to the leaders.',
      // The aside must close before the verb: this one runs on and names no verb.
      '“We are ready,” Ann Lee, the mayor, and then nothing more.',
      // A bare name and an aside but no verb of speech.
      '“We are ready,” Ann Lee, the mayor, smiled.',
    ],
    [
      '“We will celebrate my brother’s life,” Bridgett Floyd, George Floyd’s sister, said Thursday.',
      '“Our creator endowed us with the right to life,” Abbott, a Republican, said at a ceremony.',
      '“The new policy will begin on Nov 8,” Kevin Munoz, White House assistant press secretary, wrote on Twitter.',
      '“A public display of dissent was met by force,” The New York Times reported.',
      '“We are not afraid!” people shouted as they marched.',
      '“It was helpful,” Miller commented in an email.',
    ],
  );
});

describe('standsAlone: a time counted from an event the sentence itself names', () => {
  leansAndStands(
    [
      'Harris joined Biden moments later in the Oval Office.',
      'The mayor quit the same day.',
      // The day named comes after the count: the count is still from the sentence before.
      'Two days later, on Friday, the mayor quit.',
      'The next day the council met on Friday.',
    ],
    [
      'North Korea fired two missiles Wednesday and South Korea said hours later that it had tested one.',
      'The FAA on Thursday night placed a restriction, but Fox News regained clearance the next day.',
      'The court ruled in March and the governor appealed two days later.',
      'The bill passed in 2019 and was signed the following day.',
      'Police were called yesterday and arrived minutes later.',
    ],
  );
});

describe('standsAlone: the "it" of a span of time', () => {
  leansAndStands(
    [
      'It took effect on Monday.',
      'It took him two days to answer.',
      'It took place in Geneva.',
      'It will take over the plant next year.',
      'It took the lead in the polls.',
    ],
    [
      'It took 93 years for the Academy to name an Asian woman as Best Director.',
      'It may take several weeks to find out who won the primary.',
      'It took the lowest vault score of her career for Simone Biles to seal her place.',
      'It could take months to rebuild the bridge.',
      'It has taken a decade to build the line.',
      ...[
        'seconds',
        'a second',
        'minutes',
        'a minute',
        'hours',
        'an hour',
        'days',
        'a day',
        'weeks',
        'a week',
        'a month',
        'years',
        'a year',
        'decades',
        'a century',
        'centuries',
        'time',
        'a while',
      ].map((span) => `It took ${span} to rebuild the bridge.`),
      'It will likely take years to rebuild the bridge.',
      'It could still take months to rebuild the bridge.',
    ],
  );
});
