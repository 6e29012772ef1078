/** The page templates' sources, as an adapter read them from `templates/pages/`. */
export interface PageTemplates {
  /** `layout.hbs`: the document around every page; pages use it as the partial block `layout`. */
  layout: string;
  /** `partials/<name>.hbs`, by name. */
  partials: Record<string, string>;
  /** `<name>.hbs`, one per page, by name. */
  pages: Record<string, string>;
  /** `site.css`, served at `/assets/site.css`. */
  css: string;
}
