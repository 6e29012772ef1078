/**
 * The email stage's sending API: everything here renders from compiled templates and
 * never loads MJML, so a Lambda that imports it stays small. The MJML side (compiling
 * templates, the live preview) is `template-compiler.ts` and `render-edition.ts`.
 */
export { isEmailAddress } from '../subscribers/email-address.ts';
export { type BuildMimeOptions, buildMime, messageIdFor } from './build-mime.ts';
export { compileMessages, type MessageFactory } from './compile-messages.ts';
export {
  type CompiledTemplate,
  parseCompiledTemplate,
  TEMPLATE_NAMES,
  type TemplateName,
} from './compiled-template.ts';
export {
  formatEditionDate,
  HTML_BUDGET_BYTES,
  htmlBudgetSize,
  PER_RECIPIENT_RESERVE_BYTES,
  PREHEADER_MAX,
  preheaderFor,
  subjectFor,
} from './edition-view.ts';
export {
  AddressError,
  EmailError,
  HeaderInjectionError,
  SizeBudgetError,
  TemplateError,
  type TemplateProblem,
} from './errors.ts';
export { compilePersonalizer, escapeHtml, type PersonalizedBody } from './personalize.ts';
export { type RenderOptions, renderCompiledEdition } from './render-compiled.ts';
export { RECIPIENT_FIELDS, type RecipientField, SENTINEL_PATTERN, sentinel } from './sentinels.ts';
export {
  type ConfirmationEmailInput,
  renderConfirmationEmail,
  renderWelcomeEmail,
  type SignupEmail,
  type WelcomeEmailInput,
} from './signup-emails.ts';
export type { Edition, EditionInput, EditionSettings, Recipient } from './types.ts';
export { TEXT_WIDTH, wrapText } from './wrap-text.ts';
