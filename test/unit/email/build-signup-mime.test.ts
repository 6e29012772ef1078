import { type ParsedMail, simpleParser } from 'mailparser';
import { beforeAll, describe, expect, it } from 'vitest';
import { readCompiledTemplate } from '../../../lambda/adapters/template-files.ts';
import { buildSignupMime, type SignupMimeInput } from '../../../lambda/email/build-signup-mime.ts';
import type { CompiledTemplate } from '../../../lambda/email/compiled-template.ts';
import { AddressError, HeaderInjectionError } from '../../../lambda/email/errors.ts';
import {
  renderAlreadySubscribedEmail,
  renderConfirmationEmail,
  renderWelcomeEmail,
  type SignupEmail,
} from '../../../lambda/email/signup-emails.ts';
import { settings, templatesDir } from './fixtures.ts';

const now = new Date('2026-03-01T08:00:00.000Z');
const CONFIRM_URL = 'https://briefing.example.org/confirm?token=k1.sub_1.confirm.1.n.sig';
const UNSUBSCRIBE_URL =
  'https://briefing.example.org/unsubscribe?token=k1.sub_1.unsubscribe.0.-.sig';
const SCRIPT = '<script>alert(1)</script>';
/** A rendered email for the tables, which are built before beforeAll renders the real ones. */
const plain: SignupEmail = { subject: 'Confirm', preheader: '', html: '<p>x</p>', text: 'x' };

let confirmTemplate: CompiledTemplate;
let welcomeTemplate: CompiledTemplate;
let confirmation: SignupEmail;
let welcome: SignupEmail;

beforeAll(async () => {
  confirmTemplate = await readCompiledTemplate(templatesDir, 'confirm');
  welcomeTemplate = await readCompiledTemplate(templatesDir, 'welcome');
  confirmation = renderConfirmationEmail(
    { settings, email: 'ada@example.com', confirmUrl: CONFIRM_URL, validForHours: 48 },
    confirmTemplate,
  );
  welcome = renderWelcomeEmail(
    { settings, email: 'ada@example.com', name: 'Ada', unsubscribeUrl: UNSUBSCRIBE_URL },
    welcomeTemplate,
  );
});

function input(change: Partial<SignupMimeInput> = {}): SignupMimeInput {
  return {
    purpose: 'confirm',
    email: confirmation,
    settings,
    to: { subscriberId: 'sub_1', email: 'ada@example.com', name: 'Ada Lovelace' },
    now,
    ...change,
  };
}

/** Builds, whether the builder throws at once or rejects: either way an error is an error. */
async function build(value: SignupMimeInput): Promise<Buffer> {
  return buildSignupMime(value);
}

async function failure(value: SignupMimeInput): Promise<unknown> {
  return build(value).then(
    () => {
      throw new Error('Expected buildSignupMime to fail');
    },
    (error: unknown) => error,
  );
}

/** An unfolded header of the raw message. */
function header(raw: string, name: string): string | undefined {
  const match = new RegExp(`^${name}:(.*(?:\\r\\n[ \\t].*)*)`, 'im').exec(raw);
  return match?.[1]?.replace(/\r\n[ \t]+/g, ' ').trim();
}

const keys = (parsed: ParsedMail) => parsed.headerLines.map((h) => h.key);

describe('buildSignupMime', () => {
  it('builds multipart/alternative, the text part first and the html part second', async () => {
    // Act
    const raw = await build(input());
    // Assess
    const source = raw.toString('utf8');
    const parsed = await simpleParser(raw);
    expect(header(source, 'Content-Type')).toMatch(/^multipart\/alternative;/);
    const plainAt = source.indexOf('Content-Type: text/plain');
    const htmlAt = source.indexOf('Content-Type: text/html');
    expect(plainAt).toBeGreaterThan(0);
    expect(htmlAt).toBeGreaterThan(plainAt);
    expect(source).toContain('Content-Transfer-Encoding: quoted-printable');
    expect(source).not.toMatch(/[^\r]\n/);
    expect(parsed.text).toContain(CONFIRM_URL);
    expect(parsed.html).toContain('Confirm my subscription');
  });

  it('carries the sender, recipient, subject, date, list id and feedback id', async () => {
    // Act
    const raw = await build(input());
    // Assess
    const source = raw.toString('utf8');
    const parsed = await simpleParser(raw);
    expect(parsed.subject).toBe('Confirm your subscription to Braid');
    expect(header(source, 'From')).toBe('Braid <briefing@example.org>');
    expect(header(source, 'To')).toBe('Ada Lovelace <ada@example.com>');
    expect(parsed.date?.toISOString()).toBe(now.toISOString());
    expect(header(source, 'List-Id')).toBe('<briefing.example.org>');
    expect(header(source, 'Feedback-ID')).toBe('confirm:braid');
    expect(parsed.messageId).toBe(`<confirm-${now.getTime()}.sub_1@example.org>`);
  });

  it('has no List-Unsubscribe on the confirmation: nobody is subscribed yet', async () => {
    // Act
    const parsed = await simpleParser(await build(input()));
    // Assess
    expect(keys(parsed)).toContain('list-id');
    expect(keys(parsed)).not.toContain('list-unsubscribe');
    expect(keys(parsed)).not.toContain('list-unsubscribe-post');
  });

  it.each([
    ['welcome', () => welcome],
    [
      'already-subscribed',
      () =>
        renderAlreadySubscribedEmail(
          { settings, email: 'ada@example.com', unsubscribeUrl: UNSUBSCRIBE_URL },
          welcomeTemplate,
        ),
    ],
  ] as const)(
    'gives the %s email one-click List-Unsubscribe (RFC 8058)',
    async (purpose, email) => {
      // Act
      const raw = await build(input({ purpose, email: email(), unsubscribeUrl: UNSUBSCRIBE_URL }));
      // Assess
      const source = raw.toString('utf8');
      expect(header(source, 'List-Unsubscribe')).toBe(
        `<${UNSUBSCRIBE_URL}>, <mailto:unsubscribe@example.org?subject=unsubscribe>`,
      );
      expect(header(source, 'List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');
      expect(header(source, 'List-Id')).toBe('<briefing.example.org>');
      expect(header(source, 'Feedback-ID')).toBe(`${purpose}:braid`);
    },
  );

  it('gives every build its own Message-ID, so a second confirmation is a new message', async () => {
    // Act
    const first = await simpleParser(await build(input()));
    const second = await simpleParser(await build(input({ now: new Date(now.getTime() + 1) })));
    const welcomeNow = await simpleParser(
      await build(input({ purpose: 'welcome', email: welcome, unsubscribeUrl: UNSUBSCRIBE_URL })),
    );
    // Assess
    expect(second.messageId).toBe(`<confirm-${now.getTime() + 1}.sub_1@example.org>`);
    expect(second.messageId).not.toBe(first.messageId);
    expect(welcomeNow.messageId).toBe(`<welcome-${now.getTime()}.sub_1@example.org>`);
  });

  it.each([
    ['no name', undefined],
    ['an empty name', ''],
    ['a name of spaces', '   '],
  ])('addresses a recipient with %s by address alone', async (_case, name) => {
    // Act
    const raw = await build(
      input({ to: { subscriberId: 'sub_1', email: 'ada@example.com', name } }),
    );
    // Assess
    expect(header(raw.toString('utf8'), 'To')).toBe('ada@example.com');
  });

  it('encodes a non-ASCII name and keeps it', async () => {
    // Act
    const raw = await build(
      input({ to: { subscriberId: 'sub_1', email: 'ada@example.com', name: '  Zoë Ångström ' } }),
    );
    // Assess
    const parsed = await simpleParser(raw);
    expect(parsed.to).toMatchObject({
      value: [{ name: 'Zoë Ångström', address: 'ada@example.com' }],
    });
    expect(raw.every((byte) => byte < 0x80)).toBe(true);
  });

  it.each([
    [
      'to.name',
      {
        to: { subscriberId: 'sub_1', email: 'ada@example.com', name: 'Ada\r\nBcc: x@example.net' },
      },
    ],
    [
      'to.name',
      { to: { subscriberId: 'sub_1', email: 'ada@example.com', name: 'Ada\nBcc: x@example.net' } },
    ],
    ['to.email', { to: { subscriberId: 'sub_1', email: 'ada@example.com\r\nBcc: x@example.net' } }],
    ['to.subscriberId', { to: { subscriberId: 'sub_1\r\nX-Evil: 1', email: 'ada@example.com' } }],
    ['unsubscribeUrl', { unsubscribeUrl: 'https://x.example/\r\nX-Evil: 1' }],
    ['subject', { email: { ...plain, subject: 'Hi\r\nBcc: x@example.net' } }],
    [
      'settings.from',
      { settings: { ...settings, from: 'Braid <b@example.org>\nBcc: x@example.net' } },
    ],
    ['settings.listId', { settings: { ...settings, listId: 'l.example.org\r\nX: 1' } }],
  ] as [string, Partial<SignupMimeInput>][])(
    'refuses CR/LF in %s with HeaderInjectionError',
    async (field, change) => {
      // Act
      const error = await failure(input(change));
      // Assess
      expect(error).toBeInstanceOf(HeaderInjectionError);
      expect(error).toMatchObject({ name: 'HeaderInjectionError', field });
    },
  );

  it.each([
    ['to.email', { to: { subscriberId: 'sub_1', email: 'not-an-address' } }],
    ['unsubscribeUrl', { unsubscribeUrl: 'javascript:alert(1)' }],
    ['options.now', { now: new Date(Number.NaN) }],
    ['settings.from', { settings: { ...settings, from: 'nobody' } }],
  ] as [string, Partial<SignupMimeInput>][])(
    'refuses an unusable %s with AddressError',
    async (field, change) => {
      // Act
      const error = await failure(input(change));
      // Assess
      expect(error).toBeInstanceOf(AddressError);
      expect(error).toMatchObject({ field });
    },
  );
});

describe('a name or title with markup', () => {
  it('is escaped in the welcome html, and in the header is only a display name', async () => {
    // Prepare
    const email = renderWelcomeEmail(
      { settings, email: 'ada@example.com', name: SCRIPT, unsubscribeUrl: UNSUBSCRIBE_URL },
      welcomeTemplate,
    );
    // Act
    const raw = await build(
      input({
        purpose: 'welcome',
        email,
        unsubscribeUrl: UNSUBSCRIBE_URL,
        to: { subscriberId: 'sub_1', email: 'ada@example.com', name: SCRIPT },
      }),
    );
    // Assess
    const parsed = await simpleParser(raw);
    expect(parsed.html).not.toContain('<script>');
    expect(parsed.html).toContain('Hello &lt;script&gt;alert(1)&lt;/script&gt;,');
    expect(parsed.text).toContain(`Hello ${SCRIPT},`);
    expect(parsed.to).toMatchObject({ value: [{ name: SCRIPT, address: 'ada@example.com' }] });
  });

  it('is escaped in the confirmation html (the title is the one value of it a person sets)', async () => {
    // Prepare
    const email = renderConfirmationEmail(
      {
        settings: { ...settings, title: `Braid ${SCRIPT}` },
        email: 'ada@example.com',
        confirmUrl: CONFIRM_URL,
        validForHours: 48,
      },
      confirmTemplate,
    );
    // Act
    const raw = await build(
      input({ email, to: { subscriberId: 'sub_1', email: 'ada@example.com', name: SCRIPT } }),
    );
    // Assess
    const parsed = await simpleParser(raw);
    expect(parsed.html).not.toContain('<script>');
    expect(parsed.html).toContain('Braid &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(parsed.subject).toBe(`Confirm your subscription to Braid ${SCRIPT}`);
  });
});
