import type { Context } from 'hono';
import type { InvalidTokenReason, TokenPurpose } from '../subscribers/tokens.ts';
import type { Site } from './site.ts';

const NOTHING_CHANGED = 'Nothing was changed.';
const OPEN_AGAIN = 'Open the link from the email again, or copy the whole of it.';

function explain(
  reason: InvalidTokenReason,
  purpose: TokenPurpose,
): { heading: string; explanation: string } {
  switch (reason) {
    case 'expired':
      return {
        heading: 'This link has expired',
        explanation:
          purpose === 'confirm'
            ? `Confirmation links work for 48 hours, and this one is older. ${NOTHING_CHANGED}`
            : `This link is too old to use. ${NOTHING_CHANGED}`,
      };
    case 'bad-signature':
      return {
        heading: 'This link has been altered',
        explanation: `The link does not match the one we sent: part of it was changed, perhaps when it was copied. ${NOTHING_CHANGED} ${OPEN_AGAIN}`,
      };
    case 'malformed':
      return {
        heading: 'This link is incomplete',
        explanation: `Part of the link is missing, perhaps because it was cut when it was copied. ${NOTHING_CHANGED} ${OPEN_AGAIN}`,
      };
    case 'unknown-key':
      return {
        heading: 'This link no longer works',
        explanation: `The link was signed with a security key we have since retired (or never had), so it cannot be checked. ${NOTHING_CHANGED}`,
      };
    case 'wrong-purpose':
      return {
        heading: 'This link is for something else',
        explanation: `The link is one of ours, but for a different page. ${NOTHING_CHANGED} Open it from the email exactly as it is.`,
      };
  }
}

/**
 * The 400 page of a link that cannot be used, saying why. A confirm link's page offers a new
 * link (the signup form, without the name); an unsubscribe link's page says how else to stop
 * the emails.
 */
export function linkProblem(
  site: Site,
  c: Context,
  reason: InvalidTokenReason,
  purpose: TokenPurpose,
): Response {
  const { heading, explanation } = explain(reason, purpose);
  if (purpose === 'confirm') {
    return site.page(c, 400, 'link-problem', heading, {
      heading,
      explanation,
      form: site.signupForm({ showName: false, submitLabel: 'Email me a new link' }),
    });
  }
  const { unsubscribeMailto } = site.deps;
  return site.page(c, 400, 'link-problem', heading, {
    heading,
    explanation,
    unsubscribeHelp: true,
    ...(unsubscribeMailto === undefined ? {} : { mailto: unsubscribeMailto }),
  });
}
