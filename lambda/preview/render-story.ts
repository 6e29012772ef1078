import type { Briefing } from '../briefing/types.ts';
import type { Config } from '../config.ts';
import { recipientFor } from '../delivery/recipient-links.ts';
import { compileMessages } from '../email/compile-messages.ts';
import type { CompiledTemplate } from '../email/compiled-template.ts';
import { compilePersonalizer } from '../email/personalize.ts';
import type { Edition, Recipient } from '../email/types.ts';
import type { RenderedEdition } from '../email/web-copy.ts';
import { createRenderer } from '../handlers/renderer.ts';
import { newKeyring } from '../subscribers/keyring.ts';
import type { Subscriber } from '../subscribers/subscriber.ts';

/**
 * An edition rendered by the production path, for one sample reader: compose's renderer
 * (the compiled template, Handlebars), deliver's personalizer and its MIME build
 * (`compileMessages`). What `braid render` writes and what the preview shows.
 */
export interface SampleRender {
  edition: RenderedEdition;
  recipient: Recipient;
  /** The reader's HTML and text parts, as the message carries them. */
  html: string;
  text: string;
  /** The raw message (RFC 5322), as SES would be handed it. */
  eml: Buffer;
}

/** Renders briefings as one edition, personalized for `reader`, with its .eml. */
export async function renderSample(
  config: Config,
  template: CompiledTemplate,
  briefings: Briefing[],
  options: { id: string; at: Date; reader: Subscriber },
): Promise<SampleRender> {
  const edition = await createRenderer(config, template)(options.id, options.at, briefings);
  const recipient = recipientFor(
    options.reader,
    edition.id,
    config.publicUrl,
    // A preview: its links are signed with a throwaway key and lead nowhere.
    newKeyring(),
  );
  const body = compilePersonalizer(edition)(recipient);
  const eml = (await compileMessages(edition))(recipient, options.at);
  return { edition, recipient, html: body.html, text: body.text, eml };
}

/** The same message for another address, its subject marked "[Test]": `Send a test`. */
export async function testMessage(
  edition: Edition,
  recipient: Recipient,
  to: string,
  at: Date,
): Promise<Buffer> {
  const marked: Edition = { ...edition, subject: `[Test] ${edition.subject}` };
  const { name: _name, ...rest } = recipient;
  return (await compileMessages(marked))({ ...rest, email: to }, at);
}

/** RFC 2047 encoded-words (`=?UTF-8?Q?…?=`, `=?UTF-8?B?…?=`) decoded, for reading. */
export function decodeWords(value: string): string {
  return value
    .replace(/\?=\s+=\?/gu, '?==?')
    .replace(
      /=\?([\w-]+)\?([QqBb])\?([^?]*)\?=/gu,
      (_m, _charset: string, kind: string, text: string) => {
        if (kind.toUpperCase() === 'B') return Buffer.from(text, 'base64').toString('utf8');
        const bytes = text
          .replace(/_/gu, ' ')
          .replace(/=([0-9A-Fa-f]{2})/gu, (_x, hex: string) =>
            String.fromCharCode(Number.parseInt(hex, 16)),
          );
        return Buffer.from(bytes, 'latin1').toString('utf8');
      },
    );
}

/** The header block of a raw message, unfolded: one [name, value] per field, in order. */
export function headerFields(eml: Buffer): [string, string][] {
  const raw = eml.toString('latin1');
  const end = raw.indexOf('\r\n\r\n');
  const block = (end < 0 ? raw : raw.slice(0, end)).replace(/\r\n[ \t]+/g, ' ');
  return block
    .split('\r\n')
    .filter((line) => line.includes(':'))
    .map((line) => {
      const at = line.indexOf(':');
      return [line.slice(0, at), line.slice(at + 1).trim()];
    });
}
