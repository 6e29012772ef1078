import Handlebars from 'handlebars';
import type { CompiledTemplate } from './compiled-template.ts';
import { type EditionView, editionView } from './edition-view.ts';
import { type RenderOptions, renderCompiledEdition, run } from './render-compiled.ts';
import { compileTemplate, expandTemplate, type TemplateSet } from './template-compiler.ts';
import type { EditionInput } from './types.ts';
import type { RenderedEdition } from './web-copy.ts';

/**
 * The live path (preview, CLI, tests): template sources in, MJML compiled here. Loads
 * MJML; sending code renders from a CompiledTemplate with `renderCompiledEdition` instead.
 */

export {
  formatEditionDate,
  HTML_BUDGET_BYTES,
  htmlBudgetSize,
  PER_RECIPIENT_RESERVE_BYTES,
  PREHEADER_MAX,
  preheaderFor,
  subjectFor,
} from './edition-view.ts';
export type { RenderOptions } from './render-compiled.ts';

/**
 * Template sources, read by the caller (the email stage does no I/O):
 * `edition` is `templates/edition.mjml`, `text` is `templates/edition.txt.hbs`, and
 * `partials` maps a partial's name to its source, the name being the file name in
 * `templates/partials/` without `.mjml` (`points`, `quotes`, `footer`, …).
 */
export interface TemplateSources {
  edition: string;
  text: string;
  partials: Record<string, string>;
}

export function editionTemplateSet(templates: TemplateSources): TemplateSet {
  return {
    name: 'edition',
    mjml: templates.edition,
    text: templates.text,
    partials: templates.partials,
  };
}

/** Compiled templates per sources object: MJML runs once, not once per edition. */
const compiled = new WeakMap<TemplateSources, Promise<CompiledTemplate>>();

/** Compiles the edition template with MJML, once per sources object. */
export function compileEditionTemplate(templates: TemplateSources): Promise<CompiledTemplate> {
  let pending = compiled.get(templates);
  if (pending === undefined) {
    pending = compileTemplate(editionTemplateSet(templates));
    pending.catch(() => compiled.delete(templates));
    compiled.set(templates, pending);
  }
  return pending;
}

/**
 * Renders an edition from template sources: MJML compiles the templates (once per
 * sources object), then Handlebars fills them with the briefings, escaped; the text part
 * is wrapped at 76 columns. Per-recipient fields stay as sentinels for `compileMessages`.
 */
export async function renderEdition(
  input: EditionInput,
  templates: TemplateSources,
  options: RenderOptions = {},
): Promise<RenderedEdition> {
  return renderCompiledEdition(input, await compileEditionTemplate(templates), options);
}

/**
 * The MJML an edition amounts to before MJML compiles it: the templates with partials
 * expanded and the briefings filled in (recipient fields as sentinels). For previews,
 * `mjml --validate`, the naive per-recipient benchmark, and tests.
 */
export function renderMjml(input: EditionInput, templates: TemplateSources): string {
  const view = editionView(input);
  const source = expandTemplate(editionTemplateSet(templates));
  const mjml = Handlebars.create().compile<EditionView>(source, {
    strict: false,
    preventIndent: true,
  });
  return run(() => mjml(view), 'edition.mjml');
}
