import { Command, Option } from 'commander';
import { createJsonLogger } from '../../lambda/adapters/json-logger.ts';
import { systemClock } from '../../lambda/adapters/system-clock.ts';
import { loadConfig } from '../../lambda/config.ts';
import { type RetryKind, retryRecipients } from '../../lambda/handlers/retry.ts';
import { CliError } from '../local/cli-error.ts';
import { formatRows } from '../local/format.ts';
import { type LocalRuntime, openRuntime } from '../local/local-runtime.ts';
import { resolveStory, slugOfArg } from '../local/story-arg.ts';
import { lockLocalSend, parsePort, runLocalSend } from './start.ts';

interface SendOptions {
  retryFailed?: boolean;
  retryUnknown?: boolean;
  includeUnknown?: boolean;
  story?: string;
  again?: boolean;
  sesPort: number;
}

/** What `braid send` was asked to do; every other combination is refused. */
export type SendMode =
  | { mode: 'retry'; editionId: string; kind: RetryKind }
  | { mode: 'again'; slug: string };

/** Checks the arguments before anything is opened: a bad combination sends nothing (exit 2). */
export function sendModeOf(editionId: string | undefined, options: SendOptions): SendMode {
  if (options.story !== undefined) {
    if (options.retryFailed || options.retryUnknown) {
      const retry = options.retryFailed ? '--retry-failed' : '--retry-unknown';
      throw new CliError(
        `--story and ${retry} do not go together: expected either \`send --story <slug> --again\` (a correction) or \`send ${retry} <edition>\`.`,
        { exitCode: 2 },
      );
    }
    if (!options.again) {
      throw new CliError(
        `--story needs --again: expected \`braid send --story ${options.story} --again\` (it sends the story again, corrected, to everyone).`,
        { exitCode: 2 },
      );
    }
    if (editionId !== undefined) {
      throw new CliError(
        `--story --again takes no edition (got "${editionId}"): expected \`braid send --story ${options.story} --again\`; it makes a new edition.`,
        { exitCode: 2 },
      );
    }
    return { mode: 'again', slug: slugOfArg(options.story) };
  }
  if (options.again) {
    throw new CliError(
      '--again needs --story <slug>: expected the folder name of the story to send again, e.g. `braid send --story <slug> --again`.',
      { exitCode: 2 },
    );
  }
  if (options.includeUnknown) {
    throw new CliError(
      '--include-unknown is gone: `braid send --retry-unknown <edition>` resends the recipients whose outcome is unknown (`braid status <edition> --unknown` lists them).',
      { exitCode: 2 },
    );
  }
  if (options.retryFailed && options.retryUnknown) {
    throw new CliError(
      '--retry-failed and --retry-unknown do not go together: run one, then the other.',
      { exitCode: 2 },
    );
  }
  const kind: RetryKind | undefined = options.retryFailed
    ? 'failed'
    : options.retryUnknown
      ? 'unknown'
      : undefined;
  if (kind === undefined) {
    throw new CliError(
      'send needs --retry-failed <edition>, --retry-unknown <edition>, or --story <slug> --again (the scheduled send itself is `braid start`).',
      { exitCode: 2 },
    );
  }
  if (editionId === undefined) {
    throw new CliError(
      `--retry-${kind} needs <edition>: expected an edition id (see \`braid status\`).`,
      { exitCode: 2 },
    );
  }
  return { mode: 'retry', editionId, kind };
}

export function sendCommand(): Command {
  return new Command('send')
    .description(
      'send an edition again to the recipients it failed for, or one story again, corrected',
    )
    .argument(
      '[edition]',
      'the edition id, with --retry-failed or --retry-unknown (see `braid status`)',
    )
    .option('--retry-failed', 'send <edition> again to its failed recipients only')
    .option(
      '--retry-unknown',
      'send <edition> again to the recipients whose outcome is unknown (`braid status <edition> --unknown`; some may get it twice)',
    )
    .addOption(new Option('--include-unknown').hideHelp())
    .option(
      '--story <story>',
      'with --again: the story to send again, alone, as it is now (its folder name, or its folder)',
    )
    .option(
      '--again',
      'with --story: send the story to everyone again, though an edition carried it (a correction)',
    )
    .option('--ses-port <port>', 'port of the local SES API (0 picks a free one)', parsePort, 0)
    .action(async (editionId: string | undefined, options: SendOptions) => {
      const mode = sendModeOf(editionId, options);
      if (mode.mode === 'again') {
        // An unknown story is a usage error (exit 2), said before any engine starts.
        await resolveStory(options.story ?? mode.slug, loadConfig().contentDir);
        await runLocalSend({
          command: `braid send --story ${mode.slug} --again`,
          sesPort: options.sesPort,
          again: mode.slug,
        });
        return;
      }
      await retryCommand(mode.editionId, mode.kind, options.sesPort);
    });
}

/** `braid send --retry-failed <edition>` and `braid send --retry-unknown <edition>`. */
async function retryCommand(editionId: string, kind: RetryKind, sesPort: number): Promise<void> {
  const lock = await lockLocalSend(`braid send --retry-${kind}`);
  let runtime: LocalRuntime;
  try {
    runtime = await openRuntime({ ses: true, sesPort });
  } catch (error) {
    await lock?.release();
    throw error;
  }
  try {
    if ((await runtime.editions.get(editionId)) === undefined) {
      throw new CliError(`No edition ${editionId}. \`braid status\` shows the latest.`);
    }
    const summary = await retryRecipients(runtime, editionId, kind, {
      clock: systemClock,
      log: createJsonLogger(() => undefined),
    });
    if (summary.found === 0) {
      console.log(
        `Edition ${editionId} has no ${kind === 'failed' ? 'failed recipient' : 'recipient with an unknown outcome'}; nothing sent.`,
      );
      return;
    }
    console.log(
      formatRows([
        ['Retried', String(summary.retried)],
        ...(summary.changedMeanwhile > 0
          ? ([['Settled meanwhile', String(summary.changedMeanwhile)]] as [string, string][])
          : []),
        ['Sent', String(summary.sent)],
        ['Failed', String(summary.failed)],
        ['Unknown', String(summary.unknown)],
        ['Skipped', String(summary.skipped)],
        ['Not sent yet', String(summary.deferred)],
      ]),
    );
    if (summary.halted) console.warn(`Paused: ${summary.halted}`);
    if (summary.failed > 0 || summary.deferred > 0 || summary.unknown > 0) process.exitCode = 1;
  } finally {
    await runtime.close();
    await lock?.release();
  }
}
