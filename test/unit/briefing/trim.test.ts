import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadClusters } from '../../../bench/eval-set.ts';
import { countWords } from '../../../lambda/briefing/count-words.ts';
import { findQuoteSpans } from '../../../lambda/briefing/find-quote-spans.ts';
import { normalizeWhitespace } from '../../../lambda/briefing/normalize-whitespace.ts';
import { splitSentences } from '../../../lambda/briefing/split-sentences.ts';
import {
  baseTrim,
  quotationSpans,
  type Trim,
  type TrimKind,
  textOf,
  trims,
} from '../../../lambda/briefing/trim.ts';

// The words the contract names, listed here independently of trim.ts so the module's own lists
// are checked rather than trusted.
const NEGATIONS = 'not no never nobody nothing deny denies denied without';
const HEDGES =
  'alleged allegedly reportedly may might could would likely possibly suspected expected appears seems unconfirmed claimed';
const CONTRASTS = 'but although though while whereas however despite yet even';
const NUMBERS =
  'one two three four five six seven eight nine ten eleven twelve dozen hundred thousand million billion trillion first second third';
const ATTRIBUTIONS = 'said says told according';
const WATCHED = new Set(
  [NEGATIONS, HEDGES, CONTRASTS, NUMBERS, ATTRIBUTIONS].join(' ').toLowerCase().split(' '),
);

function watchedWords(text: string): string[] {
  const words = text.toLowerCase().match(/[\p{L}\p{N}]+(?:['’][\p{L}]+)*/gu) ?? [];
  return words.filter((w) => WATCHED.has(w) || /\p{N}/u.test(w) || /n['’]t$/u.test(w)).sort();
}

function kinds(trim: Trim): TrimKind[] {
  return trim.removed.map((r) => r.kind);
}

/** The texts trims() offers, base first. */
function textsOf(sentence: string): string[] {
  return trims(sentence).map((t) => t.text);
}

type Span = readonly [number, number];
const within = ([s, e]: Span, [os, oe]: Span): boolean => s >= os && e <= oe;

function expectRangesWellFormed(sentence: string, trim: Trim): void {
  let at = 0;
  for (const [s, e] of trim.kept) {
    expect(s).toBeGreaterThanOrEqual(at);
    expect(e).toBeGreaterThan(s);
    expect(e).toBeLessThanOrEqual(sentence.length);
    at = e;
  }
  for (const { range } of trim.removed) {
    expect(range[1]).toBeGreaterThan(range[0]);
    expect(trim.kept.some(([s, e]) => s < range[1] && range[0] < e)).toBe(false);
  }
  // Every character is kept, removed, or a space or punctuation mark left between them.
  const covered = [...trim.kept, ...trim.removed.map((r) => r.range)];
  for (let i = 0; i < sentence.length; i++) {
    if (covered.some(([s, e]) => i >= s && i < e)) continue;
    expect(sentence[i]).toMatch(/[\s\p{P}]/u);
  }
}

function expectQuotationsWhole(sentence: string, trim: Trim): void {
  const base = baseTrim(sentence);
  const doubles: Span[] = findQuoteSpans(sentence).map((q) => [q.open, q.close + 1]);
  for (const quote of [...quotationSpans(sentence), ...doubles]) {
    if (!base.kept.some((k) => within(quote, k))) continue; // inside a dateline
    expect(trim.kept.some((k) => within(quote, k))).toBe(true);
    expect(trim.text).toContain(sentence.slice(quote[0] + 1, quote[1] - 1));
  }
}

/** Every invariant of the contract, for one trim of one sentence. */
function expectHonestTrim(sentence: string, trim: Trim): void {
  expect(trim.sentence).toBe(sentence);
  expect(textOf(sentence, trim.kept)).toBe(trim.text);
  expectRangesWellFormed(sentence, trim);
  expectQuotationsWhole(sentence, trim);
  const base = baseTrim(sentence);
  expect(watchedWords(trim.text)).toEqual(watchedWords(base.text));
  if (trim.removed.length > base.removed.length) {
    expect(countWords(trim.text)).toBeGreaterThanOrEqual(5);
  }
}

function expectHonestTrims(sentence: string): Trim[] {
  const all = trims(sentence);
  expect(all[0]).toEqual(baseTrim(sentence));
  expect(all.length).toBeLessThanOrEqual(32);
  expect(new Set(all.map((t) => t.text)).size).toBe(all.length);
  for (const trim of all) expectHonestTrim(sentence, trim);
  return all;
}

describe('textOf', () => {
  it('joins the kept ranges and upper-cases only the first letter', () => {
    const sentence = 'On Wednesday, the ministry said so.';
    expect(textOf(sentence, [[14, 35]])).toBe('The ministry said so.');
    expect(
      textOf(sentence, [
        [0, 12],
        [26, 35],
      ]),
    ).toBe('On Wednesday said so.');
  });
});

describe('baseTrim: datelines and wire credits never open a text', () => {
  const cases: [string, string][] = [
    ['MOSCOW (Reuters) - Russia recalled its envoy.', 'Russia recalled its envoy.'],
    ['WASHINGTON (AP) — Democrats pushed a budget plan.', 'Democrats pushed a budget plan.'],
    ['LONDON, March 3 (Reuters) - The bank kept rates on hold.', 'The bank kept rates on hold.'],
    ['(CNN)The Kremlin recalled its envoy for talks.', 'The Kremlin recalled its envoy for talks.'],
    ['(CNN) — The Kremlin recalled its envoy.', 'The Kremlin recalled its envoy.'],
    ['KABUL, Afghanistan — The last flight left.', 'The last flight left.'],
    ['Washington (CNN) The Senate voted late.', 'The Senate voted late.'],
  ];
  it.each(cases)('%s', (sentence, text) => {
    const base = baseTrim(sentence);
    expect(base.text).toBe(text);
    expect(kinds(base)).toEqual(['dateline']);
    expect(textsOf(sentence)[0]).toBe(text);
  });

  it('leaves a sentence without a dateline whole', () => {
    for (const sentence of [
      '(Putin) will pay a price, Biden said.',
      'NATO — the alliance — met on Monday.',
      'NATO — Russia talks resumed in Brussels on Monday.',
      'U.S. — China talks resumed in Geneva on Monday.',
      'EU - China trade talks resumed in Brussels.',
      'U.S. officials said the talks had ended.',
    ]) {
      expect(baseTrim(sentence)).toEqual({
        text: sentence,
        sentence,
        kept: [[0, sentence.length]],
        removed: [],
      });
    }
  });
});

describe('trims: what may go', () => {
  it('a leading adverbial before the subject, upper-casing the new first letter', () => {
    expect(
      textsOf('In a later news conference, White House spokesperson Jen Psaki said it was over.'),
    ).toContain('White House spokesperson Jen Psaki said it was over.');
    expect(
      textsOf('On Wednesday, the ministry recalled its ambassador for consultations.'),
    ).toEqual([
      'On Wednesday, the ministry recalled its ambassador for consultations.',
      'The ministry recalled its ambassador for consultations.',
    ]);
  });

  it('a leading participial phrase', () => {
    const sentence =
      'Announcing the decision to recall its ambassador, the Russian foreign ministry said: "The most important thing for us is to identify ways of rectifying relations."';
    const [, trim] = trims(sentence);
    expect(trim?.text).toBe(
      'The Russian foreign ministry said: "The most important thing for us is to identify ways of rectifying relations."',
    );
    expect(trim && kinds(trim)).toEqual(['leading-adverbial']);
  });

  it('a non-restrictive relative clause, keeping the final period', () => {
    const sentence =
      'Russia withdrew its ambassador on Wednesday for consultations just hours after the remarks, which the ministry described as a normal step.';
    const trim = trims(sentence).find((t) => kinds(t).includes('relative-clause'));
    expect(trim?.text).toBe(
      'Russia withdrew its ambassador on Wednesday for consultations just hours after the remarks.',
    );
    expect(trim?.kept.at(-1)).toEqual([sentence.length - 1, sentence.length]);
  });

  it.each([
    [
      'a participle',
      'The president said the island, which is separated from China by the strait, would not bow.',
    ],
    [
      'a progressive',
      'The judge dropped him from the case, which is going forward against others.',
    ],
    ['a noun phrase', 'The hurricane struck the coast near Tampa, which is home to a large port.'],
    ['a place', 'The bombing hit the mosque, which is in the heart of Kabul.'],
    ['a person described', 'The senator, who is popular, voted for the bill on Monday.'],
    ['another verb', 'The team won the title on Sunday, which made history for the city.'],
  ])('a "which is" clause that describes, not judges: %s', (_name, sentence) => {
    expect(trims(sentence).some((t) => kinds(t).includes('relative-clause'))).toBe(true);
  });

  it('a relative clause inside the clause, with both its commas', () => {
    expect(
      textsOf('The report, which was released on Tuesday, accused Moscow of interference.'),
    ).toContain('The report accused Moscow of interference.');
  });

  it('an appositive after a name', () => {
    expect(
      textsOf(
        'Mark Galeotti, a professor at University College London, said the move was symbolic.',
      ),
    ).toContain('Mark Galeotti said the move was symbolic.');
    expect(
      textsOf(
        'The report accused Russia of trying to sway the vote for Donald Trump, a Republican.',
      ),
    ).toContain('The report accused Russia of trying to sway the vote for Donald Trump.');
  });

  it('brackets and dash pairs', () => {
    expect(
      textsOf('Sen. Joe Manchin (D-W.Va.) met the president at the White House on Monday.'),
    ).toContain('Sen. Joe Manchin met the president at the White House on Monday.');
    expect(
      textsOf(
        'The governor issued another order — this time covering private businesses — on Monday.',
      ),
    ).toContain('The governor issued another order on Monday.');
  });

  it('a trailing participial clause that carries no claim word', () => {
    expect(
      textsOf(
        'Moscow recalled its ambassador to Washington on Wednesday, prompting a sharp response from the White House.',
      ),
    ).toContain('Moscow recalled its ambassador to Washington on Wednesday.');
  });

  it('a time adjunct anywhere in the clause, with the space or the commas around it', () => {
    expect(
      textsOf('House Republicans on Wednesday ousted Liz Cheney from her leadership post.'),
    ).toContain('House Republicans ousted Liz Cheney from her leadership post.');
    expect(
      textsOf('The mayor announced the mandate late Tuesday night in a crowded news conference.'),
    ).toContain('The mayor announced the mandate in a crowded news conference.');
    expect(textsOf('The ministry, on Monday, recalled its ambassador for talks.')).toContain(
      'The ministry recalled its ambassador for talks.',
    );
    expect(
      textsOf('The envoys met in Geneva earlier this week for talks on the arms treaty.'),
    ).toContain('The envoys met in Geneva for talks on the arms treaty.');
    const trim = trims('Biden said he would end the combat mission by the end of the year.').at(-1);
    expect(trim?.text).toBe('Biden said he would end the combat mission.');
    expect(trim && kinds(trim)).toEqual(['time-adjunct']);
  });

  it('a past title before a full name', () => {
    expect(
      textsOf(
        'Former secretary of state and chairman of the Joint Chiefs of Staff Colin Powell has died of complications.',
      ),
    ).toContain('Colin Powell has died of complications.');
    expect(
      textsOf(
        'The reports wrongly said former New York Mayor Rudy Giuliani was warned by the FBI.',
      ),
    ).toContain('The reports wrongly said Rudy Giuliani was warned by the FBI.');
    expect(textsOf('The panel subpoenaed then-President Donald Trump over the records.')).toContain(
      'The panel subpoenaed Donald Trump over the records.',
    );
  });

  it('a trailing circumstance opened by "as"', () => {
    expect(
      textsOf(
        'Stocks fell for a third day on Thursday, as the Delta variant rattles the recovery.',
      ),
    ).toContain('Stocks fell for a third day on Thursday.');
  });

  it('combinations, after the single removals', () => {
    const all = trims(
      'On Wednesday, Mark Galeotti, a professor at University College London, said the move was symbolic.',
    );
    expect(all.map(kinds)).toEqual([
      [],
      ['leading-adverbial'],
      ['appositive'],
      ['leading-adverbial', 'appositive'],
    ]);
    expect(all.at(-1)?.text).toBe('Mark Galeotti said the move was symbolic.');
  });

  it('keeps the dateline removed in every trim', () => {
    const all = trims(
      'MOSCOW (Reuters) - On Wednesday, the ministry recalled its ambassador to Washington.',
    );
    expect(all.map((t) => t.text)).toEqual([
      'On Wednesday, the ministry recalled its ambassador to Washington.',
      'The ministry recalled its ambassador to Washington.',
    ]);
    expect(all.every((t) => kinds(t)[0] === 'dateline')).toBe(true);
  });
});

describe('trims: what never goes', () => {
  // Each with the part that must stay in every trim. Only a time adjunct, a separate constituent
  // of its own, may go beside it ("…recalled its ambassador on Wednesday").
  const never: [string, string, string][] = [
    [
      'a quotation, even inside a relative clause',
      'Russia withdrew its ambassador just hours after the remarks, which the Kremlin later said were “very bad and unprecedented.”',
      'very bad and unprecedented',
    ],
    [
      'an attribution in a leading phrase',
      'According to officials, the ambassador left Washington on Wednesday.',
      'According to officials',
    ],
    [
      'an attribution in a trailing clause',
      'The ministry recalled its ambassador on Wednesday, saying relations were at a dead end.',
      'saying relations were at a dead end',
    ],
    [
      'a negation in a relative clause',
      'The ministry, which did not give a reason, recalled its ambassador on Wednesday.',
      'which did not give a reason',
    ],
    [
      'a negation word "without"',
      'The envoy left Washington on Wednesday, leaving without a farewell to his hosts.',
      'leaving without a farewell',
    ],
    [
      'a hedge in an appositive',
      'Ivan Petrov, the alleged ringleader of the group, appeared in court in Moscow.',
      'the alleged ringleader of the group',
    ],
    [
      'a hedge in a relative clause',
      'The sanctions, which could arrive as soon as next week, will target the energy sector.',
      'which could arrive as soon as next week',
    ],
    [
      'a number in a leading phrase',
      'In 2019, the agency found evidence of interference in the vote.',
      'In 2019',
    ],
    [
      'a number word in brackets',
      'The committee (all nine members) voted to release the report on Friday.',
      '(all nine members)',
    ],
    [
      'an ordinal',
      'The Senate, which met for the first time since March, passed the bill on Friday.',
      'which met for the first time since March',
    ],
    [
      'a contrasting clause',
      'The envoy returned to Moscow on Wednesday, though talks may resume next month.',
      'though talks may resume next month',
    ],
    [
      'a contrasting participle',
      'Officials said 2,500 troops should stay, contradicting the president.',
      'contradicting the president',
    ],
    [
      'a condition',
      'If the talks fail, the sanctions will take effect on Monday morning.',
      'If the talks fail',
    ],
    [
      'a judgement of what the sentence told',
      'The rapper posted pictures of himself smoking marijuana, which is legal in Massachusetts.',
      'which is legal in Massachusetts',
    ],
    [
      'a judgement with an adverb',
      'The rapper posted pictures of himself smoking marijuana, which is entirely legal there.',
      'which is entirely legal there',
    ],
    [
      'a judgement in the past',
      'The two leaders met alone for two hours on Monday, which was unusual for a first summit.',
      'which was unusual for a first summit',
    ],
    [
      'a correction in brackets',
      'Some sources have promoted the drug (incorrectly) as a defense against the virus.',
      '(incorrectly)',
    ],
    [
      'an attribution inside an appositive',
      'Critics fumed over the plan to expand the Supreme Court, an idea that the report cautioned against.',
      'an idea that the report cautioned against',
    ],
    [
      'the place a claim holds in',
      'In Mexico, politicians were cut off from their constituents.',
      'In Mexico',
    ],
    [
      'the question an answer replies to',
      'Asked about the remarks, the spokesman called them an insult to the country.',
      'Asked about the remarks',
    ],
    [
      'anything inside brackets in a quotation',
      '“The decision (taken on Monday) stands,” the spokesman told reporters.',
      '(taken on Monday)',
    ],
  ];
  it.each(never)('%s', (_name, sentence, kept) => {
    const all = expectHonestTrims(sentence);
    for (const trim of all) {
      expect(trim.text).toContain(kept);
      expect(kinds(trim).every((k) => k === 'time-adjunct')).toBe(true);
    }
  });

  it('a time that is a complement, part of a range, a modifier, or one of two dates', () => {
    for (const sentence of [
      'The deadline for the agency to respond is on Monday.',
      'The agency has until Monday to respond to the subpoena.',
      'The rules apply starting Monday to every federal worker.',
      'The senator appeared on Sunday talk shows to defend the bill.',
      'The hearings run Monday through Friday in the main chamber.',
      'The index rose on Monday and fell on Tuesday in thin trading.',
      'Investors weighed Monday’s ruling against the company carefully.',
      'Early Friday morning the agency widened its recommendation.',
      'The company cut 5,000 jobs last year across its plants.',
    ]) {
      const all = expectHonestTrims(sentence);
      expect(all.filter((t) => kinds(t).includes('time-adjunct'))).toEqual([]);
    }
  });

  it('a current title, a title inside a larger phrase, or a title tied to someone else', () => {
    for (const sentence of [
      'Manhattan District Attorney Cyrus Vance Jr. convened a grand jury on the case.',
      'The court heard the former president Donald Trump was not present at the hearing.',
      'Prosecutors questioned Trump’s former lawyer Michael Cohen about the payments.',
      'Businessman and former presidential candidate Andrew Yang became a candidate again.',
      'A former aide to Senator John Smith told the committee about the payments.',
      'A former aide of President John Smith spoke to the committee about the payments.',
      'Supreme Court Justice Amy Coney Barrett wrote the opinion for the majority.',
      'Dr. Jane Roe, former president of the American Medical Association, spoke at the hearing.',
    ]) {
      const all = expectHonestTrims(sentence);
      expect(all.filter((t) => kinds(t).includes('title'))).toEqual([]);
    }
  });

  it('an "as" that does not open a clause of circumstance', () => {
    for (const sentence of [
      'The bill funds roads and bridges, as well as rail lines across the country.',
      'The order stays in force, as long as the emergency lasts in the state.',
      'The ministry recalled its ambassador, as part of a review of relations.',
    ]) {
      const all = expectHonestTrims(sentence);
      expect(all.filter((t) => kinds(t).includes('circumstance'))).toEqual([]);
    }
  });

  it('a comma list is not an appositive', () => {
    for (const sentence of [
      'Britain, France and Germany agreed to expel the diplomats.',
      'Britain, the United States and France agreed to expel the diplomats.',
      'The Food and Drug Administration, the FDA, the Centers for Disease Control, the CDC, agreed.',
    ]) {
      expect(trims(sentence).filter((t) => kinds(t).includes('appositive'))).toEqual([]);
    }
  });

  it('nothing that leaves fewer than five words', () => {
    expect(textsOf('On Wednesday, Russia objected.')).toEqual(['On Wednesday, Russia objected.']);
  });

  it('nothing beyond the base trim for a run-on text past any sentence length', () => {
    const long = `On Wednesday, ${'the ministry recalled its ambassador for talks and '.repeat(60)}left.`;
    expect(trims(long)).toEqual([baseTrim(long)]);
  });

  it('no cut that would need a character the sentence lacks', () => {
    // The dashes touch their words: removing the aside would glue "order" to "on".
    expect(
      textsOf('The governor issued an order—this time for businesses—on Monday.'),
    ).toHaveLength(1);
  });
});

describe('trims: properties over generated sentences', () => {
  const leading = fc.constantFrom(
    '',
    'On Wednesday, ',
    'In a later news conference, ',
    'Late on Tuesday night, ',
    'Announcing the decision, ',
    'In 2019, ',
    'If the talks fail, ',
  );
  const subject = fc.constantFrom(
    'Mark Galeotti',
    'Sen. Joe Manchin',
    'The Russian foreign ministry',
    'Former foreign minister Ivan Petrov',
    'The Russian foreign ministry on Monday',
  );
  const insert = fc.constantFrom(
    '',
    ', who spoke on Thursday,',
    ', who has not commented,',
    ', which was founded in 1991,',
    ', the alleged ringleader,',
    ' (D-W.Va.)',
  );
  const verb = fc.constantFrom(
    ' said',
    ' has warned',
    ' told reporters',
    ' announced',
    ' said late Tuesday',
  );
  const content = fc.constantFrom(
    ' the ambassador would return to Moscow for talks',
    ' the sanctions were not justified',
    ' “the decision, which is final, stands”',
    ' relations had reached “a blind alley”',
    ' three diplomats had been expelled',
  );
  const tail = fc.constantFrom(
    '',
    ', prompting a sharp response from Washington',
    ', which the Kremlin called a routine step',
    ', saying it was a mistake',
    ', though talks may resume',
    ', as the sanctions take hold',
    ', as three more envoys may leave',
  );
  const sentence = fc
    .tuple(leading, subject, insert, verb, content, tail)
    .map((parts) => ({ parts, text: `${parts.join('')}.` }));

  it('every trim is an honest trim', () => {
    fc.assert(
      fc.property(sentence, ({ text }) => {
        expectHonestTrims(text);
      }),
      { numRuns: 300 },
    );
  });

  it('each safe fragment can be dropped, and no unsafe one ever is', () => {
    const safe = new Set([
      'On Wednesday',
      'In a later news conference',
      'Late on Tuesday night',
      'Announcing the decision',
      'who spoke on Thursday',
      '(D-W.Va.)',
      'prompting a sharp response',
      'which the Kremlin called',
      'Former foreign minister',
      'as the sanctions take hold',
    ]);
    const unsafe = [
      'In 2019',
      'If the talks fail',
      'who has not commented',
      'founded in 1991',
      'alleged ringleader',
      'saying it was a mistake',
      'though talks may resume',
      'which is final',
      'as three more envoys may leave',
      'Ivan Petrov',
    ];
    fc.assert(
      fc.property(sentence, ({ text }) => {
        const texts = textsOf(text);
        for (const fragment of safe) {
          if (text.includes(fragment)) expect(texts.some((t) => !t.includes(fragment))).toBe(true);
        }
        for (const fragment of unsafe) {
          if (text.includes(fragment)) expect(texts.every((t) => t.includes(fragment))).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('trims: properties over real news openings', () => {
  // The first 150 clusters of the evaluation set, read in place (never copied here).
  const sentences = loadClusters()
    .slice(0, 150)
    .flatMap((c) => c.articles)
    .flatMap((a) => a.text.split('\n').map(normalizeWhitespace).filter(Boolean))
    .flatMap((p) => splitSentences(p).map((s) => s.text));

  it('reads enough sentences to mean something', () => {
    expect(sentences.length).toBeGreaterThan(1000);
  });

  it('every trim of every sentence is an honest trim', () => {
    let offered = 0;
    for (const s of sentences) offered += expectHonestTrims(s).length - 1;
    // Trimming is not a no-op on real copy.
    expect(offered).toBeGreaterThan(100);
  });

  it('holds for any sentence drawn at random, with its trims in any order', () => {
    fc.assert(
      fc.property(fc.constantFrom(...sentences), fc.nat(), (s, pick) => {
        const all = trims(s);
        const trim = all[pick % all.length];
        if (trim) expectHonestTrim(s, trim);
      }),
      { numRuns: 200 },
    );
  });
});

describe('quotationSpans', () => {
  it('finds single and double quotations, marks included, in order of position', () => {
    expect(quotationSpans('It was ‘a sham’ and “a farce”, he said.')).toEqual([
      [7, 15],
      [20, 29],
    ]);
  });

  it('opens a single quotation at the start of the sentence or before a digit', () => {
    expect(quotationSpans('‘A sham,’ he said of the vote.')).toEqual([[0, 9]]);
    expect(quotationSpans('The band played ‘1999’ twice.')).toEqual([[16, 22]]);
  });

  it('never takes an apostrophe inside a word for a quote mark', () => {
    expect(quotationSpans('Biden’s ‘red line’ held, aides said.')).toEqual([[8, 18]]);
  });
});

describe('trims: the safety checks', () => {
  // Each sentence offers a removable constituent that holds the fragment; it must stay.
  const kept: [string, string, string][] = [
    [
      'a contracted negation',
      'The ministry, which didn’t give a reason, recalled its ambassador on Wednesday.',
      'which didn’t give a reason',
    ],
    [
      'a qualifier',
      'The ministry, which only recently opened, recalled its ambassador on Wednesday.',
      'which only recently opened',
    ],
    [
      'a quotation whose closing mark is in another sentence',
      'The ministry, which called the move ‘unacceptable, recalled its ambassador on Wednesday.',
      'which called the move ‘unacceptable',
    ],
  ];
  it.each(kept)('%s', (_name, sentence, fragment) => {
    for (const trim of expectHonestTrims(sentence)) expect(trim.text).toContain(fragment);
  });

  it('pairs dashes outside quotations only', () => {
    expect(
      textsOf(
        'The governor said “enough — truly” and issued another order — this time covering private businesses — on Monday.',
      ),
    ).toEqual([
      'The governor said “enough — truly” and issued another order — this time covering private businesses — on Monday.',
      'The governor said “enough — truly” and issued another order on Monday.',
    ]);
  });

  it('takes no comma inside brackets, even nested ones, for a delimiter', () => {
    expect(
      textsOf(
        'The report, which was drafted by the agencies (the FBI (its domestic arm), the CIA), accused Moscow of interference.',
      ),
    ).toContain('The report accused Moscow of interference.');
  });
});

describe('baseTrim: dateline edge cases', () => {
  it('removes a dateline of a four-word place', () => {
    expect(
      baseTrim('SAN JOSE DEL MONTE (Reuters) - Officials said the storm had passed.').text,
    ).toBe('Officials said the storm had passed.');
  });

  it('keeps a text that is nothing but a wire credit', () => {
    expect(baseTrim('(Reuters)')).toEqual({
      text: '(Reuters)',
      sentence: '(Reuters)',
      kept: [[0, 9]],
      removed: [],
    });
  });
});

describe('trims: assembling', () => {
  it('lists the removals of a combination in sentence order', () => {
    const sentence =
      'The ministry on Monday recalled its ambassador, which surprised diplomats in Moscow.';
    const all = trims(sentence);
    expect(all.map(kinds)).toEqual([
      [],
      ['relative-clause'],
      ['time-adjunct'],
      ['time-adjunct', 'relative-clause'],
    ]);
    expect(all.at(-1)?.text).toBe('The ministry recalled its ambassador.');
  });

  it('never combines removals that overlap', () => {
    for (const trim of expectHonestTrims(
      'The report, which was released, on Tuesday, accused Moscow of interference.',
    )) {
      const ranges = trim.removed.map((r) => r.range);
      ranges.forEach(([, end], i) => {
        const next = ranges[i + 1];
        if (next) expect(end).toBeLessThanOrEqual(next[0]);
      });
    }
  });

  it('combines removals that touch end to start', () => {
    expect(
      textsOf(
        'Sen. Joe Manchin (D-W.Va.), who chairs the panel, met the president at the White House.',
      ),
    ).toContain('Sen. Joe Manchin met the president at the White House.');
  });

  it('keeps no empty range when a removal reaches the end of the text', () => {
    const sentence = 'The Senate passed the bill after a long debate (on a party-line vote)';
    expect(trims(sentence).map((t) => t.kept)).toEqual([[[0, 69]], [[0, 46]]]);
  });

  it('offers a trim of exactly five words', () => {
    expect(textsOf('On Wednesday, the ministry recalled its envoy.')).toEqual([
      'On Wednesday, the ministry recalled its envoy.',
      'The ministry recalled its envoy.',
    ]);
  });

  it('offers no trim that loses the only verb', () => {
    expect(
      textsOf('The new rule, which takes effect on Monday, for every federal worker.'),
    ).toEqual([
      'The new rule, which takes effect on Monday, for every federal worker.',
      'The new rule, which takes effect, for every federal worker.',
    ]);
  });

  it('finds the verb of a trim past the punctuation around it', () => {
    expect(
      textsOf('The veteran envoy from Kyiv, who flew in on Monday, left, his aide said.'),
    ).toContain('The veteran envoy from Kyiv left, his aide said.');
  });

  it('offers at most 32 trims, from the first ten candidates only', () => {
    const sentence =
      'The senators Cruz (Texas), Brown (Ohio), Paul (Kentucky), Scott (Florida), Lee (Utah), Kaine (Virginia), Hawley (Missouri), Tester (Montana), Cotton (Arkansas), Ernst (Iowa) and Risch (Idaho) met the president at the White House.';
    const all = trims(sentence);
    expect(all).toHaveLength(32);
    expect(all.every((t) => t.text.includes('(Idaho)'))).toBe(true);
  });

  it('still trims a sentence of exactly the length limit', () => {
    const prefix = `On Wednesday, the ministry recalled its ambassador for ${'talks and '.repeat(300)}`;
    const sentence = `${prefix.slice(0, 1994)} left.`;
    expect(sentence).toHaveLength(2000);
    expect(trims(sentence)).toHaveLength(2);
  });
});

describe('trims: joins', () => {
  it('never starts a trim with a digit', () => {
    expect(textsOf('On Monday, 300 people marched in the capital.')).toEqual([
      'On Monday, 300 people marched in the capital.',
    ]);
  });

  it('keeps a sentence that starts with a digit trimmable', () => {
    expect(textsOf('300 people, who marched in the capital, were detained on Monday.')).toContain(
      '300 people were detained on Monday.',
    );
  });

  it('never leaves a doubled space, a space before a comma or two commas at a join', () => {
    expect(textsOf('Sen. Joe Manchin  (D-W.Va.) met the president at the White House.')).toEqual([
      'Sen. Joe Manchin  (D-W.Va.) met the president at the White House.',
    ]);
    expect(
      textsOf('The report , which was released on Tuesday, accused Moscow of interference.'),
    ).toEqual([
      'The report , which was released on Tuesday, accused Moscow of interference.',
      'The report , which was released, accused Moscow of interference.',
    ]);
    expect(textsOf('The envoy met the ministers, (in private), and left for Kyiv.')).toEqual([
      'The envoy met the ministers, (in private), and left for Kyiv.',
    ]);
  });

  it('keeps a doubled space the copy already had after the removal', () => {
    expect(textsOf('Sen. Joe Manchin (D-W.Va.)  met the president at the White House.')).toContain(
      'Sen. Joe Manchin  met the president at the White House.',
    );
  });
});

describe('trims: leading adverbials', () => {
  it.each([
    // A response, a place or a body bounds the claim.
    'In response to the ruling, the ministry recalled its ambassador.',
    'In the capital, the police arrested the protesters outside parliament.',
    'In the area, the police arrested the protesters outside parliament.',
    'In Havana, officials recalled the ambassador for talks.',
    'In the states’ capitals, governors extended the emergency orders.',
    // One word that is no time, a phrase of more than 14 words, or a comma with no space.
    'Smiling, the minister waved to the crowd outside.',
    'After a long and heated meeting of the party leaders with their senior aides behind closed doors, the minister resigned from the cabinet.',
    'On Monday,the ministry recalled its ambassador.',
    // What follows the comma is no clause of its own: a conjunction, a quotation, a list's end.
    'On Monday, and again on Tuesday, the ministry recalled its ambassador.',
    'On Monday, “the talks are over,” the minister said.',
    'On Monday, Tuesday and Wednesday, officials met in Geneva.',
    'On Monday, Tuesday and Wednesday, analysts met in Geneva.',
    'On Monday, Tuesday and Wednesday, media reported on the talks.',
  ])('stays: %s', (sentence) => {
    expect(textsOf(sentence)).toEqual([sentence]);
  });

  it.each([
    [
      'In mid-March, the ministry recalled its ambassador.',
      'The ministry recalled its ambassador.',
    ],
    ['Yesterday, the ministry recalled its ambassador.', 'The ministry recalled its ambassador.'],
    [
      'After a long and heated meeting of the party leaders with their senior aides, the minister resigned from the cabinet.',
      'The minister resigned from the cabinet.',
    ],
    ['In a late-night vote, the Senate passed the bill.', 'The Senate passed the bill.'],
    [
      'On Monday, officials recalled the ambassador to Moscow.',
      'Officials recalled the ambassador to Moscow.',
    ],
  ])('goes: %s', (sentence, trimmed) => {
    expect(textsOf(sentence)).toEqual([sentence, trimmed]);
  });

  it('never goes when the phrase holds brackets', () => {
    expect(textsOf('On Monday (local time), the ministry recalled its ambassador.')).toEqual([
      'On Monday (local time), the ministry recalled its ambassador.',
      'On Monday, the ministry recalled its ambassador.',
    ]);
  });
});

describe('trims: what a date list or a stacked contraction must keep', () => {
  it('never drops the first day of a list of days', () => {
    const sentence =
      'On Monday, Tuesday and Wednesday, the envoys met in Geneva to discuss the ceasefire.';
    for (const t of trims(sentence)) expect(t.text).toMatch(/Monday/);
  });

  it('keeps a stacked negative contraction', () => {
    const sentence =
      'The ministry, which shouldn’t’ve acted alone, recalled its ambassador on Wednesday.';
    for (const t of trims(sentence)) expect(t.text).toContain('shouldn’t’ve');
  });
});
