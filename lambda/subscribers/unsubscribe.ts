import { CONSENT_VERSION, clientHash, consentText } from './consent.ts';
import { nextStatus } from './lifecycle.ts';
import type { Subscriber } from './subscriber.ts';
import {
  ConcurrentUpdateError,
  type SubscriptionDeps,
  WRITE_ATTEMPTS,
} from './subscription-deps.ts';
import { verifyToken } from './tokens.ts';

/** How the unsubscribe came: the RFC 8058 one-click POST, the page's button, an editor. */
export type UnsubscribeMethod = 'one-click' | 'page' | 'cli';

/**
 * - `unsubscribed`: done now. `already-unsubscribed`: it was already.
 * - `suppressed`: the address is bounced or complained, which stops mail already.
 * - `unknown`: no such subscriber any more (removed).
 */
export type UnsubscribeOutcome = 'unsubscribed' | 'already-unsubscribed' | 'suppressed' | 'unknown';

type Deps = Pick<SubscriptionDeps, 'subscribers' | 'keyring' | 'log'>;

/** Honoured at once, for any status. Throws InvalidTokenError for a forged or wrong token. */
export async function unsubscribe(
  deps: Deps,
  token: string,
  method: UnsubscribeMethod,
  at: Date,
): Promise<{ outcome: UnsubscribeOutcome; subscriber?: Subscriber }> {
  const claims = verifyToken(deps.keyring, token, 'unsubscribe', at);
  return unsubscribeById(deps, claims.subscriberId, method, at);
}

/** The same by id, for an editor's command. */
export async function unsubscribeById(
  deps: Pick<SubscriptionDeps, 'subscribers' | 'log'>,
  id: string,
  method: UnsubscribeMethod,
  at: Date,
): Promise<{ outcome: UnsubscribeOutcome; subscriber?: Subscriber }> {
  for (let attempt = 0; attempt < WRITE_ATTEMPTS; attempt++) {
    const current = await deps.subscribers.get(id);
    if (current === undefined) return { outcome: 'unknown' };
    const status = nextStatus(current.status, 'unsubscribe');
    if (status !== 'unsubscribed') return { outcome: 'suppressed', subscriber: current };
    if (current.status === 'unsubscribed') {
      return { outcome: 'already-unsubscribed', subscriber: current };
    }
    const { signup: _signup, ...rest } = current;
    const next: Subscriber = {
      ...rest,
      status: 'unsubscribed',
      unsubscribedAt: at.toISOString(),
      unsubscribedFrom: current.status,
      statusReason: `unsubscribed (${method})`,
      updatedAt: at.toISOString(),
    };
    if (!(await deps.subscribers.replace(next, current))) continue;
    deps.log.info('subscriber unsubscribed', { subscriberId: id, method });
    return { outcome: 'unsubscribed', subscriber: next };
  }
  throw new ConcurrentUpdateError(id);
}

/**
 * - `resubscribed`: back on the list. `already-confirmed`: nothing to do.
 * - `not-allowed`: bounced, complained, pending, removed, or unsubscribed while still pending
 *   (never confirmed): the signup form, with its confirmation email, is the way back.
 */
export type ResubscribeOutcome = 'resubscribed' | 'already-confirmed' | 'not-allowed';

/**
 * The "changed my mind" button of the unsubscribe page. The unsubscribe link was mailed to
 * the subscriber, so it proves the address; pressing the button, beside the consent text, is
 * a new consent, recorded as such. Only for someone who was confirmed when they left: an
 * unsubscribe link never expires, so an old one (a forwarded email) must not turn a stranger's
 * pending signup, or a suppressed address, into a subscription without the confirmation email.
 */
export async function resubscribe(
  deps: Pick<SubscriptionDeps, 'subscribers' | 'keyring' | 'log' | 'title'>,
  token: string,
  clientAddress: string | undefined,
  at: Date,
): Promise<{ outcome: ResubscribeOutcome; subscriber?: Subscriber }> {
  const claims = verifyToken(deps.keyring, token, 'unsubscribe', at);
  for (let attempt = 0; attempt < WRITE_ATTEMPTS; attempt++) {
    const current = await deps.subscribers.get(claims.subscriberId);
    if (current === undefined) return { outcome: 'not-allowed' };
    const status = nextStatus(current.status, 'resubscribe');
    if (status === undefined) return { outcome: 'not-allowed', subscriber: current };
    if (current.status === 'confirmed') {
      return { outcome: 'already-confirmed', subscriber: current };
    }
    if (current.unsubscribedFrom !== 'confirmed') {
      return { outcome: 'not-allowed', subscriber: current };
    }
    const hash = clientHash(deps.keyring, clientAddress);
    const {
      unsubscribedAt: _left,
      unsubscribedFrom: _from,
      statusReason: _reason,
      ...rest
    } = current;
    const next: Subscriber = {
      ...rest,
      status: 'confirmed',
      confirmedAt: at.toISOString(),
      consent: {
        at: at.toISOString(),
        source: 'resubscribe',
        text: consentText(deps.title),
        version: CONSENT_VERSION,
        ...(hash === undefined ? {} : { clientHash: hash }),
      },
      updatedAt: at.toISOString(),
    };
    if (!(await deps.subscribers.replace(next, current))) continue;
    deps.log.info('subscriber resubscribed', { subscriberId: current.id });
    return { outcome: 'resubscribed', subscriber: next };
  }
  throw new ConcurrentUpdateError(claims.subscriberId);
}
