import { format } from 'date-fns';
import type {
  Briefing,
  BriefingSource,
  BriefingTelling,
  BriefingTimelineEntry,
} from '../briefing/types.ts';
import { cutToLevel, plansFor, readingMinutes, type StoryLevel } from './digest.ts';
import { TemplateError } from './errors.ts';
import { DEFAULT_LOOK, type Look } from './look.ts';
import { SENTINEL_PATTERN, SENTINEL_PREFIX, sentinelRecipient } from './sentinels.ts';
import type { EditionInput } from './types.ts';
import { TEXT_WIDTH } from './wrap-text.ts';

/** Gmail clips HTML over ~102 KB; an edition stays under this many bytes. */
export const HTML_BUDGET_BYTES = 90 * 1024;

/**
 * Bytes set aside per sentinel in the HTML when checking the budget, so the budget
 * still holds once a long unsubscribe URL (with its token) or address is filled in.
 */
export const PER_RECIPIENT_RESERVE_BYTES = 256;

export const PREHEADER_MAX = 110;

/** HTML size as checked against the budget: UTF-8 bytes plus a reserve per sentinel. */
export function htmlBudgetSize(html: string): number {
  const sentinels = html.match(SENTINEL_PATTERN)?.length ?? 0;
  return Buffer.byteLength(html, 'utf8') + sentinels * PER_RECIPIENT_RESERVE_BYTES;
}

/**
 * First headline, plus "and N more" when the edition carries several stories; a headline that is
 * a summary sentence gives up its full stop to them ("…missile, and 1 more").
 */
export function subjectFor(briefings: readonly Briefing[]): string {
  const headline = normalizeSpace(briefings[0]?.headline ?? '');
  const more = briefings.length - 1;
  return more > 0 ? `${headline.replace(/(?<![.\p{Lu}])\.$/u, '')}, and ${more} more` : headline;
}

/**
 * The start of the first briefing's summary below its headline (the subject line), else its
 * first point, else the headline: at most `max` characters, cut at a word boundary with an
 * ellipsis when cut.
 */
export function preheaderFor(briefing: Briefing, max = PREHEADER_MAX): string {
  const headline = normalizeSpace(briefing.headline);
  return cutAtWord(
    summaryBelow(briefing.summary, headline) || briefing.points[0]?.text || headline,
    max,
  );
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

/** Another outlet's own words for the same event, under its name. */
interface AlsoView {
  text: string;
  /** The words in quotation marks, or as they are when they hold quotation marks of their own. */
  quoted: string;
  sourceList: string;
}

interface TimelineView {
  dateLabel: string;
  text: string;
  sources: string[];
  sourceList: string;
  also: AlsoView[];
}

interface BriefingView {
  story: string;
  /** The id of the story's headline, which the contents list links to. */
  anchor: string;
  headline: string;
  /** `=` under the headline in the text part. */
  rule: string;
  /** "3 outlets · 1 min read". */
  meta: string;
  /** Every section, as in the web copy (a lone story in the email too). */
  full: boolean;
  /** The full briefing in the web copy, where the email shows a digest of the story. */
  fullUrl?: string;
  /** Its number in the text part's links. */
  fullRef?: number;
  /** Other outlets' tellings of the headline, when a summary sentence stands in as headline. */
  headlineAlso: AlsoView[];
  /** The summary, less its first sentence when that sentence stands in as the headline. */
  summary: string;
  /** Other outlets' tellings of the summary's sentences shown, each under its outlet. */
  summaryAlso: AlsoView[];
  /** One line for the contents: the summary's first sentence, cut to fit. */
  lead: string;
  /** `conflicts`: "BBC News and Global Wire disagree: 15 vs 20 (page)", one per disagreement. */
  points: {
    text: string;
    sources: string[];
    sourceList: string;
    conflicts: string[];
    also: AlsoView[];
  }[];
  quotes: { text: string; speaker: string; sources: string[]; sourceList: string }[];
  differences: { source: string; text: string; disagreesWith?: string }[];
  /** What happened, then what is planned or forecast, each listed apart. */
  hasTimeline: boolean;
  timeline: TimelineView[];
  expected: TimelineView[];
  people: { name: string; role?: string }[];
  sources: SourceView[];
}

/** A line of the contents: a story shown below, with what it is and how long it takes. */
interface ContentsEntry {
  /** 1, 2, 3…: the text part numbers the stories. */
  number: number;
  anchor: string;
  headline: string;
  meta: string;
  line: string;
}

/** A story the email had no room for: its headline, linking to it in the web copy. */
interface ListedView {
  headline: string;
  meta: string;
  url: string;
  ref: number;
}

export interface EditionView {
  settings: EditionInput['settings'];
  dateLong: string;
  preheader: string;
  postalAddress: string[];
  /**
   * The web copy (`renderWebCopy`): one page for any reader, so no recipient at all; the
   * footer invites to subscribe instead of naming an address and an unsubscribe link.
   */
  web: boolean;
  /** Per-recipient fields as sentinels (the email); absent in the web copy. */
  recipient?: ReturnType<typeof sentinelRecipient>;
  /** The signup page (web copy only). */
  subscribeUrl?: string;
  /** The list of past editions (web copy only). */
  archiveUrl?: string;
  briefings: BriefingView[];
  /** The stories shown, listed at the top when the edition carries more than one. */
  contents: ContentsEntry[];
  /** Stories the email lists by headline only (it had no room to show them). */
  listed: ListedView[];
  look: Look;
  /** Numbered links of the text part; `unsubscribe` and `web` are the email's footer links. */
  links: { list: { ref: number; url: string }[]; unsubscribe?: number; web?: number };
}

export interface ViewOptions {
  /** Build the web copy's view: no sentinel, a footer for any reader. */
  web?: boolean;
  /**
   * How much of each story to show (digest.ts), in briefing order. Defaults: the web copy
   * shows every story in full; the email the richest plan, before any size check.
   */
  plan?: readonly StoryLevel[];
}

/** Checks the input and builds the view the edition templates render. */
export function editionView(input: EditionInput, options: ViewOptions = {}): EditionView {
  if (input.briefings.length === 0) {
    throw new TemplateError(`Edition ${input.id} has no briefings to render`);
  }
  rejectSentinelsInContent(input);
  const web = options.web === true;
  const plan =
    options.plan ??
    (web
      ? input.briefings.map((): StoryLevel => 'full')
      : (plansFor(input.briefings.length)[0] ?? []));
  const links: { ref: number; url: string }[] = [];
  const link = (url: string): number => {
    links.push({ ref: links.length + 1, url });
    return links.length;
  };
  const webCopy = publicPage(
    input.settings.publicUrl,
    `${WEB_PATHS.archive}/${encodeURIComponent(input.id)}`,
  );
  const anchors = uniqueAnchors(input.briefings.map((b) => b.story));
  const stories = input.briefings.map((b, i) => ({
    b,
    level: plan[i] ?? 'listed',
    anchor: anchors[i] ?? anchorOf(b.story),
  }));
  const briefings = stories
    .filter((s) => s.level !== 'listed')
    .map(({ b, level, anchor }) => briefingView(b, level, anchor, { web, webCopy, link }));
  const listed = stories
    .filter((s) => s.level === 'listed')
    .map(({ b, anchor }) => listedView(b, `${webCopy}#${anchor}`, link));
  const first = input.briefings[0];
  const common = {
    settings: input.settings,
    dateLong: formatEditionDate(input.date),
    preheader: first ? preheaderFor(first) : '',
    postalAddress: postalLines(input.settings.postalAddress),
    briefings,
    contents: input.briefings.length > 1 ? briefings.map(contentsEntry) : [],
    listed,
    look: input.settings.look ?? DEFAULT_LOOK,
  };
  if (web) {
    return {
      ...common,
      web: true,
      subscribeUrl: publicPage(input.settings.publicUrl, WEB_PATHS.subscribe),
      archiveUrl: publicPage(input.settings.publicUrl, WEB_PATHS.archive),
      links: { list: links },
    };
  }
  const recipient = sentinelRecipient();
  const unsubscribe = link(recipient.unsubscribeUrl);
  const webLink = link(recipient.webUrl);
  return { ...common, web: false, recipient, links: { list: links, unsubscribe, web: webLink } };
}

interface Linker {
  web: boolean;
  webCopy: string;
  link: (url: string) => number;
}

/** "story-biden-calls-putin-a-killer": the slug is a folder name, kept to URL-safe characters. */
export function anchorOf(story: string): string {
  return `story-${story.toLowerCase().replace(/[^a-z0-9-]+/gu, '-')}`;
}

function metaOf(b: Briefing, shown: Briefing): string {
  const outlets = b.sources.length;
  return `${outlets} ${outlets === 1 ? 'outlet' : 'outlets'} · ${readingMinutes(shown)} min read`;
}

/** Each story's anchor, a number added where two slugs make the same one ("Budget_Day", "budget-day"). */
export function uniqueAnchors(stories: readonly string[]): string[] {
  const used = new Set<string>();
  return stories.map((story) => {
    const base = anchorOf(story);
    let anchor = base;
    for (let n = 2; used.has(anchor); n++) anchor = `${base}-${n}`;
    used.add(anchor);
    return anchor;
  });
}

function briefingView(
  b: Briefing,
  level: StoryLevel,
  anchor: string,
  linker: Linker,
): BriefingView {
  const shown = cutToLevel(b, level);
  const headline = normalizeSpace(b.headline);
  const view: BriefingView = {
    story: b.story,
    anchor,
    headline,
    rule: '='.repeat(Math.min(TEXT_WIDTH, Math.max(3, Array.from(headline).length))),
    meta: metaOf(b, shown),
    full: level === 'full',
    ...summaryViews(shown.summary, b.summaryAlsoReported, headline),
    lead: leadOf(b, headline),
    points: shown.points.map((p) => ({
      text: normalizeSpace(p.text),
      ...sourcesOf(p.sources),
      conflicts: (p.conflicts ?? []).map(
        (c) => `${c.outlets[0]} and ${c.outlets[1]} disagree: ${readableDays(c.what)}`,
      ),
      also: alsoViews(p.alsoReported),
    })),
    quotes: shown.quotes.map((q) => ({
      text: normalizeSpace(q.text),
      speaker: normalizeSpace(q.speaker),
      ...sourcesOf(q.sources),
    })),
    differences: shown.differences.map((d) => ({
      source: normalizeSpace(d.source),
      text: normalizeSpace(d.text),
      ...(d.kind === 'conflict' && d.disagreesWith
        ? { disagreesWith: normalizeSpace(d.disagreesWith) }
        : {}),
    })),
    hasTimeline: shown.timeline.length > 0,
    timeline: shown.timeline.filter((t) => !t.expected).map(timelineView),
    expected: shown.timeline.filter((t) => t.expected).map(timelineView),
    people: shown.people.map((p) =>
      p.role
        ? { name: normalizeSpace(p.name), role: normalizeSpace(p.role) }
        : { name: normalizeSpace(p.name) },
    ),
    sources: shown.sources.map((s) => sourceView(s, linker.link)),
  };
  if (level !== 'full' && !linker.web) {
    view.fullUrl = `${linker.webCopy}#${anchor}`;
    view.fullRef = linker.link(view.fullUrl);
  }
  return view;
}

/**
 * How many summary sentences the headline already tells: a story with no headline and no title
 * takes its first summary sentence as the headline, and that sentence is not told again below it.
 */
function toldByHeadline(summary: readonly string[], headline: string): number {
  const first = summary[0];
  return first !== undefined && normalizeSpace(first) === headline ? 1 : 0;
}

/** The summary shown under the headline. */
function summaryBelow(summary: readonly string[], headline: string): string {
  return normalizeSpace(summary.slice(toldByHeadline(summary, headline)).join(' '));
}

/** The summary below the headline, and each part's tellings under the part that tells it. */
function summaryViews(
  summary: readonly string[],
  tellings: readonly (readonly BriefingTelling[])[],
  headline: string,
): Pick<BriefingView, 'headlineAlso' | 'summary' | 'summaryAlso'> {
  const told = toldByHeadline(summary, headline);
  const tellingsOf = (from: number, to: number) =>
    alsoViews(summary.slice(from, to).flatMap((_, i) => tellings[from + i] ?? []));
  return {
    headlineAlso: tellingsOf(0, told),
    summary: summaryBelow(summary, headline),
    summaryAlso: tellingsOf(told, summary.length),
  };
}

const CONTENTS_LINE_MAX = 120;

/** The contents line: the first summary sentence (or point) that is not the headline again. */
function leadOf(b: Briefing, headline: string): string {
  // The headline's opening words, whole: "Fire" does not repeat in "Firefighters contained…".
  const opening = headline
    .replace(/…$/u, '')
    .slice(0, 60)
    .toLowerCase()
    .replace(/\s\S*$/u, '');
  const repeats = (t: string) => {
    const lower = t.toLowerCase();
    return lower.startsWith(opening) && !/[\p{L}\p{N}]/u.test(lower.charAt(opening.length));
  };
  const line = [...b.summary, ...b.points.map((p) => p.text)]
    .map(normalizeSpace)
    .find((t) => !repeats(t));
  return line ? cutAtWord(line, CONTENTS_LINE_MAX) : '';
}

function contentsEntry(v: BriefingView, i: number): ContentsEntry {
  return {
    number: i + 1,
    anchor: v.anchor,
    headline: v.headline,
    meta: v.meta,
    line: v.lead,
  };
}

function listedView(b: Briefing, url: string, link: (url: string) => number): ListedView {
  const outlets = b.sources.length;
  return {
    headline: normalizeSpace(b.headline),
    meta: `${outlets} ${outlets === 1 ? 'outlet' : 'outlets'}`,
    url,
    ref: link(url),
  };
}

/** At most `max` characters, cut at a word boundary with an ellipsis when cut. */
export function cutAtWord(text: string, max: number): string {
  const chars = Array.from(normalizeSpace(text));
  if (chars.length <= max) return chars.join('');
  // The first `max` characters: a space right after a word still lets the word stay.
  const head = chars.slice(0, max).join('');
  const boundary = head.lastIndexOf(' ');
  const cut = (boundary > 0 ? head.slice(0, boundary) : chars.slice(0, max - 1).join('')).replace(
    /[\s,;:.\-–—]+$/u,
    '',
  );
  return `${cut}…`;
}

/**
 * The HTTP app's public pages the web copy links to: the same paths as PATHS in
 * subscribers/links.ts, which email may not import (subscribers sits above it).
 */
export const WEB_PATHS = { subscribe: '/subscribe', archive: '/archive' } as const;

function publicPage(publicUrl: string, path: string): string {
  return `${publicUrl.replace(/\/+$/u, '')}${path}`;
}

/** The postal address as lines, trailing commas dropped: joined with ", " in the footer. */
export function postalLines(address: string): string[] {
  return address
    .split(/\r?\n|\r/u)
    .map((line) => line.trim().replace(/,$/u, ''))
    .filter((line) => line !== '');
}

function sourcesOf(sources: string[]): { sources: string[]; sourceList: string } {
  const names = sources.map(normalizeSpace);
  return { sources: names, sourceList: names.join(', ') };
}

function sourceView(s: BriefingSource, link: (url: string) => number): SourceView {
  const outlet = normalizeSpace(s.outlet);
  const title = s.title ? normalizeSpace(s.title) : '';
  const view: SourceView = { label: title ? `${outlet}: ${title}` : `${outlet} article` };
  const url = safeUrl(s.url);
  if (url !== undefined) {
    view.url = url;
    view.ref = link(url);
  } else if (!title) {
    view.label = outlet;
  }
  const published = calendarDate(s.published);
  if (published !== undefined) view.publishedLabel = format(published, 'd MMMM yyyy');
  return view;
}

/** Only http(s) links reach the email; anything else (javascript:, data:) is dropped. */
export function safeUrl(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const parsed = new URL(url.trim());
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.href : undefined;
  } catch {
    return undefined;
  }
}

function timelineView(t: BriefingTimelineEntry): TimelineView {
  return {
    dateLabel: timelineDateLabel(t),
    text: normalizeSpace(t.text),
    ...sourcesOf(t.sources),
    also: alsoViews(t.alsoReported),
  };
}

function alsoViews(tellings: readonly BriefingTelling[] | undefined): AlsoView[] {
  return (tellings ?? []).map((t) => {
    const text = normalizeSpace(t.text);
    return { text, quoted: quotedOnce(text), sourceList: sourcesOf(t.sources).sourceList };
  });
}

// Double quotation marks of any kind.
const DOUBLE_QUOTE = /["“”„«»]/u;

/**
 * An outlet's sentence in quotation marks, unless it has its own ("…were “very bad.””" would
 * stack two closing marks and leave the reader to pair them): under "Also reported by NBC
 * News:" it reads as that outlet's words either way, and stays verbatim.
 */
export function quotedOnce(text: string): string {
  return DOUBLE_QUOTE.test(text) ? text : `“${text}”`;
}

/** "15 vs 20 (page); 2021-03-16 vs 2021-03-17" as a reader reads it: "…; 16 Mar 2021 vs 17 Mar 2021". */
function readableDays(what: string): string {
  return normalizeSpace(what).replace(/\b\d{4}-\d{2}-\d{2}\b/gu, (date) =>
    timelineDateLabel({ date, precision: 'day' }),
  );
}

const PRECISION_LENGTH = { day: 10, month: 7, year: 4 } as const;
const PRECISION_FORMAT: Record<number, string> = { 10: 'd MMM yyyy', 7: 'MMM yyyy', 4: 'yyyy' };

/**
 * A timeline date no more precise than the articles state it: "17 Mar 2021", "Nov 2020",
 * "2011", with "about" before an estimate ("about 2011" for "ten years ago"). A date longer
 * than its precision is cut to it, so the email never shows a day the text did not name.
 */
export function timelineDateLabel(
  t: Pick<BriefingTimelineEntry, 'date' | 'precision' | 'approximate'>,
): string {
  const cut = t.date.trim().slice(0, PRECISION_LENGTH[t.precision] ?? 10);
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/u.exec(cut);
  const date = m && calendarDate(`${m[1]}-${m[2] ?? '01'}-${m[3] ?? '01'}`);
  const label = date ? format(date, PRECISION_FORMAT[cut.length] ?? 'd MMM yyyy') : t.date;
  return t.approximate ? `about ${label}` : label;
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

export function normalizeSpace(s: string): string {
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
