import { describe, expect, it } from 'vitest';
import { TemplateError } from '../../../lambda/email/errors.ts';
import { compilePersonalizer, escapeHtml } from '../../../lambda/email/personalize.ts';
import { sentinel } from '../../../lambda/email/sentinels.ts';
import type { Edition } from '../../../lambda/email/types.ts';
import { recipient, settings } from './fixtures.ts';

function edition(html: string, text: string): Edition {
  return {
    id: 'e1',
    date: '2021-03-18T06:00:00Z',
    subject: 's',
    preheader: 'p',
    html,
    text,
    stories: [],
    settings,
  };
}

describe('compilePersonalizer', () => {
  const html = `<a href="${sentinel('unsubscribeUrl')}">Unsubscribe</a> <p>${sentinel('email')}</p> <a href="${sentinel('webUrl')}">Web</a>`;
  const text = `Sent to ${sentinel('email')}\n[1] ${sentinel('unsubscribeUrl')}\n`;

  it('fills html values escaped and text values raw', () => {
    const personalize = compilePersonalizer(edition(html, text));
    const who = { ...recipient, email: 'o\'brien+"x"@example.com' };
    const body = personalize(who);
    expect(body.html).toBe(
      '<a href="https://briefing.example.org/unsubscribe?token=abc.def&amp;s=sub-01HZX">Unsubscribe</a> <p>o&#39;brien+&quot;x&quot;@example.com</p> <a href="https://briefing.example.org/archive/2021-03-18">Web</a>',
    );
    expect(body.text).toBe(`Sent to ${who.email}\n[1] ${recipient.unsubscribeUrl}\n`);
  });

  it('cannot be broken out of an attribute by a hostile value', () => {
    const body = compilePersonalizer(edition(html, text))({
      ...recipient,
      unsubscribeUrl: 'https://x.test/"><script>alert(1)</script>',
    });
    expect(body.html).not.toContain('<script>');
    expect(body.html).toContain('href="https://x.test/&quot;&gt;&lt;script&gt;');
  });

  it('gives each recipient their own values, with an empty name when there is none', () => {
    const personalize = compilePersonalizer(edition(`Hi ${sentinel('name')}!`, 'x'));
    expect(personalize(recipient).html).toBe('Hi Alice Example!');
    const { name: _name, ...anonymous } = recipient;
    expect(personalize(anonymous).html).toBe('Hi !');
  });

  it('leaves a body without sentinels as it is', () => {
    expect(compilePersonalizer(edition('<p>plain</p>', 'plain'))(recipient)).toEqual({
      html: '<p>plain</p>',
      text: 'plain',
    });
  });

  it('rejects an unknown sentinel once, at compile time', () => {
    expect(() => compilePersonalizer(edition('%%braid:password%%', ''))).toThrow(TemplateError);
  });

  it('fills sentinels far apart in a large body, each occurrence', () => {
    const big = edition(
      `${'<p>filler</p>'.repeat(4000)}${html}${'<p>more</p>'.repeat(4000)}${html}`,
      `${'filler\n'.repeat(1000)}${text}`,
    );
    const body = compilePersonalizer(big)(recipient);
    expect(body.html.split(recipient.email)).toHaveLength(3);
    expect(body.html).not.toContain('%%braid:');
    expect(body.html.startsWith('<p>filler</p>')).toBe(true);
    expect(body.text.endsWith(`[1] ${recipient.unsubscribeUrl}\n`)).toBe(true);
  });

  it('escapes the five HTML specials', () => {
    expect(escapeHtml(`&<>"'`)).toBe('&amp;&lt;&gt;&quot;&#39;');
  });
});
