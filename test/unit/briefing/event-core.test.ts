import { describe, expect, it } from 'vitest';
import {
  type EventCore,
  eventCore,
  mayTell,
  peopleTermsOf,
  sameCore,
  swapped,
  tellsAgain,
  withRoles,
} from '../../../lambda/briefing/event-core.ts';
import { tokenize } from '../../../lambda/briefing/tokenize.ts';

/** The core as plain data: terms sorted, so a test reads as who / act / whom. */
function read(text: string) {
  const core = eventCore(text);
  if (!core) return undefined;
  return {
    agent: [...core.agent].sort(),
    acts: [...core.acts].sort(),
    patient: [...core.patient].sort(),
    reported: core.reported,
    negated: core.negated,
    planned: core.planned,
  };
}

/** As `read`, with the voice when there is one. */
function readVoice(text: string) {
  const core = eventCore(text);
  const plainCore = read(text);
  return plainCore && core?.voice ? { ...plainCore, voice: core.voice } : plainCore;
}

const terms = (text: string) => [...new Set(tokenize(text))].sort();
const plain = { reported: false, negated: false, planned: false };

describe('eventCore: who did what to whom', () => {
  it('reads the seed’s two tellings of the recall alike', () => {
    expect(
      read('Russia has called home its ambassador for talks to prevent a deterioration.'),
    ).toEqual({ agent: ['russia'], acts: ['recall'], patient: ['ambassador'], ...plain });
    expect(
      read(
        'Russia withdrew its ambassador to the United States on Wednesday for “consultations” just hours after Biden’s remarks, which the Kremlin later said were “very bad.”',
      ),
    ).toEqual({ agent: ['russia'], acts: ['recall'], patient: ['ambassador'], ...plain });
  });

  it('takes the subject right before the verb, past a leading phrase, a day and auxiliaries', () => {
    expect(
      read('Later on Thursday, the Russian leader invited Biden to a live conversation.'),
    ).toEqual({
      agent: terms('Russian leader'),
      acts: [...terms('invited'), 'class:invite'].sort(),
      patient: ['biden'],
      ...plain,
    });
    // A phrase after the head belongs to the subject: "a judge in Washington", "the leader of".
    expect(read('A federal judge in Washington blocked a nationwide moratorium.')?.agent).toEqual(
      terms('judge Washington'),
    );
    expect(read('The leader of Russia withdrew the envoy.')?.agent).toEqual(terms('leader Russia'));
    expect(read('President Biden on Friday fired the commissioner.')?.agent).toEqual(
      terms('President Biden'),
    );
    expect(read('The U.S. military on Sunday conducted airstrikes in Syria.')).toMatchObject({
      patient: ['airstrik'],
    });
  });

  it('reads the thing acted on up to where its phrase ends, through "of"', () => {
    expect(
      read('The Senate approved the framework of a budget plan in a key vote.')?.patient,
    ).toEqual(terms('framework budget plan'));
    expect(
      read('Federal Judge Dabney Friedrich struck down on Wednesday the eviction moratorium.'),
    ).toMatchObject({ patient: terms('eviction moratorium') });
  });

  it('turns a passive around: its subject is acted on, its "by" phrase acts', () => {
    expect(read('The suspect was arrested by police on Monday.')).toEqual({
      agent: terms('police'),
      acts: ['arrest', 'class:arrest'],
      patient: ['suspect'],
      ...plain,
    });
    expect(read('A vote on the infrastructure bill was delayed late Thursday.')).toMatchObject({
      agent: [],
      patient: terms('infrastructure bill'),
    });
    // A progressive ("is ending") is not a passive.
    expect(read('The United States is ending its combat mission in Iraq.')).toMatchObject({
      agent: ['states', 'united'].flatMap((w) => tokenize(w)).sort(),
      patient: terms('combat mission'),
    });
  });

  it('joins a particle to its verb: "called back" is "recall", "struck down" a class of its own', () => {
    expect(
      read('The government said Anatoly Antonov had been called back to Moscow.'),
    ).toMatchObject({ acts: ['recall'], patient: terms('Anatoly Antonov'), reported: true });
    expect(read('A judge struck down the rule.')?.acts).toEqual([
      'class:strike down',
      `${tokenize('struck')[0]} down`,
    ]);
  });

  it('reads what a reporting verb reports, after a day and "that"', () => {
    expect(
      read('President Biden said on Monday that the United States would end its combat mission.'),
    ).toMatchObject({ patient: terms('combat mission'), reported: true });
    expect(read('The ministry said the envoy had been recalled.')).toMatchObject({
      patient: ['envoy'],
      reported: true,
    });
    // Not a report of a clause: said on TV, then a second verb of the speaker's own, which is
    // what the speaker did.
    expect(read('"It takes one," Putin said on Russian TV, and challenged Biden to talk.')).toEqual(
      {
        agent: ['putin'],
        acts: [...terms('challenged'), 'class:invite'].sort(),
        patient: ['biden'],
        ...plain,
      },
    );
    expect(read('Putin said on TV and radio, and then challenged Biden.')?.agent).toEqual([
      'putin',
    ]);
    expect(read('Putin said on TV, and then said he was sorry.')).toBe(undefined);
    expect(read('On TV, and then later, it was said loudly.')).toBe(undefined);
    // A pronoun opening what was said stands for the speaker.
    expect(read('The U.S. said Monday it will ease airline restrictions.')).toEqual({
      agent: ['us'],
      acts: [...terms('ease'), 'class:ease'].sort(),
      patient: terms('airline restrictions'),
      reported: true,
      negated: false,
      planned: true,
    });
    expect(read('The ministry said that they had recalled the envoy.')?.agent).toEqual([
      'ministry',
    ]);
    expect(read('The ministry said it probably had recalled the envoy.')?.agent).toEqual([
      'ministry',
    ]);
    // Only a pronoun right before the verb group, and only with a speaker to stand for.
    expect(read('The ministry said it, the envoy, recalled the staff.')).toBe(undefined);
    expect(read('He said it will ease airline restrictions.')).toBe(undefined);
    expect(read('The ministry said you will see the envoy.')).toBe(undefined);
    // What a report says: "confirmed a report in El País that…", "confirmed reports that…".
    expect(
      read('Police confirmed a report in El País that McAfee had been found dead.'),
    ).toMatchObject({ acts: ['find'], patient: ['mcafe'], reported: true });
    expect(
      read('The ministry confirmed reports that Russia had recalled its envoy.'),
    ).toMatchObject({
      agent: ['russia'],
      patient: ['envoy'],
      reported: true,
    });
    // Too far on, or past a verb, the "that" is not the report's.
    expect(
      read('Police confirmed a report on the long and very troubled case that McAfee was found.'),
    ).toBe(undefined);
    // "confirmed a report was filed": what was confirmed is the filing.
    expect(read('Police confirmed a report was filed that McAfee was found.')).toMatchObject({
      acts: ['file'],
      patient: ['report'],
    });
    expect(read('Police confirmed a decision that McAfee had been found dead.')).toBe(undefined);
    // A report inside a report is not read.
    expect(read('Aides said officials told reporters the talks failed.')).toBe(undefined);
  });

  it('reads a verb that acts on nothing as telling of its subject', () => {
    const objectless = { agent: [], ...plain, voice: 'objectless' };
    expect(eventCore('The talks collapsed.')).toMatchObject({ agent: new Set() });
    expect(readVoice('Expanded benefits expired on Monday.')).toEqual({
      ...objectless,
      acts: [...terms('expired'), 'class:end'].sort(),
      patient: terms('benefits'),
    });
    expect(readVoice('Weisselberg surrendered to authorities on Thursday.')).toMatchObject({
      patient: ['weisselberg'],
      voice: 'objectless',
    });
    expect(readVoice('The talks collapsed.')).toMatchObject({ patient: ['talk'] });
    expect(readVoice('The talks collapsed Monday as the deadline passed.')).toMatchObject({
      patient: ['talk'],
    });
    expect(readVoice('The talks collapsed, officials said.')).toMatchObject({ reported: true });
    expect(readVoice('The talks collapsed and ended.')).toMatchObject({ voice: 'objectless' });
    expect(readVoice('The talks collapsed because of it.')).toMatchObject({ voice: 'objectless' });
    // An active verb with its object is not objectless; nor is a passive.
    expect(eventCore('Congress ended the benefits.')?.voice).toBe(undefined);
    expect(eventCore('The benefits were ended by Congress.')?.voice).toBe('passive');
    // Nouns after a preposition that follows no noun are not the subject.
    expect(read('Benefits that have kept millions afloat during the pandemic expired.')).toBe(
      undefined,
    );
    expect(read('A vote on the infrastructure bill was delayed.')?.patient).toEqual(
      terms('infrastructure bill'),
    );
  });

  it('reads past a hedge on a number to the thing acted on', () => {
    for (const hedge of ['at least', 'at most', 'more than', 'fewer than', 'less than', 'up to']) {
      expect(read(`The storm killed ${hedge} nine people.`)?.patient, hedge).toEqual(['peopl']);
    }
    for (const hedge of ['about', 'nearly', 'almost', 'roughly', 'around', 'some', 'over']) {
      expect(read(`The storm killed ${hedge} 90 people.`)?.patient, hedge).toEqual(['peopl']);
    }
    // Not a hedge before a number: the phrase ends there.
    expect(readVoice('The storm moved at dawn toward nine towns.')).toMatchObject({
      patient: ['storm'],
      voice: 'objectless',
    });
    // "up to nine" is no particle: "called up" is.
    expect(read('The army called up reservists.')?.acts).toContain(terms('called up')[0]);
  });

  it('marks a sentence with a part that only says who spoke as reported', () => {
    expect(read('Russia withdrew its ambassador, the Kremlin said.')?.reported).toBe(true);
    expect(read('Putin rejects the accusations, says Peskov.')?.reported).toBe(true);
    expect(
      read('The US is ending its mission, President Biden announced Monday, though troops remain.')
        ?.reported,
    ).toBe(true);
    // These parts say where, why or of what, not who spoke.
    expect(read('June’s reading was revised, to 938,000 positions added.')?.reported).toBe(false);
    expect(
      read('Russia withdrew its ambassador, which the Kremlin said was right.')?.reported,
    ).toBe(false);
    expect(read('Russia withdrew its ambassador, saying the ties were broken.')?.reported).toBe(
      false,
    );
    expect(read('Russia withdrew its ambassador, officials said and added more.')?.reported).toBe(
      false,
    );
  });

  it('marks an act denied or ahead, from the subject to the verb only', () => {
    expect(read('Senate Republicans did not pass the bill.')).toMatchObject({ negated: true });
    expect(read('The Senate will pass the bill next week.')).toMatchObject({ planned: true });
    // The act ahead is the infinitive's.
    expect(read('The Senate is expected to pass the bill.')).toMatchObject({
      agent: terms('Senate'),
      acts: ['class:approve', 'pass', 'class:reach'].sort(),
      patient: ['bill'],
      planned: true,
    });
    expect(read('Moscow intends to expel two diplomats.')).toMatchObject({
      acts: terms('expel'),
      patient: terms('diplomats'),
      planned: true,
    });
    // A negation in another clause is a detail of the act, not its denial.
    expect(read('The Senate passed the bill, which does not raise taxes.')).toMatchObject({
      negated: false,
      planned: false,
    });
  });

  it('has no core without a noun subject, a main verb, or something acted on', () => {
    expect(read('He withdrew the ambassador.')).toBe(undefined);
    expect(read('Announcing the decision to recall its envoy.')).toBe(undefined);
    expect(read('What exactly did Putin say?')).toBe(undefined);
    // An object pronoun: what is acted on is not named.
    expect(read('The minister praised him warmly.')).toBe(undefined);
    // A linking verb tells what something is, not an act.
    expect(read('Joe Biden has become the first president to do so.')).toBe(undefined);
    // The verb of a clause that opens with "since" is not the main one.
    expect(read('Relations have soured since Biden took office.')).toBe(undefined);
    // An infinitive or a relative clause's verb is not the main one.
    expect(read('Officials who met the envoy.')).toBe(undefined);
  });

  it('keeps the words of a doer whose terms are all stopwords, without dots', () => {
    expect(read('The US condemned Belarus for the diversion.')?.agent).toEqual(['us']);
    expect(read('The U.S. condemned Belarus for the diversion.')?.agent).toEqual(['us']);
  });
});

describe('sameCore', () => {
  const core = (over: Partial<EventCore>): EventCore => ({
    agent: new Set(['russia']),
    acts: new Set(['recall']),
    patient: new Set(['ambassador']),
    reported: false,
    negated: false,
    planned: false,
    ...over,
  });

  it('needs the act, the one acted on and the doer to meet', () => {
    expect(sameCore(core({}), core({}))).toBe(true);
    expect(sameCore(core({}), core({ acts: new Set(['expel']) }))).toBe(false);
    expect(sameCore(core({}), core({ patient: new Set(['consul']) }))).toBe(false);
    expect(sameCore(core({}), core({ agent: new Set(['ukraine']) }))).toBe(false);
    expect(sameCore(core({ agent: new Set(['russia', 'moscow']) }), core({}))).toBe(true);
  });

  it('lets a passive leave its doer unsaid', () => {
    expect(sameCore(core({ agent: new Set() }), core({}))).toBe(true);
    expect(sameCore(core({}), core({ agent: new Set() }))).toBe(true);
  });

  it('asks both to be reported, denied and ahead alike', () => {
    expect(sameCore(core({ reported: true }), core({}))).toBe(false);
    expect(sameCore(core({}), core({ negated: true }))).toBe(false);
    expect(sameCore(core({ planned: true }), core({}))).toBe(false);
    expect(sameCore(core({ reported: true }), core({ reported: true }))).toBe(true);
  });

  it('meets acts of one class in different words, only where doer and thing agree', () => {
    const judge = (text: string) => eventCore(text) as EventCore;
    expect(
      sameCore(
        judge('Federal Judge Dabney Friedrich struck down on Wednesday the eviction moratorium.'),
        judge('A federal judge vacated the nationwide moratorium on evictions.'),
      ),
    ).toBe(true);
    expect(
      sameCore(
        judge('The Senate approved the framework of a budget plan.'),
        judge('The Senate passed a budget blueprint early Wednesday.'),
      ),
    ).toBe(true);
    expect(
      sameCore(
        judge('The Senate approved the framework of a budget plan.'),
        judge('The Senate rejected the budget plan.'),
      ),
    ).toBe(false);
    expect(
      sameCore(judge('The judge blocked the rule.'), judge('The judge approved the rule.')),
    ).toBe(false);
  });
});

describe('people in cores', () => {
  it('maps each term of a name to the head noun of the role, before "of" or "for"', () => {
    const people = peopleTermsOf([
      { name: 'Anatoly Antonov', role: 'Ambassador' },
      { name: 'Dmitry Peskov', role: 'spokesman for the Kremlin' },
      { name: 'Jen Psaki', role: 'White House press secretary' },
      { name: 'Mark Galeotti' },
    ]);
    expect(people.roles.get('antonov')).toEqual(['ambassador']);
    expect(people.roles.get('anatoly')).toEqual(['ambassador']);
    expect(people.roles.get('peskov')).toEqual(tokenize('spokesman'));
    expect(people.roles.get('psaki')).toEqual(tokenize('secretary'));
    expect(people.roles.has('galeotti')).toBe(false);
    expect([...people.names].sort()).toEqual(
      terms('Anatoly Antonov Dmitry Peskov Jen Psaki Mark Galeotti'),
    );
  });

  it("calls a president, prime minister, chancellor or king their country's leader too", () => {
    for (const role of ['Russian President', 'Prime Minister', 'Chancellor', 'King', 'premier'])
      expect(peopleTermsOf([{ name: 'Vladimir Putin', role }]).roles.get('putin'), role).toEqual([
        ...tokenize(role.split(' ').at(-1) ?? ''),
        'leader',
      ]);
    expect(
      peopleTermsOf([{ name: 'Jen Psaki', role: 'press secretary' }]).roles.get('psaki'),
    ).toEqual(tokenize('secretary'));
    const people = peopleTermsOf([{ name: 'Vladimir Putin', role: 'Russian President' }]);
    const challenge = eventCore(
      '"It takes one," Putin said on TV, and challenged Biden to talk live.',
    ) as EventCore;
    const invitation = eventCore(
      'Later on Thursday, the Russian leader invited Biden to a live talk.',
    ) as EventCore;
    const roles = (c: EventCore) => withRoles(c, people);
    expect(tellsAgain(roles(challenge), roles(invitation), people)).toBe(true);
    expect(tellsAgain(challenge, invitation, people)).toBe(false);
  });

  it('puts the role beside the name, as doer and as the one acted on', () => {
    const people = peopleTermsOf([{ name: 'Anatoly Antonov', role: 'Ambassador' }]);
    const core = eventCore('Anatoly Antonov met Sergei Lavrov.') as EventCore;
    const roled = withRoles(core, people);
    expect([...roled.agent].sort()).toEqual(terms('Anatoly Antonov ambassador'));
    expect([...withRoles(eventCore('Lavrov met Antonov.') as EventCore, people).patient]).toEqual([
      'antonov',
      'ambassador',
    ]);
  });

  it('tells an event again in a report of it, unless other people act or are acted on', () => {
    const none = peopleTermsOf([]);
    const act = eventCore('Russia recalled its ambassador.') as EventCore;
    const report = eventCore('Officials said Russia had recalled its ambassador.') as EventCore;
    expect(sameCore(act, report)).toBe(false);
    expect(tellsAgain(act, report, none)).toBe(true);
    expect(tellsAgain(report, act, none)).toBe(true);
    const saul = eventCore('Biden fired commissioner Andrew Saul.') as EventCore;
    const black = eventCore('Biden fired commissioner David Black.') as EventCore;
    const people = peopleTermsOf([{ name: 'Andrew Saul' }, { name: 'David Black' }]);
    expect(tellsAgain(saul, black, none)).toBe(true);
    expect(tellsAgain(saul, black, people)).toBe(false);
    const byBiden = eventCore('Joe Biden fired the commissioner.') as EventCore;
    const byHarris = eventCore('Kamala Harris fired the commissioner.') as EventCore;
    const both = peopleTermsOf([{ name: 'Joe Biden' }, { name: 'Kamala Harris' }]);
    expect(
      tellsAgain(byBiden, { ...byHarris, agent: new Set(tokenize('commission Harris')) }, none),
    ).toBe(false);
    expect(
      tellsAgain(
        { ...byBiden, agent: new Set(['biden', 'white']) },
        { ...byHarris, agent: new Set(tokenize('Harris white')) },
        both,
      ),
    ).toBe(false);
  });
});

describe('swapped', () => {
  const core = (text: string) => eventCore(text) as EventCore;
  it('is the same act with doer and the one acted on trading places', () => {
    const a = core('Abbott criticized Adler.');
    expect(swapped(a, core('Adler criticized Abbott.'))).toBe(true);
    expect(swapped(a, core('Abbott criticized Adler.'))).toBe(false);
    expect(swapped(a, core('Adler praised Abbott.'))).toBe(false);
    expect(swapped(a, core('Adler criticized Paxton.'))).toBe(false);
    expect(swapped(a, core('Paxton criticized Abbott.'))).toBe(false);
    // Both act on each other: "Abbott and Adler criticized Adler and Abbott" is not a swap.
    expect(
      swapped(core('Abbott and Adler criticized Adler.'), core('Adler criticized Abbott.')),
    ).toBe(false);
  });
});

describe('classes of acts, each verb', () => {
  // Each verb of a class meets the class's first verb, doer and thing alike; a verb of no class
  // meets no other verb.
  const classes: [string, string, string[]][] = [
    [
      'The court',
      'struck down',
      ['vacated', 'overturned', 'overruled', 'nullified', 'voided', 'blocked'],
    ],
    ['The Senate', 'sank', ['blocked', 'rejected', 'defeated', 'voted down']],
    ['The Senate', 'approved', ['passed', 'adopted', 'cleared']],
    ['The city', 'banned', ['prohibited', 'outlawed', 'barred']],
    ['The city', 'required', ['mandated']],
    ['The board', 'fired', ['dismissed', 'ousted', 'sacked']],
    ['The police', 'arrested', ['detained']],
    ['The prosecutors', 'charged', ['indicted']],
    ['The bank', 'raised', ['hiked', 'increased', 'boosted']],
    ['The bank', 'cut', ['lowered', 'reduced', 'slashed']],
    ['The army', 'freed', ['released']],
    ['The group', 'urged', ['pressed']],
    ['The country', 'reached', ['hit', 'surpassed', 'topped', 'crossed', 'passed', 'recorded']],
    ['The city', 'reinstated', ['restored', 'reimposed']],
    ['The city', 'eased', ['loosened']],
    ['The leader', 'invited', ['challenged']],
    ['The president', 'received', ['got']],
  ];
  const cases = classes.flatMap(([who, first, others]) =>
    others.map((verb) => [who, first, verb] as const),
  );
  it.each(cases)('%s %s / %s the measure', (who, first, verb) => {
    const a = eventCore(`${who} ${first} the measure on Monday.`) as EventCore;
    const b = eventCore(`${who} ${verb} the measure on Monday.`) as EventCore;
    expect(sameCore(a, b)).toBe(true);
    // The act word itself is what a sentence must have before it is read for its core.
    expect(mayTell(a, new Set(tokenize(`${who} ${verb} the measure`)))).toBe(true);
  });

  // Verbs that act on nothing, told of their subject.
  const objectless: [string, string, string[]][] = [
    ['The program', 'ended', ['expired']],
    ['The minister', 'resigned', ['stepped down', 'quit']],
  ];
  const objectlessCases = objectless.flatMap(([who, first, others]) =>
    others.map((verb) => [who, first, verb] as const),
  );
  it.each(objectlessCases)('%s %s / %s on Monday', (who, first, verb) => {
    const a = eventCore(`${who} ${first} on Monday.`) as EventCore;
    const b = eventCore(`${who} ${verb} on Monday.`) as EventCore;
    expect(a.voice).toBe('objectless');
    expect(sameCore(a, b)).toBe(true);
    expect(mayTell(a, new Set(tokenize(`${who} ${verb}`)))).toBe(true);
  });

  it('meets a verb that acts on nothing with another or a passive, never an active one', () => {
    const ended = eventCore('The program ended on Monday.') as EventCore;
    const passive = eventCore('The program was ended on Monday.') as EventCore;
    const active = eventCore('Congress ended the program on Monday.') as EventCore;
    expect(sameCore(ended, passive)).toBe(true);
    expect(sameCore(passive, ended)).toBe(true);
    expect(sameCore(ended, active)).toBe(false);
    expect(sameCore(active, ended)).toBe(false);
    expect(sameCore(active, passive)).toBe(true);
  });

  it('meets no verb outside a class', () => {
    const a = eventCore('The Senate approved the measure on Monday.') as EventCore;
    for (const verb of ['debated', 'amended', 'blocked', 'hit'])
      expect(sameCore(a, eventCore(`The Senate ${verb} the measure on Monday.`) as EventCore)).toBe(
        false,
      );
  });
});

describe('mayTell: the first test before a sentence is read for its core', () => {
  const core = eventCore('The board fired the director on Monday.') as EventCore;
  it('asks for what is acted on and for the act, in any form of the verb', () => {
    expect(mayTell(core, new Set(tokenize('the board fired the director')))).toBe(true);
    expect(mayTell(core, new Set(tokenize('the board fires the director')))).toBe(true);
    expect(mayTell(core, new Set(tokenize('the board dismissed the director')))).toBe(true);
    expect(mayTell(core, new Set(tokenize('the board fired the coach')))).toBe(false);
    expect(mayTell(core, new Set(tokenize('the board praised the director')))).toBe(false);
  });

  it('takes a verb that sentences leave out of their terms ("asked") as there', () => {
    const asked = eventCore('Biden asked commissioner Saul to resign.') as EventCore;
    expect(mayTell(asked, new Set(tokenize('commissioner Saul was asked to resign')))).toBe(true);
  });

  it('takes four letters in common, or three for a word of three, and no fewer', () => {
    const ended = eventCore('The army ended its mission.') as EventCore;
    expect(mayTell(ended, new Set(['mission', 'ending']))).toBe(true);
    expect(mayTell(ended, new Set(['mission', 'en']))).toBe(false);
    const revised = eventCore('The agency revised the figures.') as EventCore;
    expect(mayTell(revised, new Set(['figur', 'reviz']))).toBe(true);
    expect(mayTell(revised, new Set(['figur', 'rev']))).toBe(false);
    expect(mayTell(revised, new Set(['figur', 'revolt']))).toBe(false);
  });
});

describe('word lists of the core', () => {
  it.each(['home', 'back', 'out', 'off', 'up', 'down'])(
    'reads the particle "%s" after a verb, not as the thing acted on',
    (particle) => {
      const core = eventCore(`The minister called ${particle} the envoy of Russia.`);
      expect([...(core?.patient ?? [])].sort()).toEqual(terms('envoy Russia'));
    },
  );

  it.each(['is', 'became', 'remains', 'seems', 'appears'])('gives no core for "%s"', (verb) => {
    expect(eventCore(`The minister ${verb} the favourite of the party.`)).toBe(undefined);
  });

  it.each(['which', 'who', 'whom', 'whose', 'that', 'where', 'when'])(
    'reads no verb right after "%s" as the main one',
    (word) => {
      expect(eventCore(`The minister ${word} recalled the envoy.`)).toBe(undefined);
    },
  );

  it.each(['since', 'after', 'before', 'when', 'while', 'because', 'as', 'if', 'although', 'once'])(
    'reads no verb of a clause opened by "%s" as the main one',
    (word) => {
      expect(eventCore(`Ties have soured ${word} Russia recalled its envoy.`)).toBe(undefined);
    },
  );

  it.each(['on Monday', 'Friday', 'on Sunday', 'today', 'yesterday', 'this morning'])(
    'reads past "%s" between the subject and its verb',
    (when) => {
      const core = eventCore(`The Russian government ${when} recalled its envoy.`);
      expect([...(core?.agent ?? [])].sort()).toEqual(terms('Russian government'));
    },
  );

  it("passes over a relative clause or a participle after the subject's noun", () => {
    expect([
      ...(eventCore('A senior diplomat who oversees Haiti policy has resigned.')?.patient ?? []),
    ]).toEqual(['diplomat']);
    expect([
      ...(eventCore('The envoy that has long overseen the talks recalled the staff.')?.agent ?? []),
    ]).toEqual(['envoy']);
    expect([
      ...(eventCore('Officials at Pfizer seeking approval met the president.')?.agent ?? []),
    ]).toEqual(terms('Officials Pfizer'));
    // "that" after no noun opens no relative clause: the nouns there are another verb's.
    expect(eventCore('Russia said that ousted officials recalled the envoy.')).toMatchObject({
      agent: new Set(terms('officials')),
    });
    // A past participle right before "by" describes the noun before it.
    expect(
      eventCore('Documents obtained by The Intercept contain new evidence that labs engaged.'),
    ).toBe(undefined);
    expect([...(eventCore('The envoy was recalled by Moscow.')?.acts ?? [])]).toContain('recall');
  });

  it('takes no nouns for a subject that follow another verb or a preposition mid-clause', () => {
    // After an infinitive's verb, or a verb no relative word opens: that verb's object.
    expect(eventCore('To protect families officials extended the pause.')).toBe(undefined);
    expect(eventCore('The officials Pfizer hired recalled the envoy.')).toBe(undefined);
    // "who" after no noun opens no relative clause to pass over.
    expect(eventCore('Those who have served recalled the envoy.')).toBe(undefined);
    // A preposition opening the sentence is no object's: the nouns after it may be the subject.
    expect(
      [...(eventCore('In Washington lawmakers passed the bill.')?.agent ?? [])].sort(),
    ).toEqual(terms('Washington lawmakers'));
    // A participle before an adjective and noun describes them.
    expect(
      eventCore('Russia said that ousted senior officials recalled the envoy.')?.agent,
    ).toEqual(new Set(terms('officials')));
  });

  it('reads past an aside between the subject and its verb', () => {
    const agent = (text: string) => [...(eventCore(text)?.agent ?? [])].sort();
    expect(agent('President Joe Biden, 78, received a booster shot.')).toEqual(
      terms('President Joe Biden'),
    );
    expect(agent('Ron DeSantis, a Republican, signed an executive order.')).toEqual(
      terms('Ron DeSantis'),
    );
    // Five words between the commas are an aside; seven are too many to tell from a clause.
    expect(agent('Biden, the oldest sitting US president, received a booster shot.')).toEqual(
      terms('Biden'),
    );
    expect(
      eventCore('Biden, the oldest sitting president in American history, received a shot.'),
    ).toBe(undefined);
    expect(eventCore('Biden, 78, has received a booster shot.')?.agent).toEqual(new Set(['biden']));
    expect(eventCore('Biden, smiling broadly, received a booster shot.')).toBe(undefined);
    // Not an aside: a clause with its own verb, one too long, or one after no noun.
    expect(eventCore('Biden, who is 78, received a booster shot.')).toBe(undefined);
    expect(
      eventCore('Biden, the oldest man ever to hold the office of president, received a shot.'),
    ).toBe(undefined);
    expect(eventCore('Later, on Monday, received a booster shot.')).toBe(undefined);
  });

  it('reads a verb at the very end as acting on nothing', () => {
    expect(eventCore('The talks collapsed')?.voice).toBe('objectless');
  });

  it('reads the speaker’s next act only with a speaker, and never another report', () => {
    expect(eventCore('"It takes one," said on TV, and challenged Biden to talk.')).toBe(undefined);
    expect(eventCore('Putin said on TV, and told reporters the talks failed.')).toBe(undefined);
  });

  it('gives a light verb acting on nothing no core: the event is in its subject', () => {
    for (const verb of ['came', 'went', 'happened', 'occurred', 'followed', 'continued'])
      expect(eventCore(`The end of the aid ${verb} without objection.`), verb).toBe(undefined);
    expect(eventCore('The end of the aid arrived without objection.')?.voice).toBe('objectless');
  });

  it('keeps a phrase after the act to the noun phrase: not past a preposition, a verb or a comma', () => {
    for (const tail of ['for talks', ', the ministry said', 'and left', 'to Moscow'])
      expect([...(eventCore(`Russia recalled its envoy ${tail}.`)?.patient ?? [])]).toEqual([
        'envoy',
      ]);
  });

  it('reads a report only when the part between commas starts with who spoke', () => {
    for (const part of ['after officials said', 'and officials said', 'to officials said'])
      expect(eventCore(`Russia recalled its envoy, ${part}.`)?.reported).toBe(false);
    expect(eventCore('Russia recalled its envoy, officials said.')?.reported).toBe(true);
    expect(eventCore('Russia recalled its envoy, said officials.')?.reported).toBe(true);
  });

  it('takes "by" right after a passive verb as its doer, and no "by" further on', () => {
    expect([...(eventCore('The envoy was recalled by Moscow.')?.agent ?? [])]).toEqual(['moscow']);
    expect([...(eventCore('The envoy was recalled quickly by Moscow.')?.agent ?? [])]).toEqual([
      'moscow',
    ]);
    expect([...(eventCore('The envoy was recalled for talks by Moscow.')?.agent ?? [])]).toEqual(
      [],
    );
  });

  it('reads a negation or a plan only between the subject and the verb', () => {
    expect(eventCore('Russia never recalled its envoy.')?.negated).toBe(true);
    expect(eventCore("Russia didn't recall its envoy.")?.negated).toBe(true);
    expect(eventCore('Russia no longer recalls its envoys.')?.negated).toBe(true);
    expect(eventCore('Russia recalled its envoy, not its consul.')?.negated).toBe(false);
  });
});

describe('the main verb and its parts, one rule at a time', () => {
  const read = (text: string) => eventCore(text);
  const list = (s: ReadonlySet<string> | undefined) => [...(s ?? [])].sort();

  it('passes over a participle right after a noun ("officials seeking approval met")', () => {
    expect(list(read('Officials at Pfizer seeking approval met the press.')?.acts)).toEqual(
      terms('meet'),
    );
  });

  it('passes over a leading participle with no noun before it, but not a verb after one', () => {
    expect(list(read('Walking home, the minister recalled the envoy.')?.agent)).toEqual(
      terms('minister'),
    );
    expect(list(read('He said the minister recalled the envoy.')?.acts)).toEqual(['recall']);
  });

  it('reads a passive with an adverb between "was" and the verb', () => {
    expect(read('The suspect was quickly arrested by police.')).toMatchObject({
      agent: new Set(terms('police')),
      patient: new Set(['suspect']),
    });
    // Not a passive: a verb in its own form, or one ending in -ing.
    expect(list(read('The police were arresting the suspect.')?.patient)).toEqual(['suspect']);
  });

  it.each(['became', 'remains', 'seems'])('gives no core for a linking verb: "%s"', (verb) => {
    expect(read(`The minister ${verb} the leader of the party.`)).toBe(undefined);
  });

  it('reads "of" after the head of the thing acted on, up to where the phrase ends', () => {
    expect(list(read('Russia recalled the head of its mission in Washington.')?.patient)).toEqual(
      terms('head mission'),
    );
  });

  it.each(['who', 'whose', 'which'])(
    'takes no part opened by "%s" for one that says who spoke',
    (word) => {
      expect(read(`Russia recalled its envoy, ${word} officials said was ill.`)?.reported).toBe(
        false,
      );
    },
  );

  it('takes a part that says who spoke and when for a report', () => {
    expect(read('The suspect was arrested, police said on Monday.')).toMatchObject({
      reported: true,
      patient: new Set(['suspect']),
    });
  });
});
