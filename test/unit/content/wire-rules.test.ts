import { describe, expect, it } from 'vitest';
import {
  LEADING_RULES,
  LINE_RULES,
  stripWire,
  TRAILING_RULES,
  type WireRule,
} from '../../../lambda/content/wire-rules.ts';

const BODY = 'Russia recalled its ambassador on Wednesday.';

function rule(rules: readonly WireRule[], name: string): WireRule {
  const found = rules.find((r) => r.name === name);
  if (found === undefined) throw new Error(`no rule ${name}`);
  return found;
}

describe('the rules', () => {
  it('are named, in order', () => {
    expect(LEADING_RULES.map((r) => r.name)).toEqual([
      'dateline',
      'dateline-dash',
      'wire-credit',
      'section-label',
    ]);
    expect(TRAILING_RULES.map((r) => r.name)).toEqual(['reporting-credit']);
    expect(LINE_RULES.map((r) => r.name)).toEqual(['copyright', 'credit-line']);
  });

  const examples = (r: WireRule): string[] =>
    [...r.why.matchAll(/"([^"]+)"/gu)].map((m) => m[1] ?? '');

  it.each(LEADING_RULES.map((r) => [r.name, r] as const))(
    '%s: each example its reason gives is what it removes',
    (_name, r) => {
      expect(examples(r).length).toBeGreaterThan(0);
      for (const example of examples(r)) expect(r.pattern.exec(`${example}The`)?.[0]).toBe(example);
    },
  );

  it.each([...TRAILING_RULES, ...LINE_RULES].map((r) => [r.name, r] as const))(
    '%s: each example its reason gives matches it',
    (_name, r) => {
      expect(examples(r).length).toBeGreaterThan(0);
      for (const example of examples(r)) expect(r.pattern.test(example)).toBe(true);
    },
  );
});

describe('dateline: a place in capitals and a wire credit', () => {
  // Looked up in each test: a rule renamed fails its tests, not the file's collection.
  const dateline = () => rule(LEADING_RULES, 'dateline');

  it.each([
    ['MOSCOW (Reuters) - '],
    ['MOSCOW (Reuters) -- '],
    ['MOSCOW (Reuters)-'],
    ['MOSCOW(Reuters) - '],
    ['WASHINGTON/MOSCOW (Reuters) - '],
    ['WASHINGTON/MOSCOW/KYIV/BEIJING (Reuters) - '],
    ['LONDON, March 18 (Reuters) - '],
    ['MOSCOW, March 18 (AP) — '],
    ['KABUL, Afghanistan (AP) — '],
    ['SAN FRANCISCO, Calif. (AP) — '],
    ['PARIS (AFP) - '],
    ['NEW YORK (CNN Business) – '],
    ['RIO DE JANEIRO (Reuters) - '],
    ['ST. PETERSBURG (Reuters) - '],
    ["CÔTE D'IVOIRE (Reuters) - "],
    ['BERLIN (dpa) - '],
    ['TOKYO (Kyodo) - '],
    ['HONG KONG, July 1 (Thomson Reuters) - '],
  ])('"%s" is removed', (dateline_) => {
    expect(stripWire(`${dateline_}${BODY}`)).toBe(BODY);
    expect(dateline().pattern.exec(`${dateline_}${BODY}`)?.[0]).toBe(dateline_);
  });

  it('before an opening quotation mark or a number', () => {
    expect(stripWire('MOSCOW (Reuters) - "We will respond," he said.')).toBe(
      '"We will respond," he said.',
    );
    expect(stripWire('MOSCOW (Reuters) - “We will respond,” he said.')).toBe(
      '“We will respond,” he said.',
    );
    expect(stripWire("MOSCOW (Reuters) - 'Never,' he said.")).toBe("'Never,' he said.");
    expect(stripWire('MOSCOW (Reuters) - ‘Never,’ he said.')).toBe('‘Never,’ he said.');
    expect(stripWire('NEW YORK (Reuters) - 5 people were hurt.')).toBe('5 people were hurt.');
  });

  it.each([
    ['an outlet that is no wire', 'MOSCOW (Acme) - Russia recalled.'],
    ['a place not in capitals', 'Moscow (Reuters)- Russia recalled.'],
    ['a lower-case first word after', 'MOSCOW (Reuters) - the envoy left.'],
    ['a dash after the credit but no space or word', 'MOSCOW (Reuters) -'],
    ['two capitals only', 'AB (Reuters) - The envoy left.'],
    ['an acronym that opens copy', 'NATO (Reuters) - Talks went on.'],
    ['U.S. opening copy', 'U.S. (Reuters) - Talks went on.'],
    ['not at the start', 'He said MOSCOW (Reuters) - Talks went on.'],
    ['three dashes', 'MOSCOW (Reuters) --- Talks went on.'],
    ['credit without brackets', 'MOSCOW Reuters - Talks went on.'],
  ])('%s: no dateline', (_name, text) => {
    expect(dateline().pattern.test(text)).toBe(false);
  });

  it('a paragraph that is only a dateline is not emptied', () => {
    expect(stripWire('MOSCOW (Reuters) - ')).toBe('MOSCOW (Reuters) -');
  });
});

describe('dateline-dash: a place in capitals and a long dash', () => {
  const dash = () => rule(LEADING_RULES, 'dateline-dash');

  it.each([
    ['WASHINGTON — '],
    ['WASHINGTON – '],
    ['WASHINGTON -- '],
    ['NEW YORK — '],
    ['BEIRUT, Lebanon — '],
    ['KYIV, March 3 — '],
    ['WASHINGTON/MOSCOW — '],
  ])('"%s" is removed', (lead) => {
    expect(stripWire(`${lead}${BODY}`)).toBe(BODY);
    expect(dash().pattern.exec(`${lead}${BODY}`)?.[0]).toBe(lead);
  });

  it.each([
    ['a hyphen joins words', 'WASHINGTON - The president spoke.'],
    ['no space after the dash', 'WASHINGTON —The president spoke.'],
    ['no space before the dash', 'WASHINGTON— The president spoke.'],
    ['NATO opens copy', 'NATO — Russia talks went on.'],
    ['OPEC opens copy', 'OPEC — Output was cut.'],
    ['EU opens copy', 'EU — Ministers met.'],
    ['U.S. opens copy', 'U.S. — Ministers met.'],
    ['a lower-case word after', 'WASHINGTON — the president spoke.'],
    ['a place in title case', 'Washington — The president spoke.'],
  ])('%s: kept', (_name, text) => {
    expect(stripWire(text)).toBe(text);
  });

  it.each([
    'NATO',
    'GOP',
    'OPEC',
    'NASA',
    'FBI',
    'CIA',
    'CDC',
    'FDA',
    'WHO',
    'USA',
    'U.S.',
    'U.K.',
    'EU',
    'UN',
    'UK',
    'US',
  ])('%s — …: an acronym, not a place', (acronym) => {
    expect(dash().pattern.test(`${acronym} — Talks went on.`)).toBe(false);
    expect(dash().pattern.test(`${acronym}, Geneva — Talks went on.`)).toBe(false);
    expect(dash().pattern.test(`${acronym}/MOSCOW — Talks went on.`)).toBe(false);
  });

  it('a place that only starts like an acronym is a place', () => {
    expect(stripWire('NASAU — The storm passed.')).toBe('The storm passed.');
    expect(stripWire('EUGENE — The storm passed.')).toBe('The storm passed.');
  });
});

describe('wire-credit: a credit in brackets', () => {
  it.each([
    ['(CNN) — ', 'The president spoke.'],
    ['(CNN)— ', 'The president spoke.'],
    ['(CNN) ', 'The president spoke.'],
    ['(CNN)', 'The president spoke.'],
    ['Washington (CNN) ', 'The president spoke.'],
    ['Washington (CNN) -- ', 'The president spoke.'],
    ['New York (CNN Business) ', 'Stocks fell.'],
    ['Hong Kong, China (CNN) ', 'Stocks fell.'],
    ['(Xinhua) -- ', '"Yes," he said.'],
  ])('"%s" is removed', (lead, rest) => {
    expect(stripWire(`${lead}${rest}`)).toBe(rest);
  });

  it.each([
    ['a sentence that mentions Reuters', 'The deal was first reported by Reuters on Tuesday.'],
    ['Reuters as the subject', 'Reuters reported that talks failed.'],
    ['a credit in mid-sentence', 'Talks failed, the agency (Reuters) said.'],
    ['an unknown credit', '(Acme) — The president spoke.'],
    ['a lower-case word after', '(CNN) — the president spoke.'],
    ['a lower-case place', 'in Washington (CNN) The president spoke.'],
  ])('%s: kept', (_name, text) => {
    expect(stripWire(text)).toBe(text);
  });
});

describe('reporting-credit: at the end of a paragraph', () => {
  it.each([
    ['(Reporting by Jane Doe; Editing by John Roe)'],
    ['(reporting by Jane Doe)'],
    ['(Writing by Jane Doe)'],
    ['(writing by Jane Doe)'],
    ['(Editing by John Roe)'],
    ['(editing by John Roe)'],
    ['(Additional reporting by Ann Lee in Kyiv; Writing by Jane Doe)'],
    ['(additional reporting by Ann Lee)'],
  ])('"%s" is removed', (credit) => {
    expect(stripWire(`The talks ended. ${credit}`)).toBe('The talks ended.');
    expect(stripWire(`The talks ended.${credit}  `)).toBe('The talks ended.');
  });

  it('a paragraph that is only a reporting credit becomes empty', () => {
    expect(stripWire('(Reporting by Jane Doe; Editing by John Roe)')).toBe('');
  });

  it('after a dateline, both go', () => {
    expect(stripWire(`MOSCOW (Reuters) - ${BODY} (Reporting by Jane Doe)`)).toBe(BODY);
  });

  it.each([
    ['not at the end', 'The talks (Reporting by Jane Doe) ended.'],
    ['unclosed', 'The talks ended (Reporting by Jane Doe'],
    ['another verb', 'The talks ended (Photos by Jane Doe)'],
    ['nested brackets', 'The talks ended (Reporting by Jane (JD) Doe)'],
    ['Additional with a capital R', 'The talks ended (Additional Reporting by Ann)'],
    ['no name', 'The talks ended (Reporting by )x'],
  ])('%s: kept', (_name, text) => {
    expect(stripWire(text)).toBe(text);
  });

  it('a credit longer than 200 characters is not one', () => {
    const long = `The talks ended. (Reporting by ${'a'.repeat(201)})`;
    expect(stripWire(long)).toBe(long);
    expect(stripWire(`The talks ended. (Reporting by ${'a'.repeat(200)})`)).toBe(
      'The talks ended.',
    );
  });
});

describe('copyright: a line that becomes empty', () => {
  it.each([
    '© 2021 Reuters. All rights reserved.',
    '©2021 Reuters',
    '© The Guardian',
    '(c) 2021 Reuters',
    '(C) Reuters. All rights reserved.',
    '(c) Copyright Thomson Reuters 2021',
    'Copyright 2021 The Associated Press. All rights reserved.',
    'COPYRIGHT 2021 AFP',
    'Copyright © 2021 Bloomberg L.P.',
    "Copyright © 2021 Dow Jones & Company, Inc. All Rights Reserved's",
    '  © 2021 Reuters  ',
  ])('"%s"', (line) => {
    expect(stripWire(line)).toBe('');
  });

  it.each([
    ['a list item', '(c) Raise taxes on the richest households.'],
    ['a list item opening with a credit-like word', '(c) Apply the rule to all.'],
    ['copyright as a word', 'Copyright law is complex, the judge said.'],
    ['a © later in the line', 'The logo read © 2021 Reuters.'],
    ['a line that goes on past 80 characters', `© 2021 Reuters ${'x'.repeat(80)}`],
    ['a line with brackets after the notice', '© 2021 Reuters (all rights reserved)'],
  ])('%s: kept', (_name, line) => {
    expect(stripWire(line)).toBe(line);
  });
});

describe('credit-line: a paragraph that is only a credit', () => {
  it.each([
    '(Reuters)',
    'Reuters',
    'Reuters.',
    '— AP',
    '-- AFP',
    '(The Associated Press)',
    ' (CNN) ',
    'The AP.',
  ])('"%s" becomes empty', (line) => {
    expect(stripWire(line)).toBe('');
  });

  it.each(['Reuters reported it.', '(Acme)', 'Reuters!', 'Reuters..', 'AP News'])(
    '"%s" is kept',
    (line) => {
      expect(stripWire(line)).toBe(line.trim());
    },
  );
});

describe('stripWire', () => {
  it('leaves ordinary text as it is, trimmed', () => {
    expect(stripWire(`  ${BODY}  `)).toBe(BODY);
  });

  it('removes one leading rule only', () => {
    expect(stripWire(`MOSCOW (Reuters) - WASHINGTON — ${BODY}`)).toBe(`WASHINGTON — ${BODY}`);
  });

  it('the first leading rule that matches wins', () => {
    // Both dateline and wire-credit match; dateline takes the place with it.
    expect(stripWire(`MOSCOW (Reuters) ${BODY}`)).toBe(BODY);
    expect(stripWire(`Moscow (Reuters) ${BODY}`)).toBe(BODY);
  });

  it('an empty paragraph stays empty', () => {
    expect(stripWire('')).toBe('');
  });
});

describe('newsletter section labels', () => {
  it.each([
    ['Why it matters: ', 'Texas’ law is one of the most restrictive in the nation.'],
    ['The big picture: ', 'The Taliban pledged to respect women’s rights.'],
    ['Driving the news: ', '“We will respond,” the minister said.'],
    ['What they’re saying: ', '5 senators signed the letter.'],
    ['Yes, but: ', 'The plan needs 60 votes.'],
    // A no-break space after the colon, as newsletters publish it.
    ['Why it matters:\u00a0', 'The law is one of the most restrictive.'],
    // The label with its author, and with a dropped "s".
    ["Why it matters, via Axios' Margaret Talev: ", 'The results highlight the limits.'],
    ['Why it matter: ', 'The spike mirrors the steady rise.'],
  ])('"%s" is removed', (label, body) => {
    expect(stripWire(`${label}${body}`)).toBe(body);
  });

  it.each([
    ['a label inside the sentence', 'Officials said why it matters: The plan is late.'],
    ['a lower-case word after the label', 'Why it matters: the plan is late.'],
    ['a colon in an ordinary opening', 'Biden said: The plan is late.'],
    ['a label and nothing else', 'Why it matters:'],
  ])('%s stays', (_, text) => {
    expect(stripWire(text)).toBe(text);
  });
});
