import { Command } from 'commander';
import { ContentError } from '../lambda/briefing/content-error.ts';
import { ConfigError } from '../lambda/config.ts';
import { MessageTooLargeError } from '../lambda/delivery/message-size.ts';
import { EmailError } from '../lambda/email/errors.ts';
import { briefCommand } from './commands/brief.ts';
import { renderCommand } from './commands/render.ts';
import { resetCommand } from './commands/reset.ts';
import { sendCommand } from './commands/send.ts';
import { startCommand } from './commands/start.ts';
import { statusCommand } from './commands/status.ts';
import { subscribersCommand } from './commands/subscribers.ts';
import { CliError } from './local/cli-error.ts';

const program = new Command('braid')
  .description('Braid: several outlets, one honest briefing, sent through Amazon SES')
  .showHelpAfterError()
  .addCommand(startCommand())
  .addCommand(briefCommand())
  .addCommand(renderCommand())
  .addCommand(statusCommand())
  .addCommand(sendCommand())
  .addCommand(subscribersCommand())
  .addCommand(resetCommand());

/** Errors we expect (bad content, bad config, bad arguments) print one line; others a stack. */
function isExpected(error: unknown): error is Error {
  return (
    error instanceof CliError ||
    error instanceof ContentError ||
    error instanceof ConfigError ||
    error instanceof EmailError ||
    error instanceof MessageTooLargeError
  );
}

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (isExpected(error)) {
    console.error(`error: ${error.message}`);
    process.exitCode = error instanceof CliError ? error.exitCode : 1;
  } else {
    console.error(error);
    process.exitCode = 1;
  }
}
