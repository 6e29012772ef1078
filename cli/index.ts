import { Command, CommanderError } from 'commander';
import { packageVersion } from './local/package-root.ts';
import { COMMANDS, type CommandEntry, findCommand } from './registry.ts';

/** Exit codes: 1 for an error in what the command did, 2 for a command line it cannot run. */
const USAGE_ERROR = 2;

const args = process.argv.slice(2);
const debug = args.includes('--debug');

/** The command named on the command line (the first word that is not an option), if any. */
function named(words: readonly string[]): string | undefined {
  return words.find((word) => !word.startsWith('-'));
}

/** Commander's messages on one line: a suggestion joins the error instead of a line of its own. */
function oneLine(message: string): string {
  return `${message.trimEnd().replace(/\n\(Did you mean (.+)\?\)$/u, ' (did you mean $1?)')}\n`;
}

/** Usage errors exit 2 (not commander's 1), on one line, for every command and subcommand. */
function configure(command: Command): Command {
  command.exitOverride();
  command.configureOutput({ outputError: (message, write) => write(oneLine(message)) });
  for (const sub of command.commands) configure(sub);
  return command;
}

/**
 * `npm run bench` times the start of every command: with BRAID_STARTUP_MARK set, the moment
 * its action starts (ms since the process started) goes to stderr. Nothing otherwise.
 */
function markStartup(): void {
  if (process.env.BRAID_STARTUP_MARK === undefined) return;
  process.stderr.write(`braid:ready ${performance.now().toFixed(1)}\n`);
}

/** A command's line in `braid --help`, without loading it. */
function stub(entry: CommandEntry): Command {
  const command = new Command(entry.name).summary(entry.summary);
  if (entry.args !== undefined) command.arguments(entry.args);
  return command;
}

async function program(): Promise<Command> {
  const root = new Command('braid')
    .description('Braid: several outlets, one honest briefing, sent through Amazon SES')
    .version(packageVersion(), '-v, --version', 'print the version')
    .option('--debug', 'print the stack trace of an error')
    .helpCommand('help [command]', 'the help of a command')
    .hook('preAction', markStartup);
  const first = named(args);
  // `braid help <command>` shows that command's own help: load it too.
  const wanted = findCommand(
    first === 'help' ? named(args.slice(args.indexOf('help') + 1)) : first,
  );
  for (const entry of COMMANDS) {
    root.addCommand(entry === wanted ? (await entry.load()).summary(entry.summary) : stub(entry));
  }
  return configure(root);
}

function unknownCommand(name: string): never {
  const names = COMMANDS.map((entry) => entry.name).join(', ');
  throw new UsageError(
    `unknown command '${name}': expected one of ${names} (npx braid --help describes them)`,
  );
}

class UsageError extends Error {}

/** Prints one line for an error (the stack with --debug); resolves to the exit code. */
async function report(error: unknown): Promise<number> {
  if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : USAGE_ERROR;
  if (error instanceof UsageError) {
    console.error(`error: ${error.message}`);
    return USAGE_ERROR;
  }
  const { exitCodeOf, isExpected } = await import('./local/expected-errors.ts');
  if (debug) console.error(error);
  if (isExpected(error)) {
    if (!debug) console.error(`error: ${error.message}`);
    return exitCodeOf(error);
  }
  if (!debug) {
    const message = error instanceof Error ? error.message : String(error);
    console.error(
      `error: ${message} (unexpected: run again with --debug for the stack trace, and report it)`,
    );
  }
  return 1;
}

// `braid subscribers export | head`: a reader that stops early is not an error. (The exit
// handlers still unpublish a local engine this process serves.)
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

try {
  const first = named(args);
  if (first !== undefined && first !== 'help' && findCommand(first) === undefined) {
    unknownCommand(first);
  }
  await (await program()).parseAsync(process.argv);
} catch (error) {
  process.exitCode = await report(error);
}
