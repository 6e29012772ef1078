import Handlebars from 'handlebars';
import type { PageTemplates } from './page-templates.ts';
import { PAGE_NAMES, type PageName, type PageViews } from './page-views.ts';

export type RenderPage = <N extends PageName>(
  name: N,
  pageTitle: string,
  view: PageViews[N],
  extra?: { feedUrl?: string; hasError?: boolean },
) => string;

export class PageTemplateError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'PageTemplateError';
  }
}

/**
 * Compiles the page templates once (Handlebars, HTML-escaping every `{{ }}`) and returns the
 * renderer. Each page is `{{#> layout}}…{{/layout}}`: the layout is a partial block, so no
 * template needs `{{{ }}}`. Only the built-in helpers are allowed.
 */
export function createPageRenderer(templates: PageTemplates, siteTitle: string): RenderPage {
  const hbs = Handlebars.create();
  const options: CompileOptions = {
    strict: false,
    preventIndent: true,
    knownHelpersOnly: true,
    knownHelpers: { if: true, unless: true, each: true, with: true },
  };
  const compile = (source: string, name: string) => {
    try {
      // Compile now, not on first use, so a broken template fails at start.
      const template = hbs.compile(source, options);
      hbs.precompile(source, options);
      return template;
    } catch (cause) {
      throw new PageTemplateError(`Page template ${name} does not compile`, { cause });
    }
  };
  hbs.registerPartial('layout', compile(templates.layout, 'layout'));
  for (const [name, source] of Object.entries(templates.partials)) {
    hbs.registerPartial(name, compile(source, `partials/${name}`));
  }
  const pages = new Map<PageName, HandlebarsTemplateDelegate>();
  for (const name of PAGE_NAMES) {
    const source = templates.pages[name];
    if (source === undefined) throw new PageTemplateError(`Page template ${name}.hbs is missing`);
    pages.set(name, compile(source, name));
  }
  return (name, pageTitle, view, extra = {}) => {
    const template = pages.get(name);
    if (template === undefined) throw new PageTemplateError(`No page template ${name}`);
    return template({ ...view, ...extra, siteTitle, pageTitle });
  };
}
