import { Command } from 'commander';
import type { Subscriber } from '../../../lambda/subscribers/subscriber.ts';
import { openRuntime } from '../../local/local-runtime.ts';
import { subscribersJson } from '../../local/subscriber-input.ts';
import { allSubscribers, subscriberPages } from '../../local/subscriber-pages.ts';

export const EXPORT_COLUMNS = [
  'email',
  'name',
  'status',
  'created',
  'confirmed_at',
  'consent_at',
  'consent_source',
  'consent_version',
  'consent_text',
  'consent_signed_up_at',
  'consent_client_hash',
  'unsubscribed_at',
  'status_reason',
] as const;

/**
 * One CSV field (RFC 4180): quoted when it holds a comma, quote or line break. Free text that
 * a spreadsheet would run as a formula (=, +, -, @ first) gets a leading apostrophe (OWASP's
 * CSV injection advice): names come from a public form. Addresses are left as they are.
 */
function field(value: string | undefined, freeText = false): string {
  let text = value ?? '';
  if (freeText && /^[=+\-@\t\r]/u.test(text)) text = `'${text}`;
  return /[",\r\n]/u.test(text) || /^\s|\s$/u.test(text) ? `"${text.replace(/"/gu, '""')}"` : text;
}

export function csvLine(s: Subscriber): string {
  return [
    field(s.email),
    field(s.name, true),
    field(s.status),
    field(s.createdAt),
    field(s.confirmedAt),
    field(s.consent?.at),
    field(s.consent?.source),
    field(s.consent?.version),
    field(s.consent?.text, true),
    field(s.consent?.signedUpAt),
    field(s.consent?.clientHash),
    field(s.unsubscribedAt),
    field(s.statusReason, true),
  ].join(',');
}

export function exportCommand(): Command {
  return new Command('export')
    .description(
      'print every subscriber, all statuses, with their consent records (CSV, or --json)',
    )
    .option('--json', 'the full records as JSON')
    .action(async (options: { json?: boolean }) => {
      const runtime = await openRuntime({ ses: false });
      try {
        if (options.json) {
          console.log(subscribersJson(await allSubscribers(runtime.subscribers)));
          return;
        }
        process.stdout.write(`${EXPORT_COLUMNS.join(',')}\r\n`);
        for await (const page of subscriberPages(runtime.subscribers)) {
          process.stdout.write(page.map((s) => `${csvLine(s)}\r\n`).join(''));
        }
      } finally {
        await runtime.close();
      }
    });
}
