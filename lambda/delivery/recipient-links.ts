import type { Recipient } from '../email/types.ts';
import type { Subscriber } from '../subscribers/subscriber.ts';
import { signToken } from '../subscribers/tokens.ts';

/** The personal links of one recipient: a one-click unsubscribe that never expires, the web copy. */
export function recipientFor(
  subscriber: Subscriber,
  editionId: string,
  publicUrl: string,
  tokenSecret: string,
): Recipient {
  const token = signToken(tokenSecret, {
    subscriberId: subscriber.id,
    purpose: 'unsubscribe',
    expires: 0,
  });
  return {
    subscriberId: subscriber.id,
    email: subscriber.email,
    ...(subscriber.name === undefined ? {} : { name: subscriber.name }),
    unsubscribeUrl: `${publicUrl}/unsubscribe?token=${encodeURIComponent(token)}`,
    webUrl: `${publicUrl}/editions/${encodeURIComponent(editionId)}`,
  };
}
