import type { Consent, Subscriber } from '../../lambda/subscribers/subscriber.ts';
import { InvalidEmailError, normalizeEmail } from '../../lambda/subscribers/subscriber-id.ts';
import { checkedName, InvalidNameError } from '../../lambda/subscribers/subscriber-name.ts';
import { CliError } from './cli-error.ts';

/** The consent an editor records for someone who asked them directly (`add --confirmed`). */
export const CLI_ADD_CONSENT: Omit<Consent, 'at'> = {
  source: 'cli',
  text: 'Added as confirmed by an editor at the person’s request (braid subscribers add --confirmed).',
  version: 'cli-1',
};

/** The consent an editor records when confirming a pending subscriber for them (`confirm`). */
export const CLI_CONFIRM_CONSENT: Omit<Consent, 'at'> = {
  source: 'cli',
  text: 'Confirmed by an editor at the person’s request (braid subscribers confirm).',
  version: 'cli-1',
};

/** An `<email>` argument, normalized; a bad one is a one-line error naming the argument. */
export function emailArgument(value: string): string {
  try {
    return normalizeEmail(value);
  } catch (cause) {
    if (!(cause instanceof InvalidEmailError)) throw cause;
    throw new CliError(`<email>: ${cause.message}`, { cause });
  }
}

/** A `--name` option, checked as the signup form checks it. */
export function nameOption(value: string | undefined): string | undefined {
  try {
    return checkedName(value);
  } catch (cause) {
    if (!(cause instanceof InvalidNameError)) throw cause;
    throw new CliError(`--name: ${cause.message}`, { cause });
  }
}

/** JSON of subscriber records: sets (soft-bounced messages) become arrays. */
export function subscribersJson(subscribers: Subscriber[]): string {
  return JSON.stringify(
    subscribers,
    (_key, value: unknown) => (value instanceof Set ? [...value] : value),
    2,
  );
}
