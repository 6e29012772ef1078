import { buildSignupMime } from '../email/build-signup-mime.ts';
import type { CompiledTemplate } from '../email/compiled-template.ts';
import type { Mailer, MessagePurpose } from '../email/mailer.ts';
import {
  renderAlreadySubscribedEmail,
  renderConfirmationEmail,
  renderWelcomeEmail,
  type SignupEmail,
} from '../email/signup-emails.ts';
import type { EditionSettings } from '../email/types.ts';
import { archiveUrl, CONFIRM_LINK_HOURS } from './links.ts';
import type { Subscriber } from './subscriber.ts';

/** The emails of the signup flow, each rendered, built into MIME and handed to the mailer. */
export interface SubscriptionMail {
  confirmation(subscriber: Subscriber, confirmUrl: string, now: Date): Promise<void>;
  welcome(subscriber: Subscriber, unsubscribeUrl: string, now: Date): Promise<void>;
  alreadySubscribed(subscriber: Subscriber, unsubscribeUrl: string, now: Date): Promise<void>;
}

/** The provider certainly did not take a signup email. */
export class SubscriptionMailError extends Error {
  constructor(
    readonly purpose: string,
    readonly outcome: string,
    reason: string,
  ) {
    super(`The ${purpose} email was not sent (${outcome}): ${reason}`);
    this.name = 'SubscriptionMailError';
  }
}

export interface SubscriptionMailDeps {
  mailer: Mailer;
  settings: EditionSettings;
  templates: { confirm: CompiledTemplate; welcome: CompiledTemplate };
}

export function createSubscriptionMail(deps: SubscriptionMailDeps): SubscriptionMail {
  const { settings } = deps;
  const send = async (
    purpose: Exclude<MessagePurpose, 'edition'>,
    subscriber: Subscriber,
    email: SignupEmail,
    now: Date,
    unsubscribeUrl?: string,
  ) => {
    const raw = await buildSignupMime({
      purpose,
      email,
      settings,
      to: { subscriberId: subscriber.id, email: subscriber.email, name: subscriber.name },
      ...(unsubscribeUrl === undefined ? {} : { unsubscribeUrl }),
      now,
    });
    const outcome = await deps.mailer.send({
      purpose,
      subscriberId: subscriber.id,
      from: settings.from,
      to: subscriber.email,
      raw,
    });
    // "unknown" may well have gone out: a signup email is never worth a second copy. Any
    // certain refusal is the caller's error to report (the page says "try again later").
    if (outcome.kind !== 'accepted' && outcome.kind !== 'unknown') {
      throw new SubscriptionMailError(purpose, outcome.kind, outcome.reason);
    }
  };
  const subscribed = (subscriber: Subscriber, unsubscribeUrl: string) => ({
    settings,
    email: subscriber.email,
    ...(subscriber.name === undefined ? {} : { name: subscriber.name }),
    unsubscribeUrl,
    archiveUrl: archiveUrl(settings.publicUrl),
  });
  return {
    confirmation: (subscriber, confirmUrl, now) =>
      send(
        'confirm',
        subscriber,
        renderConfirmationEmail(
          { settings, email: subscriber.email, confirmUrl, validForHours: CONFIRM_LINK_HOURS },
          deps.templates.confirm,
        ),
        now,
      ),
    welcome: (subscriber, unsubscribeUrl, now) =>
      send(
        'welcome',
        subscriber,
        renderWelcomeEmail(subscribed(subscriber, unsubscribeUrl), deps.templates.welcome),
        now,
        unsubscribeUrl,
      ),
    alreadySubscribed: (subscriber, unsubscribeUrl, now) =>
      send(
        'already-subscribed',
        subscriber,
        renderAlreadySubscribedEmail(
          subscribed(subscriber, unsubscribeUrl),
          deps.templates.welcome,
        ),
        now,
        unsubscribeUrl,
      ),
  };
}
