import { TemplateError } from './errors.ts';
import { isRecipientField, type RecipientField, SENTINEL_PATTERN } from './sentinels.ts';
import type { Edition, Recipient } from './types.ts';

/** A body split on its sentinels: `parts.length === fields.length + 1`. */
export interface SplitBody {
  parts: string[];
  fields: RecipientField[];
}

export interface PersonalizedBody {
  html: string;
  text: string;
}

/**
 * Splits the edition's html and text on the recipient sentinels once and returns a
 * function that joins the parts with one recipient's values: HTML-escaped in the html
 * (values land in href attributes and in text), as they are in the text part. No MJML and
 * no template work per recipient.
 */
export function compilePersonalizer(edition: Edition): (recipient: Recipient) => PersonalizedBody {
  const html = splitOnSentinels(edition.html, 'html');
  const text = splitOnSentinels(edition.text, 'text');
  return (recipient) => ({
    html: join(html, recipient, escapeHtml),
    text: join(text, recipient, identity),
  });
}

/** Splits a body on its recipient sentinels; an unknown sentinel is a TemplateError. */
export function splitOnSentinels(body: string, name: string): SplitBody {
  const parts: string[] = [];
  const fields: RecipientField[] = [];
  let last = 0;
  for (const match of body.matchAll(SENTINEL_PATTERN)) {
    const field = match[1] ?? '';
    if (!isRecipientField(field)) {
      throw new TemplateError(`Edition ${name} holds an unknown recipient sentinel ${match[0]}`);
    }
    parts.push(body.slice(last, match.index));
    fields.push(field);
    last = match.index + match[0].length;
  }
  parts.push(body.slice(last));
  return { parts, fields };
}

function join(body: SplitBody, recipient: Recipient, encode: (s: string) => string): string {
  const { parts, fields } = body;
  let out = parts[0] ?? '';
  for (let i = 0; i < fields.length; i++) {
    const field = fields[i] as RecipientField;
    out += encode(recipient[field] ?? '') + (parts[i + 1] ?? '');
  }
  return out;
}

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes a value for HTML text and for a double- or single-quoted attribute. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);
}

function identity(value: string): string {
  return value;
}
