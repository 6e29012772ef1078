import { z } from 'zod';
import { createJsonLogger } from '../adapters/json-logger.ts';
import { systemClock } from '../adapters/system-clock.ts';
import { loadConfig } from '../config.ts';
import { createRuntime } from './runtime.ts';
import { runScheduledSend } from './scheduled-send.ts';

const log = createJsonLogger();
const runtime = createRuntime(loadConfig());

/** EventBridge Scheduler's input: `{"scheduledTime": "<aws.scheduler.scheduled-time>"}`. */
const scheduledEvent = z.object({ scheduledTime: z.iso.datetime({ offset: true }) });

/** The scheduled compose function: parse → call → map. */
export const handler = async (event: unknown) => {
  const parsed = scheduledEvent.safeParse(event);
  if (!parsed.success) {
    // Retrying an event of the wrong shape can never succeed: log it and return.
    log.error('unknown event shape; nothing done', { reason: parsed.error.message, event });
    return { outcome: 'ignored', reason: 'unknown event shape' };
  }
  const summary = await runScheduledSend(runtime, new Date(parsed.data.scheduledTime), {
    clock: systemClock,
    log,
  });
  const { compose } = summary;
  const editionId = compose.outcome === 'nothing-to-send' ? undefined : compose.editionId;
  log.info('scheduled send finished', { outcome: compose.outcome, editionId, ...summary.counts });
  return { outcome: compose.outcome, editionId, ...summary.counts, halted: summary.halted };
};
