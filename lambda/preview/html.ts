import { escapeHtml } from '../email/personalize.ts';

/** Markup built by `h`: interpolated into another `h` as is, never escaped twice. */
export class Markup {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

type Value = Markup | string | number | boolean | null | undefined | readonly Value[];

function piece(value: Value): string {
  if (value instanceof Markup) return value.value;
  if (Array.isArray(value)) return value.map(piece).join('');
  if (value === null || value === undefined || value === false || value === true) return '';
  return escapeHtml(String(value));
}

/** An HTML template: every interpolated string is escaped (the content is editors' text). */
export function h(strings: TemplateStringsArray, ...values: Value[]): Markup {
  let out = strings[0] ?? '';
  values.forEach((value, i) => {
    out += piece(value) + (strings[i + 1] ?? '');
  });
  return new Markup(out);
}

/** Trusted markup (the page's own CSS and script). */
export function trusted(value: string): Markup {
  return new Markup(value);
}
