import type { Recipient } from '../email/types.ts';
import type { Keyring } from '../subscribers/keyring.ts';
import { archiveUrl, unsubscribeUrl } from '../subscribers/links.ts';
import type { Subscriber } from '../subscribers/subscriber.ts';

/** The personal links of one recipient: a one-click unsubscribe that never expires, the web copy. */
export function recipientFor(
  subscriber: Subscriber,
  editionId: string,
  publicUrl: string,
  keyring: Keyring,
): Recipient {
  return {
    subscriberId: subscriber.id,
    email: subscriber.email,
    ...(subscriber.name === undefined ? {} : { name: subscriber.name }),
    unsubscribeUrl: unsubscribeUrl(publicUrl, keyring, subscriber.id),
    webUrl: archiveUrl(publicUrl, editionId),
  };
}
