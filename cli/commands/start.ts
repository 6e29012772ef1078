import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { createJsonLogger } from '../../lambda/adapters/json-logger.ts';
import { systemClock } from '../../lambda/adapters/system-clock.ts';
import { loadConfig } from '../../lambda/config.ts';
import type { ComposeResult } from '../../lambda/delivery/compose.ts';
import type { SendSummary } from '../../lambda/handlers/scheduled-send.ts';
import { runScheduledSend } from '../../lambda/handlers/scheduled-send.ts';
import { signupUrl } from '../../lambda/subscribers/links.ts';
import { seedDemoSubscribers } from '../local/demo-subscribers.ts';
import { formatDuration, formatRows } from '../local/format.ts';
import { type LocalRuntime, openRuntime } from '../local/local-runtime.ts';
import type { PidLock } from '../local/pid-lock.ts';
import { createProgress } from '../local/progress.ts';
import { acquireSendLock } from '../local/send-lock.ts';

export function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new InvalidArgumentError('expected a port number from 0 to 65535 (0 picks a free one)');
  }
  return port;
}

export function parseInstant(value: string): Date {
  const date = new Date(value);
  if (!/^\d{4}-\d{2}-\d{2}/.test(value) || Number.isNaN(date.getTime())) {
    throw new InvalidArgumentError('expected an ISO 8601 date-time, e.g. 2021-03-18T06:00:00Z');
  }
  return date;
}

async function countFiles(dir: string): Promise<number> {
  return (await readdir(dir).catch(() => [])).filter((name) => name.endsWith('.eml')).length;
}

export function startCommand(): Command {
  return new Command('start')
    .description(
      'run the scheduled job once: brief the ready stories, render the edition, send it to every confirmed subscriber',
    )
    .option('--keep', 'leave the local SES API (and its web UI) running until Ctrl-C')
    .option(
      '--ses-port <port>',
      'port of the local SES API on 127.0.0.1 (0 picks a free one)',
      parsePort,
      0,
    )
    .option('--at <date-time>', 'the scheduled time of this run (default: now)', parseInstant)
    .action(async (options: { keep?: boolean; sesPort: number; at?: Date }) => {
      const lock = await lockLocalSend('braid start');
      let runtime: LocalRuntime;
      try {
        runtime = await openRuntime({ ses: true, sesPort: options.sesPort });
      } catch (error) {
        await lock?.release();
        throw error;
      }
      try {
        const local = runtime.config.mode === 'local';
        console.log(`Braid: scheduled send (${local ? 'local, embedded engines' : 'AWS'})`);
        if (runtime.fresh) {
          const seeded = await seedDemoSubscribers(runtime.subscribers, systemClock.now());
          if (seeded.length > 0) {
            console.log(
              `First run: the local store was seeded with ${seeded.length} demo confirmed subscribers (${seeded.join(', ')}).`,
            );
          }
        }
        const progress = createProgress();
        const summary = await runScheduledSend(runtime, options.at ?? systemClock.now(), {
          clock: systemClock,
          log: createJsonLogger(() => undefined),
          onQueued: (total) => progress.start(total),
          onSettled: (outcome) => progress.tick(outcome),
        }).finally(() => progress.stop());
        const result = summary.compose;
        for (const warning of result.warnings) console.warn(`warning: ${warning}`);
        if (result.outcome === 'nothing-to-send') {
          console.log(
            `Nothing to send: ${result.reason} (set status: ready in a story's story.yaml).`,
          );
        } else if (result.outcome === 'already-sent') {
          console.log(
            `Edition ${result.editionId} was already sent (${result.stories.join(', ')}); nothing new to send.`,
          );
          if (local) console.log(`  Outbox  ${join(runtime.outboxDir, result.editionId)}/`);
        } else if (result.outcome === 'already-queued') {
          console.log(
            `Edition ${result.editionId} (${result.stories.join(', ')}) is queued and being delivered; nothing new to send.`,
          );
        } else {
          await report(runtime, result, summary, options.keep === true);
        }
        // Sending is over: another run may start while this one only keeps the web UI up.
        await lock?.release();
        if (options.keep && runtime.sesUrl !== undefined) {
          console.log(
            `Local SES web UI: ${runtime.sesUrl} (it shows the mail sent by this run; Ctrl-C to stop)`,
          );
          await new Promise<void>((resolve) => {
            process.once('SIGINT', () => resolve());
            process.once('SIGTERM', () => resolve());
          });
        }
      } finally {
        await runtime.close();
        await lock?.release();
      }
    });
}

/**
 * Locally one send runs at a time (claims have no lease there); undefined in AWS, where
 * claims carry a lease and deliver instances run side by side.
 */
export async function lockLocalSend(command: string): Promise<PidLock | undefined> {
  const config = loadConfig();
  return config.mode === 'local' ? acquireSendLock(config.dataDir, command) : undefined;
}

/** The summary of a send and where to look at what went out. */
async function report(
  runtime: LocalRuntime,
  result: Extract<ComposeResult, { outcome: 'queued' }>,
  summary: SendSummary,
  keep: boolean,
): Promise<void> {
  const { counts } = summary;
  console.log(
    formatRows([
      ['Edition', `${result.editionId}${result.resumed ? ' (resumed)' : ''}`],
      ['Subject', result.subject],
      ['Stories', result.stories.join(', ')],
      ['Recipients', String(counts.recipients)],
      ['Sent', String(counts.sent)],
      ['Skipped', String(counts.skipped)],
      ['Failed', String(counts.failed)],
      ...(counts.deferred > 0
        ? ([['Deferred', String(counts.deferred)]] as [string, string][])
        : []),
      ['Elapsed', formatDuration(summary.elapsedMs)],
    ]),
  );
  for (const failure of summary.failures) {
    console.warn(`failed: ${failure.subscriberId}: ${failure.reason}`);
  }
  if (counts.deferred > 0) {
    console.warn(
      `Paused: ${counts.deferred} recipients not sent yet${summary.halted ? ` (${summary.halted})` : ''}. Run npm start again to resume; nobody gets it twice.`,
    );
  }
  if (counts.failed > 0 || counts.deferred > 0) process.exitCode = 1;
  if (runtime.config.mode !== 'local') return;

  const outbox = join(runtime.outboxDir, result.editionId);
  const rows: [string, string][] = [
    ['Outbox', `${outbox}/ (${await countFiles(outbox)} .eml files, the exact MIME sent)`],
    ['Web copy', result.webCopy ?? '(none)'],
  ];
  rows.push([
    'Links',
    `the unsubscribe and web-copy links in those emails work while \`npx braid serve\` runs (${runtime.config.publicUrl}; signup page ${signupUrl(runtime.config.publicUrl)})`,
  ]);
  if (!keep) rows.push(['Local SES', 'run `npm start -- --keep` to browse the local SES web UI']);
  console.log('Where to look:');
  console.log(formatRows(rows));
}
