import Handlebars from 'handlebars';
import type { CompiledTemplate } from './compiled-template.ts';
import { fitPlan, plansFor, type StoryLevel } from './digest.ts';
import {
  type EditionView,
  editionView,
  HTML_BUDGET_BYTES,
  htmlBudgetSize,
  subjectFor,
} from './edition-view.ts';
import { EmailError, SizeBudgetError, TemplateError } from './errors.ts';
import { sentinel } from './sentinels.ts';
import type { EditionInput } from './types.ts';
import { assertNoSentinels, type RenderedEdition } from './web-copy.ts';
import { TEXT_WIDTH, wrapText } from './wrap-text.ts';

export interface RenderOptions {
  /** Override the HTML budget in bytes (tests, other providers). */
  htmlBudgetBytes?: number;
}

type Delegate<T> = HandlebarsTemplateDelegate<T>;

/** A compiled template's Handlebars functions, built once per template object. */
const delegates = new WeakMap<
  CompiledTemplate,
  { html: Delegate<unknown>; text: Delegate<unknown> }
>();

/** Handlebars functions for a compiled template: HTML escaped, text as is. */
export function templateDelegates<T>(template: CompiledTemplate): {
  html: Delegate<T>;
  text: Delegate<T>;
} {
  let cached = delegates.get(template);
  if (cached === undefined) {
    const hbs = Handlebars.create();
    try {
      cached = {
        html: hbs.compile(template.html, { strict: false, preventIndent: true }),
        // Plain text is not HTML: nothing to escape.
        text: hbs.compile(template.text, { noEscape: true, preventIndent: true }),
      };
    } catch (cause) {
      throw new TemplateError(`Compiled template ${template.name} does not compile`, { cause });
    }
    delegates.set(template, cached);
  }
  return cached as { html: Delegate<T>; text: Delegate<T> };
}

/**
 * Renders an edition from the compiled template, Handlebars only (no MJML): the briefings
 * fill it, escaped, and the text is wrapped at 76 columns. Per-recipient fields stay in
 * `html` and `text` as sentinels (`%%braid:unsubscribeUrl%%`, …) for `compileMessages`.
 * An edition over the HTML budget is a SizeBudgetError, never a clipped email.
 * `webHtml` is the web copy (see web-copy.ts): the same page for any reader, no sentinel.
 */
export function renderCompiledEdition(
  input: EditionInput,
  template: CompiledTemplate,
  options: RenderOptions = {},
): RenderedEdition {
  const { html: htmlOf, text: textOf } = templateDelegates<EditionView>(template);
  const budget = options.htmlBudgetBytes ?? HTML_BUDGET_BYTES;
  const tried = new Map<readonly StoryLevel[], { view: EditionView; html: string }>();
  const htmlFor = (plan: readonly StoryLevel[]) => {
    let done = tried.get(plan);
    if (!done) {
      const view = editionView(input, { plan });
      const html = run(() => htmlOf(view), `${template.name} html`).replace(/^\s+/u, '');
      done = { view, html };
      tried.set(plan, done);
    }
    return done;
  };
  const plans = plansFor(input.briefings.length);
  const plan = fitPlan(plans, (p) => htmlBudgetSize(htmlFor(p).html) <= budget);
  if (plan === undefined) {
    // Not even every story listed by headline fits: report the leanest edition's size.
    throw new SizeBudgetError(htmlBudgetSize(htmlFor(plans.at(-1) ?? []).html), budget);
  }
  const { view, html } = htmlFor(plan);
  const text = wrapText(
    run(() => textOf(view), `${template.name} text`),
    TEXT_WIDTH,
  );

  assertFooterLinks(html, 'HTML');
  assertFooterLinks(text, 'text');

  return {
    id: input.id,
    date: input.date,
    subject: subjectFor(input.briefings),
    preheader: view.preheader,
    html,
    text,
    stories: input.briefings.map((b) => b.story),
    levels: [...plan],
    settings: input.settings,
    webHtml: renderCompiledWebCopy(input, template),
  };
}

/**
 * The web copy alone: the HTML template with the view's `web` flag, so the footer speaks
 * to any reader. Not an email: no size budget; but no sentinel may be left in it.
 */
export function renderCompiledWebCopy(input: EditionInput, template: CompiledTemplate): string {
  const view = editionView(input, { web: true });
  const { html: htmlOf } = templateDelegates<EditionView>(template);
  const html = run(() => htmlOf(view), `${template.name} web copy`).replace(/^\s+/u, '');
  return assertNoSentinels(html, `${template.name} web copy`);
}

export function run(render: () => string, name: string): string {
  try {
    return render();
  } catch (cause) {
    if (cause instanceof EmailError) throw cause;
    const message = cause instanceof Error ? cause.message : String(cause);
    throw new TemplateError(`Rendering ${name} failed: ${message}`, { cause });
  }
}

/** The footer's links must reach the output intact, or personalization cannot fill them. */
function assertFooterLinks(output: string, name: string): void {
  for (const field of ['unsubscribeUrl', 'webUrl'] as const) {
    if (!output.includes(sentinel(field))) {
      throw new TemplateError(
        `The rendered ${name} lost the ${field} sentinel: the footer needs a visible unsubscribe link and a link to the web copy`,
      );
    }
  }
}
