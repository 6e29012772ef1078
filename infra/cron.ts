import { ContextError } from './context-error.ts';

/**
 * EventBridge Scheduler's cron expressions, checked at synth so a typo fails `cdk synth`
 * instead of the deployment (or, worse, a schedule that never fires).
 * Six fields: minutes hours day-of-month month day-of-week year; exactly one of the two
 * day fields is `?`.
 */

const MONTHS = 'JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC';
const DAYS = 'SUN|MON|TUE|WED|THU|FRI|SAT';

interface Field {
  name: string;
  min: number;
  max: number;
  names?: string;
  /** Characters this field allows beyond numbers, `*`, `,`, `-` and `/`. */
  special?: RegExp;
}

const FIELDS: readonly Field[] = [
  { name: 'minutes', min: 0, max: 59 },
  { name: 'hours', min: 0, max: 23 },
  { name: 'day-of-month', min: 1, max: 31, special: /^(\?|L|LW|\d{1,2}W)$/ },
  { name: 'month', min: 1, max: 12, names: MONTHS },
  { name: 'day-of-week', min: 1, max: 7, names: DAYS, special: /^(\?|L|[1-7]L|[1-7]#[1-5])$/ },
  { name: 'year', min: 1970, max: 2199 },
];

function valueOk(value: string, field: Field): boolean {
  if (field.names !== undefined && new RegExp(`^(${field.names})$`, 'i').test(value)) return true;
  if (!/^\d+$/.test(value)) return false;
  const n = Number(value);
  return n >= field.min && n <= field.max;
}

/** One comma-separated part: `*`, `a`, `a-b`, each optionally `/step`; or a special. */
function partOk(part: string, field: Field): boolean {
  if (field.special?.test(part)) return true;
  const [range = '', step, ...rest] = part.split('/');
  if (rest.length > 0 || (step !== undefined && !/^[1-9]\d*$/.test(step))) return false;
  if (range === '*') return true;
  const [from = '', to, ...more] = range.split('-');
  if (more.length > 0) return false;
  return valueOk(from, field) && (to === undefined || valueOk(to, field));
}

/** The six fields of `expression`, with or without the `cron(...)` wrapper. */
export function cronFields(expression: string): string[] {
  const inner = /^cron\((.*)\)$/i.exec(expression.trim())?.[1] ?? expression;
  return inner.trim().split(/\s+/);
}

/** Throws, naming the context key and what was expected, unless `expression` is valid. */
export function assertCron(key: string, expression: string): void {
  const fail = (why: string): never => {
    throw new ContextError(
      `CDK context "${key}" must be an EventBridge Scheduler cron expression, six fields ` +
        `"minutes hours day-of-month month day-of-week year" like "0 6 * * ? *" ` +
        `(${why}), got ${JSON.stringify(expression)}`,
    );
  };
  const fields = cronFields(expression);
  if (fields.length !== FIELDS.length) fail(`it has ${fields.length} fields`);
  fields.forEach((value, i) => {
    const field = FIELDS[i] as Field;
    if (!value.split(',').every((part) => partOk(part, field))) {
      fail(`${field.name} "${value}" is not valid`);
    }
  });
  const dayOfMonth = fields[2] === '?';
  const dayOfWeek = fields[4] === '?';
  if (dayOfMonth === dayOfWeek) fail('exactly one of day-of-month and day-of-week must be "?"');
}
