import { nextStatus } from './lifecycle.ts';
import { unsubscribeUrl } from './links.ts';
import type { Consent, Subscriber } from './subscriber.ts';
import {
  ConcurrentUpdateError,
  type SubscriptionDeps,
  WRITE_ATTEMPTS,
} from './subscription-deps.ts';
import { verifyToken } from './tokens.ts';

/**
 * - `confirmed`: this press confirmed the subscription (the welcome email went out).
 * - `already-confirmed`: the same link pressed again; nothing changed.
 * - `stale`: a link from an earlier signup, or the subscriber left or was removed since.
 */
export type ConfirmOutcome = 'confirmed' | 'already-confirmed' | 'stale';

/**
 * The second half of the double opt-in, on the POST of the confirm page (a GET never
 * confirms: link scanners prefetch). Records the consent given at signup, completed now.
 * Throws InvalidTokenError for a forged, expired or wrong-purpose token.
 */
export async function confirm(
  deps: SubscriptionDeps,
  token: string,
  at: Date,
): Promise<{ outcome: ConfirmOutcome; subscriber?: Subscriber }> {
  const claims = verifyToken(deps.keyring, token, 'confirm', at);
  for (let attempt = 0; attempt < WRITE_ATTEMPTS; attempt++) {
    const current = await deps.subscribers.get(claims.subscriberId);
    if (current === undefined) return { outcome: 'stale' };
    if (current.status === 'confirmed' && current.confirmedNonce === claims.nonce) {
      return { outcome: 'already-confirmed', subscriber: current };
    }
    const pending = current.signup;
    if (
      nextStatus(current.status, 'confirm') !== 'confirmed' ||
      pending === undefined ||
      pending.nonce !== claims.nonce
    ) {
      return { outcome: 'stale' };
    }
    const consent: Consent = {
      at: at.toISOString(),
      source: pending.source,
      text: pending.text,
      version: pending.version,
      signedUpAt: pending.at,
      ...(pending.clientHash === undefined ? {} : { clientHash: pending.clientHash }),
    };
    const {
      signup: _signup,
      statusReason: _reason,
      unsubscribedAt: _left,
      unsubscribedFrom: _from,
      ...rest
    } = current;
    const next: Subscriber = {
      ...rest,
      // The address is proven now: the name given with this signup becomes theirs.
      ...(pending.name === undefined ? {} : { name: pending.name }),
      status: 'confirmed',
      confirmedAt: at.toISOString(),
      confirmedNonce: pending.nonce,
      consent,
      updatedAt: at.toISOString(),
    };
    if (!(await deps.subscribers.replace(next, current))) continue;
    try {
      await deps.mail.welcome(next, unsubscribeUrl(deps.publicUrl, deps.keyring, next.id), at);
    } catch (error) {
      // The subscription stands; a missing welcome email is not worth failing it for.
      deps.log.error('welcome email not sent', {
        subscriberId: next.id,
        error: error instanceof Error ? error.message : String(error),
      });
    }
    return { outcome: 'confirmed', subscriber: next };
  }
  throw new ConcurrentUpdateError(claims.subscriberId);
}
