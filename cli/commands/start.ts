import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { createJsonLogger } from '../../lambda/adapters/json-logger.ts';
import { systemClock } from '../../lambda/adapters/system-clock.ts';
import { type Config, loadConfig } from '../../lambda/config.ts';
import { type ComposeResult, StoryChoiceError } from '../../lambda/delivery/compose.ts';
import type { SendSummary } from '../../lambda/handlers/scheduled-send.ts';
import { runScheduledSend } from '../../lambda/handlers/scheduled-send.ts';
import { signupUrl } from '../../lambda/subscribers/links.ts';
import { CliError } from '../local/cli-error.ts';
import { DEMO_SUBSCRIBERS, seedDemoSubscribers } from '../local/demo-subscribers.ts';
import { formatDuration, formatRows } from '../local/format.ts';
import { type LocalRuntime, openRuntime } from '../local/local-runtime.ts';
import type { PidLock } from '../local/pid-lock.ts';
import { createProgress } from '../local/progress.ts';
import { acquireSendLock } from '../local/send-lock.ts';
import { storeExists } from '../local/store-exists.ts';

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
    .option(
      '--dry-run',
      'compose and render the next edition and say who would receive it; send and record nothing',
    )
    .action(async (options: { keep?: boolean; sesPort: number; at?: Date; dryRun?: boolean }) => {
      if (options.dryRun) {
        await printDryRun(options.at ?? systemClock.now());
        return;
      }
      await runLocalSend({ ...options, keep: options.keep === true, command: 'braid start' });
    });
}

/** `braid start --dry-run`: what `npm start` would send now, and to whom; nothing is recorded. */
async function printDryRun(at: Date): Promise<void> {
  const config = loadConfig();
  const fresh = !(await storeExists(config));
  const runtime = fresh ? undefined : await openRuntime({ ses: false, readOnly: true });
  try {
    const { dryRun } = await import('../local/dry-run.ts');
    const { result, record, recipients } = await dryRun(config, runtime, at);
    console.log('Braid: dry run of the scheduled send (nothing is sent, queued or recorded)');
    for (const warning of result.warnings) console.warn(`warning: ${warning}`);
    if (result.outcome !== 'queued') {
      reportNothingNew(config, result);
      return;
    }
    const html =
      record === undefined ? '' : ` (${Buffer.byteLength(record.edition.html)} bytes of HTML)`;
    console.log(
      formatRows([
        [
          'Edition',
          `${result.editionId}${result.resumed ? ' (an unfinished edition: npm start resumes it)' : ''}`,
        ],
        ['Subject', `${result.subject}${html}`],
        ['Stories', result.stories.join(', ')],
        ['Recipients', recipientsLine(recipients, fresh)],
      ]),
    );
    console.log(
      'To see it: npx braid preview (the next edition, as the email carries it). To send it: npm start.',
    );
  } finally {
    await runtime?.close();
  }
}

/** Who would receive the edition: a count and the first addresses. */
function recipientsLine(addresses: string[], fresh: boolean): string {
  if (addresses.length === 0) {
    return fresh
      ? `none yet: the first npm start seeds ${DEMO_SUBSCRIBERS.length} demo subscribers (${DEMO_SUBSCRIBERS.map((d) => d.email).join(', ')})`
      : 'none: no confirmed subscriber (npx braid subscribers add <email> --confirmed)';
  }
  const shown = addresses.slice(0, 5).join(', ');
  const more = addresses.length > 5 ? `, and ${addresses.length - 5} more` : '';
  return `${addresses.length} confirmed subscriber${addresses.length === 1 ? '' : 's'}: ${shown}${more}`;
}

export interface LocalSendOptions {
  /** The command, as the send lock names the send that holds it. */
  command: string;
  sesPort: number;
  at?: Date;
  keep?: boolean;
  /** The slug of one story to send again, alone (`braid send --story <slug> --again`). */
  again?: string;
}

/**
 * The scheduled job in this process (`npm start`), or one story sent again: compose, then
 * deliver through the deliver handler; the summary and where to look. Ctrl-C (or SIGTERM)
 * while it sends stops it gently: see stopOnSignals.
 */
export async function runLocalSend(options: LocalSendOptions): Promise<void> {
  const lock = await lockLocalSend(options.command);
  let runtime: LocalRuntime;
  try {
    runtime = await openRuntime({ ses: true, sesPort: options.sesPort });
  } catch (error) {
    await lock?.release();
    throw error;
  }
  try {
    const local = runtime.config.mode === 'local';
    const what =
      options.again === undefined ? 'scheduled send' : `sending story ${options.again} again`;
    console.log(`Braid: ${what} (${local ? 'local, embedded engines' : 'AWS'})`);
    if (runtime.fresh && options.again === undefined) await seedDemo(runtime);
    const { summary, stoppedBy } = await sendStoppable(runtime, options);
    await reportOutcome(runtime, summary, options.keep === true, stoppedBy);
    if (stoppedBy !== undefined) {
      process.exitCode = EXIT_CODES[stoppedBy];
      return;
    }
    // Sending is over: another run may start while this one only keeps the web UI up.
    await lock?.release();
    if (options.keep && runtime.sesUrl !== undefined) await keepSesUp(runtime.sesUrl);
  } finally {
    await runtime.close();
    await lock?.release();
  }
}

async function seedDemo(runtime: LocalRuntime): Promise<void> {
  const seeded = await seedDemoSubscribers(runtime.subscribers, systemClock.now());
  if (seeded.length > 0) {
    console.log(
      `First run: the local store was seeded with ${seeded.length} demo confirmed subscribers (${seeded.join(', ')}).`,
    );
  }
}

async function keepSesUp(sesUrl: string): Promise<void> {
  console.log(`Local SES web UI: ${sesUrl} (it shows the mail sent by this run; Ctrl-C to stop)`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
}

/** The exit code of a run a signal stopped: 128 + the signal's number, as a shell reports it. */
const EXIT_CODES = { SIGINT: 130, SIGTERM: 143 } as const;
export type StopSignal = keyof typeof EXIT_CODES;

const SIGNAL_NAMES: Record<StopSignal, string> = { SIGINT: 'Ctrl-C', SIGTERM: 'SIGTERM' };

/**
 * A repeat this soon is the same Ctrl-C: the terminal signals the whole process group and
 * `npm start` forwards what it gets to its script, so one keypress can arrive twice.
 */
const SAME_SIGNAL_MS = 1_000;

export interface SignalStop {
  /** Aborted by the first SIGINT or SIGTERM. */
  signal: AbortSignal;
  /** The signal that stopped the run, if one did. */
  stoppedBy(): StopSignal | undefined;
  /** Takes the handlers away: after the send, a signal does what it normally does. */
  dispose(): void;
}

/** Where the signals come from and how to quit: the process, or a test's stand-in. */
export interface SignalHost {
  on(signal: StopSignal, listener: (signal: StopSignal) => void): unknown;
  off(signal: StopSignal, listener: (signal: StopSignal) => void): unknown;
  exit(code: number): void;
  now(): number;
}

const processHost: SignalHost = {
  on: (signal, listener) => process.on(signal, listener),
  off: (signal, listener) => process.off(signal, listener),
  exit: (code) => process.exit(code),
  now: () => Date.now(),
};

/**
 * While a send runs, the first SIGINT or SIGTERM aborts `signal` (no new send starts; those
 * in flight finish and are recorded) and calls `onStop`; a second one, later than the same
 * keypress could arrive twice, exits at once.
 */
export function stopOnSignals(
  onStop: (signal: StopSignal) => void,
  host: SignalHost = processHost,
): SignalStop {
  const controller = new AbortController();
  let first: { signal: StopSignal; at: number } | undefined;
  const handle = (signal: StopSignal) => {
    if (first === undefined) {
      first = { signal, at: host.now() };
      controller.abort(signal);
      onStop(signal);
      return;
    }
    if (host.now() - first.at < SAME_SIGNAL_MS) return;
    console.error(
      `${SIGNAL_NAMES[signal]} again: quitting now. Sends that were in flight may stay unresolved (never resent automatically; \`braid status\` counts them).`,
    );
    host.exit(EXIT_CODES[signal]);
  };
  host.on('SIGINT', handle);
  host.on('SIGTERM', handle);
  return {
    signal: controller.signal,
    stoppedBy: () => first?.signal,
    dispose: () => {
      host.off('SIGINT', handle);
      host.off('SIGTERM', handle);
    },
  };
}

/** runScheduledSend with the progress bar, stopped gently by Ctrl-C or SIGTERM. */
async function sendStoppable(
  runtime: LocalRuntime,
  options: LocalSendOptions,
): Promise<{ summary: SendSummary; stoppedBy: StopSignal | undefined }> {
  const progress = createProgress();
  const stop = stopOnSignals((signal) => {
    progress.stop();
    console.error(
      `${SIGNAL_NAMES[signal]}: stopping. No new send starts; waiting for the sends in flight to finish and be recorded… (${SIGNAL_NAMES[signal]} again to quit at once)`,
    );
  });
  try {
    const summary = await runScheduledSend(runtime, options.at ?? systemClock.now(), {
      clock: systemClock,
      log: createJsonLogger(() => undefined),
      onQueued: (total) => progress.start(total),
      onSettled: (outcome) => progress.tick(outcome),
      signal: stop.signal,
      ...(options.again === undefined ? {} : { again: options.again }),
    });
    return { summary, stoppedBy: stop.stoppedBy() };
  } catch (error) {
    if (error instanceof StoryChoiceError) {
      throw new CliError(`--story: ${error.message} Nothing was sent.`, { cause: error });
    }
    throw error;
  } finally {
    progress.stop();
    stop.dispose();
  }
}

/** What the run did, by compose's outcome. */
async function reportOutcome(
  runtime: LocalRuntime,
  summary: SendSummary,
  keep: boolean,
  stoppedBy: StopSignal | undefined,
): Promise<void> {
  const result = summary.compose;
  for (const warning of result.warnings) console.warn(`warning: ${warning}`);
  if (result.outcome === 'queued') await report(runtime, result, summary, keep, stoppedBy);
  else reportNothingNew(runtime.config, result, runtime.outboxDir);
}

/** Compose found nothing new to send: why, and where the last edition is. */
function reportNothingNew(
  config: Config,
  result: Exclude<ComposeResult, { outcome: 'queued' }>,
  outboxDir = join(config.outDir, 'outbox'),
): void {
  if (result.outcome === 'nothing-to-send') {
    console.log(`Nothing to send: ${result.reason} (set status: ready in a story's story.yaml).`);
  } else if (result.outcome === 'already-sent') {
    console.log(
      `Edition ${result.editionId} was already sent (${result.stories.join(', ')}); nothing new to send.`,
    );
    if (config.mode === 'local') console.log(`  Outbox  ${join(outboxDir, result.editionId)}/`);
  } else {
    console.log(
      `Edition ${result.editionId} (${result.stories.join(', ')}) is queued and being delivered; nothing new to send.`,
    );
  }
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
  stoppedBy: StopSignal | undefined,
): Promise<void> {
  const { counts } = summary;
  console.log(
    formatRows([
      ['Edition', `${result.editionId}${result.resumed ? ' (resumed)' : ''}`],
      ['Subject', result.subject],
      ['Stories', result.stories.join(', ')],
      ...(result.corrects === undefined
        ? []
        : ([['Corrects', `edition ${result.corrects}`]] as [string, string][])),
      ['Recipients', String(counts.recipients)],
      ['Sent', String(counts.sent)],
      ['Skipped', String(counts.skipped)],
      ['Failed', String(counts.failed)],
      ...(counts.unknown > 0 ? ([['Unknown', String(counts.unknown)]] as [string, string][]) : []),
      ...(counts.deferred > 0
        ? ([['Deferred', String(counts.deferred)]] as [string, string][])
        : []),
      ['Elapsed', formatDuration(summary.elapsedMs)],
    ]),
  );
  for (const failure of summary.failures) {
    console.warn(`failed: ${failure.subscriberId}: ${failure.reason}`);
  }
  if (counts.deferred > 0 && stoppedBy !== undefined) {
    console.warn(
      `Stopped by ${SIGNAL_NAMES[stoppedBy]}: ${counts.deferred} recipients not sent yet; run npm start again to resume; nobody gets it twice.`,
    );
  } else if (counts.deferred > 0) {
    console.warn(
      `Paused: ${counts.deferred} recipients not sent yet${summary.halted ? ` (${summary.halted})` : ''}. Run npm start again to resume; nobody gets it twice.`,
    );
  }
  if (counts.unknown > 0) {
    console.warn(
      `SES gave no clear answer for ${counts.unknown} (it may have taken them): they are not resent automatically. \`npx braid status ${result.editionId} --unknown\` lists them; \`npx braid send --retry-unknown ${result.editionId}\` sends them again.`,
    );
  }
  if (counts.failed > 0 || counts.deferred > 0 || counts.unknown > 0) process.exitCode = 1;
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
