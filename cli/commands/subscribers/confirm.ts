import { Command } from 'commander';
import { systemClock } from '../../../lambda/adapters/system-clock.ts';
import { nextStatus } from '../../../lambda/subscribers/lifecycle.ts';
import type { SubscriberStore } from '../../../lambda/subscribers/ports.ts';
import type { Subscriber } from '../../../lambda/subscribers/subscriber.ts';
import { subscriberIdFor } from '../../../lambda/subscribers/subscriber-id.ts';
import {
  ConcurrentUpdateError,
  WRITE_ATTEMPTS,
} from '../../../lambda/subscribers/subscription-deps.ts';
import { CliError } from '../../local/cli-error.ts';
import { openRuntime } from '../../local/local-runtime.ts';
import { CLI_CONFIRM_CONSENT, emailArgument } from '../../local/subscriber-input.ts';

const REFUSED: Partial<Record<Subscriber['status'], string>> = {
  bounced:
    'their address bounced permanently, so mail to it cannot be delivered; if it works again, they can sign up afresh',
  complained:
    'they marked the briefing as spam; only their own new signup (double opt-in) may put them back',
};

type Outcome = { outcome: 'confirmed' | 'already-confirmed'; subscriber: Subscriber };

/**
 * An editor confirms on the person's request: pending (or unsubscribed) becomes confirmed,
 * with a consent record saying so. An optimistic write: if the subscriber changed meanwhile
 * (they confirmed by email, a bounce came in), it is read again and decided again.
 */
async function confirmByEditor(
  store: SubscriberStore,
  id: string,
  address: string,
  at: Date,
): Promise<Outcome> {
  for (let attempt = 0; attempt < WRITE_ATTEMPTS; attempt++) {
    const current = await store.get(id);
    if (current === undefined) {
      throw new CliError(
        `No subscriber ${address}. Add one: npx braid subscribers add ${address} --confirmed`,
      );
    }
    if (current.status === 'confirmed')
      return { outcome: 'already-confirmed', subscriber: current };
    const reason = REFUSED[current.status];
    // An editor's confirmation is the person's new consent: it does what their own
    // confirmation (pending) or resubscription (unsubscribed) would.
    const allowed =
      nextStatus(current.status, 'confirm') ?? nextStatus(current.status, 'resubscribe');
    if (reason !== undefined || allowed !== 'confirmed') {
      throw new CliError(
        `${address} is ${current.status} and cannot be confirmed: ${reason ?? 'this status does not allow it'}.`,
      );
    }
    const { signup: _signup, statusReason: _reason, unsubscribedAt: _left, ...rest } = current;
    const next: Subscriber = {
      ...rest,
      status: 'confirmed',
      confirmedAt: at.toISOString(),
      consent: { ...CLI_CONFIRM_CONSENT, at: at.toISOString() },
      updatedAt: at.toISOString(),
    };
    if (await store.replace(next, current)) return { outcome: 'confirmed', subscriber: next };
  }
  throw new ConcurrentUpdateError(id);
}

export function confirmCommand(): Command {
  return new Command('confirm')
    .description(
      'confirm a pending (or unsubscribed) subscriber at their request, recording consent',
    )
    .argument('<email>', 'the subscriber’s address')
    .action(async (email: string) => {
      const address = emailArgument(email);
      const runtime = await openRuntime({ ses: false });
      try {
        const { outcome, subscriber } = await confirmByEditor(
          runtime.subscribers,
          subscriberIdFor(address),
          address,
          systemClock.now(),
        );
        console.log(
          outcome === 'confirmed'
            ? `Confirmed ${address}: they receive the next edition (consent recorded: ${subscriber.consent?.source}, ${subscriber.consent?.at}).`
            : `${address} is already confirmed (since ${subscriber.confirmedAt ?? subscriber.updatedAt}); nothing changed.`,
        );
      } finally {
        await runtime.close();
      }
    });
}
