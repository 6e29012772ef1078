import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DoIUseEmail } from '@jsx-email/doiuse-email';
import { HTML_BUDGET_BYTES } from '../email/edition-view.ts';

/**
 * The email's quality gates: the test suite's checks (test/unit/email/email-quality.test.ts,
 * test/e2e/spamassassin.test.ts) and the preview's checks panel call these same functions,
 * so what an editor sees before a send is what `npm test` enforces.
 */

/** Gmail clips a message whose HTML is over about this many bytes ("[Message clipped]"). */
export const GMAIL_CLIP_BYTES = 102 * 1024;

/** Visible text of an html body: tags dropped, the common entities decoded, whitespace collapsed. */
export function visibleText(html: string): string {
  return html
    .replace(/<style[\s\S]*?<\/style>/g, ' ')
    .replace(/<title[\s\S]*?<\/title>/g, ' ')
    .replace(/<!--[\s\S]*?-->/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&quot;/g, '"')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&#x3D;/g, '=')
    .replace(/&#x60;/g, '`')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');
}

/** Opening tags of one element name, comments (MSO conditionals included) kept. */
function tags(html: string, name: string): string[] {
  return [...html.matchAll(new RegExp(`<${name}\\b[^>]*>`, 'gi'))].map((m) => m[0]);
}

export function tablesWithoutPresentationRole(html: string): string[] {
  return tags(html, 'table').filter((t) => !/\brole="presentation"/.test(t));
}

export function imagesWithoutAlt(html: string): string[] {
  return tags(html, 'img').filter((t) => !/\balt="[^"]*"/.test(t));
}

/**
 * Inline font sizes under 16px on anything that holds text. Exempt: the outlet badges
 * (small labels by design) and sizes of 0–1px, which MJML puts on layout cells, divider
 * rules and the hidden preheader (none of them hold readable text).
 */
export function smallFontSizes(html: string): string[] {
  const offenders: string[] = [];
  for (const m of html.matchAll(/<([a-z0-9]+)\b([^>]*\bstyle="([^"]*)"[^>]*)>/gi)) {
    const attributes = m[2] ?? '';
    if (/\bclass="[^"]*\bbraid-badge\b/.test(attributes)) continue;
    for (const size of (m[3] ?? '').matchAll(/font-size:\s*([\d.]+)(px|pt|em|rem|%)/g)) {
      const value = Number(size[1]);
      const px = size[2] === 'px' ? value : size[2] === 'pt' ? (value * 4) / 3 : Number.NaN;
      if (Number.isNaN(px)) offenders.push(`${m[1]}: ${size[0]} (relative sizes are not allowed)`);
      else if (px > 1 && px < 16) offenders.push(`${m[1]}: ${size[0]}`);
    }
  }
  return offenders;
}

/** The rules inside `@media (prefers-color-scheme: dark) { … }`. */
export function darkModeRules(html: string): string {
  const start = html.indexOf('@media (prefers-color-scheme: dark)');
  if (start < 0) return '';
  let depth = 0;
  for (let i = html.indexOf('{', start); i < html.length; i++) {
    if (html[i] === '{') depth += 1;
    else if (html[i] === '}' && --depth === 0) return html.slice(start, i + 1);
  }
  return '';
}

/** The clients issue 4 names: Gmail (web, mobile web, iOS, Android), Apple Mail, Outlook, Yahoo. */
export const CLIENTS = [
  'gmail.desktop-webmail',
  'gmail.mobile-webmail',
  'gmail.ios',
  'gmail.android',
  'apple-mail.macos',
  'apple-mail.ios',
  'outlook.windows',
  'outlook.macos',
  'yahoo.desktop-webmail',
  'yahoo.ios',
  'yahoo.android',
] as const;

/** doiuse's client list lacks Outlook.com although its caniemail data has it; checked too. */
export const OUTLOOK_COM = 'outlook.outlook-com';

export interface AllowEntry {
  feature: string;
  clients: string[];
  reason: string;
}

/** doiuse-email's errors for the clients we check, as [feature, client] pairs, unique. */
export function unsupportedFeatures(html: string): [feature: string, client: string][] {
  const checker = new DoIUseEmail({ emailClients: [...CLIENTS] });
  // The data has Outlook.com; the glob list does not, so it is added by hand.
  (checker.emailClients as string[]).push(OUTLOOK_COM);
  const result = checker.check(html);
  const errors = result.success ? [] : result.errors;
  const pairs = new Map<string, [string, string]>();
  for (const error of errors) {
    const m = /^`(.+)` is not supported by `(.+)`$/.exec(error);
    if (!m) throw new Error(`Unexpected doiuse error format: ${error}`);
    pairs.set(error, [m[1] ?? '', m[2] ?? '']);
  }
  return [...pairs.values()];
}

/** The allow-list of unsupported features accepted on purpose (`test/email-allowlist.json`). */
export async function readAllowList(path: string): Promise<AllowEntry[]> {
  const parsed = JSON.parse(await readFile(path, 'utf8')) as { entries?: AllowEntry[] };
  if (!Array.isArray(parsed.entries)) {
    throw new Error(`${path}: expected {"entries": [{feature, clients, reason}, …]}`);
  }
  return parsed.entries;
}

export function isAllowed(allow: readonly AllowEntry[], feature: string, client: string): boolean {
  return allow.some((e) => e.feature === feature && e.clients.includes(client));
}

/** MJML's validation errors for a source (the edition's MJML with partials and content in). */
export async function mjmlErrors(
  source: string,
  level: 'soft' | 'strict' = 'strict',
): Promise<{ line: number; tagName: string; message: string }[]> {
  const { default: mjml2html } = await import('mjml');
  try {
    const result = await mjml2html(source, { validationLevel: level });
    return result.errors.map((e) => ({ line: e.line, tagName: e.tagName, message: e.message }));
  } catch (cause) {
    // Strict validation throws with the errors attached.
    const errors = (cause as { errors?: { line: number; tagName: string; message: string }[] })
      .errors;
    if (!Array.isArray(errors)) throw cause;
    return errors.map((e) => ({ line: e.line, tagName: e.tagName, message: e.message }));
  }
}

/** Where links point that a reader would find broken, unsafe or unfinished. */
export interface LinkProblem {
  href: string;
  problem: 'broken' | 'not https' | 'placeholder';
  detail: string;
}

const PLACEHOLDER_HOSTS = /(^|\.)(example\.(com|org|net)|localhost|invalid|test)$/u;

/** The href of every link, entities decoded. */
export function linksOf(html: string): string[] {
  return [...html.matchAll(/<a\b[^>]*\bhref="([^"]*)"/giu)].map((m) =>
    (m[1] ?? '').replace(/&amp;/g, '&').replace(/&#x3D;/g, '='),
  );
}

/**
 * Links that are broken (empty, `#`, unparseable, a template left unfilled, an in-message anchor
 * with no target), not https, or placeholders.
 */
export function linkProblems(html: string): LinkProblem[] {
  const problems: LinkProblem[] = [];
  const ids = new Set([...html.matchAll(/\bid="([^"]+)"/gu)].map((m) => m[1]));
  for (const href of linksOf(html)) {
    if (href.startsWith('mailto:')) continue;
    if (/^#./u.test(href)) {
      // An in-message anchor (the digest's contents list): fine when its target is there.
      if (!ids.has(href.slice(1))) {
        problems.push({ href, problem: 'broken', detail: 'no element in the email has this id' });
      }
      continue;
    }
    if (href === '' || href === '#' || /\{\{|%%braid:/u.test(href)) {
      problems.push({ href, problem: 'broken', detail: 'empty, "#" or a template left unfilled' });
      continue;
    }
    let url: URL;
    try {
      url = new URL(href);
    } catch {
      problems.push({ href, problem: 'broken', detail: 'not an absolute URL' });
      continue;
    }
    if (url.protocol !== 'https:') {
      problems.push({ href, problem: 'not https', detail: `${url.protocol} link` });
    }
    if (PLACEHOLDER_HOSTS.test(url.hostname)) {
      problems.push({ href, problem: 'placeholder', detail: `points at ${url.hostname}` });
    }
  }
  return problems;
}

/** The HTML's size against the 90 KB budget and Gmail's ~102 KB clip. */
export function sizeCheck(html: string): { bytes: number; budget: number; clip: number } {
  return {
    bytes: Buffer.byteLength(html, 'utf8'),
    budget: HTML_BUDGET_BYTES,
    clip: GMAIL_CLIP_BYTES,
  };
}

/** SpamAssassin's verdict on a raw message: the score and the rules that fired. */
export interface SpamVerdict {
  score: number;
  rules: { name: string; points: number }[];
}

/** Thrown when the `spamassassin` command is not installed; the message says how to get it. */
export class SpamAssassinMissingError extends Error {
  constructor(cause: Error) {
    super(
      `spamassassin could not run (${cause.message}); install it: scripts/ensure-system-deps.sh (or apt-get install spamassassin)`,
      { cause },
    );
    this.name = 'SpamAssassinMissingError';
  }
}

/** Reads `spamassassin -t`'s output: the X-Spam-Status score and the report's rules. */
export function parseSpamReport(out: string): SpamVerdict | undefined {
  const score = /^X-Spam-Status: \w+, score=(-?[\d.]+)/m.exec(out)?.[1];
  const at = out.indexOf('Content analysis details');
  if (score === undefined || at < 0) return undefined;
  const rules = [...out.slice(at).matchAll(/^\s*(-?\d+(?:\.\d+)?)\s+([A-Z][A-Z0-9_]+)\s/gm)].map(
    (m) => ({ name: m[2] ?? '', points: Number(m[1]) }),
  );
  return { score: Number(score), rules };
}

/**
 * Scores a raw message with Debian's SpamAssassin, offline (`spamassassin -L -t`), in a
 * throwaway HOME. SpamAssassinMissingError when the command is not installed.
 */
export async function spamAssassin(raw: Buffer, home?: string): Promise<SpamVerdict> {
  const dir = home ?? (await mkdtemp(join(tmpdir(), 'braid-sa-')));
  try {
    return await new Promise<SpamVerdict>((resolve, reject) => {
      const child = spawn('spamassassin', ['-L', '-t'], {
        env: { ...process.env, HOME: dir },
        stdio: ['pipe', 'pipe', 'pipe'],
      });
      let out = '';
      let err = '';
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString('utf8');
      });
      child.stderr.on('data', (chunk: Buffer) => {
        err += chunk.toString('utf8');
      });
      child.on('error', (error) => reject(new SpamAssassinMissingError(error)));
      child.on('close', () => {
        const verdict = parseSpamReport(out);
        if (verdict === undefined)
          reject(new Error(`no SpamAssassin verdict in its output:\n${out}\n${err}`));
        else resolve(verdict);
      });
      child.stdin.on('error', () => undefined);
      child.stdin.end(raw);
    });
  } finally {
    if (home === undefined) await rm(dir, { recursive: true, force: true });
  }
}
