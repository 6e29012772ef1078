import { format } from 'date-fns';
import Handlebars from 'handlebars';
import mjml2html from 'mjml';
import type { Briefing, BriefingSource } from '../briefing/types.ts';
import { EmailError, SizeBudgetError, TemplateError, type TemplateProblem } from './errors.ts';
import { SENTINEL_PATTERN, SENTINEL_PREFIX, sentinel, sentinelRecipient } from './sentinels.ts';
import type { Edition, EditionInput } from './types.ts';
import { TEXT_WIDTH, wrapText } from './wrap-text.ts';

/**
 * Template sources, read by the caller (the email stage does no I/O):
 * `edition` is `templates/edition.mjml`, `text` is `templates/edition.txt.hbs`, and
 * `partials` maps a partial's name to its source, the name being the file name in
 * `templates/partials/` without `.mjml` (`points`, `quotes`, `footer`, …).
 */
export interface TemplateSources {
  edition: string;
  text: string;
  partials: Record<string, string>;
}

/** Gmail clips HTML over ~102 KB; an edition stays under this many bytes. */
export const HTML_BUDGET_BYTES = 90 * 1024;

/**
 * Bytes set aside per sentinel in the HTML when checking the budget, so the budget
 * still holds once a long unsubscribe URL (with its token) or address is filled in.
 */
export const PER_RECIPIENT_RESERVE_BYTES = 256;

export const PREHEADER_MAX = 110;

export interface RenderOptions {
  /** Override the HTML budget in bytes (tests, other providers). */
  htmlBudgetBytes?: number;
}

interface CompiledTemplates {
  mjml: HandlebarsTemplateDelegate<EditionView>;
  text: HandlebarsTemplateDelegate<EditionView>;
}

/** Compiled templates per sources object: compile once, render many editions. */
const compiled = new WeakMap<TemplateSources, CompiledTemplates>();

/**
 * Renders an edition once: Handlebars fills the MJML with the briefings (escaped), MJML
 * compiles it (strict validation), and the text template is rendered and wrapped at 76
 * columns. Per-recipient fields stay in `html` and `text` as sentinels
 * (`%%braid:unsubscribeUrl%%`, …) for `compilePersonalizer`.
 */
export async function renderEdition(
  input: EditionInput,
  templates: TemplateSources,
  options: RenderOptions = {},
): Promise<Edition> {
  const view = checkedView(input);
  const { mjml, text } = compileTemplates(templates);

  const html = await compileMjml(run(() => mjml(view), 'edition.mjml'));
  const plain = wrapText(
    run(() => text(view), 'edition.txt.hbs'),
    TEXT_WIDTH,
  );

  assertFooterLinks(html, 'HTML');
  assertFooterLinks(plain, 'text');

  const budget = options.htmlBudgetBytes ?? HTML_BUDGET_BYTES;
  const size = htmlBudgetSize(html);
  if (size > budget) throw new SizeBudgetError(size, budget);

  return {
    id: input.id,
    date: input.date,
    subject: subjectFor(input.briefings),
    preheader: view.preheader,
    html,
    text: plain,
    stories: input.briefings.map((b) => b.story),
    settings: input.settings,
  };
}

/**
 * The MJML source Handlebars produces for an edition, before MJML compiles it: for
 * previews, `mjml --validate` and tests. Recipient fields are sentinels here as well.
 */
export function renderMjml(input: EditionInput, templates: TemplateSources): string {
  const view = checkedView(input);
  return run(() => compileTemplates(templates).mjml(view), 'edition.mjml');
}

function checkedView(input: EditionInput): EditionView {
  if (input.briefings.length === 0) {
    throw new TemplateError(`Edition ${input.id} has no briefings to render`);
  }
  rejectSentinelsInContent(input);
  return buildView(input);
}

/** HTML size as checked against the budget: UTF-8 bytes plus a reserve per sentinel. */
export function htmlBudgetSize(html: string): number {
  const sentinels = html.match(SENTINEL_PATTERN)?.length ?? 0;
  return Buffer.byteLength(html, 'utf8') + sentinels * PER_RECIPIENT_RESERVE_BYTES;
}

/** First headline, plus "and N more" when the edition carries several stories. */
export function subjectFor(briefings: readonly Briefing[]): string {
  const headline = normalizeSpace(briefings[0]?.headline ?? '');
  const more = briefings.length - 1;
  return more > 0 ? `${headline}, and ${more} more` : headline;
}

/**
 * The start of the first briefing's summary (its first point or headline when it has no
 * summary): at most `max` characters, cut at a word boundary with an ellipsis when cut.
 */
export function preheaderFor(briefing: Briefing, max = PREHEADER_MAX): string {
  const source = normalizeSpace(
    briefing.summary.join(' ') || briefing.points[0]?.text || briefing.headline,
  );
  const chars = Array.from(source);
  if (chars.length <= max) return source;
  const head = chars.slice(0, max - 1).join('');
  const boundary = head.lastIndexOf(' ');
  const cut = (boundary > 0 ? head.slice(0, boundary) : head).replace(/[\s,;:.\-–—]+$/u, '');
  return `${cut}…`;
}

/** Formats an ISO date or date-time by its calendar date as written: "Thursday 18 March 2021". */
export function formatEditionDate(iso: string): string {
  const date = calendarDate(iso);
  if (date === undefined) {
    throw new TemplateError(`Edition date ${JSON.stringify(iso)} is not an ISO 8601 date`);
  }
  return format(date, 'EEEE d MMMM yyyy');
}

// ---------------------------------------------------------------------------------------
// View model: everything the templates show, precomputed, so they stay logic-free.

interface SourceView {
  label: string;
  url?: string;
  ref?: number;
  publishedLabel?: string;
}

interface BriefingView {
  story: string;
  headline: string;
  rule: string;
  summary: string;
  points: { text: string; sources: string[]; sourceList: string }[];
  quotes: { text: string; speaker: string; sources: string[]; sourceList: string }[];
  differences: { source: string; text: string }[];
  timeline: { dateLabel: string; text: string; sources: string[]; sourceList: string }[];
  people: { name: string; role?: string }[];
  sources: SourceView[];
}

interface EditionView {
  settings: EditionInput['settings'];
  dateLong: string;
  preheader: string;
  postalAddress: string[];
  recipient: ReturnType<typeof sentinelRecipient>;
  briefings: BriefingView[];
  links: { list: { ref: number; url: string }[]; unsubscribe: number; web: number };
}

function buildView(input: EditionInput): EditionView {
  const links: { ref: number; url: string }[] = [];
  const link = (url: string): number => {
    links.push({ ref: links.length + 1, url });
    return links.length;
  };
  const briefings = input.briefings.map((b): BriefingView => {
    const headline = normalizeSpace(b.headline);
    return {
      story: b.story,
      headline,
      rule: '='.repeat(Math.min(TEXT_WIDTH, Math.max(3, Array.from(headline).length))),
      summary: normalizeSpace(b.summary.join(' ')),
      points: b.points.map((p) => ({ text: p.text, ...sourcesOf(p.sources) })),
      quotes: b.quotes.map((q) => ({ text: q.text, speaker: q.speaker, ...sourcesOf(q.sources) })),
      differences: b.differences.map((d) => ({ source: d.source, text: d.text })),
      timeline: b.timeline.map((t) => ({
        dateLabel: formatShortDate(t.date),
        text: t.text,
        ...sourcesOf(t.sources),
      })),
      people: b.people.map((p) => (p.role ? { name: p.name, role: p.role } : { name: p.name })),
      sources: b.sources.map((s) => sourceView(s, link)),
    };
  });
  const recipient = sentinelRecipient();
  const unsubscribe = link(recipient.unsubscribeUrl);
  const web = link(recipient.webUrl);
  const first = input.briefings[0];
  return {
    settings: input.settings,
    dateLong: formatEditionDate(input.date),
    preheader: first ? preheaderFor(first) : '',
    postalAddress: input.settings.postalAddress
      .split(/\r?\n|\r/u)
      .map((line) => line.trim().replace(/,$/u, ''))
      .filter((line) => line !== ''),
    recipient,
    briefings,
    links: { list: links, unsubscribe, web },
  };
}

function sourcesOf(sources: string[]): { sources: string[]; sourceList: string } {
  return { sources, sourceList: sources.join(', ') };
}

function sourceView(s: BriefingSource, link: (url: string) => number): SourceView {
  const title = s.title ? normalizeSpace(s.title) : '';
  const view: SourceView = { label: title ? `${s.outlet}: ${title}` : `${s.outlet} article` };
  const url = safeUrl(s.url);
  if (url !== undefined) {
    view.url = url;
    view.ref = link(url);
  } else if (!title) {
    view.label = s.outlet;
  }
  const published = calendarDate(s.published);
  if (published !== undefined) view.publishedLabel = format(published, 'd MMMM yyyy');
  return view;
}

/** Only http(s) links reach the email; anything else (javascript:, data:) is dropped. */
function safeUrl(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const parsed = new URL(url.trim());
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.href : undefined;
  } catch {
    return undefined;
  }
}

function formatShortDate(iso: string): string {
  const date = calendarDate(iso);
  return date === undefined ? iso : format(date, 'd MMM yyyy');
}

/**
 * The calendar date an ISO string names, as a local-midnight Date, so formatting does not
 * depend on the process time zone: "2021-03-18T23:30:00-05:00" is 18 March.
 */
function calendarDate(iso: string): Date | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:$|[T ])/u.exec(iso.trim());
  if (!m) return undefined;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(year, month - 1, day);
  if (date.getFullYear() !== year || date.getMonth() !== month - 1 || date.getDate() !== day) {
    return undefined;
  }
  return date;
}

function normalizeSpace(s: string): string {
  return s.replace(/\s+/gu, ' ').trim();
}

/** Content must not smuggle a sentinel in: personalization would fill it. */
function rejectSentinelsInContent(input: EditionInput): void {
  const visit = (value: unknown, path: string): void => {
    if (typeof value === 'string') {
      if (value.includes(SENTINEL_PREFIX)) {
        throw new TemplateError(
          `${path} contains the reserved sentinel prefix ${SENTINEL_PREFIX}; refusing to render`,
        );
      }
    } else if (Array.isArray(value)) {
      for (const [i, v] of value.entries()) visit(v, `${path}[${i}]`);
    } else if (value !== null && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) visit(v, `${path}.${k}`);
    }
  };
  visit(input.briefings, 'briefings');
  visit(input.settings, 'settings');
}

// ---------------------------------------------------------------------------------------
// Templates.

function compileTemplates(templates: TemplateSources): CompiledTemplates {
  const cached = compiled.get(templates);
  if (cached) return cached;
  const hbs = Handlebars.create();
  for (const [name, source] of Object.entries(templates.partials)) {
    hbs.registerPartial(name, source);
  }
  const result: CompiledTemplates = {
    mjml: hbs.compile<EditionView>(templates.edition, { strict: false, preventIndent: true }),
    // Plain text is not HTML: nothing to escape.
    text: hbs.compile<EditionView>(templates.text, { noEscape: true, preventIndent: true }),
  };
  compiled.set(templates, result);
  return result;
}

function run(render: () => string, name: string): string {
  try {
    return render();
  } catch (cause) {
    if (cause instanceof EmailError) throw cause;
    const message = cause instanceof Error ? cause.message : String(cause);
    throw new TemplateError(`Rendering ${name} failed: ${message}`, { cause });
  }
}

interface MjmlValidationFailure {
  errors?: { line?: number; tagName?: string; message?: string; formattedMessage?: string }[];
}

async function compileMjml(source: string): Promise<string> {
  let result: Awaited<ReturnType<typeof mjml2html>>;
  try {
    result = await mjml2html(source, {
      validationLevel: 'strict',
      keepComments: false,
      fonts: {},
      minify: true,
      // htmlnano's CSS minifier needs cssnano, which is not installed (and cssnano 8 needs Node 22).
      minifyOptions: { minifyCss: false },
    });
  } catch (cause) {
    const errors = (cause as MjmlValidationFailure | null)?.errors;
    if (Array.isArray(errors)) throw mjmlError(errors, cause);
    const message = cause instanceof Error ? cause.message : String(cause);
    throw new TemplateError(`MJML could not compile the edition: ${message}`, { cause });
  }
  if (result.errors.length > 0) throw mjmlError(result.errors);
  return result.html;
}

function mjmlError(errors: NonNullable<MjmlValidationFailure['errors']>, cause?: unknown) {
  const problems: TemplateProblem[] = errors.map((e) => ({
    ...(e.line !== undefined ? { line: e.line } : {}),
    ...(e.tagName !== undefined ? { tagName: e.tagName } : {}),
    message: e.message ?? e.formattedMessage ?? 'unknown MJML error',
  }));
  const list = problems
    .map((p) => `  - line ${p.line ?? '?'} (${p.tagName ?? '?'}): ${p.message}`)
    .join('\n');
  return new TemplateError(
    `MJML strict validation failed with ${problems.length} error(s) (line numbers are of the Handlebars output, see renderMjml):\n${list}`,
    cause === undefined ? { problems } : { problems, cause },
  );
}

/** The footer's links must reach the output intact, or personalization cannot fill them. */
function assertFooterLinks(output: string, name: string): void {
  for (const field of ['unsubscribeUrl', 'webUrl'] as const) {
    if (!output.includes(sentinel(field))) {
      throw new TemplateError(
        `The rendered ${name} lost the ${field} sentinel: the footer needs a visible unsubscribe link and a link to the web copy`,
      );
    }
  }
}
