import { Command } from 'commander';
import { editionStatus } from '../../lambda/delivery/edition-status.ts';
import { CliError } from '../local/cli-error.ts';
import { formatRows } from '../local/format.ts';
import { openRuntime } from '../local/local-runtime.ts';

export function statusCommand(): Command {
  return new Command('status')
    .description('show where an edition stands: sent, failed, skipped, pending')
    .argument('[edition]', 'an edition id (default: the latest)')
    .action(async (editionId: string | undefined) => {
      const runtime = await openRuntime({ ses: false });
      try {
        const id = editionId ?? (await runtime.editions.latest());
        if (id === undefined) {
          console.log('No edition yet. Run npm start to send the first one.');
          return;
        }
        const record = await runtime.editions.get(id);
        if (record === undefined)
          throw new CliError(`No edition ${id}. \`braid status\` shows the latest.`);
        const report = await editionStatus(record, runtime.ledger);
        const { counts } = report;
        console.log(
          formatRows([
            [
              'Edition',
              `${record.id} (${report.settled ? 'finished' : 'open: run npm start to resume'})`,
            ],
            ['Subject', record.edition.subject],
            ['Stories', record.stories.join(', ')],
            ['Sent', String(counts.sent)],
            [
              'Failed',
              `${counts.failed}${report.unknownOutcome > 0 ? ` (${report.unknownOutcome} with an unknown outcome)` : ''}`,
            ],
            ['Skipped', String(counts.skipped)],
            ['In flight', String(counts.claimed + counts.sending)],
            ['Pending', String(report.pending)],
          ]),
        );
        if (counts.failed > 0) {
          console.log(`Retry the failed recipients: npx braid send --retry-failed ${record.id}`);
        }
      } finally {
        await runtime.close();
      }
    });
}
