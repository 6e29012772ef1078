import { join } from 'node:path';
import { type ParsedMail, simpleParser } from 'mailparser';
import { beforeAll, describe, expect, it } from 'vitest';
import { readCompiledTemplate } from '../../../lambda/adapters/template-files.ts';
import type { CompiledTemplate } from '../../../lambda/email/compiled-template.ts';
import type { OutgoingMessage } from '../../../lambda/email/mailer.ts';
import type { EditionSettings } from '../../../lambda/email/types.ts';
import type { Subscriber } from '../../../lambda/subscribers/subscriber.ts';
import {
  createSubscriptionMail,
  type SubscriptionMail,
} from '../../../lambda/subscribers/subscription-mail.ts';
import { stored, T0 } from './fixtures.ts';

const templatesDir = join(import.meta.dirname, '..', '..', '..', 'templates');

const settings: EditionSettings = {
  from: 'Braid <briefing@example.org>',
  listId: 'briefing.example.org',
  publicUrl: 'https://briefing.example.org',
  unsubscribeMailto: 'unsubscribe@example.org',
  postalAddress: 'Braid Ltd\n1 Example Street',
  title: 'Braid',
};

const CONFIRM_URL = 'https://briefing.example.org/confirm?token=k1.sub.confirm.1.n.sig';
const UNSUBSCRIBE_URL = 'https://briefing.example.org/unsubscribe?token=k1.sub.unsubscribe.0.-.sig';

let templates: { confirm: CompiledTemplate; welcome: CompiledTemplate };

beforeAll(async () => {
  templates = {
    confirm: await readCompiledTemplate(templatesDir, 'confirm'),
    welcome: await readCompiledTemplate(templatesDir, 'welcome'),
  };
});

function subject(): { mail: SubscriptionMail; sent: OutgoingMessage[] } {
  const sent: OutgoingMessage[] = [];
  const mail = createSubscriptionMail({
    mailer: {
      async send(message) {
        sent.push(message);
        return { kind: 'accepted' as const, messageId: `ses-${sent.length}` };
      },
    },
    settings,
    templates,
  });
  return { mail, sent };
}

const ada: Subscriber = stored('pending', { name: 'Ada Lovelace' });

async function only(
  sent: OutgoingMessage[],
): Promise<{ message: OutgoingMessage; parsed: ParsedMail }> {
  expect(sent).toHaveLength(1);
  const [message] = sent;
  if (message === undefined) throw new Error('Expected one message');
  return { message, parsed: await simpleParser(message.raw) };
}

/** The raw header lines by name (mailparser folds the List-* headers into one "list"). */
const headerKeys = (parsed: ParsedMail) => parsed.headerLines.map((h) => h.key);
const headerLine = (parsed: ParsedMail, key: string) =>
  parsed.headerLines.find((h) => h.key === key)?.line;

const text = (parsed: ParsedMail) => (parsed.text ?? '').replace(/\s+/g, ' ');

describe('createSubscriptionMail', () => {
  it('mails the confirmation: the link, how long it works, no List-Unsubscribe', async () => {
    // Prepare
    const { mail, sent } = subject();
    // Act
    await mail.confirmation(ada, CONFIRM_URL, T0);
    // Assess
    const { message, parsed } = await only(sent);
    expect(message).toMatchObject({
      purpose: 'confirm',
      subscriberId: ada.id,
      from: settings.from,
      to: ada.email,
    });
    expect(message).not.toHaveProperty('editionId');
    expect(parsed.subject).toBe('Confirm your subscription to Braid');
    expect(parsed.to).toMatchObject({ value: [{ address: ada.email, name: 'Ada Lovelace' }] });
    expect(parsed.date?.toISOString()).toBe(T0.toISOString());
    expect(parsed.text).toContain(CONFIRM_URL);
    expect(text(parsed)).toContain('The link works for 2 days.');
    expect(headerKeys(parsed)).toContain('list-id');
    expect(headerKeys(parsed)).not.toContain('list-unsubscribe');
    expect(headerKeys(parsed)).not.toContain('list-unsubscribe-post');
    expect(parsed.headers.get('feedback-id')).toBe('confirm:braid');
  });

  it('mails the welcome: greeting by name, the archive, and List-Unsubscribe', async () => {
    // Prepare
    const { mail, sent } = subject();
    // Act
    await mail.welcome(ada, UNSUBSCRIBE_URL, T0);
    // Assess
    const { message, parsed } = await only(sent);
    expect(message).toMatchObject({
      purpose: 'welcome',
      subscriberId: ada.id,
      from: settings.from,
      to: ada.email,
    });
    expect(parsed.subject).toBe('Welcome to Braid');
    expect(text(parsed)).toContain('Hello Ada Lovelace,');
    expect(parsed.html).toContain('href="https://briefing.example.org/archive"');
    expect(parsed.text).toContain(UNSUBSCRIBE_URL);
    expect(parsed.headers.get('list')).toMatchObject({ unsubscribe: { url: UNSUBSCRIBE_URL } });
    expect(headerLine(parsed, 'list-unsubscribe-post')).toBe(
      'List-Unsubscribe-Post: List-Unsubscribe=One-Click',
    );
    expect(parsed.headers.get('feedback-id')).toBe('welcome:braid');
  });

  it('mails "already subscribed": its own subject, and List-Unsubscribe', async () => {
    // Prepare
    const { mail, sent } = subject();
    // Act
    await mail.alreadySubscribed(ada, UNSUBSCRIBE_URL, T0);
    // Assess
    const { message, parsed } = await only(sent);
    expect(message).toMatchObject({
      purpose: 'already-subscribed',
      subscriberId: ada.id,
      from: settings.from,
      to: ada.email,
    });
    expect(parsed.subject).toBe('You are already subscribed to Braid');
    expect(text(parsed)).toContain('Hello Ada Lovelace,');
    expect(parsed.headers.get('list')).toMatchObject({ unsubscribe: { url: UNSUBSCRIBE_URL } });
    expect(parsed.headers.get('feedback-id')).toBe('already-subscribed:braid');
  });

  it('greets a subscriber without a name plainly, addressed by address alone', async () => {
    // Prepare
    const { mail, sent } = subject();
    const { name: _name, ...anonymous } = ada;
    // Act
    await mail.welcome(anonymous, UNSUBSCRIBE_URL, T0);
    // Assess
    const { parsed } = await only(sent);
    expect(text(parsed)).toContain('Hello,');
    expect(text(parsed)).not.toContain('Hello undefined');
    expect(parsed.to).toMatchObject({ value: [{ address: ada.email, name: '' }] });
  });

  it('passes a mailer failure on', async () => {
    // Prepare
    const mail = createSubscriptionMail({
      mailer: {
        send: async () => {
          throw new Error('MessageRejected');
        },
      },
      settings,
      templates,
    });
    // Act
    const act = mail.confirmation(ada, CONFIRM_URL, T0);
    // Assess
    await expect(act).rejects.toThrow('MessageRejected');
  });
});
