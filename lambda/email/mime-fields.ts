import addressparser from 'nodemailer/lib/addressparser/index.js';
import type Mail from 'nodemailer/lib/mailer/index.js';
import { isEmailAddress } from '../subscribers/email-address.ts';
import { AddressError, HeaderInjectionError } from './errors.ts';
import type { Edition, EditionSettings, Recipient } from './types.ts';

/**
 * What buildMime and compileMessages share: the checks on every header value, made
 * before any MIME is built, and the one set of MailComposer options both hand over.
 */

/** The edition-wide header values, checked. */
export interface EditionHeaders {
  from: { name: string; address: string };
  replyTo?: { name: string; address: string };
  subject: string;
  listId: string;
  /** `mailto:…?subject=unsubscribe` for List-Unsubscribe. */
  mailto: string;
  /** Right-hand side of every Message-ID: the From address's domain. */
  domain: string;
  feedbackId: string;
}

/** The per-recipient header values, checked. */
export interface RecipientHeaders {
  /** Display name, trimmed; undefined addresses the recipient by address alone. */
  name: string | undefined;
  email: string;
  /** The unsubscribe URL as it goes into List-Unsubscribe (ASCII, no `<>,` or spaces). */
  unsubscribeUrl: string;
  messageId: string;
}

const LINE_BREAK = /[\r\n\0]/u;

/** CR, LF or NUL in any of these is a HeaderInjectionError naming the field. */
export function rejectLineBreaks(values: Record<string, string | undefined>): void {
  for (const [field, value] of Object.entries(values)) {
    if (value !== undefined && LINE_BREAK.test(value)) throw new HeaderInjectionError(field);
  }
}

export function rejectEditionLineBreaks(edition: Edition): void {
  const { settings } = edition;
  rejectLineBreaks({
    subject: edition.subject,
    'edition.id': edition.id,
    'settings.from': settings.from,
    'settings.replyTo': settings.replyTo,
    'settings.listId': settings.listId,
    'settings.unsubscribeMailto': settings.unsubscribeMailto,
  });
}

/** Per recipient, so without building an object: the same check as rejectLineBreaks. */
export function rejectRecipientLineBreaks(recipient: Recipient): void {
  for (const field of RECIPIENT_CHECKED) {
    const value = recipient[field];
    if (value !== undefined && LINE_BREAK.test(value)) {
      throw new HeaderInjectionError(`recipient.${field}`);
    }
  }
}

const RECIPIENT_CHECKED = [
  'subscriberId',
  'email',
  'name',
  'unsubscribeUrl',
  'webUrl',
] as const satisfies readonly (keyof Recipient)[];

/** Checks the edition's header values (call rejectEditionLineBreaks first). */
export function editionHeaders(edition: Edition): EditionHeaders {
  return settingsHeaders(edition.settings, edition.subject, edition.id);
}

/**
 * Checks the header values every message of the list carries: From, Reply-To, List-Id, the
 * unsubscribe mailto. `feedbackKey` names what the message is (an edition id, a signup email).
 */
export function settingsHeaders(
  settings: EditionSettings,
  subject: string,
  feedbackKey: string,
): EditionHeaders {
  const from = parseMailbox(settings.from, 'settings.from');
  const replyTo = settings.replyTo ? parseMailbox(settings.replyTo, 'settings.replyTo') : undefined;
  if (!DOT_ATOM.test(settings.listId)) {
    throw new AddressError(
      'settings.listId',
      `${JSON.stringify(settings.listId)} is not a list id like briefing.example.org`,
    );
  }
  return {
    from,
    ...(replyTo ? { replyTo } : {}),
    subject,
    listId: settings.listId,
    mailto: unsubscribeMailto(settings.unsubscribeMailto),
    domain: domainOf(from.address),
    feedbackId: `${idPart(feedbackKey)}:braid`,
  };
}

/** Checks one recipient's header values (call rejectRecipientLineBreaks first). */
export function recipientHeaders(
  edition: Edition,
  headers: EditionHeaders,
  recipient: Recipient,
): RecipientHeaders {
  assertAddress(recipient.email, 'recipient.email');
  return {
    name: recipient.name?.trim() || undefined,
    email: recipient.email,
    unsubscribeUrl: httpUrl(recipient.unsubscribeUrl, 'recipient.unsubscribeUrl'),
    messageId: messageIdFor(edition.id, recipient.subscriberId, headers.domain),
  };
}

export function assertDate(now: Date): void {
  if (!(now instanceof Date) || Number.isNaN(now.getTime())) {
    throw new AddressError('options.now', 'is not a valid date');
  }
}

export function listUnsubscribe(headers: EditionHeaders, unsubscribeUrl: string): string {
  return `<${unsubscribeUrl}>, <${headers.mailto}>`;
}

/**
 * The MailComposer options of one message: multipart/alternative (text/plain, then
 * text/html), both parts quoted-printable (7-bit safe for SES, and what compileMessages
 * splices into), CRLF line ends, no file or URL access.
 */
export function composerOptions(
  headers: EditionHeaders,
  to: RecipientHeaders,
  body: { html: string; text: string },
  now: Date,
): Mail.Options {
  return {
    from: headers.from,
    ...(headers.replyTo ? { replyTo: headers.replyTo } : {}),
    to: to.name ? { name: to.name, address: to.email } : to.email,
    subject: headers.subject,
    date: now,
    messageId: to.messageId,
    text: { content: body.text, contentTransferEncoding: 'quoted-printable' },
    html: { content: body.html, contentTransferEncoding: 'quoted-printable' },
    headers: [
      { key: 'List-Id', value: prepared(`<${headers.listId}>`) },
      { key: 'List-Unsubscribe', value: prepared(listUnsubscribe(headers, to.unsubscribeUrl)) },
      { key: 'List-Unsubscribe-Post', value: prepared('List-Unsubscribe=One-Click') },
      { key: 'Feedback-ID', value: prepared(headers.feedbackId) },
    ],
    newline: 'win',
    disableFileAccess: true,
    disableUrlAccess: true,
  };
}

/** `<edition-id.subscriber-id@domain-of-from>`: the same message for the same pair, on every retry. */
export function messageIdFor(editionId: string, subscriberId: string, domain: string): string {
  return `<${idPart(editionId)}.${idPart(subscriberId)}@${domain}>`;
}

/** RFC 5322 atext, dot excluded (it separates the two ids). */
const ATEXT = /[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]/;
const ATEXT_RUN = /^[A-Za-z0-9!#$%&'*+/?^_`{|}~-]+$/;
const DOT_ATOM = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;

/** Keeps atext as is and writes anything else (dots, colons, spaces, non-ASCII) as =HH. */
function idPart(id: string): string {
  if (ATEXT_RUN.test(id)) return id; // the common case, without a byte walk
  let out = '';
  for (const byte of Buffer.from(id, 'utf8')) {
    const c = String.fromCharCode(byte);
    out +=
      byte < 0x80 && ATEXT.test(c) && c !== '='
        ? c
        : `=${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out || '=';
}

export function prepared(value: string) {
  return { prepared: true, foldLines: true, value };
}

export function assertAddress(value: string, field: string): void {
  if (!isEmailAddress(value)) {
    throw new AddressError(field, `${JSON.stringify(value)} is not an email address`);
  }
}

function parseMailbox(value: string, field: string): { name: string; address: string } {
  const parsed = addressparser(value, { flatten: true });
  const first = parsed[0];
  if (parsed.length !== 1 || first === undefined || !first.address) {
    throw new AddressError(
      field,
      `${JSON.stringify(value)} is not one mailbox like "Braid <briefing@example.org>"`,
    );
  }
  assertAddress(first.address, field);
  return { name: first.name, address: first.address };
}

function domainOf(address: string): string {
  return address.slice(address.lastIndexOf('@') + 1).toLowerCase();
}

export function httpUrl(value: string, field: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch (cause) {
    throw new AddressError(field, `${JSON.stringify(value)} is not a URL`, { cause });
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new AddressError(field, `${JSON.stringify(value)} is not an http(s) URL`);
  }
  // href is ASCII (IDN and non-ASCII are percent-encoded); '>' and ',' would end the entry.
  return url.href.replace(/[<>,\s]/gu, (c) => encodeURIComponent(c));
}

function unsubscribeMailto(value: string): string {
  const address = value.replace(/^mailto:/iu, '').replace(/\?.*$/u, '');
  assertAddress(address, 'settings.unsubscribeMailto');
  return `mailto:${address}?subject=unsubscribe`;
}
