import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import {
  parseCompiledTemplate,
  readCompiledMark,
  TEMPLATE_NAMES,
} from '../../../lambda/email/compiled-template.ts';
import { TemplateError } from '../../../lambda/email/errors.ts';
import { renderCompiledEdition } from '../../../lambda/email/render-compiled.ts';
import { renderEdition } from '../../../lambda/email/render-edition.ts';
import { compileTemplate, type TemplateSet } from '../../../lambda/email/template-compiler.ts';
import {
  editionInput,
  loadCompiled,
  loadTemplateSet,
  loadTemplates,
  templatesDir,
} from './fixtures.ts';

const run = promisify(execFile);

function minimal(mjmlBody: string, partials: Record<string, string> = {}): TemplateSet {
  return {
    name: 'test',
    mjml: `<mjml lang="en"><mj-body>${mjmlBody}</mj-body></mjml>`,
    text: '{{title}}\n',
    partials,
  };
}

describe('compiled templates in templates/compiled/', () => {
  it.each(TEMPLATE_NAMES)('%s is up to date with its sources', async (name) => {
    const fresh = await compileTemplate(loadTemplateSet(name));
    const checkedIn = loadCompiled(name);
    // On failure: run `npx tsx templates/compile.ts` and commit templates/compiled/.
    expect(checkedIn.html).toBe(fresh.html);
    expect(checkedIn.text).toBe(fresh.text);
  });

  it('renders the same edition from the checked-in files as from the sources', async () => {
    const live = await renderEdition(editionInput(), loadTemplates());
    expect(renderCompiledEdition(editionInput(), loadCompiled('edition'))).toEqual(live);
  });

  it('`templates/compile.ts --check` agrees', async () => {
    const script = join(templatesDir, 'compile.ts');
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', script, '--check']);
    expect(stdout + stderr).not.toMatch(/Stale/);
  });

  it('marks each compiled file with its name and the hash of its sources', async () => {
    const compiled = loadCompiled('edition');
    const mark = readCompiledMark(compiled.html);
    expect(mark).toMatchObject({ name: 'edition' });
    expect(mark?.sourcesHash).toMatch(/^[0-9a-f]{64}$/);
    const set = loadTemplateSet('edition');
    const changed = await compileTemplate({ ...set, text: `${set.text}\nchanged\n` });
    expect(readCompiledMark(changed.html)?.sourcesHash).not.toBe(mark?.sourcesHash);
    // A partial the template does not use does not change the hash.
    const unrelated = await compileTemplate({
      ...set,
      partials: { ...set.partials, unused: '<mj-text>x</mj-text>' },
    });
    expect(readCompiledMark(unrelated.html)?.sourcesHash).toBe(mark?.sourcesHash);
  });

  it('refuses what is not a compiled template of that name', () => {
    const { html, text } = loadCompiled('edition');
    expect(() => parseCompiledTemplate('edition', '<html></html>', text)).toThrow(TemplateError);
    expect(() => parseCompiledTemplate('welcome', html, text)).toThrow(/not welcome/);
    const other = loadCompiled('confirm');
    expect(() => parseCompiledTemplate('edition', html, other.text)).toThrow(TemplateError);
  });

  it('keeps {{ }} in the compiled HTML and MJML out of it', () => {
    const { html } = loadCompiled('edition');
    expect(html).toContain('{{#each briefings}}');
    expect(html).toContain('href="{{recipient.unsubscribeUrl}}"');
    expect(html).not.toMatch(/<mj-/);
    expect(html).not.toMatch(/\{\{\{|\{\{&/);
  });

  it('hides the preheader without white-on-white text', () => {
    const { html } = loadCompiled('edition');
    const preview = /<div style="([^"]*)">\{\{preheader\}\}<\/div>/.exec(html)?.[1] ?? '';
    expect(preview).toContain('display:none');
    expect(preview).toContain('mso-hide:all');
    expect(preview).not.toMatch(/color:/);
  });
});

describe('compileTemplate', () => {
  it('carries block tags in <mj-raw> through MJML', async () => {
    const compiled = await compileTemplate(
      minimal(
        '<mj-raw>{{#each items}}</mj-raw><mj-section><mj-column><mj-text>{{name}}</mj-text></mj-column></mj-section><mj-raw>{{/each}}</mj-raw>',
      ),
    );
    expect(compiled.html).toMatch(/\{\{#each items\}\}[\s\S]*\{\{name\}\}[\s\S]*\{\{\/each\}\}/);
  });

  it('refuses a block tag MJML would drop silently', async () => {
    const error = await compileTemplate(
      minimal(
        '<mj-section><mj-column>{{#if x}}<mj-text>hi</mj-text>{{/if}}</mj-column></mj-section>',
      ),
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TemplateError);
    expect((error as Error).message).toMatch(/dropped 2 of the 2 Handlebars block tags.*mj-raw/);
  });

  it.each([
    ['{{{title}}}', 'mjml'],
    ['{{& title}}', 'mjml'],
    ['{{{title}}}', 'text'],
  ])('refuses the unescaped form %s in the %s template', async (tag, where) => {
    const set = minimal('<mj-section><mj-column><mj-text>x</mj-text></mj-column></mj-section>');
    const broken =
      where === 'text'
        ? { ...set, text: `${tag}\n` }
        : minimal(`<mj-section><mj-column><mj-text>${tag}</mj-text></mj-column></mj-section>`);
    await expect(compileTemplate(broken)).rejects.toThrow(/unescaped output/);
  });

  it('no template file uses {{{ }}} or {{& }}', () => {
    const files = [
      ...readdirSync(templatesDir).filter((f) => /\.(mjml|hbs)$/.test(f)),
      ...readdirSync(join(templatesDir, 'partials')).map((f) => join('partials', f)),
    ];
    expect(files.length).toBeGreaterThan(10);
    for (const file of files) {
      expect(readFileSync(join(templatesDir, file), 'utf8'), file).not.toMatch(/\{\{~?\s*[{&]/);
    }
  });

  it('expands partials, with a context argument as {{#with}}', async () => {
    const compiled = await compileTemplate(
      minimal('<mj-section><mj-column>{{> block}}</mj-column></mj-section>', {
        block: '<mj-text>{{> badge item}}</mj-text>',
        badge: '<span>{{label}}</span>',
      }),
    );
    expect(compiled.html).toContain('{{#with item}}<span>{{label}}</span>{{/with}}');
  });

  it.each([
    ['a missing partial', '{{> nowhere}}', /partial nowhere, which is missing/],
    ['hash arguments', '{{> block title="x"}}', /is not supported/],
    ['a partial block', '{{#> block}}x{{/block}}', /partial block/],
  ])('refuses %s', async (_name, call, message) => {
    const set = minimal(`<mj-section><mj-column>${call}</mj-column></mj-section>`, {
      block: '<mj-text>x</mj-text>',
    });
    await expect(compileTemplate(set)).rejects.toThrow(message);
  });

  it('refuses partials that include each other forever', async () => {
    const set = minimal('<mj-section><mj-column>{{> a}}</mj-column></mj-section>', {
      a: '{{> b}}',
      b: '{{> a}}',
    });
    await expect(compileTemplate(set)).rejects.toThrow(/deeper than/);
  });

  it('lists MJML strict validation errors', async () => {
    const error = await compileTemplate(
      minimal('<mj-section><mj-column><mj-text bogus="1">x</mj-text></mj-column></mj-section>'),
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TemplateError);
    expect((error as TemplateError).problems).toHaveLength(1);
    expect((error as Error).message).toMatch(/Attribute bogus is illegal/);
  });

  it('refuses invalid Handlebars', async () => {
    const set = minimal('<mj-section><mj-column><mj-text>x</mj-text></mj-column></mj-section>');
    await expect(compileTemplate({ ...set, text: '{{#if x}}never closed\n' })).rejects.toThrow(
      /not valid Handlebars/,
    );
  });
});
