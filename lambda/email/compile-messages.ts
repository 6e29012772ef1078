import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import { foldLines } from 'nodemailer/lib/mime-funcs/index.js';
import MimeNode from 'nodemailer/lib/mime-node/index.js';
import { EmailError } from './errors.ts';
import {
  assertDate,
  composerOptions,
  type EditionHeaders,
  editionHeaders,
  listUnsubscribe,
  type RecipientHeaders,
  recipientHeaders,
  rejectEditionLineBreaks,
  rejectRecipientLineBreaks,
} from './mime-fields.ts';
import { escapeHtml, splitOnSentinels } from './personalize.ts';
import { needsSoftBreak, qpDecode, qpPiece, qpValue, SOFT_BREAK } from './quoted-printable.ts';
import type { RecipientField } from './sentinels.ts';
import type { Edition, Recipient } from './types.ts';

/** One recipient's raw MIME message, ready for SES SendRawEmail. */
export type MessageFactory = (recipient: Recipient, now: Date) => Buffer;

/** The header fields that differ per recipient or per send; everything else is the edition's. */
const RECIPIENT_HEADERS = ['To', 'Message-ID', 'Date', 'List-Unsubscribe'] as const;
type RecipientHeader = (typeof RECIPIENT_HEADERS)[number];

/** Piece of a message: bytes shared by every recipient, a header field, or a body value. */
type Piece =
  | { kind: 'static'; bytes: Buffer }
  | { kind: 'header'; name: RecipientHeader }
  | { kind: 'value'; part: 'text' | 'html'; field: RecipientField; softBreak: boolean };

/**
 * Compiles an edition into a function that builds one recipient's message in
 * microseconds. MailComposer builds the message once, with the recipient sentinels still
 * in the bodies and placeholder recipient headers. That message is cut into what every
 * recipient shares and what is theirs: the To, Message-ID, Date and List-Unsubscribe
 * fields, encoded and folded per recipient by nodemailer's own header code; and the body
 * values, HTML-escaped in the html part. Both parts are quoted-printable, each shared
 * stretch encoded on its own and ended with a soft line break, so a value of any length
 * splices in with every line still within 76 characters. The result decodes to the same
 * headers, text and html as a fresh `buildMime` (the tests check this, and SpamAssassin's
 * verdict, for many recipients).
 *
 * Edition-wide checks (CR/LF, From, List-Id, mailto) run here, once; per recipient the
 * address, name and URLs are checked before any byte is produced.
 */
export async function compileMessages(edition: Edition): Promise<MessageFactory> {
  rejectEditionLineBreaks(edition);
  const headers = editionHeaders(edition);
  const node = new MimeNode(false, {});
  const placeholder = recipientHeaders(edition, headers, PLACEHOLDER);
  const raw = (
    await new MailComposer(
      composerOptions(headers, placeholder, { html: edition.html, text: edition.text }, EPOCH),
    )
      .compile()
      .build()
  ).toString('latin1');

  const layout = parseMessage(raw);
  // The splice is only right if nodemailer writes these fields exactly as we re-create them.
  const fields = headerFields(node, headers, placeholder, EPOCH);
  for (const name of RECIPIENT_HEADERS) {
    if (layout.headers.filter((h) => h.name === name).length !== 1) {
      throw new EmailError(`MailComposer wrote ${name} more or less than once; cannot splice`);
    }
    const built = layout.headers.find((h) => h.name === name)?.text;
    if (built !== fields[name]) {
      throw new EmailError(
        `MailComposer wrote ${name} as ${JSON.stringify(built)}, not ${JSON.stringify(fields[name])}; cannot splice`,
      );
    }
  }
  for (const [part, content] of [
    ['text', edition.text],
    ['html', edition.html],
  ] as const) {
    const body = layout.parts[part].body;
    const expected = Buffer.from(content.replace(/\r?\n/gu, '\r\n'), 'utf8');
    if (!qpDecode(body).equals(expected)) {
      throw new EmailError(`MailComposer's ${part} part is not where compileMessages expects it`);
    }
  }

  const pieces = layoutPieces(layout, edition);
  const boundary = layout.boundary;

  return (recipient, now) => {
    rejectRecipientLineBreaks(recipient);
    const to = recipientHeaders(edition, headers, recipient);
    assertDate(now);
    const header = headerFields(node, headers, to, now);
    for (const name of RECIPIENT_HEADERS) {
      if (NON_ASCII.test(header[name])) throw new EmailError(`${name} is not 7-bit`);
    }
    // Each value is escaped and encoded once per part, however often the part uses it.
    const encoded = new Map<string, string>();
    const encodedValue = (part: 'text' | 'html', field: RecipientField): string => {
      const key = `${part}:${field}`;
      let value = encoded.get(key);
      if (value === undefined) {
        const raw = recipient[field] ?? '';
        if (raw.includes(boundary)) {
          throw new EmailError(`recipient.${field} contains the MIME boundary of this edition`);
        }
        value = qpValue(part === 'html' ? escapeHtml(raw) : raw);
        encoded.set(key, value);
      }
      return value;
    };

    const strings: (Buffer | string)[] = [];
    let length = 0;
    for (const piece of pieces) {
      let chunk: Buffer | string;
      if (piece.kind === 'static') chunk = piece.bytes;
      else if (piece.kind === 'header') chunk = header[piece.name];
      else {
        const value = encodedValue(piece.part, piece.field);
        chunk = piece.softBreak ? value + SOFT_BREAK : value;
      }
      strings.push(chunk);
      length += chunk.length;
    }
    const out = Buffer.allocUnsafe(length);
    let at = 0;
    for (const chunk of strings) {
      if (typeof chunk === 'string') {
        // Headers are checked above; QP output is 7-bit by construction.
        at += out.write(chunk, at, 'latin1');
      } else {
        out.set(chunk, at);
        at += chunk.length;
      }
    }
    return out;
  };
}

/** Anything but printable ASCII, CR, LF and tab: SES takes 7-bit messages. */
const NON_ASCII = /[^\r\n\t -~]/u;
const EPOCH = new Date(0);

/** Stands in for a recipient while MailComposer builds the edition's message. */
const PLACEHOLDER: Recipient = {
  subscriberId: 'placeholder',
  email: 'placeholder@example.invalid',
  name: 'Placeholder',
  unsubscribeUrl: 'https://placeholder.example.invalid/unsubscribe',
  webUrl: 'https://placeholder.example.invalid/web',
};

/** The per-recipient header fields, encoded and folded as MimeNode#buildHeaders does. */
function headerFields(
  node: MimeNode,
  headers: EditionHeaders,
  to: RecipientHeaders,
  now: Date,
): Record<RecipientHeader, string> {
  const address = to.name ? { name: to.name, address: to.email } : to.email;
  return {
    To: foldLines(`To: ${node.encodeHeaderValue('To', address)}`, 76),
    'Message-ID': foldLines(
      `Message-ID: ${node.encodeHeaderValue('Message-ID', to.messageId)}`,
      76,
    ),
    Date: dateField(node, now),
    // A prepared header: folded with foldLines' default width, as nodemailer does.
    'List-Unsubscribe': foldLines(
      `List-Unsubscribe: ${listUnsubscribe(headers, to.unsubscribeUrl)}`,
    ),
  };
}

/** The Date field has a resolution of one second: messages built within one share it. */
let lastDate: { second: number; field: string } | undefined;

function dateField(node: MimeNode, now: Date): string {
  const second = Math.floor(now.getTime() / 1000);
  if (lastDate?.second !== second) {
    lastDate = { second, field: foldLines(`Date: ${node.encodeHeaderValue('Date', now)}`, 76) };
  }
  return lastDate.field;
}

interface Layout {
  headers: { name: string; text: string }[];
  boundary: string;
  parts: Record<'text' | 'html', { head: string; body: string }>;
  epilogue: string;
}

/**
 * Reads the message MailComposer built: header fields (unfolded by their continuation
 * lines), the multipart/alternative boundary, and the text/plain and text/html parts.
 */
function parseMessage(raw: string): Layout {
  const headerEnd = raw.indexOf('\r\n\r\n');
  if (headerEnd < 0) throw new EmailError('MailComposer wrote no header block');
  const headers: { name: string; text: string }[] = [];
  for (const line of raw.slice(0, headerEnd).split('\r\n')) {
    const last = headers[headers.length - 1];
    if ((line.startsWith(' ') || line.startsWith('\t')) && last !== undefined) {
      last.text += `\r\n${line}`;
    } else {
      headers.push({ name: line.slice(0, line.indexOf(':')), text: line });
    }
  }
  const contentType = headers.find((h) => h.name === 'Content-Type')?.text ?? '';
  const boundary = /boundary="?([^";\r\n]+)"?/u.exec(contentType)?.[1];
  if (!/^Content-Type: multipart\/alternative;/u.test(contentType) || boundary === undefined) {
    throw new EmailError('MailComposer did not build a multipart/alternative message');
  }
  const delimiter = `--${boundary}`;
  let rest = raw.slice(headerEnd + 4);
  const parts: Partial<Layout['parts']> = {};
  for (const [part, type] of [
    ['text', 'text/plain'],
    ['html', 'text/html'],
  ] as const) {
    const open = `${part === 'text' ? '' : '\r\n'}${delimiter}\r\n`;
    if (!rest.startsWith(open)) throw new EmailError(`MailComposer's ${type} part is missing`);
    rest = rest.slice(open.length);
    const headEnd = rest.indexOf('\r\n\r\n');
    const head = rest.slice(0, headEnd);
    if (
      !head.startsWith(`Content-Type: ${type}; charset=utf-8\r\n`) ||
      !head.includes('Content-Transfer-Encoding: quoted-printable')
    ) {
      throw new EmailError(`MailComposer's ${type} part is not quoted-printable UTF-8: ${head}`);
    }
    rest = rest.slice(headEnd + 4);
    const end = rest.indexOf(`\r\n${delimiter}`);
    if (end < 0) throw new EmailError(`MailComposer's ${type} part does not end`);
    parts[part] = { head, body: rest.slice(0, end) };
    rest = rest.slice(end);
  }
  const epilogue = `\r\n${delimiter}--\r\n`;
  if (rest !== epilogue || parts.text === undefined || parts.html === undefined) {
    throw new EmailError('MailComposer wrote more than text/plain and text/html');
  }
  return { headers, boundary, parts: { text: parts.text, html: parts.html }, epilogue };
}

/** The message as pieces: shared bytes merged, header fields and body values left open. */
function layoutPieces(layout: Layout, edition: Edition): Piece[] {
  const pieces: Piece[] = [];
  let pending = '';
  const flush = () => {
    if (pending !== '') pieces.push({ kind: 'static', bytes: Buffer.from(pending, 'latin1') });
    pending = '';
  };
  for (const [i, header] of layout.headers.entries()) {
    if (i > 0) pending += '\r\n';
    if ((RECIPIENT_HEADERS as readonly string[]).includes(header.name)) {
      flush();
      pieces.push({ kind: 'header', name: header.name as RecipientHeader });
    } else {
      pending += header.text;
    }
  }
  pending += '\r\n\r\n';
  const delimiter = `--${layout.boundary}`;
  for (const part of ['text', 'html'] as const) {
    pending += `${part === 'text' ? '' : '\r\n'}${delimiter}\r\n${layout.parts[part].head}\r\n\r\n`;
    const { parts, fields } = splitOnSentinels(edition[part], part);
    // Shared stretches encoded once; a soft break after every piece that does not end a
    // line, except the last.
    const encoded = parts.map(qpPiece);
    const lastStatic = encoded.length - 1;
    for (let i = 0; i <= lastStatic; i++) {
      const stretch = encoded[i] ?? '';
      const field = fields[i];
      const isLast = field === undefined;
      pending += stretch;
      if (!isLast && needsSoftBreak(stretch)) pending += SOFT_BREAK;
      if (field !== undefined) {
        flush();
        // A value is followed by a soft break unless nothing (or only nothing) follows it.
        const followedByText = encoded.slice(i + 1).some((s) => s !== '') || i + 1 < fields.length;
        pieces.push({ kind: 'value', part, field, softBreak: followedByText });
      }
    }
  }
  pending += layout.epilogue;
  flush();
  return pieces;
}
