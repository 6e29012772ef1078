import { randomBytes } from 'node:crypto';
import { CONSENT_VERSION, clientHash, consentText } from './consent.ts';
import { nextStatus } from './lifecycle.ts';
import { confirmUrl, unsubscribeUrl } from './links.ts';
import { newSubscriber } from './new-subscriber.ts';
import type { ConsentSource, PendingSignup, Subscriber } from './subscriber.ts';
import { InvalidEmailError, normalizeEmail } from './subscriber-id.ts';
import { checkedName, InvalidNameError } from './subscriber-name.ts';
import {
  ConcurrentUpdateError,
  type SubscriptionDeps,
  WRITE_ATTEMPTS,
} from './subscription-deps.ts';

/** At most this many signup emails go to one address in 24 hours, whoever asks. */
export const SIGNUP_EMAILS_PER_DAY = 3;
const DAY_MS = 24 * 60 * 60 * 1000;

export interface SignupRequest {
  email: string;
  name?: string | undefined;
  /** The consent box was ticked. */
  consent: boolean;
  source: Extract<ConsentSource, 'form' | 'api'>;
  /** The client's address, kept only as a hash in the consent record. */
  clientAddress?: string | undefined;
  /** The hidden field people never see: anything in it marks a bot. */
  honeypot?: string | undefined;
}

/**
 * What happened, for logs and tests. The person is told the same in every case ("check your
 * inbox"), so the answer says nothing about whether an address is subscribed.
 */
export type SignupOutcome =
  | 'confirmation-sent'
  | 'already-subscribed-sent'
  | 'limited'
  | 'suppressed'
  | 'ignored-honeypot';

export type SignupField = 'email' | 'name' | 'consent';

/** A field of the form that cannot be accepted; the page shows it beside the field. */
export class SignupInputError extends Error {
  readonly field: SignupField;
  constructor(field: SignupField, message: string) {
    super(message);
    this.name = 'SignupInputError';
    this.field = field;
  }
}

interface CheckedRequest {
  email: string;
  name: string | undefined;
}

/** The checks a person can fix: these answers depend on the input alone, never on the store. */
export function checkSignup(request: SignupRequest): CheckedRequest {
  let email: string;
  if (/[\r\n]/u.test(request.email)) {
    throw new SignupInputError('email', 'Expected one email address, without line breaks.');
  }
  if (request.email.trim().length > 254) {
    throw new SignupInputError('email', 'Expected an email address of at most 254 characters.');
  }
  try {
    email = normalizeEmail(request.email);
  } catch (error) {
    if (!(error instanceof InvalidEmailError)) throw error;
    throw new SignupInputError(
      'email',
      /[\u0080-\u{10ffff}]/u.test(request.email)
        ? 'Expected an address in plain ASCII letters, like name@example.org (internationalized addresses are not supported).'
        : 'Expected an email address like name@example.org.',
    );
  }
  let name: string | undefined;
  try {
    name = checkedName(request.name);
  } catch (error) {
    if (!(error instanceof InvalidNameError)) throw error;
    throw new SignupInputError('name', `${error.message}.`);
  }
  if (request.consent !== true) {
    throw new SignupInputError('consent', 'Tick the box to agree to receive the briefing.');
  }
  return { email, name };
}

/**
 * The first half of the double opt-in. Creates or refreshes a pending subscriber and mails a
 * confirm link; a confirmed address gets an "already subscribed" email instead. New, pending,
 * confirmed and unsubscribed addresses each take one read, one write and one email, so their
 * timing does not tell them apart. Only an address at its daily cap (which anyone can bring
 * about) and a bot's honeypot answer sooner.
 */
export async function signup(
  deps: SubscriptionDeps,
  request: SignupRequest,
  at: Date,
): Promise<SignupOutcome> {
  const checked = checkSignup(request);
  if (request.honeypot !== undefined && request.honeypot !== '') {
    deps.log.warn('signup ignored: honeypot filled', { source: request.source });
    return 'ignored-honeypot';
  }
  for (let attempt = 0; attempt < WRITE_ATTEMPTS; attempt++) {
    const probe = newSubscriber({ email: checked.email, status: 'pending', at });
    const current = await deps.subscribers.get(probe.id);
    const recent = (current?.signupEmails ?? []).filter(
      (sent) => at.getTime() - Date.parse(sent) < DAY_MS,
    );
    if (recent.length >= SIGNUP_EMAILS_PER_DAY) {
      deps.log.warn('signup email limit reached', { subscriberId: probe.id });
      return 'limited';
    }
    const status = nextStatus(current?.status, 'signup');
    if (status === undefined) {
      // Bounced or complained: mailing it again would hurt the sender, or the person.
      deps.log.warn('signup for a suppressed address ignored', { subscriberId: probe.id });
      return 'suppressed';
    }
    const signupEmails = [...recent, at.toISOString()];
    if (current !== undefined && status === 'confirmed') {
      const next: Subscriber = { ...current, signupEmails, updatedAt: at.toISOString() };
      if (!(await deps.subscribers.replace(next, current))) continue;
      await deps.mail.alreadySubscribed(
        next,
        unsubscribeUrl(deps.publicUrl, deps.keyring, next.id),
        at,
      );
      return 'already-subscribed-sent';
    }
    const pending = pendingSubscriber(deps, request, checked, current, at);
    pending.signupEmails = signupEmails;
    if (!(await deps.subscribers.replace(pending, current))) continue;
    const nonce = pending.signup?.nonce ?? '';
    const link = confirmUrl(deps.publicUrl, deps.keyring, pending.id, nonce, at);
    await deps.mail.confirmation(pending, link, at);
    return 'confirmation-sent';
  }
  throw new ConcurrentUpdateError(checked.email);
}

/**
 * The pending record: a new signup, or a refreshed one. A signup still pending keeps its
 * nonce, so the link already mailed keeps working; any other state starts a new one. The
 * name given waits in the signup until the address is proven: anyone can type an address,
 * so a stranger's text never reaches a header or a greeting unconfirmed.
 */
function pendingSubscriber(
  deps: SubscriptionDeps,
  request: SignupRequest,
  checked: CheckedRequest,
  current: Subscriber | undefined,
  at: Date,
): Subscriber {
  const hash = clientHash(deps.keyring, request.clientAddress);
  const signup: PendingSignup = {
    at: at.toISOString(),
    source: request.source,
    text: consentText(deps.title),
    version: CONSENT_VERSION,
    ...(hash === undefined ? {} : { clientHash: hash }),
    ...(checked.name === undefined ? {} : { name: checked.name }),
    nonce:
      current?.status === 'pending' && current.signup !== undefined
        ? current.signup.nonce
        : randomBytes(12).toString('base64url'),
  };
  if (current === undefined) {
    return newSubscriber({ email: checked.email, status: 'pending', at, signup });
  }
  const { statusReason: _reason, ...rest } = current;
  return { ...rest, status: 'pending', signup, updatedAt: at.toISOString() };
}
