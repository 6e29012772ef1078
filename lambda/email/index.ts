export { isEmailAddress } from '../subscribers/email-address.ts';
export { type BuildMimeOptions, buildMime, messageIdFor } from './build-mime.ts';
export {
  AddressError,
  EmailError,
  HeaderInjectionError,
  SizeBudgetError,
  TemplateError,
  type TemplateProblem,
} from './errors.ts';
export { compilePersonalizer, escapeHtml, type PersonalizedBody } from './personalize.ts';
export {
  formatEditionDate,
  HTML_BUDGET_BYTES,
  htmlBudgetSize,
  PER_RECIPIENT_RESERVE_BYTES,
  PREHEADER_MAX,
  preheaderFor,
  type RenderOptions,
  renderEdition,
  renderMjml,
  subjectFor,
  type TemplateSources,
} from './render-edition.ts';
export { RECIPIENT_FIELDS, type RecipientField, SENTINEL_PATTERN, sentinel } from './sentinels.ts';
export type { Edition, EditionInput, EditionSettings, Recipient } from './types.ts';
export { TEXT_WIDTH, wrapText } from './wrap-text.ts';
