import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import {
  assertDate,
  composerOptions,
  editionHeaders,
  recipientHeaders,
  rejectEditionLineBreaks,
  rejectRecipientLineBreaks,
} from './mime-fields.ts';
import type { Edition, Recipient } from './types.ts';

export { messageIdFor } from './mime-fields.ts';

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
 *
 * MailComposer runs in full for every call (~1.6 ms for an edition): the reference that
 * `compileMessages`, which builds once per edition and splices per recipient, is tested
 * against. Send with `compileMessages`.
 */
export async function buildMime(
  edition: Edition,
  recipient: Recipient,
  body: { html: string; text: string },
  options: BuildMimeOptions,
): Promise<Buffer> {
  rejectEditionLineBreaks(edition);
  rejectRecipientLineBreaks(recipient);
  const headers = editionHeaders(edition);
  const to = recipientHeaders(edition, headers, recipient);
  assertDate(options.now);
  return new MailComposer(composerOptions(headers, to, body, options.now)).compile().build();
}
