import { Command } from 'commander';
import { ContentError } from '../lambda/briefing/content-error.ts';
import { ConfigError } from '../lambda/config.ts';
import { MessageTooLargeError } from '../lambda/delivery/message-size.ts';
import { EmailError } from '../lambda/email/errors.ts';
import { KeyringError } from '../lambda/subscribers/keyring.ts';
import { SignupInputError } from '../lambda/subscribers/signup.ts';
import { InvalidEmailError } from '../lambda/subscribers/subscriber-id.ts';
import { InvalidNameError } from '../lambda/subscribers/subscriber-name.ts';
import { ConcurrentUpdateError } from '../lambda/subscribers/subscription-deps.ts';
import { briefCommand } from './commands/brief.ts';
import { keysCommand } from './commands/keys.ts';
import { migrateCommand } from './commands/migrate.ts';
import { previewCommand } from './commands/preview.ts';
import { renderCommand } from './commands/render.ts';
import { resetCommand } from './commands/reset.ts';
import { sendCommand } from './commands/send.ts';
import { serveCommand } from './commands/serve.ts';
import { signupLinkCommand } from './commands/signup-link.ts';
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
  .addCommand(serveCommand())
  .addCommand(previewCommand())
  .addCommand(signupLinkCommand())
  .addCommand(subscribersCommand())
  .addCommand(keysCommand())
  .addCommand(migrateCommand())
  .addCommand(resetCommand());

/** Errors we expect (bad content, bad config, bad arguments) print one line; others a stack. */
function isExpected(error: unknown): error is Error {
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

// `braid subscribers export | head`: a reader that stops early is not an error. (The exit
// handlers still unpublish a local engine this process serves.)
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

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
