import { ContentError } from '../../lambda/briefing/content-error.ts';
import { ConfigError } from '../../lambda/config.ts';
import { MessageTooLargeError } from '../../lambda/delivery/message-size.ts';
import { EmailError } from '../../lambda/email/errors.ts';
import { KeyringError } from '../../lambda/subscribers/keyring.ts';
import { SignupInputError } from '../../lambda/subscribers/signup.ts';
import { InvalidEmailError } from '../../lambda/subscribers/subscriber-id.ts';
import { InvalidNameError } from '../../lambda/subscribers/subscriber-name.ts';
import { ConcurrentUpdateError } from '../../lambda/subscribers/subscription-deps.ts';
import { CliError } from './cli-error.ts';

/**
 * Errors we expect (bad content, bad config, bad arguments): one line, no stack. Loaded
 * only when something failed, so that no command pays for these modules at start.
 */
export function isExpected(error: unknown): error is Error {
  return (
    error instanceof CliError ||
    error instanceof ContentError ||
    error instanceof ConfigError ||
    error instanceof EmailError ||
    error instanceof MessageTooLargeError ||
    error instanceof SignupInputError ||
    error instanceof KeyringError ||
    error instanceof InvalidEmailError ||
    error instanceof InvalidNameError ||
    error instanceof ConcurrentUpdateError
  );
}

export function exitCodeOf(error: Error): number {
  return error instanceof CliError ? error.exitCode : 1;
}
