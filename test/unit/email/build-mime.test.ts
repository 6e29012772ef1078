import { simpleParser } from 'mailparser';
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildMime } from '../../../lambda/email/build-mime.ts';
import { AddressError, HeaderInjectionError } from '../../../lambda/email/errors.ts';
import { compilePersonalizer } from '../../../lambda/email/personalize.ts';
import { renderEdition } from '../../../lambda/email/render-edition.ts';
import type { Edition, Recipient } from '../../../lambda/email/types.ts';
import { isEmailAddress } from '../../../lambda/subscribers/email-address.ts';
import { editionInput, loadTemplates, recipient } from './fixtures.ts';

const now = new Date('2021-03-18T06:00:00Z');
let edition: Edition;

beforeAll(async () => {
  edition = await renderEdition(editionInput(), loadTemplates());
});

afterEach(() => {
  vi.restoreAllMocks();
});

function build(e: Edition = edition, r: Recipient = recipient) {
  return buildMime(e, r, compilePersonalizer(e)(r), { now });
}

function header(raw: string, name: string): string | undefined {
  const match = new RegExp(`^${name}:(.*(?:\\r\\n[ \\t].*)*)`, 'im').exec(raw);
  return match?.[1]?.replace(/\r\n[ \t]+/g, ' ').trim();
}

describe('buildMime', () => {
  it('builds a multipart/alternative message with the list headers', async () => {
    const raw = await build();
    const source = raw.toString('utf8');
    const parsed = await simpleParser(raw);

    expect(parsed.subject).toBe(edition.subject);
    expect(parsed.messageId).toBe('<2021-03-18.sub-01HZX@example.org>');
    expect(parsed.date?.toISOString()).toBe(now.toISOString());
    expect(header(source, 'From')).toBe('Braid <briefing@example.org>');
    expect(header(source, 'To')).toBe('Alice Example <alice@example.com>');
    expect(header(source, 'List-Id')).toBe('<briefing.example.org>');
    expect(header(source, 'List-Unsubscribe')).toBe(
      '<https://briefing.example.org/unsubscribe?token=abc.def&s=sub-01HZX>, <mailto:unsubscribe@example.org?subject=unsubscribe>',
    );
    expect(header(source, 'List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');
    expect(header(source, 'Feedback-ID')).toBe('2021-03-18:braid');
    const keys = parsed.headerLines.map((h) => h.key);
    for (const key of [
      'list-id',
      'list-unsubscribe',
      'list-unsubscribe-post',
      'message-id',
      'feedback-id',
    ]) {
      expect(keys).toContain(key);
    }
    expect(parsed.headers.get('list')).toMatchObject({
      unsubscribe: { url: 'https://briefing.example.org/unsubscribe?token=abc.def&s=sub-01HZX' },
    });

    expect(header(source, 'Content-Type')).toMatch(/^multipart\/alternative;/);
    const plainAt = source.indexOf('Content-Type: text/plain');
    const htmlAt = source.indexOf('Content-Type: text/html');
    expect(plainAt).toBeGreaterThan(0);
    expect(htmlAt).toBeGreaterThan(plainAt);
    expect(parsed.text).toContain('Key points');
    expect(parsed.html).toContain('Unsubscribe from Braid');
    expect(parsed.html).not.toContain('%%braid:');
    expect(source).not.toMatch(/[^\r]\n/); // CRLF line ends throughout
  });

  it('gives the same Message-ID on every build for the same edition and subscriber', async () => {
    const a = (await simpleParser(await build())).messageId;
    const b = (await simpleParser(await build())).messageId;
    const other = (
      await simpleParser(await build(edition, { ...recipient, subscriberId: 'sub-2' }))
    ).messageId;
    expect(a).toBe(b);
    expect(other).toBe('<2021-03-18.sub-2@example.org>');
  });

  it('addresses a recipient without a name by address alone', async () => {
    const { name: _name, ...anonymous } = recipient;
    const source = (await build(edition, anonymous)).toString('utf8');
    expect(header(source, 'To')).toBe('alice@example.com');
  });

  const injections: {
    field: string;
    edition?: Partial<Edition>;
    recipient?: Partial<Recipient>;
  }[] = [
    { field: 'subject', edition: { subject: 'Hello\r\nBcc: victim@example.net' } },
    { field: 'subject', edition: { subject: 'Hello\nBcc: victim@example.net' } },
    { field: 'recipient.name', recipient: { name: 'Alice\nBcc: victim@example.net' } },
    {
      field: 'recipient.email',
      recipient: { email: 'alice@example.com\r\nBcc: victim@example.net' },
    },
    {
      field: 'recipient.unsubscribeUrl',
      recipient: { unsubscribeUrl: 'https://x.test/\r\nX-Evil: 1' },
    },
  ];
  it.each(injections)(
    'rejects CR/LF in $field with HeaderInjectionError before building',
    async (c) => {
      const compile = vi.spyOn(MailComposer.prototype, 'compile');
      const e = { ...edition, ...c.edition };
      const r = { ...recipient, ...c.recipient };
      const error = await buildMime(e, r, { html: '<p>x</p>', text: 'x' }, { now }).catch(
        (x: unknown) => x,
      );
      expect(error).toBeInstanceOf(HeaderInjectionError);
      expect(error).toMatchObject({ name: 'HeaderInjectionError', field: c.field });
      expect(compile).not.toHaveBeenCalled();
    },
  );

  it.each([
    'not-an-address',
    'alice@',
    '@example.com',
    'alice@localhost',
    'alice smith@example.com',
    'alice@exa_mple.com',
    '<alice@example.com>',
  ])('rejects the recipient address %j', async (email) => {
    await expect(build(edition, { ...recipient, email })).rejects.toThrow(AddressError);
  });

  it('rejects a From that is not one mailbox and an unsubscribe URL that is not http(s)', async () => {
    const badFrom = { ...edition, settings: { ...edition.settings, from: 'Braid' } };
    await expect(build(badFrom)).rejects.toThrow(AddressError);
    await expect(
      build(edition, { ...recipient, unsubscribeUrl: 'javascript:alert(1)' }),
    ).rejects.toThrow(AddressError);
  });

  it('accepts ordinary addresses', () => {
    for (const ok of ['alice@example.com', 'a.b+tag@mail.example.co.uk', "o'brien@example.ie"]) {
      expect(isEmailAddress(ok)).toBe(true);
    }
  });
});
