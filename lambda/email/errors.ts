/** Base class of every error the email stage throws on purpose. */
export class EmailError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'EmailError';
  }
}

/** One problem MJML's validator reported. */
export interface TemplateProblem {
  line?: number;
  tagName?: string;
  message: string;
}

/**
 * The templates could not be rendered: a Handlebars compile or runtime error, MJML
 * validation errors (`problems`), or input the templates cannot carry.
 */
export class TemplateError extends EmailError {
  readonly problems: readonly TemplateProblem[];

  constructor(message: string, options?: ErrorOptions & { problems?: readonly TemplateProblem[] }) {
    super(message, options);
    this.name = 'TemplateError';
    this.problems = options?.problems ?? [];
  }
}

/** The rendered HTML is over the size budget (Gmail clips at ~102 KB); never clipped. */
export class SizeBudgetError extends EmailError {
  /** Size in bytes as measured (UTF-8, per-recipient reserve included). */
  readonly size: number;
  /** The budget in bytes. */
  readonly budget: number;

  constructor(size: number, budget: number, options?: ErrorOptions) {
    super(
      `Edition HTML is ${formatKb(size)} (${size} bytes), over the ${formatKb(budget)} budget (${budget} bytes); Gmail clips messages over ~102 KB. Send fewer or shorter stories.`,
      options,
    );
    this.name = 'SizeBudgetError';
    this.size = size;
    this.budget = budget;
  }
}

/** A header value (subject, display name, address, id) would carry CR or LF. */
export class HeaderInjectionError extends EmailError {
  /** Which field carried the line break, e.g. `subject`, `recipient.name`. */
  readonly field: string;

  constructor(field: string, options?: ErrorOptions) {
    super(
      `Header value ${field} contains a line break (CR or LF); refusing to build the message`,
      options,
    );
    this.name = 'HeaderInjectionError';
    this.field = field;
  }
}

/** An address (recipient, From, Reply-To, unsubscribe mailto) or URL is not usable. */
export class AddressError extends EmailError {
  readonly field: string;

  constructor(field: string, message: string, options?: ErrorOptions) {
    super(`${field}: ${message}`, options);
    this.name = 'AddressError';
    this.field = field;
  }
}

function formatKb(bytes: number): string {
  const kb = bytes / 1024;
  return `${Number.isInteger(kb) ? kb : kb.toFixed(1)} KB`;
}
