import { readFile } from 'node:fs/promises';
import { Command } from 'commander';
import { parse } from 'csv-parse/sync';
import { systemClock } from '../../../lambda/adapters/system-clock.ts';
import {
  type ImportRow,
  importColumns,
  importRows,
} from '../../../lambda/subscribers/import-rows.ts';
import { CliError } from '../../local/cli-error.ts';
import { openRuntime } from '../../local/local-runtime.ts';

interface ParsedRecord {
  record: string[];
  info: { bytes: number };
}

const NEWLINE = 0x0a;
const CR = 0x0d;

/**
 * The rows of a CSV file with the line each starts on (the header is line 1). csv-parse
 * counts a CRLF inside a quoted field as two lines, so lines are counted here, from the
 * byte offsets it reports.
 */
export function csvRows(file: string, input: Buffer): ImportRow[] {
  let records: ParsedRecord[];
  try {
    records = parse(input, {
      bom: true,
      info: true,
      skip_empty_lines: true,
      relax_column_count: true,
    }) as unknown as ParsedRecord[];
  } catch (cause) {
    throw new CliError(`${file}: not a readable CSV file (${(cause as Error).message}).`, {
      cause,
    });
  }
  const [header, ...data] = records;
  const columns = header === undefined ? undefined : importColumns(header.record);
  if (header === undefined || columns === undefined) {
    throw new CliError(
      `${file}: expected a header row with an "email" column (and optionally "name"), found ${header === undefined ? 'an empty file' : JSON.stringify(header.record.join(','))}.`,
    );
  }
  const rows: ImportRow[] = [];
  let line = 1;
  let offset = 0;
  const advanceTo = (end: number) => {
    for (; offset < end; offset++) if (input[offset] === NEWLINE) line++;
  };
  advanceTo(header.info.bytes);
  for (const { record, info } of data) {
    // Blank lines before the record are skipped, so its first line is the next non-blank one.
    while (offset < info.bytes && (input[offset] === NEWLINE || input[offset] === CR)) {
      if (input[offset] === NEWLINE) line++;
      offset++;
    }
    rows.push({
      line,
      email: record[columns.email] ?? '',
      name: columns.name === undefined ? undefined : record[columns.name],
    });
    advanceTo(info.bytes);
  }
  return rows;
}

export function importCommand(): Command {
  return new Command('import')
    .description(
      'add subscribers from a CSV file with a header row: email, and optionally name (pending unless --confirmed)',
    )
    .argument('<csv>', 'the CSV file, e.g. readers.csv')
    .option(
      '--confirmed',
      'you attest that every person in the file consented: they are confirmed at once (consent source "import")',
    )
    .action(async (file: string, options: { confirmed?: boolean }) => {
      const input = await readFile(file).catch((cause: NodeJS.ErrnoException) => {
        throw new CliError(`${file}: cannot read the file (${cause.code ?? cause.message}).`, {
          cause,
        });
      });
      const checked = importRows(csvRows(file, input), {
        confirmed: options.confirmed === true,
        at: systemClock.now(),
      });
      const runtime = await openRuntime({ ses: false });
      let result: { added: string[]; existing: string[] };
      try {
        result = await runtime.subscribers.addMany(checked.subscribers);
      } finally {
        await runtime.close();
      }
      for (const { line, reason } of checked.rejected) console.error(`line ${line}: ${reason}`);
      const status = options.confirmed ? 'confirmed' : 'pending';
      console.log(
        `Imported ${file}: ${result.added.length} added (${status}), ${result.existing.length} already subscribers (skipped, unchanged), ${checked.rejected.length} rejected${checked.rejected.length > 0 ? ' (each on stderr with its line and reason)' : ''}.`,
      );
      if (!options.confirmed && result.added.length > 0) {
        console.log(
          'Pending subscribers receive nothing until confirmed (npx braid subscribers confirm <email>, or their own signup).',
        );
      }
    });
}
