import { type ParsedMail, simpleParser } from 'mailparser';
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildMime } from '../../../lambda/email/build-mime.ts';
import { compileMessages, type MessageFactory } from '../../../lambda/email/compile-messages.ts';
import { AddressError, EmailError, HeaderInjectionError } from '../../../lambda/email/errors.ts';
import { compilePersonalizer } from '../../../lambda/email/personalize.ts';
import { sentinel } from '../../../lambda/email/sentinels.ts';
import type { Edition, Recipient } from '../../../lambda/email/types.ts';
import { recipient, seedEdition, settings } from './fixtures.ts';
import { hardRecipients } from './recipients.ts';

const now = new Date('2021-03-18T06:00:00Z');
let edition: Edition;
let message: MessageFactory;

beforeAll(async () => {
  edition = await seedEdition();
  message = await compileMessages(edition);
});

afterEach(() => {
  vi.restoreAllMocks();
});

function fresh(e: Edition, r: Recipient, at = now): Promise<Buffer> {
  return buildMime(e, r, compilePersonalizer(e)(r), { now: at });
}

/** The header block with the random multipart boundary taken out. */
function headerBlock(raw: Buffer): string {
  const text = raw.toString('latin1');
  return text.slice(0, text.indexOf('\r\n\r\n')).replace(/boundary="[^"]+"/, 'boundary="…"');
}

function comparable(mail: ParsedMail) {
  return {
    headers: mail.headerLines.map((h) => h.line.replace(/boundary="[^"]+"/, 'boundary="…"')),
    subject: mail.subject,
    from: mail.from?.value,
    to: mail.to,
    date: mail.date?.toISOString(),
    messageId: mail.messageId,
    list: mail.headers.get('list'),
    text: mail.text,
    html: mail.html,
    attachments: mail.attachments.length,
  };
}

/** Every line of a message: CRLF only, 7-bit, body lines within 76, header lines within 998. */
function assertWellFormed(raw: Buffer): void {
  const text = raw.toString('latin1');
  expect(text).not.toMatch(/[^\r]\n|\r(?!\n)/);
  expect(text).toMatch(/^[\t\r\n -~]*$/);
  const [head = '', ...rest] = text.split('\r\n\r\n');
  for (const line of head.split('\r\n')) expect(line.length).toBeLessThanOrEqual(998);
  for (const line of rest.join('\r\n\r\n').split('\r\n')) {
    expect(line.length, line).toBeLessThanOrEqual(76);
  }
}

describe('compileMessages', () => {
  it('gives every recipient the message a fresh MailComposer build gives them', async () => {
    let n = 0;
    for (const r of hardRecipients(120)) {
      const spliced = message(r, now);
      const reference = await fresh(edition, r);
      expect(headerBlock(spliced), `recipient ${n}`).toBe(headerBlock(reference));
      const [a, b] = await Promise.all([simpleParser(spliced), simpleParser(reference)]);
      expect(comparable(a), `recipient ${n}`).toEqual(comparable(b));
      assertWellFormed(spliced);
      n += 1;
    }
    expect(n).toBe(120);
  });

  it('fills the recipient values into both parts, escaped in the html', async () => {
    const r = { ...recipient, name: '<script>alert(1)</script>', email: "o'brien@example.com" };
    const parsed = await simpleParser(message(r, now));
    expect(parsed.html).toContain(
      'href="https://briefing.example.org/unsubscribe?token=abc.def&amp;s=sub-01HZX"',
    );
    expect(parsed.html).toContain('with o&#39;brien@example.com.');
    expect(parsed.html).not.toContain('%%braid:');
    expect(parsed.text).toContain(recipient.unsubscribeUrl);
    expect(parsed.text?.replace(/\s+/g, ' ')).toContain("with o'brien@example.com.");
    expect(parsed.to).toMatchObject({
      value: [{ name: '<script>alert(1)</script>', address: "o'brien@example.com" }],
    });
  });

  it('writes the Date of the send and a Message-ID stable per edition and subscriber', async () => {
    const later = new Date('2021-03-19T23:59:58.250Z');
    const a = await simpleParser(message(recipient, now));
    const b = await simpleParser(message(recipient, later));
    const other = await simpleParser(message({ ...recipient, subscriberId: 'sub-2' }, now));
    expect(a.date?.toISOString()).toBe(now.toISOString());
    expect(b.date?.toISOString()).toBe('2021-03-19T23:59:58.000Z');
    expect(message(recipient, later).toString()).toContain('Date: Fri, 19 Mar 2021 23:59:58 +0000');
    expect(a.messageId).toBe('<2021-03-18.sub-01HZX@example.org>');
    expect(b.messageId).toBe(a.messageId);
    expect(other.messageId).toBe('<2021-03-18.sub-2@example.org>');
  });

  it('carries the list headers for one-click unsubscribe', () => {
    const raw = message(recipient, now).toString();
    expect(raw).toContain('List-ID: <briefing.example.org>\r\n');
    expect(raw).toMatch(
      /List-Unsubscribe:\s+<https:\/\/briefing\.example\.org\/unsubscribe\?token=abc\.def&s=sub-01HZX>,\s+<mailto:unsubscribe@example\.org\?subject=unsubscribe>\r\n/,
    );
    expect(raw).toContain('List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n');
    expect(raw).toContain('Feedback-ID: 2021-03-18:braid\r\n');
    expect(raw).toMatch(/^From: Braid <briefing@example\.org>\r$/m);
    expect(raw.indexOf('Content-Type: text/plain')).toBeLessThan(
      raw.indexOf('Content-Type: text/html'),
    );
  });

  const edges: { name: string; html: string; text: string }[] = [
    {
      name: 'sentinels at the very start and end, and side by side',
      html: `${sentinel('name')}${sentinel('email')}<p>x</p>${sentinel('webUrl')}`,
      text: `${sentinel('unsubscribeUrl')}${sentinel('name')}`,
    },
    {
      name: 'a sentinel after trailing spaces and before a line break',
      html: `<p>Hello   \n${sentinel('name')}   \n\n</p>\n`,
      text: `line with spaces   ${sentinel('name')}\n   ${sentinel('email')}\t\n`,
    },
    {
      name: 'long non-ASCII lines around a sentinel',
      html: `<p>${'ünïcödé—“quoted” '.repeat(40)}${sentinel('email')}${'€'.repeat(200)}</p>`,
      text: `${'x'.repeat(75)}é${sentinel('name')}${'=ab '.repeat(60)}\n`,
    },
    {
      name: 'no sentinels at all',
      html: '<p>Just text, = signs and ümlauts.</p>',
      text: 'Just text.\n',
    },
  ];
  it.each(edges)('splices correctly: $name', async ({ html, text }) => {
    const e: Edition = { ...edition, html, text };
    const make = await compileMessages(e);
    for (const r of hardRecipients(25, 7)) {
      const spliced = make(r, now);
      assertWellFormed(spliced);
      const [a, b] = await Promise.all([simpleParser(spliced), simpleParser(await fresh(e, r))]);
      expect(comparable(a)).toEqual(comparable(b));
    }
  });

  it('folds a 200-character subject and decodes it whole', async () => {
    const subject = `${'Zoë’s “long” headline about the summit — '.repeat(6)}`.slice(0, 200);
    expect([...subject]).toHaveLength(200);
    const e = { ...edition, subject };
    const spliced = (await compileMessages(e))(recipient, now);
    assertWellFormed(spliced);
    expect(headerBlock(spliced)).toBe(headerBlock(await fresh(e, recipient)));
    expect((await simpleParser(spliced)).subject).toBe(subject);
    const subjectField = /^Subject:.*(?:\r\n[ \t].*)*/m.exec(spliced.toString('latin1'))?.[0] ?? '';
    for (const line of subjectField.split('\r\n')) expect(line.length).toBeLessThanOrEqual(78);
  });

  it('rejects a subject with a line break before MailComposer builds anything', async () => {
    const compile = vi.spyOn(MailComposer.prototype, 'compile');
    for (const subject of ['Hello\nBcc: victim@example.net', 'Hello\r\nX-Evil: 1', 'A\rB']) {
      const error = await compileMessages({ ...edition, subject }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(HeaderInjectionError);
      expect(error).toMatchObject({ field: 'subject' });
    }
    expect(compile).not.toHaveBeenCalled();
  });

  it.each([
    ['recipient.name', { name: 'Alice\nBcc: victim@example.net' }],
    ['recipient.email', { email: 'alice@example.com\r\nBcc: victim@example.net' }],
    ['recipient.unsubscribeUrl', { unsubscribeUrl: 'https://x.test/\r\nX-Evil: 1' }],
    ['recipient.webUrl', { webUrl: 'https://x.test/\nx' }],
    ['recipient.subscriberId', { subscriberId: 'a\nb' }],
  ] as const)('rejects a line break in %s', (field, change) => {
    expect(() => message({ ...recipient, ...change }, now)).toThrow(
      expect.objectContaining({ name: 'HeaderInjectionError', field }),
    );
  });

  it('rejects unusable addresses, URLs and dates per recipient', () => {
    expect(() => message({ ...recipient, email: 'not-an-address' }, now)).toThrow(AddressError);
    expect(() => message({ ...recipient, unsubscribeUrl: 'javascript:alert(1)' }, now)).toThrow(
      AddressError,
    );
    expect(() => message(recipient, new Date(Number.NaN))).toThrow(AddressError);
  });

  it('rejects bad edition settings once, at compile time', async () => {
    const bad = (s: Partial<Edition['settings']>) =>
      compileMessages({ ...edition, settings: { ...settings, ...s } });
    await expect(bad({ from: 'Braid' })).rejects.toThrow(AddressError);
    await expect(bad({ listId: 'not a list id' })).rejects.toThrow(AddressError);
    await expect(bad({ unsubscribeMailto: 'nobody' })).rejects.toThrow(AddressError);
    await expect(bad({ from: 'Braid <a@example.org>\nBcc: x@example.net' })).rejects.toThrow(
      HeaderInjectionError,
    );
  });

  it('refuses a value that carries the edition’s MIME boundary', () => {
    const raw = message(recipient, now).toString();
    const boundary = /boundary="([^"]+)"/.exec(raw)?.[1] ?? '';
    expect(boundary).not.toBe('');
    // A body line could then read as the boundary delimiter and end the part early.
    expect(() =>
      message({ ...recipient, webUrl: `https://briefing.example.org/--${boundary}` }, now),
    ).toThrow(EmailError);
    expect(() => message({ ...recipient, email: `${boundary}@example.org` }, now)).toThrow(
      /recipient\.email contains the MIME boundary/,
    );
  });

  it('rejects an unknown sentinel in the edition', async () => {
    await expect(compileMessages({ ...edition, html: '%%braid:password%%' })).rejects.toThrow(
      /unknown recipient sentinel/,
    );
  });
});
