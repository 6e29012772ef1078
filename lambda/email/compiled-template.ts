import { TemplateError } from './errors.ts';

/**
 * A template compiled once by MJML (at build and deploy time, or live in the preview):
 * Handlebars HTML whose `{{ }}` expressions MJML left alone, and the Handlebars plain
 * text, partials already expanded in both. Rendering it needs Handlebars only, so the
 * sending code never loads MJML. Written to `templates/compiled/<name>.html.hbs` and
 * `templates/compiled/<name>.txt.hbs` by `templates/compile.ts`.
 */
export interface CompiledTemplate {
  /** `edition`, `confirm`, `welcome`. */
  name: string;
  /** Handlebars source of the HTML, starting with the COMPILED_MARK comment. */
  html: string;
  /** Handlebars source of the plain text, starting with the COMPILED_MARK comment. */
  text: string;
}

/** The templates in `templates/`: `<name>.mjml` and `<name>.txt.hbs` each, partials shared. */
export const TEMPLATE_NAMES = ['edition', 'confirm', 'welcome'] as const;
export type TemplateName = (typeof TEMPLATE_NAMES)[number];

/** First line of every compiled file: what it is, where it came from, a hash of its sources. */
export const COMPILED_MARK = 'braid-compiled';

const MARK_LINE = /^\{\{!-- braid-compiled name=([a-z][a-z0-9-]*) sources=sha256:([0-9a-f]{64}) /u;

/** What a compiled file says about itself, or undefined when it is not a compiled template. */
export function readCompiledMark(
  source: string,
): { name: string; sourcesHash: string } | undefined {
  const m = MARK_LINE.exec(source);
  return m ? { name: m[1] ?? '', sourcesHash: m[2] ?? '' } : undefined;
}

/**
 * Checks what an adapter read from `templates/compiled/` before anything renders it: both
 * files carry the mark, of the expected template, compiled from the same sources.
 */
export function parseCompiledTemplate(name: string, html: string, text: string): CompiledTemplate {
  const htmlMark = readCompiledMark(html);
  const textMark = readCompiledMark(text);
  if (htmlMark === undefined || textMark === undefined) {
    throw new TemplateError(
      `templates/compiled/${name}.*.hbs is not a compiled template; run \`npx tsx templates/compile.ts\``,
    );
  }
  if (htmlMark.name !== name || textMark.name !== name) {
    throw new TemplateError(
      `templates/compiled/${name}.*.hbs holds the compiled template ${htmlMark.name}/${textMark.name}, not ${name}`,
    );
  }
  if (htmlMark.sourcesHash !== textMark.sourcesHash) {
    throw new TemplateError(
      `templates/compiled/${name}.html.hbs and ${name}.txt.hbs come from different sources; recompile them together`,
    );
  }
  return { name, html, text };
}
