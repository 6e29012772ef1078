import {
  addDays,
  addMonths,
  addWeeks,
  addYears,
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
import { NUMBER_WORDS } from './number-words.ts';

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
// "a year ago", "an hour ago" count one too.
const COUNT_WORDS: Readonly<Record<string, number>> = { a: 1, an: 1, ...NUMBER_WORDS };
// Weeks start on Monday in news usage ("earlier this week" on a Thursday means since Monday).
const WEEK = { weekStartsOn: 1 } as const;
// A day and month without a year more than this far after publication is last year's
// ("the 3 November election" in a March article).
const FUTURE_SLACK_DAYS = 60;

function monthIndex(name: string): number {
  const key = name.replace(/\.$/, '').slice(0, 3).toLowerCase();
  return MONTHS.findIndex((m) => m.slice(0, 3).toLowerCase() === key);
}

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

// Words that put what follows them in the future: "will meet on Monday", "is due to vote
// Tuesday", "invited Biden to talks on Friday". "would" is left out: reported speech uses it
// for the past as often as for the future.
const FUTURE_MARKER =
  /\b(?:will|shall|won['’]t|(?:is|are|was|were)\s+(?:expected|set|due|scheduled|slated|poised|going|planning)\s+to|(?:scheduled|planned|set)\s+for|plans?\s+to|upcoming|invit(?:e|es|ed|ing)|propos(?:e|es|ed|ing)|offer(?:s|ed)?\s+to)\b/iu;
// A clause ends at these; a future word before one says nothing about a later weekday
// ("Biden, who will travel next month, said on Monday …").
const CLAUSE_BREAK = /[,;:()\u2013\u2014]/gu;

/** Whether the clause leading up to `index` speaks of the future. */
function futureBefore(sentence: string, index: number): boolean {
  const before = sentence.slice(0, index);
  let start = 0;
  for (const m of before.matchAll(CLAUSE_BREAK)) start = (m.index ?? 0) + 1;
  return FUTURE_MARKER.test(before.slice(start));
}

function weekday(
  anchor: Date,
  target: number,
  modifier: string | undefined,
  future: boolean,
): Date {
  const day = anchor.getDay();
  const mod = modifier?.toLowerCase();
  if (mod === 'next' || mod === 'this coming') return addDays(anchor, (target - day + 7) % 7 || 7);
  if (mod === 'this') return addDays(startOfWeek(anchor, WEEK), (target + 6) % 7);
  if (mod === 'last') return subDays(anchor, (day - target + 7) % 7 || 7);
  // A weekday the clause puts in the future ("will vote on Monday") is the coming one.
  if (future) return addDays(anchor, (target - day + 7) % 7);
  // A bare weekday in a news report is the most recent one, publication day included.
  return subDays(anchor, (day - target + 7) % 7);
}

function amount(word: string): number | undefined {
  if (/^\d{1,3}$/.test(word)) return Number(word);
  return COUNT_WORDS[word.toLowerCase()];
}

interface Rule {
  pattern: RegExp;
  resolve(match: RegExpExecArray, anchor: Date): Date | undefined;
  /** Whether the expression names one day (not a week, month or year). */
  day(match: RegExpExecArray): boolean;
}

const always = (): boolean => true;
const never = (): boolean => false;

/**
 * Date expressions, each resolved against the publication date. Month-, week- and year-level
 * expressions ("last month", "earlier this week") resolve to the first day of that period: the
 * contract wants a day, and the period start is the one day that is surely not too late.
 */
const rules: readonly Rule[] = [
  {
    pattern: /\b(\d{4})-(\d{2})-(\d{2})\b/g,
    day: always,
    resolve: (m, _) => calendarDay(Number(m[1]), Number(m[2]) - 1, Number(m[3])),
  },
  {
    pattern: new RegExp(
      `\\b(\\d{1,2})(?:st|nd|rd|th)? (?:of )?${MONTH}(?:,? (\\d{4}))?(?![\\w-])`,
      'g',
    ),
    day: always,
    resolve: (m, anchor) => {
      const month = monthIndex(m[2] ?? '');
      const day = Number(m[1]);
      return m[3] ? calendarDay(Number(m[3]), month, day) : withoutYear(anchor, month, day);
    },
  },
  {
    pattern: new RegExp(
      `\\b${MONTH} (\\d{1,2})(?:st|nd|rd|th)?(?!\\d)(?:,? (\\d{4}))?(?![\\w-])`,
      'g',
    ),
    day: always,
    resolve: (m, anchor) => {
      const month = monthIndex(m[1] ?? '');
      const day = Number(m[2]);
      return m[3] ? calendarDay(Number(m[3]), month, day) : withoutYear(anchor, month, day);
    },
  },
  {
    pattern: new RegExp(
      `(?:\\b(last|next|this coming|this) )?\\b${WEEKDAY}\\b(?!['’]?s? (?:Times|Telegraph|Express|Mirror|Post|Herald|Mail|Night Football|School))`,
      'gi',
    ),
    day: always,
    resolve: (m, anchor) => {
      const name = m[2] ?? '';
      // Weekday names must be capitalized; "i" is only there for the modifier.
      if (!/^\p{Lu}/u.test(name)) return undefined;
      const target = WEEKDAYS.findIndex((d) => d.toLowerCase() === name.toLowerCase());
      return weekday(anchor, target, m[1], futureBefore(m.input, m.index));
    },
  },
  {
    pattern:
      /\b(today|tonight|this (?:morning|afternoon|evening)|yesterday|last night|tomorrow)\b/gi,
    day: always,
    resolve: (m, anchor) => {
      const word = (m[1] ?? '').toLowerCase();
      if (word === 'yesterday' || word === 'last night') return subDays(anchor, 1);
      if (word === 'tomorrow') return addDays(anchor, 1);
      return anchor;
    },
  },
  {
    pattern: /\b(last|next|(?:earlier|later) this|this) (week|month|year)\b/gi,
    day: never,
    resolve: (m, anchor) => {
      const which = (m[1] ?? '').toLowerCase();
      const unit = (m[2] ?? '').toLowerCase();
      const shift = which === 'last' ? -1 : which === 'next' ? 1 : 0;
      if (unit === 'week') return startOfWeek(addWeeks(anchor, shift), WEEK);
      if (unit === 'month') return startOfMonth(addMonths(anchor, shift));
      return startOfYear(addYears(anchor, shift));
    },
  },
  {
    pattern:
      /\b(\d{1,3}|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty) (day|week|month|year)s? ago\b/gi,
    day: (m) => (m[2] ?? '').toLowerCase() === 'day',
    resolve: (m, anchor) => {
      const n = amount(m[1] ?? '');
      if (n === undefined) return undefined;
      const unit = (m[2] ?? '').toLowerCase();
      if (unit === 'day') return subDays(anchor, n);
      if (unit === 'week') return subWeeks(anchor, n);
      if (unit === 'month') return subMonths(anchor, n);
      return subYears(anchor, n);
    },
  },
  {
    pattern: new RegExp(`\\blast ${MONTH}(?![\\w-]| \\d)`, 'g'),
    day: never,
    resolve: (m, anchor) => {
      const month = monthIndex(m[1] ?? '');
      const year = month < anchor.getMonth() ? anchor.getFullYear() : anchor.getFullYear() - 1;
      return calendarDay(year, month, 1);
    },
  },
];

/**
 * The first date expression of a sentence as an ISO day (YYYY-MM-DD), resolved against the
 * article's publication day, or undefined when the sentence names no day. The first expression
 * is taken because it usually anchors the event ("Later on Thursday, … on Friday or Monday").
 */
export function resolveDate(sentence: string, anchor: Date): string | undefined {
  let best: { index: number; date: Date } | undefined;
  for (const rule of rules) {
    rule.pattern.lastIndex = 0;
    for (let m = rule.pattern.exec(sentence); m; m = rule.pattern.exec(sentence)) {
      if (best && m.index >= best.index) break;
      const date = rule.resolve(m, anchor);
      if (date && isValid(date)) {
        best = { index: m.index, date };
        break;
      }
    }
  }
  return best ? format(best.date, 'yyyy-MM-dd') : undefined;
}

/**
 * Every day a sentence names, as distinct ISO days in text order. Overlapping expressions count
 * once ("Thursday, March 18" is one mention of one day, "on Wednesday … Thursday" two). With
 * `daysOnly`, periods ("last week", "last year") are left out.
 */
export function resolveDates(
  sentence: string,
  anchor: Date,
  options: { daysOnly?: boolean } = {},
): string[] {
  const found: { start: number; end: number; day: string }[] = [];
  for (const rule of rules) {
    rule.pattern.lastIndex = 0;
    for (let m = rule.pattern.exec(sentence); m; m = rule.pattern.exec(sentence)) {
      const start = m.index;
      const end = start + m[0].length;
      if (found.some((f) => start < f.end && end > f.start)) continue;
      if (options.daysOnly && !rule.day(m)) {
        found.push({ start, end, day: '' });
        continue;
      }
      const date = rule.resolve(m, anchor);
      if (date && isValid(date)) found.push({ start, end, day: format(date, 'yyyy-MM-dd') });
    }
  }
  const days = found
    .sort((x, y) => x.start - y.start)
    .map((f) => f.day)
    .filter(Boolean);
  return [...new Set(days)];
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
