import type { EditionSummary } from '../delivery/ports.ts';
import { archiveUrl, PATHS } from '../subscribers/links.ts';

export interface AtomFeedInput {
  title: string;
  publicUrl: string;
  /** Newest first, as the archive lists them. */
  editions: EditionSummary[];
  /** The feed's `updated` when there is no edition yet. */
  now: Date;
}

// Characters XML 1.0 cannot carry at all, even escaped (C0 controls but tab, CR, LF; lone
// surrogates; U+FFFE and U+FFFF).
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are what is removed
const NOT_XML = /[^\u0009\u000A\u000D\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;
const XML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};

/** Text for an XML element or a double-quoted attribute. */
export function escapeXml(value: string): string {
  return value.replace(NOT_XML, '').replace(/[&<>"']/gu, (c) => XML_ESCAPES[c] ?? c);
}

function timestamp(value: string): string | undefined {
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}

/**
 * The archive as an Atom 1.0 feed (RFC 4287): one entry per edition, newest first, each
 * linking to its web copy. Every value is escaped; ids are the pages' URLs.
 */
export function atomFeed(input: AtomFeedInput): string {
  const base = input.publicUrl.replace(/\/+$/u, '');
  const home = archiveUrl(base);
  const self = `${base}${PATHS.feed}`;
  const fallback = input.now.toISOString();
  const newest = input.editions[0];
  const updated = (newest && timestamp(newest.scheduledAt)) ?? fallback;
  const entries = input.editions.map((edition) => {
    const url = archiveUrl(base, edition.id);
    const when = timestamp(edition.scheduledAt) ?? fallback;
    const summary = edition.preheader.trim() === '' ? edition.subject : edition.preheader;
    return [
      '  <entry>',
      `    <id>${escapeXml(url)}</id>`,
      `    <title type="text">${escapeXml(edition.subject)}</title>`,
      `    <updated>${when}</updated>`,
      `    <published>${when}</published>`,
      `    <link rel="alternate" type="text/html" href="${escapeXml(url)}"/>`,
      `    <summary type="text">${escapeXml(summary)}</summary>`,
      '  </entry>',
    ].join('\n');
  });
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom">',
    `  <id>${escapeXml(home)}</id>`,
    `  <title type="text">${escapeXml(`${input.title}: past editions`)}</title>`,
    `  <updated>${updated}</updated>`,
    `  <link rel="self" type="application/atom+xml" href="${escapeXml(self)}"/>`,
    `  <link rel="alternate" type="text/html" href="${escapeXml(home)}"/>`,
    `  <author><name>${escapeXml(input.title)}</name></author>`,
    ...entries,
    '</feed>',
    '',
  ].join('\n');
}
