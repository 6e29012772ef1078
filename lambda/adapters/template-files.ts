import { readdir, readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import {
  type CompiledTemplate,
  parseCompiledTemplate,
  type TemplateName,
} from '../email/compiled-template.ts';
import type { TemplateSources } from '../email/render-edition.ts';

/** Reads the edition templates: `edition.mjml`, `edition.txt.hbs` and `partials/*.mjml`. */
export async function readTemplates(dir: string): Promise<TemplateSources> {
  const partials: Record<string, string> = {};
  const partialDir = join(dir, 'partials');
  const names = await readdir(partialDir).catch(() => [] as string[]);
  for (const name of names.filter((n) => n.endsWith('.mjml') || n.endsWith('.hbs')).sort()) {
    partials[basename(name).replace(/\.(mjml|hbs)$/, '')] = await readFile(
      join(partialDir, name),
      'utf8',
    );
  }
  return {
    edition: await readFile(join(dir, 'edition.mjml'), 'utf8'),
    text: await readFile(join(dir, 'edition.txt.hbs'), 'utf8'),
    partials,
  };
}

/**
 * Reads a template MJML compiled at build time (`templates/compile.ts`):
 * `compiled/<name>.html.hbs` and `compiled/<name>.txt.hbs`. Rendering it needs no MJML.
 */
export async function readCompiledTemplate(
  dir: string,
  name: TemplateName,
): Promise<CompiledTemplate> {
  const [html, text] = await Promise.all([
    readFile(join(dir, 'compiled', `${name}.html.hbs`), 'utf8'),
    readFile(join(dir, 'compiled', `${name}.txt.hbs`), 'utf8'),
  ]);
  return parseCompiledTemplate(name, html, text);
}
