import { isEmailAddress } from '../subscribers/email-address.ts';
import type { CompiledTemplate } from './compiled-template.ts';
import { normalizeSpace, postalLines, safeUrl } from './edition-view.ts';
import { AddressError, TemplateError } from './errors.ts';
import { rejectLineBreaks } from './mime-fields.ts';
import { run, templateDelegates } from './render-compiled.ts';
import type { EditionSettings } from './types.ts';
import { TEXT_WIDTH, wrapText } from './wrap-text.ts';

/**
 * The two emails of the signup flow, rendered from compiled templates (Handlebars only,
 * no MJML): the double opt-in confirmation, and the welcome once confirmed. Each goes to
 * one address and is rendered for it directly; every value is escaped by `{{ }}`.
 */

/** A rendered one-off email: what a MIME builder needs besides the addresses. */
export interface SignupEmail {
  subject: string;
  preheader: string;
  html: string;
  text: string;
}

export interface ConfirmationEmailInput {
  settings: EditionSettings;
  /** The address that signed up (and receives this email). */
  email: string;
  /** The https link that confirms, carrying the signed confirm token. */
  confirmUrl: string;
  /** How long the link works, in hours (e.g. 48). */
  validForHours: number;
}

export interface WelcomeEmailInput {
  settings: EditionSettings;
  email: string;
  name?: string;
  /** The subscriber's one-click unsubscribe link. */
  unsubscribeUrl: string;
  /** Past editions on the web; default `${publicUrl}/archive`. */
  archiveUrl?: string;
  /** When editions arrive, as a phrase: "every weekday at 7am". */
  schedule?: string;
}

/** The double opt-in email: one button, the link in full, when it expires, what happens if ignored. */
export function renderConfirmationEmail(
  input: ConfirmationEmailInput,
  template: CompiledTemplate,
): SignupEmail {
  const { settings } = input;
  const email = checkedEmail(input.email);
  const confirmUrl = checkedUrl(input.confirmUrl, 'confirmUrl');
  if (!Number.isFinite(input.validForHours) || input.validForHours <= 0) {
    throw new TemplateError(`validForHours must be a positive number, not ${input.validForHours}`);
  }
  const title = checkedTitle(settings);
  const subject = `Confirm your subscription to ${title}`;
  const hours = input.validForHours;
  const validFor =
    hours % 24 === 0 && hours >= 48
      ? `${hours / 24} days`
      : `${hours} hour${hours === 1 ? '' : 's'}`;
  const view = {
    settings: { ...settings, title },
    subject,
    preheader: `One click confirms it: nothing more is sent to ${email} unless you do.`,
    email,
    confirmUrl,
    validFor,
    why: `You are receiving this one email because ${email} was entered on the ${title} signup page at ${hostOf(settings.publicUrl)}.`,
    postalAddress: postalLines(settings.postalAddress),
  };
  return render(template, 'confirm', view);
}

/** The welcome email: what to expect, past editions, and a visible unsubscribe link. */
export function renderWelcomeEmail(
  input: WelcomeEmailInput,
  template: CompiledTemplate,
): SignupEmail {
  return renderSubscribedEmail(input, template, false);
}

/**
 * What a confirmed subscriber gets when their address is entered on the signup form again:
 * the signup page answers the same for everyone, so the news goes by email.
 */
export function renderAlreadySubscribedEmail(
  input: WelcomeEmailInput,
  template: CompiledTemplate,
): SignupEmail {
  return renderSubscribedEmail(input, template, true);
}

function renderSubscribedEmail(
  input: WelcomeEmailInput,
  template: CompiledTemplate,
  already: boolean,
): SignupEmail {
  const { settings } = input;
  const email = checkedEmail(input.email);
  const unsubscribeUrl = checkedUrl(input.unsubscribeUrl, 'unsubscribeUrl');
  const archiveUrl = checkedUrl(
    input.archiveUrl ?? `${settings.publicUrl.replace(/\/+$/u, '')}/archive`,
    'archiveUrl',
  );
  const title = checkedTitle(settings);
  const name = input.name === undefined ? '' : normalizeSpace(input.name);
  const heading = already ? `You are already subscribed to ${title}` : `Welcome to ${title}`;
  const view = {
    settings: { ...settings, title },
    subject: heading,
    heading,
    already,
    preheader: already
      ? `Nothing has changed: ${email} already receives ${title}.`
      : `Your subscription to ${title} is confirmed. Here is what to expect, and how to leave.`,
    email,
    greeting: name ? `Hello ${name},` : 'Hello,',
    rule: '='.repeat(Math.min(TEXT_WIDTH, Array.from(heading).length)),
    schedule: input.schedule === undefined ? '' : normalizeSpace(input.schedule),
    unsubscribeUrl,
    archiveUrl,
    why: `You are receiving this because you confirmed your subscription to ${title} with ${email}.`,
    postalAddress: postalLines(settings.postalAddress),
  };
  return render(template, 'welcome', view);
}

function render(
  template: CompiledTemplate,
  name: string,
  view: { subject: string; preheader: string },
): SignupEmail {
  if (template.name !== name) {
    throw new TemplateError(`Expected the compiled ${name} template, got ${template.name}`);
  }
  const { html, text } = templateDelegates<typeof view>(template);
  return {
    subject: view.subject,
    preheader: view.preheader,
    html: run(() => html(view), `${name} html`).replace(/^\s+/u, ''),
    text: wrapText(
      run(() => text(view), `${name} text`),
      TEXT_WIDTH,
    ),
  };
}

function checkedEmail(email: string): string {
  rejectLineBreaks({ email });
  if (!isEmailAddress(email)) {
    throw new AddressError('email', `${JSON.stringify(email)} is not an email address`);
  }
  return email;
}

function checkedUrl(url: string, field: string): string {
  rejectLineBreaks({ [field]: url });
  const safe = safeUrl(url);
  if (safe === undefined)
    throw new AddressError(field, `${JSON.stringify(url)} is not an http(s) URL`);
  return safe;
}

/** The title goes into the Subject: no line breaks. */
function checkedTitle(settings: EditionSettings): string {
  rejectLineBreaks({ 'settings.title': settings.title });
  return normalizeSpace(settings.title);
}

function hostOf(publicUrl: string): string {
  try {
    return new URL(publicUrl).host;
  } catch {
    return publicUrl;
  }
}
