import { beforeAll, describe, expect, it } from 'vitest';
import { clean } from '../../../lambda/briefing/clean.ts';
import { findPeople } from '../../../lambda/briefing/find-people.ts';
import { gatherEvidence, isHeadline, isPerson } from '../../../lambda/briefing/people/evidence.ts';
import { mergeNames } from '../../../lambda/briefing/people/merge-names.ts';
import { nameRuns } from '../../../lambda/briefing/people/name-runs.ts';
import { pickRole, roleAfter, roleBefore } from '../../../lambda/briefing/people/roles.ts';
import { wordSpans } from '../../../lambda/briefing/people/word-spans.ts';
import { bbc, nbc } from './seed-story.ts';

const inputOf = (outlet: string, paragraphs: string[]) => ({
  outlet,
  paragraphs: clean(paragraphs).kept,
});

describe('findPeople', () => {
  // Built before the tests, not while they are collected (mutation testing switches code on
  // only then).
  let seeds: ReturnType<typeof findPeople>;
  beforeAll(() => {
    seeds = findPeople([bbc(), nbc()].map((a) => inputOf(a.outlet, a.paragraphs)));
  });

  it.each([
    ['Putin', 'Vladimir Putin'],
    ['President Biden', 'Joe Biden'],
    ['Galleotti', 'Mark Galeotti'],
    ['Psaki', 'Jen Psaki'],
    ['Kremlin', undefined],
    ['Bidens', undefined],
  ])('canonical(%s) → %s', (surface, name) => {
    expect(seeds.canonical(surface)).toBe(name);
  });

  it('counts partial mentions towards the full name, across outlets', () => {
    const putin = seeds.people.find((p) => p.name === 'Vladimir Putin');
    expect(putin?.sources).toEqual(['BBC News', 'NBC News']);
    expect(putin?.mentions).toBeGreaterThan(15);
  });

  it('places every mention where it occurs', () => {
    const [first] = seeds.mentions[0]?.[0] ?? [];
    const text = bbc().paragraphs[0] ?? '';
    expect(first && text.slice(first.start, first.end)).toBe('Vladimir Putin');
    expect(first?.person).toBe('Vladimir Putin');
  });

  it.each([
    ['Kremlin spokesman Dmitry Peskov said so.', 'Dmitry Peskov', 'Kremlin spokesman'],
    ['White House press secretary Jen Psaki said so.', 'Jen Psaki', 'White House press secretary'],
    ['It was then-President Donald Trump who spoke.', 'Donald Trump', 'then-President'],
    [
      'Mississippi Democratic Rep. Bennie Thompson wrote it.',
      'Bennie Thompson',
      'Mississippi Democratic Rep.',
    ],
    ['They met his counterpart Joe Biden there.', 'Joe Biden', undefined],
    ['Conservative MP Sir David Amess died.', 'David Amess', 'Conservative MP'],
    ['George W. Bush spoke to John F. Kennedy Jr about it.', 'George W. Bush', undefined],
  ])('%s → %s (%s)', (sentence, name, role) => {
    const person = findPeople([inputOf('X', [sentence])]).people.find((p) => p.name === name);
    expect(person).toBeDefined();
    expect(person?.role).toBe(role);
  });

  it.each([
    'The United States and the European Union met at the White House.',
    'The State Department and the Supreme Court disagreed on Wednesday.',
    'He wrote for The New Yorker and the Royal United Services Institute.',
    'The Fifth Circuit cited the Second Amendment and the Founding Fathers.',
    'California Gov. Gavin Newsom spoke in Los Angeles.',
  ])('finds no person among places and organizations: %s', (sentence) => {
    const names = findPeople([inputOf('X', [sentence])]).people.map((p) => p.name);
    expect(names.filter((n) => n !== 'Gavin Newsom')).toEqual([]);
  });

  it('merges near-identical spellings into the more frequent one', () => {
    const result = findPeople([
      inputOf('A', ['Mark Galeotti said so.', 'Mark Galeotti said it again.']),
      inputOf('B', ['Mark Galleotti disagreed.']),
    ]);
    expect(result.people.map((p) => [p.name, p.mentions])).toEqual([['Mark Galeotti', 3]]);
  });
});

const namesIn = (...paragraphs: string[]) =>
  findPeople([inputOf('X', paragraphs)]).people.map((p) => [p.name, p.role ?? '']);

describe('findPeople: only persons', () => {
  it.each([
    'Doctors at Stanford Medicine said the trial worked.',
    'The Joint Chiefs met on Tuesday.',
    'The Washington Examiner said the bill would fail.',
    'Officials at Homeland Security said the border was calm.',
    'Analysts at Goldman Sachs said growth would slow.',
    'Several Iran-backed militias fired rockets.',
    'Researcher Ann Lee at cybersecurity firm Bright Future said so.',
  ])('lists no organization, place or publication: %s', (sentence) => {
    const names = namesIn(sentence).map(([name]) => name);
    expect(names.filter((n) => n !== 'Ann Lee')).toEqual([]);
  });

  it('takes no evidence from a title-case headline ("Job Openings Hit Record High")', () => {
    expect(namesIn('Job Openings Hit Record High In Latest Report', 'Hiring rose.')).toEqual([]);
  });

  it.each([
    ['a given name', 'Colin Marsh arrived on Monday.', 'Colin Marsh'],
    ['a title', 'Sen. Okoro Bandele arrived on Monday.', 'Okoro Bandele'],
    ['a speech verb', '"We will win," said Tarquin Vole.', 'Tarquin Vole'],
    ['an age', 'Witnesses saw 35-year-old Quill Farrow leave.', 'Quill Farrow'],
    [
      'the surname used alone',
      'Ngozi Adeyemi arrived. Adeyemi said she would stay.',
      'Ngozi Adeyemi',
    ],
  ])('counts a name with evidence of a person: %s', (_evidence, sentence, name) => {
    expect(namesIn(sentence).map(([n]) => n)).toEqual([name]);
  });

  it('does not take a name-shaped phrase without evidence', () => {
    expect(namesIn('They met at Monte Verde on Monday.')).toEqual([]);
  });
});

describe('findPeople: each person once', () => {
  it('merges the surname, the title and the possessive into the full name', () => {
    const result = findPeople([
      inputOf('A', ['President Joe Biden spoke.', "Biden's plan passed.", 'President Biden left.']),
    ]);
    expect(result.people.map((p) => [p.name, p.mentions])).toEqual([['Joe Biden', 3]]);
  });

  it.each([
    [['Donald J. Trump spoke.', 'Donald Trump left.', 'Donald Trump came back.'], 'Donald Trump'],
    [['Jeff Zients spoke.', 'Jeffrey Zients left.', 'Jeff Zients came back.'], 'Jeff Zients'],
    [['Mayor Daniella Levine Cava spoke.', 'Levine Cava said so.'], 'Daniella Levine Cava'],
    [
      ['He thanked the chairman of the Joint Chiefs of Staff Colin Powell.', 'Colin Powell left.'],
      'Colin Powell',
    ],
  ])('one entry for %j', (paragraphs, name) => {
    expect(namesIn(...paragraphs).map(([n]) => n)).toEqual([name]);
  });

  it('takes no name a role is "of" for a person ("the president of the Champlain South Towers…")', () => {
    expect(namesIn('The president of the Champlain South Towers condo association wrote.')).toEqual(
      [],
    );
    expect(
      namesIn('The director of the FDA Center for Drug Evaluation, Patrizia Cavazzoni, said so.'),
    ).toEqual([['Patrizia Cavazzoni', 'director of the FDA Center for Drug Evaluation']]);
    expect(
      namesIn('Lisa Su is the founder of Advanced Micro Devices, she said.').map(([n]) => n),
    ).toEqual(['Lisa Su']);
    // A role that ends on its head still names the person after it.
    expect(namesIn('Kremlin spokesman Dmitry Peskov said so.')).toEqual([
      ['Dmitry Peskov', 'Kremlin spokesman'],
    ]);
  });

  it('starts a name after the last title or organization word inside its run', () => {
    expect(namesIn('Homeland Security Secretary Alejandro Mayorkas said so.')).toEqual([
      ['Alejandro Mayorkas', 'Homeland Security Secretary'],
    ]);
  });

  it('reads "A." inside a name as a middle initial, not the article', () => {
    expect(namesIn('Warner died, Susan A. Magill said.', 'Magill said so.')).toEqual([
      ['Susan A. Magill', ''],
    ]);
    expect(namesIn('Warner died, said Susan A. Magill.').map(([n]) => n)).toEqual([
      'Susan A. Magill',
    ]);
    // A capital "A" that opens a run, or ends it, is still the article.
    expect(namesIn('A. Magill said it.')).toEqual([]);
  });

  it('keeps two people whose names differ by their initials', () => {
    const names = namesIn('George W. Bush and George H. W. Bush spoke.').map(([n]) => n);
    expect(names).toEqual(['George W. Bush', 'George H. W. Bush']);
  });

  it('joins one office-holder whom two outlets call by different given names', () => {
    const result = findPeople([
      inputOf('CNN', ['Gen. Frank McKenzie, the commander, spoke.', 'McKenzie left.']),
      inputOf('Fox', ['Marine Corps Gen. Kenneth F. McKenzie Jr said so.']),
    ]);
    expect(result.people.map((p) => [p.name, p.sources])).toEqual([
      ['Frank McKenzie', ['CNN', 'Fox']],
    ]);
    expect(result.canonical('Kenneth F. McKenzie Jr')).toBe('Frank McKenzie');
  });

  it.each([
    // Two of one name in one article are two people, even when another article has one of them.
    [[['Gen. Frank McKenzie spoke.', 'Gen. Kenneth McKenzie left.']]],
    [
      [
        ['Gen. Frank McKenzie spoke.'],
        ['Gen. Frank McKenzie spoke.', 'Gen. Kenneth McKenzie left.'],
      ],
    ],
    [
      [
        ['Gen. Frank McKenzie spoke.'],
        [
          'Gen. Frank McKenzie spoke.',
          'Gen. Kenneth McKenzie left.',
          'Gen. Kenneth McKenzie came back.',
          'Gen. Kenneth McKenzie left again.',
        ],
      ],
    ],
    // Other offices, or no office in common.
    [[['Gen. Frank McKenzie spoke.'], ['Sen. Kenneth McKenzie left.']]],
    [[['Gen. Frank McKenzie spoke.'], ['Kenneth McKenzie left, he said.']]],
    // Other surnames, one office.
    [[['Gen. Mark Milley spoke.'], ['Gen. Austin Miller left.']]],
    // One role that is no office.
    [[['Kremlin spokesman Dmitry Peskov spoke.'], ['Kremlin spokesman Ivan Peskov left.']]],
  ])('keeps apart %j', (articles) => {
    const result = findPeople(articles.map((paragraphs, i) => inputOf(`O${i}`, paragraphs)));
    expect(result.people).toHaveLength(2);
  });

  it.each([
    ['Sen.', 'Senator'],
    ['Rep.', 'Representative'],
    ['Gov.', 'Governor'],
    ['Gen.', 'General'],
    ['Col.', 'Colonel'],
    ['Lt.', 'Lieutenant'],
    ['Capt.', 'Captain'],
    ['Sgt.', 'Sergeant'],
    ['Maj.', 'Major'],
    ['Adm.', 'Admiral'],
  ])('reads "%s" and "%s" as one office', (short, full) => {
    const result = findPeople([
      inputOf('A', [`${short} Frank Murphy spoke.`]),
      inputOf('B', [`${full} Kenneth Murphy left.`]),
    ]);
    expect(result.people.map((p) => p.name)).toEqual(['Frank Murphy']);
  });

  it('keeps apart two people of one surname when neither has an office', () => {
    const result = findPeople([
      inputOf('A', ['Frank McKenzie spoke.']),
      inputOf('B', ['Kenneth McKenzie left.']),
    ]);
    expect(result.people).toHaveLength(2);
  });

  it('lists both people of "Bill and Melinda Gates"', () => {
    expect(namesIn('Bill and Melinda Gates said they would divorce.').map(([n]) => n)).toEqual([
      'Bill Gates',
      'Melinda Gates',
    ]);
    // Not when the first word is no given name, nor when the second is a title or a place.
    expect(namesIn('Miami and Melinda Gates said so.').map(([n]) => n)).toEqual(['Melinda Gates']);
    expect(namesIn('Ambassador Smith and Melinda Gates said so.').map(([n]) => n)).not.toContain(
      'Smith Gates',
    );
    expect(namesIn('Bill and President Gates spoke.').map(([n]) => n)).not.toContain('Bill Gates');
    // Nor a full name before "and", nor a given name further back.
    expect(namesIn('Joe Biden and Melinda Gates said so.').map(([n]) => n)).toEqual([
      'Joe Biden',
      'Melinda Gates',
    ]);
    expect(namesIn('Bill met Ann and Melinda Gates, he said.').map(([n]) => n)).not.toContain(
      'Bill Gates',
    );
  });
});

describe('findPeople: what is no name and no role', () => {
  it('takes no connective opening a sentence for a given name ("Moreover Makary")', () => {
    expect(namesIn('Dr. Marty Makary said so.', 'Moreover Makary, a surgeon, said it.')).toEqual([
      ['Marty Makary', 'surgeon'],
    ]);
  });

  it('takes no appositive the copy cut off for a role ("author of...")', () => {
    expect(namesIn('Marty Makary, author of...', 'Marty Makary said so.')).toEqual([
      ['Marty Makary', ''],
    ]);
  });
});

describe('findPeople: people named only by office and surname', () => {
  it('lists "President Biden" when no article gives his given name', () => {
    const result = findPeople([
      inputOf('A', ['President Biden released his budget.', 'Biden said it would pass.']),
      inputOf('B', ['Gov. Newsom spoke.']),
    ]);
    expect(result.people.map((p) => [p.name, p.role, p.mentions, p.sources])).toEqual([
      ['Biden', 'President', 2, ['A']],
      ['Newsom', 'Gov.', 1, ['B']],
    ]);
    expect(result.canonical('President Biden')).toBe('Biden');
  });

  it('joins the office and surname to the full name when an article gives it', () => {
    expect(namesIn('President Biden spoke.', 'Joe Biden left.')).toEqual([
      ['Joe Biden', 'President'],
    ]);
    expect(namesIn('George W. Bush spoke.', 'President Bush left.')).toEqual([
      ['George W. Bush', 'President'],
    ]);
    // The first word of a titled full name is no surname of its own.
    expect(namesIn('Sen. Ozark Smith spoke.').map(([n]) => n)).toEqual(['Ozark Smith']);
  });

  it.each([
    ['Senate Minority Leader McConnell said so.', 'McConnell'],
    ['Gov. DeSantis spoke.', 'DeSantis'],
    ['Rep. Ocasio-Cortez spoke.', 'Ocasio-Cortez'],
    ["Rep. O'Rourke spoke.", "O'Rourke"],
    ['The report said Gov. Newsom would sign it.', 'Newsom'],
    ['President Biden spoke to de Blasio.', 'Biden'],
    ['Sen Warren spoke.', 'Warren'],
    ['Rep Porter spoke.', 'Porter'],
    ['Gov Newsom spoke.', 'Newsom'],
  ])('lists %j as %s', (paragraph, name) => {
    expect(namesIn(paragraph).map(([n]) => n)).toEqual([name]);
  });

  it('takes no office and surname from a title-case headline', () => {
    expect(namesIn('Markets Rally After Talks With President Xi')).toEqual([]);
    expect(namesIn('Markets rallied after talks with President Xi.')).toEqual([
      ['Xi', 'President'],
    ]);
  });

  it.each([
    // An honorific is no office; "General", "National", "Former" open the names of things.
    'Mr. Johnson spoke to reporters.',
    'General Motors said sales fell.',
    'The National Archives released the files.',
    'Former Delaware senators met.',
    // The title of a work; a name that goes on in lower case; a given name cut off a full name.
    'They watched The Princess Bride.',
    'Prime Minister Mustafa al-Kadhimi met Biden.',
    'Mayor Bill de Blasio spoke.',
    // A word the story also writes in lower case; a place; a title-case headline.
    'President Peace spoke, and peace grew.',
    'President Washington Heights spoke.',
    'President Biden Signs Order Today',
  ])('lists no one for %j', (paragraph) => {
    expect(namesIn(paragraph)).toEqual([]);
  });
});

describe('findPeople: people named with a role', () => {
  it.each([
    ['Senate Majority Leader Chuck Schumer said so.', 'Chuck Schumer', 'Senate Majority Leader'],
    [
      'Homeland Security Secretary Alejandro Mayorkas said so.',
      'Alejandro Mayorkas',
      'Homeland Security Secretary',
    ],
    ['Secretary of State Antony Blinken said so.', 'Antony Blinken', 'Secretary of State'],
    ['CDC Director Dr. Rochelle Walensky said so.', 'Rochelle Walensky', 'CDC Director'],
    ['Judge Analisa Torres ruled on Monday.', 'Analisa Torres', 'Judge'],
    [
      'The Taliban spokesman, Zabiullah Mujahid, said so.',
      'Zabiullah Mujahid',
      'Taliban spokesman',
    ],
    [
      "Dr. Anthony Fauci, the nation's top infectious disease expert, said so.",
      'Anthony Fauci',
      "the nation's top infectious disease expert",
    ],
    ['"It is late," said Mark Galeotti, a professor at UCL.', 'Mark Galeotti', 'professor at UCL'],
    [
      "The Trump Organization's longtime chief financial officer Allen Weisselberg surrendered.",
      'Allen Weisselberg',
      "Trump Organization's longtime chief financial officer",
    ],
    [
      'Sen. Bob Menendez and Homeland Security Secretary Alejandro Mayorkas met.',
      'Alejandro Mayorkas',
      'Homeland Security Secretary',
    ],
    [
      'Health and Human Services Secretary Xavier Becerra said so.',
      'Xavier Becerra',
      'Health and Human Services Secretary',
    ],
    [
      'The charges brought by the district attorney, Cyrus Vance, were not known.',
      'Cyrus Vance',
      'district attorney',
    ],
    [
      'The seat was held by Housing and Urban Development Secretary Marcia Fudge.',
      'Marcia Fudge',
      'Housing and Urban Development Secretary',
    ],
    [
      "Former Trump campaign manager Paul Manafort's lawyer Kevin Downing said so.",
      'Kevin Downing',
      "Paul Manafort's lawyer",
    ],
    [
      "Officials of the White House Counsel's Office chief Dana Remus said so.",
      'Dana Remus',
      "White House Counsel's Office chief",
    ],
    [
      'Food and Drug Administration Commissioner Janet Woodcock said so.',
      'Janet Woodcock',
      'Food and Drug Administration Commissioner',
    ],
    [
      'Centers for Disease Control and Prevention director Rochelle Walensky said so.',
      'Rochelle Walensky',
      'Centers for Disease Control and Prevention director',
    ],
    [
      'Jeffrey Clark, a former official under President Donald J. Trump, said so.',
      'Jeffrey Clark',
      'former official under President Donald J. Trump',
    ],
  ])('%s → %s (%s)', (sentence, name, role) => {
    const person = findPeople([inputOf('X', [sentence])]).people.find((p) => p.name === name);
    expect(person).toBeDefined();
    expect(person?.role).toBe(role);
  });

  it.each([
    ['Sen. Cory Booker and Rep. Karen Bass spoke.', 'Karen Bass', 'Rep.'],
    ['Critics of President Joe Biden spoke.', 'Joe Biden', 'President'],
    [
      'Raman Pratasevich, a vocal critic of Belarus President Alexander Lukashenko, was held.',
      'Alexander Lukashenko',
      'Belarus President',
    ],
    ['Allies of former President Donald Trump met.', 'Donald Trump', 'former President'],
    [
      'Sen. Cory Booker and Democratic California Rep. Karen Bass spoke.',
      'Karen Bass',
      'Democratic California Rep.',
    ],
    [
      'President Joe Biden and Russian President Vladimir Putin met.',
      'Vladimir Putin',
      'Russian President',
    ],
    ['Biden and Russian President Vladimir Putin met.', 'Vladimir Putin', 'Russian President'],
    [
      'Mayor Bill de Blasio and Police Commissioner Dermot Shea spoke.',
      'Dermot Shea',
      'Police Commissioner',
    ],
    ['Microsoft and Google CEO Sundar Pichai spoke.', 'Sundar Pichai', 'Google CEO'],
    ['Texas and Florida Gov. Greg Abbott spoke.', 'Greg Abbott', 'Florida Gov.'],
    ["On Monday Putin's spokesman Dmitry Peskov said so.", 'Dmitry Peskov', "Putin's spokesman"],
    [
      'Friends of the Earth Executive Director Erich Pica said so.',
      'Erich Pica',
      'Friends of the Earth Executive Director',
    ],
    ['Sens. Joe Manchin and Kyrsten Sinema spoke.', 'Joe Manchin', undefined],
    ['Gymnast Simone Biles, widely considered the best, spoke.', 'Simone Biles', 'Gymnast'],
    ['Rep. Daniel Foote, was appointed in July.', 'Daniel Foote', 'Rep.'],
  ])("states no one else's role: %s", (sentence, name, role) => {
    const person = findPeople([inputOf('X', [sentence])]).people.find((p) => p.name === name);
    expect(person?.role).toBe(role);
  });

  it('picks the most frequent role, then the most specific, counting case-insensitively', () => {
    const result = findPeople([
      inputOf('A', ['CDC director Rochelle Walensky spoke.', 'Director Rochelle Walensky left.']),
      inputOf('B', ['CDC Director Rochelle Walensky returned.']),
    ]);
    expect(result.people[0]?.role).toBe('CDC director');
  });
});

// The steps of findPeople, one by one.
const runsOf = (text: string) => nameRuns(text, wordSpans(text), new Set());
const namesOf = (text: string) => runsOf(text).map((r) => r.names.map((w) => w.text).join(' '));

describe('wordSpans', () => {
  it('gives offsets and cuts a possessive off the word', () => {
    expect(wordSpans("Ann Lee's car")).toEqual([
      { text: 'Ann', start: 0, end: 3, possessive: false },
      { text: 'Lee', start: 4, end: 9, possessive: true },
      { text: 'car', start: 10, end: 13, possessive: false },
    ]);
  });
});

describe('nameRuns', () => {
  it.each([
    ['Homeland Security Secretary Ann Lee spoke.', 'Ann Lee'],
    ['He thanked the Joint Chiefs of Staff Colin Marsh.', 'Colin Marsh'],
    ['Envoy for Haiti Daniel Frost spoke.', 'Daniel Frost'],
    ['Rapper Trap Quill sang.', 'Trap Quill'],
    ['Sen. Ted Vole spoke.', 'Ted Vole'],
  ])('cuts the lead-in off the name: %s', (text, name) => {
    expect(namesOf(text)).toContain(name);
  });

  it('marks organization context, speech, titles and clipped fragments', () => {
    const [org] = runsOf('They met the Joint Chiefs.');
    expect(org?.orgContext).toBe(true);
    const [spoke] = runsOf('"Yes," said Quill Farrow.');
    expect(spoke?.spoke).toBe(true);
    const titled = runsOf('Mr. Farrow left.').at(-1);
    expect(titled?.titled).toBe(true);
    const [clipped] = runsOf('Rolling Stone ran it.');
    expect(clipped?.clipped).toBe(true);
  });
});

describe('roles', () => {
  const before = (text: string, name: string) => {
    const words = wordSpans(text);
    const first = words.findIndex((w) => w.text === name);
    return roleBefore(text, words, first, text.length);
  };

  it.each([
    ['Kremlin spokesman Ann Lee', 'Ann', 'Kremlin spokesman'],
    ['Secretary of State Ann Lee', 'Ann', 'Secretary of State'],
    [
      'former secretary of state and chairman Ann Lee',
      'Ann',
      'former secretary of state and chairman',
    ],
    ['Sen. Bo Vole and Rep. Ann Lee', 'Ann', 'Rep.'],
    ['critics of President Ann Lee', 'Ann', 'President'],
    ['his counterpart Ann Lee', 'Ann', undefined],
    ['Sens. Ann Lee', 'Ann', undefined],
  ])('roleBefore(%s) → %s', (text, name, role) => {
    expect(before(text, name)).toBe(role);
  });

  it.each([
    [', a professor at UCL, said', 'professor at UCL'],
    [', 45, a nurse in Leeds, said', 'nurse in Leeds'],
    [
      ', a former official under President Donald J. Trump.',
      'former official under President Donald J. Trump',
    ],
    [', senior economist at Glassdoor...', 'senior economist at Glassdoor'],
    [', which provides advice to the director.', undefined],
    [', widely considered the best player.', undefined],
    [', who spoke on Monday.', undefined],
    // An abbreviated title's dot does not end the appositive (nor cut it at "Sen").
    [', a spokesman for Sen. Bo Vole, said', 'spokesman for Sen. Bo Vole'],
    [', a former state senator and a top surrogate for Sen. Bo Vole (I-Vt.), lost', undefined],
    // "St." ends a sentence as readily as it shortens "Street".
    [', a pastor at a church on Main St. He said', 'pastor at a church on Main St'],
  ])('roleAfter(%j) → %s', (after, role) => {
    expect(roleAfter(`Ann Lee${after}`, 7)).toBe(role);
  });

  it('pickRole prefers the most frequent, then the longer', () => {
    const counts = new Map([
      ['president', { role: 'President', count: 1 }],
      ['us president', { role: 'US President', count: 1 }],
    ]);
    expect(pickRole(counts)).toBe('US President');
    counts.set('president', { role: 'President', count: 2 });
    expect(pickRole(counts)).toBe('President');
  });

  it('pickRole lets an abbreviated title alone give way to a role in words', () => {
    const counts = new Map([
      ['gen.', { role: 'Gen.', count: 3 }],
      ['chairman of the joint chiefs', { role: 'chairman of the Joint Chiefs', count: 1 }],
      ['army general', { role: 'Army general', count: 2 }],
    ]);
    expect(pickRole(counts)).toBe('Army general');
    expect(pickRole(new Map([['gen.', { role: 'Gen.', count: 3 }]]))).toBe('Gen.');
    expect(pickRole(new Map())).toBeUndefined();
    // A title with more words, or two abbreviations, is no title alone.
    const more = (role: string) =>
      new Map([
        [role.toLowerCase(), { role, count: 3 }],
        ['senator from west virginia', { role: 'senator from West Virginia', count: 1 }],
      ]);
    expect(pickRole(more('West Virginia Sen.'))).toBe('West Virginia Sen.');
    expect(pickRole(more('Lt. Gov.'))).toBe('Lt. Gov.');
  });
});

describe('evidence', () => {
  it('isHeadline spots title-case lines', () => {
    expect(isHeadline('Job Openings Hit Record High')).toBe(true);
    expect(isHeadline('Job openings hit a record high in August.')).toBe(false);
  });

  it('isPerson needs evidence, and common nouns or organization cues outweigh all but a given name', () => {
    const none = {
      given: false,
      titled: false,
      spoke: false,
      alwaysOrg: false,
      commonWords: false,
    };
    expect(isPerson(none, false)).toBe(false);
    expect(isPerson({ ...none, spoke: true }, false)).toBe(true);
    expect(isPerson(none, true)).toBe(true);
    expect(isPerson({ ...none, spoke: true, commonWords: true }, false)).toBe(false);
    expect(isPerson({ ...none, spoke: true, alwaysOrg: true }, false)).toBe(false);
    expect(isPerson({ ...none, given: true, alwaysOrg: true }, false)).toBe(true);
  });

  it('gatherEvidence reads a given name and common words', () => {
    const runs = runsOf('Product Manager spoke.');
    expect(gatherEvidence(runs, new Set(['product', 'manager'])).commonWords).toBe(true);
    expect(gatherEvidence(runsOf('Colin Marsh spoke.'), new Set()).given).toBe(true);
  });
});

describe('mergeNames', () => {
  it('joins initials, short given names, compound surnames and typos to the first spelling', () => {
    const names = mergeNames([
      'Donald Trump',
      'Donald J. Trump',
      'Jeff Zients',
      'Jeffrey Zients',
      'Daniella Levine Cava',
      'Levine Cava',
      'Mark Galeotti',
      'Mark Galleotti',
    ]);
    expect([...new Set(names.canonicalOf.values())]).toEqual([
      'Donald Trump',
      'Jeff Zients',
      'Daniella Levine Cava',
      'Mark Galeotti',
    ]);
    expect(names.resolveSurname('Galleotti')).toBe('Mark Galeotti');
  });

  it('joins a compound surname written with a hyphen or a space', () => {
    const names = mergeNames(['Marjorie Taylor Greene', 'Marjorie Taylor-Greene']);
    expect(names.canonicalOf.get('Marjorie Taylor-Greene')).toBe('Marjorie Taylor Greene');
  });

  it('joins a name with a title that is also a surname ("Judge") to the plain one', () => {
    const names = mergeNames(['Judge Peter Cahill', 'Peter A. Cahill', 'Judge Judy Sheindlin']);
    expect(names.canonicalOf.get('Peter A. Cahill')).toBe('Judge Peter Cahill');
    expect(names.canonicalOf.get('Judge Judy Sheindlin')).toBe('Judge Judy Sheindlin');
    // Two words: "Judge" may be the surname's given name or the surname itself.
    expect(mergeNames(['Judge Cahill', 'Peter Cahill']).canonicalOf.get('Peter Cahill')).toBe(
      'Peter Cahill',
    );
  });

  it('keeps names apart when the initials tell two people apart', () => {
    const names = mergeNames(['George W. Bush', 'George H. W. Bush']);
    expect(names.canonicalOf.get('George H. W. Bush')).toBe('George H. W. Bush');
  });
});

describe('mergeNames: middle names, suffixes and nicknames', () => {
  it.each([
    ['Thomas Barrack', 'Thomas J. Barrack Jr'],
    ['Paul Hodgkins', 'Paul Allard Hodgkins'],
    ['Charles Schumer', 'Chuck Schumer'],
  ])('%s and %s are one person', (a, b) => {
    expect(mergeNames([a, b]).canonicalOf.get(b)).toBe(a);
  });
});
