import { DoIUseEmail } from '@jsx-email/doiuse-email';

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
