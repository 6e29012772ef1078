import { Command } from 'commander';
import { systemClock } from '../../lambda/adapters/system-clock.ts';
import { type EditionStatusReport, editionStatus } from '../../lambda/delivery/edition-status.ts';
import { CliError } from '../local/cli-error.ts';
import { formatRows } from '../local/format.ts';
import { openRuntime } from '../local/local-runtime.ts';

export function statusCommand(): Command {
  return new Command('status')
    .description('show where an edition stands: sent, failed, skipped, unresolved, pending')
    .argument('[edition]', 'an edition id (default: the latest)')
    .option(
      '--unknown',
      'list the recipients whose outcome is unknown (SES may or may not have taken their message)',
    )
    .option('--json', 'print the report as JSON')
    .action(
      async (editionId: string | undefined, options: { unknown?: boolean; json?: boolean }) => {
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
          const report = await editionStatus(record, runtime.ledger, {
            now: systemClock.now(),
            unresolvedAfterMs: runtime.config.unresolvedAfterMs,
          });
          if (options.json)
            console.log(JSON.stringify(jsonOf(report, options.unknown === true), null, 2));
          else if (options.unknown) printUnresolved(report);
          else printSummary(report);
        } finally {
          await runtime.close();
        }
      },
    );
}

function jsonOf(report: EditionStatusReport, unknownOnly: boolean) {
  if (unknownOnly) return { edition: report.record.id, unresolved: report.unresolved };
  const { record, ...rest } = report;
  return { edition: record.id, subject: record.edition.subject, stories: record.stories, ...rest };
}

function state(report: EditionStatusReport): string {
  if (report.settled) return 'finished';
  if (report.unresolved.length > 0 && report.inFlight === 0 && report.pending === 0) {
    return `open: ${report.unresolved.length} with an unknown outcome (--unknown lists them)`;
  }
  return 'open: run npm start to resume';
}

function printSummary(report: EditionStatusReport): void {
  const { counts, record } = report;
  console.log(
    formatRows([
      ['Edition', `${record.id} (${state(report)})`],
      ['Subject', record.edition.subject],
      ['Stories', record.stories.join(', ')],
      ['Sent', String(counts.sent)],
      ['Failed', String(counts.failed)],
      ['Skipped', String(counts.skipped)],
      ['Unknown', String(report.unresolved.length)],
      ['In flight', String(report.inFlight)],
      ['Pending', String(report.pending)],
    ]),
  );
  if (counts.failed > 0) {
    console.log(`Retry the failed recipients: npx braid send --retry-failed ${record.id}`);
  }
  if (report.unresolved.length > 0) {
    console.log(
      `SES may or may not have taken ${report.unresolved.length} messages: npx braid status ${record.id} --unknown lists them; npx braid send --retry-unknown ${record.id} sends them again (some may get it twice).`,
    );
  }
}

function printUnresolved(report: EditionStatusReport): void {
  const { record, unresolved } = report;
  if (unresolved.length === 0) {
    console.log(`Edition ${record.id}: no recipient has an unknown outcome.`);
    return;
  }
  console.log(`Edition ${record.id}: ${unresolved.length} with an unknown outcome`);
  for (const entry of unresolved) {
    const why = entry.reason === undefined ? '' : `  ${entry.reason}`;
    console.log(`${entry.subscriber}  ${entry.email}  ${entry.status} since ${entry.since}${why}`);
  }
  console.log(
    `Send them again (some may get it twice): npx braid send --retry-unknown ${record.id}`,
  );
}
