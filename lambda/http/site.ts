import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { CONSENT_VERSION, consentText } from '../subscribers/consent.ts';
import type { AppDeps } from './app-deps.ts';
import type { PageName, PageViews, SignupFormView } from './page-views.ts';
import { createPageRenderer, type RenderPage } from './render-page.ts';

export interface MessageView {
  heading: string;
  paragraphs: string[];
  link?: { href: string; text: string };
}

/** What every route shares: the deps, the compiled pages and the helpers that answer with them. */
export interface Site {
  deps: AppDeps;
  render: RenderPage;
  now(): Date;
  /** The signup form, empty or as the person filled it in. */
  signupForm(fields?: Partial<SignupFormView>): SignupFormView;
  page<N extends PageName>(
    c: Context,
    status: ContentfulStatusCode,
    name: N,
    pageTitle: string,
    view: PageViews[N],
    extra?: { feedUrl?: string; hasError?: boolean },
  ): Response;
  /** A page of a heading and a few sentences, e.g. a 404. */
  message(c: Context, status: ContentfulStatusCode, view: MessageView): Response;
}

export function createSite(deps: AppDeps): Site {
  const render = createPageRenderer(deps.pages, deps.title);
  const page: Site['page'] = (c, status, name, pageTitle, view, extra) =>
    c.html(render(name, pageTitle, view, extra), status);
  return {
    deps,
    render,
    now: () => deps.clock.now(),
    signupForm: (fields = {}) => ({
      email: '',
      name: '',
      showName: true,
      consentChecked: false,
      consentText: consentText(deps.title),
      consentVersion: CONSENT_VERSION,
      errors: {},
      submitLabel: 'Subscribe',
      ...fields,
    }),
    page,
    message: (c, status, view) => page(c, status, 'message', view.heading, view),
  };
}
