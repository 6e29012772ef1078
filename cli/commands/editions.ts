import { Command, InvalidArgumentError } from 'commander';
import { loadConfig } from '../../lambda/config.ts';
import type { EditionRecord, EditionStore, EditionSummary } from '../../lambda/delivery/ports.ts';
import { openRuntime } from '../local/local-runtime.ts';
import { storeExists } from '../local/store-exists.ts';
import { printTable } from '../local/table.ts';

const PAGE = 50;

const NO_EDITION =
  'No edition yet: `npx braid start --dry-run` shows what the next one would be; `npm start` sends it.';

function parseLimit(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1)
    throw new InvalidArgumentError('expected a whole number above 0');
  return n;
}

async function allSummaries(editions: EditionStore, limit: number): Promise<EditionSummary[]> {
  const found: EditionSummary[] = [];
  let cursor: string | undefined;
  do {
    const page = await editions.listArchive(Math.min(PAGE, limit - found.length), cursor);
    found.push(...page.items);
    cursor = page.cursor;
  } while (cursor !== undefined && found.length < limit);
  return found;
}

/** The counts of a finished edition; an open one says so (`braid status` has its detail). */
function countsOf(record: EditionRecord | undefined): string[] {
  const counts = record?.counts;
  if (record?.status !== 'sent' || counts === undefined) {
    const queued = record?.enqueue?.recipients;
    return ['sending', queued === undefined ? '-' : String(queued), '-', '-', '-'];
  }
  return [
    'sent',
    String(counts.recipients),
    String(counts.sent),
    String(counts.failed),
    String(counts.skipped + counts.unknown + counts.deferred),
  ];
}

export function editionsCommand(): Command {
  return new Command('editions')
    .description(
      'list the editions, newest first: date, status, recipients, sent, failed, other (skipped, unknown, not yet sent), stories',
    )
    .option('--limit <n>', 'at most this many (default 20)', parseLimit, 20)
    .option('--json', 'print the editions as JSON')
    .action(async (options: { limit: number; json?: boolean }) => {
      if (!(await storeExists(loadConfig()))) {
        console.log(options.json ? '[]' : NO_EDITION);
        return;
      }
      const runtime = await openRuntime({ ses: false });
      try {
        const summaries = await allSummaries(runtime.editions, options.limit);
        const records = await Promise.all(summaries.map((s) => runtime.editions.get(s.id)));
        if (options.json) {
          const json = summaries.map((s, i) => ({
            ...s,
            status: records[i]?.status,
            counts: records[i]?.counts,
          }));
          console.log(JSON.stringify(json, null, 2));
          return;
        }
        if (summaries.length === 0) {
          console.log(NO_EDITION);
          return;
        }
        printTable(
          ['EDITION', 'DATE', 'STATUS', 'RECIPIENTS', 'SENT', 'FAILED', 'OTHER', 'STORIES'],
          summaries.map((s, i) => [s.id, s.date, ...countsOf(records[i]), s.stories.join(', ')]),
        );
        console.log('`npx braid status <edition>` shows one in detail.');
      } finally {
        await runtime.close();
      }
    });
}
