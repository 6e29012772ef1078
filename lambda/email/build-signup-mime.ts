import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import type Mail from 'nodemailer/lib/mailer/index.js';
import type { MessagePurpose } from './mailer.ts';
import {
  assertAddress,
  assertDate,
  httpUrl,
  listUnsubscribe,
  messageIdFor,
  prepared,
  rejectLineBreaks,
  settingsHeaders,
} from './mime-fields.ts';
import type { SignupEmail } from './signup-emails.ts';
import type { EditionSettings } from './types.ts';

export interface SignupMimeInput {
  purpose: Exclude<MessagePurpose, 'edition'>;
  email: SignupEmail;
  settings: EditionSettings;
  to: { subscriberId: string; email: string; name?: string | undefined };
  /**
   * The subscriber's one-click unsubscribe link: the welcome and "already subscribed"
   * emails carry List-Unsubscribe like every edition. The confirmation does not: nobody is
   * subscribed yet, and ignoring it is the way to say no.
   */
  unsubscribeUrl?: string;
  now: Date;
}

/**
 * The raw MIME of one signup-flow email (MailComposer: multipart/alternative, text then
 * HTML, quoted-printable), with the same header checks as an edition: CR or LF anywhere is a
 * HeaderInjectionError, an unusable address or URL an AddressError.
 */
export function buildSignupMime(input: SignupMimeInput): Promise<Buffer> {
  const { settings, to, email } = input;
  rejectLineBreaks({
    subject: email.subject,
    'to.email': to.email,
    'to.name': to.name,
    'to.subscriberId': to.subscriberId,
    unsubscribeUrl: input.unsubscribeUrl,
    'settings.from': settings.from,
    'settings.replyTo': settings.replyTo,
    'settings.listId': settings.listId,
    'settings.unsubscribeMailto': settings.unsubscribeMailto,
  });
  assertDate(input.now);
  assertAddress(to.email, 'to.email');
  const headers = settingsHeaders(settings, email.subject, input.purpose);
  const name = to.name?.trim() || undefined;
  const list: Mail.Options['headers'] = [
    { key: 'List-Id', value: prepared(`<${headers.listId}>`) },
  ];
  if (input.unsubscribeUrl !== undefined) {
    const url = httpUrl(input.unsubscribeUrl, 'unsubscribeUrl');
    list.push(
      { key: 'List-Unsubscribe', value: prepared(listUnsubscribe(headers, url)) },
      { key: 'List-Unsubscribe-Post', value: prepared('List-Unsubscribe=One-Click') },
    );
  }
  list.push({ key: 'Feedback-ID', value: prepared(headers.feedbackId) });
  const options: Mail.Options = {
    from: headers.from,
    ...(headers.replyTo ? { replyTo: headers.replyTo } : {}),
    to: name ? { name, address: to.email } : to.email,
    subject: headers.subject,
    date: input.now,
    // Unique per email: a second confirmation is a new message, not a duplicate of the first.
    messageId: messageIdFor(
      `${input.purpose}-${input.now.getTime()}`,
      to.subscriberId,
      headers.domain,
    ),
    text: { content: email.text, contentTransferEncoding: 'quoted-printable' },
    html: { content: email.html, contentTransferEncoding: 'quoted-printable' },
    headers: list,
    newline: 'win',
    disableFileAccess: true,
    disableUrlAccess: true,
  };
  return new MailComposer(options).compile().build();
}
