import { describe, expect, it } from 'vitest';
import { AddressError, HeaderInjectionError, TemplateError } from '../../../lambda/email/errors.ts';
import {
  type ConfirmationEmailInput,
  renderConfirmationEmail,
  renderWelcomeEmail,
  type WelcomeEmailInput,
} from '../../../lambda/email/signup-emails.ts';
import { visibleText } from '../../../lambda/preview/checks.ts';
import { loadCompiled, settings } from './fixtures.ts';

const confirmTemplate = loadCompiled('confirm');
const welcomeTemplate = loadCompiled('welcome');

const confirmInput: ConfirmationEmailInput = {
  settings,
  email: 'alice@example.com',
  confirmUrl: 'https://briefing.example.org/confirm?token=abc.def&s=1',
  validForHours: 48,
};

const welcomeInput: WelcomeEmailInput = {
  settings,
  email: 'alice@example.com',
  name: 'Alice',
  unsubscribeUrl: 'https://briefing.example.org/unsubscribe?token=xyz&s=1',
  schedule: 'every weekday at 7am',
};

/** Lines of a text part longer than 76 columns that are not a lone URL. */
function overlongLines(text: string): string[] {
  return text.split('\n').filter((l) => [...l].length > 76 && !/^https?:\/\/\S+$/.test(l));
}

describe('renderConfirmationEmail', () => {
  const email = renderConfirmationEmail(confirmInput, confirmTemplate);

  it('asks for one click, shows the link in full, says when it expires and what ignoring does', () => {
    expect(email.subject).toBe('Confirm your subscription to Braid');
    expect(email.preheader).toContain('alice@example.com');
    const escapedUrl = 'https://briefing.example.org/confirm?token&#x3D;abc.def&amp;s&#x3D;1';
    expect(email.html.split(`href="${escapedUrl}"`)).toHaveLength(3); // button and link
    const html = visibleText(email.html);
    expect(html).toContain('Confirm my subscription');
    expect(html).toContain(confirmInput.confirmUrl);
    expect(html).toContain('The link works for 2 days.');
    expect(html).toContain('you will not be subscribed');
    expect(html).toContain('Braid Ltd, 1 Example Street');
  });

  it('has a text part that says the same, with the link on a line of its own', () => {
    expect(email.text).toMatch(
      /^Confirm my subscription:\nhttps:\/\/briefing\.example\.org\/confirm\?token=abc\.def&s=1$/m,
    );
    const text = email.text.replace(/\s+/g, ' ');
    expect(text).toContain('The link works for 2 days.');
    expect(text).toContain('asked to receive Braid at alice@example.com');
    expect(text).toContain('was entered on the Braid signup page at briefing.example.org');
    expect(overlongLines(email.text)).toEqual([]);
  });

  it.each([
    [1, '1 hour'],
    [36, '36 hours'],
    [72, '3 days'],
  ])('says %i hours as "%s"', (validForHours, words) => {
    const { text } = renderConfirmationEmail({ ...confirmInput, validForHours }, confirmTemplate);
    expect(text.replace(/\s+/g, ' ')).toContain(`The link works for ${words}.`);
  });

  it('escapes every value in the html and keeps it as is in the text', () => {
    const hostile = {
      ...confirmInput,
      settings: { ...settings, title: 'Braid <script>alert(1)</script> & "Co"' },
      confirmUrl: 'https://briefing.example.org/confirm?token="><script>x</script>',
    };
    const out = renderConfirmationEmail(hostile, confirmTemplate);
    expect(out.html).not.toContain('<script>');
    expect(out.html).toContain('Braid &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;Co&quot;');
    // The URL is normalized (quotes and brackets percent-encoded), then escaped.
    expect(out.html).toContain('token&#x3D;%22%3E%3Cscript%3Ex%3C/script%3E"');
    expect(out.text).toContain('Braid <script>alert(1)</script> & "Co"');
    expect(out.subject).toBe('Confirm your subscription to Braid <script>alert(1)</script> & "Co"');
  });

  it.each([
    ['a bad address', { email: 'not-an-address' }, AddressError],
    ['a javascript: link', { confirmUrl: 'javascript:alert(1)' }, AddressError],
    ['a link that is not a URL', { confirmUrl: 'confirm me' }, AddressError],
    ['no validity', { validForHours: 0 }, TemplateError],
    [
      'a title with a line break',
      { settings: { ...settings, title: 'Braid\nBcc: x@y.z' } },
      HeaderInjectionError,
    ],
    [
      'an address with a line break',
      { email: 'a@example.com\r\nBcc: x@y.z' },
      HeaderInjectionError,
    ],
  ] as const)('refuses %s', (_name, change, error) => {
    expect(() => renderConfirmationEmail({ ...confirmInput, ...change }, confirmTemplate)).toThrow(
      error,
    );
  });

  it('refuses another compiled template', () => {
    expect(() => renderConfirmationEmail(confirmInput, welcomeTemplate)).toThrow(TemplateError);
  });
});

describe('renderWelcomeEmail', () => {
  const email = renderWelcomeEmail(welcomeInput, welcomeTemplate);

  it('greets, says what to expect, links past editions, and shows how to leave', () => {
    expect(email.subject).toBe('Welcome to Braid');
    const html = visibleText(email.html);
    expect(html).toContain('Hello Alice,');
    expect(html).toContain('Your subscription with alice@example.com is confirmed.');
    expect(html).toContain('It arrives every weekday at 7am.');
    expect(email.html).toContain('href="https://briefing.example.org/archive"');
    expect(email.html).toContain(
      'href="https://briefing.example.org/unsubscribe?token&#x3D;xyz&amp;s&#x3D;1"',
    );
    expect(html).toContain('Unsubscribe from Braid');
    expect(html).toContain('Braid Ltd, 1 Example Street');
  });

  it('has a text part that says the same', () => {
    const text = email.text.replace(/\s+/g, ' ');
    expect(text).toContain('Hello Alice,');
    expect(text).toContain('It arrives every weekday at 7am.');
    expect(email.text).toMatch(/^https:\/\/briefing\.example\.org\/archive$/m);
    expect(email.text).toMatch(/^https:\/\/briefing\.example\.org\/unsubscribe\?token=xyz&s=1$/m);
    expect(overlongLines(email.text)).toEqual([]);
  });

  it('does without a name or a schedule', () => {
    const { name: _name, schedule: _schedule, ...bare } = welcomeInput;
    const out = renderWelcomeEmail(bare, welcomeTemplate);
    expect(visibleText(out.html)).toContain('Hello,');
    expect(visibleText(out.html)).toContain('The next edition is on its way.');
    expect(out.html).not.toContain('It arrives');
  });

  it('escapes a name containing <script>', () => {
    const out = renderWelcomeEmail(
      { ...welcomeInput, name: '<script>alert(1)</script>' },
      welcomeTemplate,
    );
    expect(out.html).not.toContain('<script>');
    expect(out.html).toContain('Hello &lt;script&gt;alert(1)&lt;/script&gt;,');
    expect(out.text).toContain('Hello <script>alert(1)</script>,');
  });

  it.each([
    ['a bad address', { email: '@example.com' }],
    ['a javascript: unsubscribe link', { unsubscribeUrl: 'javascript:alert(1)' }],
    ['a data: archive link', { archiveUrl: 'data:text/html,hi' }],
  ] as const)('refuses %s', (_name, change) => {
    expect(() => renderWelcomeEmail({ ...welcomeInput, ...change }, welcomeTemplate)).toThrow(
      AddressError,
    );
  });
});
