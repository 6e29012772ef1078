import { rm } from 'node:fs/promises';
import { Command } from 'commander';
import { loadConfig } from '../../lambda/config.ts';
import { CliError } from '../local/cli-error.ts';
import { isProcessAlive, readEngineFile } from '../local/engine-file.ts';
import { sendLockHolder } from '../local/send-lock.ts';

export function resetCommand(): Command {
  return new Command('reset')
    .description('delete the local store (.data/) and everything sent (out/)')
    .option('--yes', 'confirm: this deletes local subscribers, the ledger and the outbox')
    .action(async (options: { yes?: boolean }) => {
      const config = loadConfig();
      if (config.mode !== 'local')
        throw new CliError('reset only works on the local store (BRAID_MODE=local).');
      if (!options.yes) {
        throw new CliError(
          `This deletes ${config.dataDir}/ and ${config.outDir}/. Run again with --yes to confirm.`,
        );
      }
      const engine = await readEngineFile(config.dataDir);
      if (engine !== undefined && engine.pid !== process.pid && isProcessAlive(engine.pid)) {
        throw new CliError(
          `Process ${engine.pid} is using the local store in ${config.dataDir}/ (\`braid serve\` or another braid command); stop it first, then reset.`,
        );
      }
      const sender = await sendLockHolder(config.dataDir);
      if (sender !== undefined) {
        throw new CliError(
          `${sender.command} (pid ${sender.pid}) is sending; let it finish or stop it first, then reset.`,
        );
      }
      await rm(config.dataDir, { recursive: true, force: true });
      await rm(config.outDir, { recursive: true, force: true });
      console.log(
        `Deleted ${config.dataDir}/ and ${config.outDir}/. The next npm start seeds the demo subscribers again.`,
      );
    });
}
