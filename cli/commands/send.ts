import { Command } from 'commander';
import { createJsonLogger } from '../../lambda/adapters/json-logger.ts';
import { systemClock } from '../../lambda/adapters/system-clock.ts';
import { retryFailed } from '../../lambda/handlers/retry-failed.ts';
import { CliError } from '../local/cli-error.ts';
import { formatRows } from '../local/format.ts';
import { type LocalRuntime, openRuntime } from '../local/local-runtime.ts';
import { lockLocalSend, parsePort } from './start.ts';

export function sendCommand(): Command {
  return new Command('send')
    .description('send an edition again to the recipients it failed for')
    .argument('<edition>', 'the edition id (see `braid status`)')
    .option('--retry-failed', 'retry the failed recipients only (the one mode there is)')
    .option(
      '--include-unknown',
      'also retry sends whose outcome is unknown (they may get it twice)',
    )
    .option('--ses-port <port>', 'port of the local SES API (0 picks a free one)', parsePort, 0)
    .action(
      async (
        editionId: string,
        options: { retryFailed?: boolean; includeUnknown?: boolean; sesPort: number },
      ) => {
        if (!options.retryFailed) {
          throw new CliError(
            'send needs --retry-failed (the scheduled send itself is `braid start`).',
          );
        }
        const lock = await lockLocalSend('braid send --retry-failed');
        let runtime: LocalRuntime;
        try {
          runtime = await openRuntime({ ses: true, sesPort: options.sesPort });
        } catch (error) {
          await lock?.release();
          throw error;
        }
        try {
          if ((await runtime.editions.get(editionId)) === undefined) {
            throw new CliError(`No edition ${editionId}. \`braid status\` shows the latest.`);
          }
          const summary = await retryFailed(runtime, editionId, {
            clock: systemClock,
            log: createJsonLogger(() => undefined),
            includeUnknown: options.includeUnknown === true,
          });
          console.log(
            formatRows([
              ['Retried', String(summary.retried)],
              ['Sent', String(summary.sent)],
              ['Failed', String(summary.failed)],
              ['Skipped', String(summary.skipped)],
              ['Deferred', String(summary.deferred)],
            ]),
          );
          if (summary.leftUnknown > 0) {
            console.log(
              `${summary.leftUnknown} failed with an unknown outcome (SES may have delivered them) and were left alone; --include-unknown retries them too.`,
            );
          }
          if (summary.halted) console.warn(`Paused: ${summary.halted}`);
          if (summary.failed > 0 || summary.deferred > 0) process.exitCode = 1;
        } finally {
          await runtime.close();
          await lock?.release();
        }
      },
    );
}
