import cliProgress from 'cli-progress';
import type { RecipientOutcome } from '../../lambda/delivery/deliver.ts';

export interface Progress {
  start(total: number): void;
  tick(outcome: RecipientOutcome): void;
  stop(): void;
}

/**
 * A progress bar on a terminal; silent when output is piped (CI, tests), where a bar
 * would only be noise in the log.
 */
export function createProgress(stream: NodeJS.WriteStream = process.stderr): Progress {
  if (!stream.isTTY)
    return { start: () => undefined, tick: () => undefined, stop: () => undefined };
  const bar = new cliProgress.SingleBar(
    {
      stream,
      format:
        'Sending |{bar}| {value}/{total} recipients · {sent} sent, {failed} failed · {eta_formatted} left',
      hideCursor: true,
      clearOnComplete: true,
    },
    cliProgress.Presets.shades_classic,
  );
  let sent = 0;
  let failed = 0;
  return {
    start: (total) => bar.start(total, 0, { sent, failed }),
    tick: (outcome) => {
      // A deferred recipient comes back in a later delivery: it is counted when it settles.
      if (outcome.outcome === 'deferred') return;
      if (outcome.outcome === 'sent') sent += 1;
      if (outcome.outcome === 'failed') failed += 1;
      bar.increment(1, { sent, failed });
    },
    stop: () => bar.stop(),
  };
}
