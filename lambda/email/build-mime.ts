import addressparser from 'nodemailer/lib/addressparser/index.js';
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import { isEmailAddress } from '../subscribers/email-address.ts';
import { AddressError, HeaderInjectionError } from './errors.ts';
import type { Edition, Recipient } from './types.ts';

export interface BuildMimeOptions {
  /** The Date header. */
  now: Date;
}

/**
 * Builds one recipient's raw MIME message for SES SendRawEmail with nodemailer's
 * MailComposer: multipart/alternative (text/plain, then text/html), a stable Message-ID,
 * List-Id, RFC 8058 one-click List-Unsubscribe and a Feedback-ID. Header values are
 * checked before anything is built: CR or LF anywhere is a HeaderInjectionError, an
 * unusable address or URL an AddressError.
 */
export async function buildMime(
  edition: Edition,
  recipient: Recipient,
  body: { html: string; text: string },
  options: BuildMimeOptions,
): Promise<Buffer> {
  const { settings } = edition;
  rejectLineBreaks({
    subject: edition.subject,
    'edition.id': edition.id,
    'settings.from': settings.from,
    'settings.replyTo': settings.replyTo,
    'settings.listId': settings.listId,
    'settings.unsubscribeMailto': settings.unsubscribeMailto,
    'recipient.subscriberId': recipient.subscriberId,
    'recipient.email': recipient.email,
    'recipient.name': recipient.name,
    'recipient.unsubscribeUrl': recipient.unsubscribeUrl,
  });

  const from = parseMailbox(settings.from, 'settings.from');
  const replyTo = settings.replyTo ? parseMailbox(settings.replyTo, 'settings.replyTo') : undefined;
  assertAddress(recipient.email, 'recipient.email');
  if (!DOT_ATOM.test(settings.listId)) {
    throw new AddressError(
      'settings.listId',
      `${JSON.stringify(settings.listId)} is not a list id like briefing.example.org`,
    );
  }
  const unsubscribeUrl = httpUrl(recipient.unsubscribeUrl, 'recipient.unsubscribeUrl');
  const mailto = unsubscribeMailto(settings.unsubscribeMailto);
  if (Number.isNaN(options.now.getTime())) {
    throw new AddressError('options.now', 'is not a valid date');
  }

  const name = recipient.name?.trim();
  const composer = new MailComposer({
    from,
    ...(replyTo ? { replyTo } : {}),
    to: name ? { name, address: recipient.email } : recipient.email,
    subject: edition.subject,
    date: options.now,
    messageId: messageIdFor(edition.id, recipient.subscriberId, domainOf(from.address)),
    text: body.text,
    html: body.html,
    headers: [
      { key: 'List-Id', value: prepared(`<${settings.listId}>`) },
      { key: 'List-Unsubscribe', value: prepared(`<${unsubscribeUrl}>, <${mailto}>`) },
      { key: 'List-Unsubscribe-Post', value: prepared('List-Unsubscribe=One-Click') },
      { key: 'Feedback-ID', value: prepared(`${idPart(edition.id)}:braid`) },
    ],
    newline: 'win',
    disableFileAccess: true,
    disableUrlAccess: true,
  });
  return composer.compile().build();
}

/** `<edition-id.subscriber-id@domain-of-from>`: the same message for the same pair, on every retry. */
export function messageIdFor(editionId: string, subscriberId: string, domain: string): string {
  return `<${idPart(editionId)}.${idPart(subscriberId)}@${domain}>`;
}

/** RFC 5322 atext, dot excluded (it separates the two ids). */
const ATEXT = /[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]/;
const DOT_ATOM = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;

/** Keeps atext as is and writes anything else (dots, colons, spaces, non-ASCII) as =HH. */
function idPart(id: string): string {
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

function prepared(value: string) {
  return { prepared: true, foldLines: true, value };
}

function rejectLineBreaks(values: Record<string, string | undefined>): void {
  for (const [field, value] of Object.entries(values)) {
    if (value !== undefined && /[\r\n\0]/u.test(value)) throw new HeaderInjectionError(field);
  }
}

function assertAddress(value: string, field: string): void {
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

function httpUrl(value: string, field: string): string {
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
