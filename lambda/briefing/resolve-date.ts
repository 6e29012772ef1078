import {
  addDays,
  addMonths,
  addWeeks,
  addYears,
  endOfMonth,
  endOfWeek,
  endOfYear,
  format,
  isValid,
  startOfMonth,
  startOfWeek,
  startOfYear,
  subDays,
  subMonths,
  subWeeks,
  subYears,
} from 'date-fns';
import { futureAt } from './forecast.ts';
import { NUMBER_WORDS } from './number-words.ts';
import type { DatePrecision } from './types.ts';

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTH_ABBREVIATIONS = 'Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec';
const MONTH = `(${MONTHS.join('|')}|(?:${MONTH_ABBREVIATIONS})\\.?)`;
const WEEKDAY = `(${WEEKDAYS.join('|')})`;
// "early", "late" and "mid" narrow a month or year without making it a day.
const PART = `(?:(?:early|late|mid)[- ]?)?`;
const COUNT = `(\\d{1,3}|an?|a few|several|${Object.keys(NUMBER_WORDS).join('|')})`;
// Words that make a count an estimate: "about ten years ago", "some 20 years ago".
const HEDGE = `(?:(about|around|roughly|nearly|almost|some|over|more than|at least|less than) )?`;
// "a year ago", "an hour ago" count one; "a few", "several" about three.
const COUNT_WORDS: Readonly<Record<string, number>> = {
  a: 1,
  an: 1,
  'a few': 3,
  several: 3,
  ...NUMBER_WORDS,
};
// Weeks start on Monday in news usage ("earlier this week" on a Thursday means since Monday).
const WEEK = { weekStartsOn: 1 } as const;
// A day and month without a year more than this far after publication is last year's
// ("the 3 November election" in a March article).
const FUTURE_SLACK_DAYS = 60;

/** A date found in a sentence, at the precision the text states. */
export interface ResolvedDate {
  /** ISO date cut to its precision: YYYY-MM-DD, YYYY-MM or YYYY. */
  date: string;
  precision: DatePrecision;
  /** An estimate: "ten years ago", "about a month ago", a week across two months. */
  approximate: boolean;
  /**
   * A plan or forecast, not an event: the period lies after the publication day ("next week",
   * "tomorrow") or the date belongs to a future verb ("will speak on Thursday").
   */
  expected: boolean;
  /** The [start, end) span of the date expression in the sentence. */
  start: number;
  end: number;
}

/** The days a date expression covers, first and last included. */
interface Period {
  from: Date;
  to: Date;
  approximate?: boolean;
}

const dayPeriod = (date: Date): Period => ({ from: date, to: date });
const monthPeriod = (date: Date, approximate = false): Period => ({
  from: startOfMonth(date),
  to: endOfMonth(date),
  approximate,
});
const yearPeriod = (date: Date, approximate = false): Period => ({
  from: startOfYear(date),
  to: endOfYear(date),
  approximate,
});
const iso = (date: Date): string => format(date, 'yyyy-MM-dd');

function monthIndex(name: string): number {
  const key = name.replace(/\.$/, '').slice(0, 3).toLowerCase();
  return MONTHS.findIndex((m) => m.slice(0, 3).toLowerCase() === key);
}

/** Month and weekday names are capitalized: "march", "may" are verbs. */
const capitalized = (word: string | undefined): boolean => /^\p{Lu}/u.test(word ?? '');

/** A real calendar day (rejects 30 February instead of rolling over into March). */
function calendarDay(year: number, month: number, day: number): Date | undefined {
  const date = new Date(year, month, day);
  if (!isValid(date) || date.getMonth() !== month || date.getDate() !== day) return undefined;
  return date;
}

function withoutYear(anchor: Date, month: number, day: number): Date | undefined {
  const date = calendarDay(anchor.getFullYear(), month, day);
  if (!date) return undefined;
  return date > addDays(anchor, FUTURE_SLACK_DAYS)
    ? calendarDay(anchor.getFullYear() - 1, month, day)
    : date;
}

/**
 * A month named without a year: the coming one when its clause is future ("will meet in May"),
 * else the latest one not too far ahead (the same slack as for a day and month).
 */
function monthWithoutYear(anchor: Date, month: number, future: boolean): Date {
  const thisYear = new Date(anchor.getFullYear(), month, 1);
  if (future) return month < anchor.getMonth() ? addYears(thisYear, 1) : thisYear;
  return thisYear > addDays(anchor, FUTURE_SLACK_DAYS) ? subYears(thisYear, 1) : thisYear;
}

function weekday(anchor: Date, target: number, modifier: string, future: boolean): Date {
  const day = anchor.getDay();
  if (modifier === 'next' || modifier === 'this coming') {
    return addDays(anchor, (target - day + 7) % 7 || 7);
  }
  if (modifier === 'this') return addDays(startOfWeek(anchor, WEEK), (target + 6) % 7);
  if (modifier === 'last') return subDays(anchor, (day - target + 7) % 7 || 7);
  // A weekday the clause puts in the future ("will vote on Monday") is the coming one.
  if (future) return addDays(anchor, (target - day + 7) % 7);
  // A bare weekday in a news report is the most recent one, publication day included.
  return subDays(anchor, (day - target + 7) % 7);
}

function amount(word: string): number | undefined {
  if (/^\d{1,3}$/.test(word)) return Number(word);
  return COUNT_WORDS[word.toLowerCase()];
}

/** "last week", "earlier this month", "next year": a week, weekend, month or year. */
function relativePeriod(anchor: Date, which: string, unit: string): Period {
  const shift = which === 'last' ? -1 : which === 'next' ? 1 : 0;
  const whole = unitPeriod(anchor, unit, shift);
  // "earlier this week" is the part before publication, "later this week" the part after.
  if (which === 'earlier this' && whole.from < anchor) return { ...whole, to: subDays(anchor, 1) };
  if (which === 'later this' && whole.to > anchor) return { ...whole, from: addDays(anchor, 1) };
  return whole;
}

function unitPeriod(anchor: Date, unit: string, shift: number): Period {
  if (unit === 'week') {
    const week = addWeeks(anchor, shift);
    return { from: startOfWeek(week, WEEK), to: endOfWeek(week, WEEK) };
  }
  if (unit === 'weekend') {
    const saturday = addDays(startOfWeek(addWeeks(anchor, shift), WEEK), 5);
    return { from: saturday, to: addDays(saturday, 1) };
  }
  if (unit === 'month') return monthPeriod(addMonths(anchor, shift));
  return yearPeriod(addYears(anchor, shift));
}

/**
 * "ten years ago", "two days ago": counted back from publication. Days are exact unless hedged
 * ("about", "a few"); weeks, months and years are estimates — "ten years ago" in March 2021 may
 * be 2010 or 2011 — so they are kept at the month or year and marked approximate.
 */
function ago(anchor: Date, count: string, unit: string, hedge: string | undefined): Period {
  const n = amount(count) ?? 0;
  const hedged = hedge !== undefined || count === 'a few' || count === 'several';
  if (unit === 'day') return { ...dayPeriod(subDays(anchor, n)), approximate: hedged };
  if (unit === 'week') return monthPeriod(subWeeks(anchor, n), true);
  if (unit === 'month') return monthPeriod(subMonths(anchor, n), true);
  return yearPeriod(subYears(anchor, unit === 'decade' ? 10 * n : n), true);
}

interface Rule {
  pattern: RegExp;
  resolve(match: RegExpExecArray, anchor: Date): Period | undefined;
}

const dayOf = (date: Date | undefined): Period | undefined => (date ? dayPeriod(date) : undefined);
const lower = (s: string | undefined): string => (s ?? '').toLowerCase();

/** "Theresa May's", "the government of May": the name, not the month. */
function isSurnameMay(m: RegExpExecArray): boolean {
  const name = m[1] ?? m[2];
  if (name !== 'May') return false;
  const after = m.input.slice(m.index + m[0].length);
  return (
    m[2] !== undefined || /^['’]s\b/u.test(after) || /\bof $/iu.test(m.input.slice(0, m.index))
  );
}

/** "17 March", "17 March 2021", "March 17", "March 17, 2021": one day. */
function dayMonth(anchor: Date, month: string, day: string, year: string | undefined) {
  if (!capitalized(month)) return undefined;
  const m = monthIndex(month);
  const d = Number(day);
  return dayOf(year ? calendarDay(Number(year), m, d) : withoutYear(anchor, m, d));
}

/**
 * Date expressions, each resolved against the publication date to the days it covers. Nothing
 * here invents a day: a month, week or year stays a period, and the precision follows from it.
 * "recently", "soon", "the previous day" name no period the sentence can be dated by: left out.
 */
const rules: readonly Rule[] = [
  {
    pattern: /\b(\d{4})-(\d{2})-(\d{2})\b/g,
    resolve: (m) => dayOf(calendarDay(Number(m[1]), Number(m[2]) - 1, Number(m[3]))),
  },
  {
    pattern: new RegExp(
      `\\b(\\d{1,2})(?:st|nd|rd|th)? (?:of )?${MONTH}(?:,? (\\d{4}))?(?![\\w-])`,
      'g',
    ),
    resolve: (m, anchor) => dayMonth(anchor, m[2] ?? '', m[1] ?? '', m[3]),
  },
  {
    pattern: new RegExp(
      `\\b${MONTH} (\\d{1,2})(?:st|nd|rd|th)?(?!\\d)(?:,? (\\d{4}))?(?![\\w-])`,
      'g',
    ),
    resolve: (m, anchor) => dayMonth(anchor, m[1] ?? '', m[2] ?? '', m[3]),
  },
  {
    // "March 2021", "late January 2020": one month.
    pattern: new RegExp(`\\b${PART}${MONTH},? (\\d{4})(?![\\w-])`, 'gi'),
    resolve: (m) =>
      capitalized(m[1])
        ? monthPeriod(new Date(Number(m[2]), monthIndex(m[1] ?? ''), 1))
        : undefined,
  },
  {
    pattern: new RegExp(`\\b(last|next|this) ${MONTH}(?![\\w-]| \\d)`, 'gi'),
    resolve: (m, anchor) => {
      if (!capitalized(m[2])) return undefined;
      const month = monthIndex(m[2] ?? '');
      const which = lower(m[1]);
      const year = anchor.getFullYear();
      if (which === 'this') return monthPeriod(new Date(year, month, 1));
      if (which === 'next')
        return monthPeriod(new Date(year + (month > anchor.getMonth() ? 0 : 1), month, 1));
      return monthPeriod(new Date(month < anchor.getMonth() ? year : year - 1, month, 1));
    },
  },
  {
    // A month alone, where only a date can stand: "in late January", "since May", "the
    // November election", "November's vote". Bare "May" and "March" are too often words.
    pattern: new RegExp(
      `(?:(?<=\\b(?:in|since|by|until|during|through|before|after|from|of) )${PART}${MONTH}|\\b${MONTH}(?=['’]s\\b| (?:election|vote|poll|summit|referendum|ballot|talks|deadline|meeting)s?\\b))(?![\\w-]| \\d)`,
      'gi',
    ),
    resolve: (m, anchor) => {
      const name = m[1] ?? m[2];
      if (!capitalized(name) || isSurnameMay(m)) return undefined;
      const future = futureAt(m.input, m.index, m.index + m[0].length);
      return monthPeriod(monthWithoutYear(anchor, monthIndex(name ?? ''), future));
    },
  },
  {
    // A year where only a date can stand: "in 2014", "since 2011", "by 2030", "about 2011".
    pattern: new RegExp(
      `(?<=\\b(?:in|since|by|until|during|through|before|after|from|around|about|circa|c\\.) )${PART}(\\d{4})(?![\\w-]|s\\b|\\d)`,
      'gi',
    ),
    resolve: (m, anchor) => {
      const year = Number(m[1]);
      if (year < 1000 || year > anchor.getFullYear() + 50) return undefined;
      const hedged = /\b(?:around|about|circa|c\.) $/i.test(m.input.slice(0, m.index));
      return yearPeriod(new Date(year, 0, 1), hedged);
    },
  },
  {
    pattern: new RegExp(
      `(?:\\b(last|next|this coming|this) )?(?<!\\bMail on )\\b${WEEKDAY}\\b(?!['’]?s? (?:Times|Telegraph|Express|Mirror|Post|Herald|Mail|Night Football|School))`,
      'gi',
    ),
    resolve: (m, anchor) => {
      // Weekday names must be capitalized; "i" is only there for the modifier.
      if (!capitalized(m[2])) return undefined;
      const target = WEEKDAYS.findIndex((d) => d.toLowerCase() === lower(m[2]));
      const future = futureAt(m.input, m.index, m.index + m[0].length);
      return dayPeriod(weekday(anchor, target, lower(m[1]), future));
    },
  },
  {
    pattern:
      /\b(the day before yesterday|the day after tomorrow|today|tonight|this (?:morning|afternoon|evening)|yesterday|last night|tomorrow)\b/gi,
    resolve: (m, anchor) => {
      const word = lower(m[1]);
      if (word === 'the day before yesterday') return dayPeriod(subDays(anchor, 2));
      if (word === 'the day after tomorrow') return dayPeriod(addDays(anchor, 2));
      if (word === 'yesterday' || word === 'last night') return dayPeriod(subDays(anchor, 1));
      if (word === 'tomorrow') return dayPeriod(addDays(anchor, 1));
      return dayPeriod(anchor);
    },
  },
  {
    // "over the weekend": the latest one, or the coming one in a future clause.
    pattern: /\b(?:over|at|during) the weekend\b/gi,
    resolve: (m, anchor) => {
      const future = futureAt(m.input, m.index, m.index + m[0].length);
      const started = anchor.getDay() === 6 || anchor.getDay() === 0;
      return unitPeriod(anchor, 'weekend', future || started ? 0 : -1);
    },
  },
  {
    pattern: /\b(last|next|(?:earlier|later) this|this) (week|weekend|month|year)\b/gi,
    resolve: (m, anchor) => relativePeriod(anchor, lower(m[1]), lower(m[2])),
  },
  {
    pattern: new RegExp(`\\b${HEDGE}${COUNT} (day|week|month|year|decade)s? ago\\b`, 'gi'),
    resolve: (m, anchor) => ago(anchor, lower(m[2]), lower(m[3]), m[1]),
  },
];

// A week or weekend across a month boundary is short enough to be dated by its middle month.
const SHORT_PERIOD_MS = 10 * 24 * 60 * 60 * 1000;

/**
 * What a period says at the finest unit that holds it: one day, one month or one year ("earlier
 * this year" is the year). A week across a month boundary ("last week", 22 February to 1 March)
 * is kept at its middle month and marked approximate: a guess shown as one, not a day it does
 * not name nor a year that says too little.
 */
function cut(period: Period): Pick<ResolvedDate, 'date' | 'precision' | 'approximate'> {
  const [from, to] = [iso(period.from), iso(period.to)];
  const approximate = period.approximate === true;
  if (from === to) return { date: from, precision: 'day', approximate };
  if (from.slice(0, 7) === to.slice(0, 7)) {
    return { date: from.slice(0, 7), precision: 'month', approximate };
  }
  const middle = new Date((period.from.getTime() + period.to.getTime()) / 2);
  if (period.to.getTime() - period.from.getTime() <= SHORT_PERIOD_MS) {
    return { date: format(middle, 'yyyy-MM'), precision: 'month', approximate: true };
  }
  if (from.slice(0, 4) === to.slice(0, 4)) {
    return { date: from.slice(0, 4), precision: 'year', approximate };
  }
  return { date: format(middle, 'yyyy'), precision: 'year', approximate: true };
}

// "marking the anniversary of its annexation in 2014": the date of what is remembered, not of
// the sentence's event.
const ANNIVERSARY = /\banniversary\b[^,;:.]*$/iu;
const remembered = (sentence: string, start: number): boolean =>
  ANNIVERSARY.test(sentence.slice(0, start));

/** Every date expression of the sentence, in text order, overlapping ones counted once. */
function findDates(sentence: string, anchor: Date): ResolvedDate[] {
  const found: ResolvedDate[] = [];
  for (const rule of rules) {
    rule.pattern.lastIndex = 0;
    for (let m = rule.pattern.exec(sentence); m; m = rule.pattern.exec(sentence)) {
      const period = rule.resolve(m, anchor);
      if (!period || !isValid(period.from) || !isValid(period.to)) continue;
      const start = m.index;
      const end = start + m[0].length;
      if (remembered(sentence, start)) continue;
      const expected = iso(period.from) > iso(anchor) || futureAt(sentence, start, end);
      found.push({ ...cut(period), expected, start, end });
    }
  }
  // The leftmost expression wins, the longer one at the same place ("last November" over
  // "November"); anything overlapping a kept one is the same mention.
  found.sort((x, y) => x.start - y.start || y.end - x.end);
  const kept: ResolvedDate[] = [];
  for (const f of found) if (!kept.some((k) => f.start < k.end && f.end > k.start)) kept.push(f);
  return kept;
}

/**
 * The date of the sentence's event, resolved against the article's publication day, at the
 * precision the text states; undefined when the sentence names no date. The first expression
 * is taken because it usually anchors the event ("Later on Thursday, … on Friday or Monday").
 */
export function resolveDate(sentence: string, anchor: Date): ResolvedDate | undefined {
  return findDates(sentence, anchor)[0];
}

/**
 * Every date a sentence names, as distinct ISO dates cut to their precision, in text order.
 * Overlapping expressions count once ("Thursday, March 18" is one mention of one day, "on
 * Wednesday … Thursday" two). With `daysOnly`, only exact days: periods ("last week", "last
 * year") and estimates ("about two days ago") are left out.
 */
export function resolveDates(
  sentence: string,
  anchor: Date,
  options: { daysOnly?: boolean } = {},
): string[] {
  const dates = findDates(sentence, anchor)
    .filter((d) => !options.daysOnly || (d.precision === 'day' && !d.approximate))
    .map((d) => d.date);
  return [...new Set(dates)];
}

const YEARS_AGO =
  /\b(\d{1,3}|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty) years? ago\b/giu;
const NEIGHBOUR_YEAR = /\b(last|next) year\b/giu;

/**
 * Calendar years a sentence points at without writing them: "ten years ago" in a 2021 article
 * is 2011, "last year" is 2020. Lets "ten years ago … at the Kremlin" meet "in 2011 … the Kremlin".
 */
export function relativeYears(sentence: string, anchor: Date): number[] {
  const years: number[] = [];
  const year = anchor.getFullYear();
  for (const m of sentence.matchAll(YEARS_AGO)) {
    const n = amount(m[1] ?? '');
    if (n !== undefined) years.push(year - n);
  }
  for (const m of sentence.matchAll(NEIGHBOUR_YEAR)) {
    years.push((m[1] ?? '').toLowerCase() === 'last' ? year - 1 : year + 1);
  }
  return years;
}
