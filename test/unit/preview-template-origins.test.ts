import { describe, expect, it } from 'vitest';
import { editionTemplateSet } from '../../lambda/email/render-edition.ts';
import { expandTemplate } from '../../lambda/email/template-compiler.ts';
import { fieldLine } from '../../lambda/preview/content-problem.ts';
import { keptText } from '../../lambda/preview/evidence.ts';
import { expandWithOrigins } from '../../lambda/preview/template-origins.ts';
import { loadTemplates } from './email/fixtures.ts';

/** The preview's line mapping: an MJML error's line, back in the file an editor opens. */
describe('template origins', () => {
  const fileOf = (name: string) => `partials/${name}.mjml`;

  it('expands exactly as the compiler does', () => {
    const templates = loadTemplates();
    const expanded = expandWithOrigins(
      templates.edition,
      templates.partials,
      'edition.mjml',
      fileOf,
    );
    expect(expanded.text).toBe(expandTemplate(editionTemplateSet(templates)));
  });

  it('maps every line of the expansion to the line of its file', () => {
    const templates = loadTemplates();
    const expanded = expandWithOrigins(
      templates.edition,
      templates.partials,
      'edition.mjml',
      fileOf,
    );
    const lines = expanded.text.split('\n');
    const sources: Record<string, string[]> = {
      'edition.mjml': templates.edition.split('\n'),
      ...Object.fromEntries(
        Object.entries(templates.partials).map(([n, s]) => [fileOf(n), s.split('\n')]),
      ),
    };
    lines.forEach((line, i) => {
      if (line === '') return;
      const at = expanded.origin(i + 1);
      expect(at, `line ${i + 1}`).toBeDefined();
      const source = sources[at?.file ?? '']?.[(at?.line ?? 0) - 1] ?? '';
      // A line may go on with a partial spliced in: compare its first words.
      const head = line.trim().split('{{')[0]?.trim() ?? '';
      if (head !== '') expect(source, `line ${i + 1}`).toContain(head);
    });
  });

  it('names a partial nested inside another, with a context', () => {
    const expanded = expandWithOrigins(
      'a\n{{> outer story}}\nz',
      { outer: 'b\n{{> inner}}\nc', inner: 'x\ny' },
      'edition.mjml',
      fileOf,
    );
    expect(expanded.text).toBe('a\n{{#with story}}b\nx\ny\nc{{/with}}\nz');
    expect(expanded.origin(4)).toEqual({ file: 'partials/inner.mjml', line: 2 });
    expect(expanded.origin(5)).toEqual({ file: 'partials/outer.mjml', line: 3 });
    expect(expanded.origin(6)).toEqual({ file: 'edition.mjml', line: 3 });
  });
});

describe('content problems and evidence', () => {
  it('finds the line of a front-matter field', () => {
    const source = '---\noutlet: BBC\npublished: soon\n---\nbody published: no';
    expect(fieldLine(source, 'published', 1)).toBe(3);
    expect(fieldLine(source, 'author', 1)).toBeUndefined();
  });

  it('joins kept ranges as the briefing does', () => {
    expect(keptText('in London, he said it.', [[11, 22]])).toBe('He said it.');
  });
});
