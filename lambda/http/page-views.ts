import type { SignupField } from '../subscribers/signup.ts';

/** The signup form (the subscribe page, and "get a new link" where a link failed). */
export interface SignupFormView {
  email: string;
  name: string;
  showName: boolean;
  /** Ticked only when the person ticked it in the form being shown again. */
  consentChecked: boolean;
  consentText: string;
  consentVersion: string;
  errors: Partial<Record<SignupField, string>>;
  submitLabel: string;
}

export interface ArchiveItemView {
  url: string;
  scheduledAt: string;
  date: string;
  subject: string;
  preheader: string;
}

/** What each page template is given, besides `siteTitle` and `pageTitle`. */
export interface PageViews {
  subscribe: { form: SignupFormView; error?: { field: SignupField; message: string } };
  'check-inbox': Record<string, never>;
  confirm: { token: string };
  confirmed: { already: boolean };
  'link-problem': {
    heading: string;
    explanation: string;
    form?: SignupFormView;
    unsubscribeHelp?: boolean;
    mailto?: string;
  };
  unsubscribe: { token: string };
  unsubscribed: { token: string; already: boolean; consentText: string; consentVersion: string };
  resubscribed: { already: boolean };
  archive: {
    editions: ArchiveItemView[];
    feedUrl: string;
    pager: boolean;
    newestUrl?: string;
    olderUrl?: string;
  };
  message: { heading: string; paragraphs: string[]; link?: { href: string; text: string } };
}

export type PageName = keyof PageViews;

/** Every page a complete set of templates has: the adapter and the renderer check it. */
export const PAGE_NAMES: readonly PageName[] = [
  'subscribe',
  'check-inbox',
  'confirm',
  'confirmed',
  'link-problem',
  'unsubscribe',
  'unsubscribed',
  'resubscribed',
  'archive',
  'message',
];
