import { describe, expect, it } from 'vitest';
import { TemplateError } from '../../../lambda/email/errors.ts';
import {
  renderCompiledEdition,
  renderCompiledWebCopy,
} from '../../../lambda/email/render-compiled.ts';
import { renderEdition } from '../../../lambda/email/render-edition.ts';
import { sentinel } from '../../../lambda/email/sentinels.ts';
import { assertNoSentinels, splitWebCopy } from '../../../lambda/email/web-copy.ts';
import { visibleText } from '../../../lambda/preview/checks.ts';
import { editionInput, loadCompiled, loadTemplates, points, settings } from './fixtures.ts';

const compiled = loadCompiled('edition');

describe('the web copy', () => {
  const edition = renderCompiledEdition(editionInput(), compiled);
  const web = edition.webHtml;

  it('leaves no sentinel at all, while the email keeps its footer sentinels', () => {
    expect(web).not.toContain('%%braid:');
    expect(web).not.toMatch(/%%[A-Za-z:]+%%/);
    expect(edition.html).toContain(`href="${sentinel('unsubscribeUrl')}"`);
    expect(edition.html).toContain(`href="${sentinel('webUrl')}"`);
    expect(edition.html).toContain(sentinel('email'));
  });

  it('has a footer for any reader: no address, no unsubscribe, an invitation to subscribe', () => {
    const text = visibleText(web);
    expect(text).toContain('This is the web copy of an edition of Braid.');
    expect(text).toContain('Get it by email: subscribe to Braid');
    expect(text).toContain('Past editions');
    expect(text).toContain('Braid Ltd, 1 Example Street, London N1 1AA, United Kingdom');
    expect(web).toContain('href="https://briefing.example.org/subscribe"');
    expect(web).toContain('href="https://briefing.example.org/archive"');
    expect(text).not.toContain('You are receiving this');
    expect(text).not.toContain('Unsubscribe');
    expect(text).not.toContain('Read this edition on the web');
    expect(web).not.toContain('/unsubscribe');
    expect(web).not.toContain('@example.com');
  });

  it('carries the same briefing as the email', () => {
    const text = visibleText(web);
    for (const point of points) expect(text).toContain(point);
    expect(text).toContain('Thursday 18 March 2021');
    expect(web).toContain('<html lang="en"');
    expect(web).toContain('https://www.bbc.co.uk/news/world-europe-56437462');
  });

  it('escapes what it shows', () => {
    const input = editionInput();
    input.settings = {
      ...settings,
      title: 'Braid <script>alert(1)</script> & "Co"',
      publicUrl: 'https://briefing.example.org/a"b<c>',
      postalAddress: 'Braid <b>Ltd</b>\n1 Example Street',
    };
    const out = renderCompiledWebCopy(input, compiled);
    expect(out).not.toContain('<script>alert(1)</script>');
    expect(out).not.toContain('<b>Ltd</b>');
    expect(out).toContain('web copy of an edition of Braid &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(out).toContain('Braid &lt;b&gt;Ltd&lt;/b&gt;');
    expect(out).not.toContain('a"b<c>');
    expect(out).toContain('href="https://briefing.example.org/a&quot;b&lt;c&gt;/subscribe"');
  });

  it('is what the live render makes from the sources, too', async () => {
    const live = await renderEdition(editionInput(), loadTemplates());
    expect((live as typeof edition).webHtml).toBe(web);
  });

  it('is checked: a template that shows a recipient field there fails', () => {
    const leaky = {
      ...compiled,
      html: compiled.html.replace('{{#if web}}', `{{#if web}}<p>${'{{'}recipient.email}}</p>`),
    };
    // The web view has no recipient: the field renders empty, nothing personal leaks.
    expect(renderCompiledWebCopy(editionInput(), leaky)).not.toContain('%%braid:');
    const smuggled = {
      ...compiled,
      html: compiled.html.replace('{{#if web}}', `{{#if web}}${sentinel('email')}`),
    };
    expect(() => renderCompiledWebCopy(editionInput(), smuggled)).toThrow(TemplateError);
    expect(() => renderCompiledEdition(editionInput(), smuggled)).toThrow(/sentinel %%braid:email/);
    expect(() => assertNoSentinels(`<a href="${sentinel('webUrl')}">x</a>`)).toThrow(
      /%%braid:webUrl%%/,
    );
    expect(assertNoSentinels('<p>100%% sure</p>')).toBe('<p>100%% sure</p>');
  });

  it('is split off the edition compose stores', () => {
    const { edition: stored, webHtml } = splitWebCopy(edition);
    expect(webHtml).toBe(web);
    expect(stored).not.toHaveProperty('webHtml');
    expect(stored.html).toBe(edition.html);
  });
});
