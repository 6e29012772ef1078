import { z } from 'zod';
import { loadStories } from '../adapters/content-dir.ts';
import { createJsonLogger } from '../adapters/json-logger.ts';
import { createSqsQueue } from '../adapters/sqs-queue.ts';
import { systemClock } from '../adapters/system-clock.ts';
import { readCompiledTemplate } from '../adapters/template-files.ts';
import { loadConfig } from '../config.ts';
import { compose } from '../delivery/compose.ts';
import { createRenderer } from './renderer.ts';
import { createRuntime } from './runtime.ts';
import { runScheduledSend } from './scheduled-send.ts';

const log = createJsonLogger();
const config = loadConfig();
const runtime = createRuntime(config);

/** EventBridge Scheduler's input: `{"scheduledTime": "<aws.scheduler.scheduled-time>"}`. */
const scheduledEvent = z.object({ scheduledTime: z.iso.datetime({ offset: true }) });

/**
 * The scheduled compose function: parse → call → map. With a queue (AWS) it queues the
 * batches for the deliver function; without one it delivers them itself, in process.
 */
export const handler = async (event: unknown) => {
  const parsed = scheduledEvent.safeParse(event);
  if (!parsed.success) {
    // Retrying an event of the wrong shape can never succeed: log it and return.
    log.error('unknown event shape; nothing done', { reason: parsed.error.message, event });
    return { outcome: 'ignored', reason: 'unknown event shape' };
  }
  const scheduledAt = new Date(parsed.data.scheduledTime);
  if (config.queueUrl !== undefined) {
    const result = await compose(
      {
        editions: runtime.editions,
        subscribers: runtime.subscribers,
        queue: createSqsQueue(config.queueUrl),
        archive: runtime.archive,
        render: createRenderer(config, await readCompiledTemplate(config.templatesDir, 'edition')),
        log,
        clock: systemClock,
        timeZone: config.timeZone,
      },
      scheduledAt,
      await loadStories(config.contentDir, { only: 'ready' }),
    );
    log.info('compose finished', { ...result });
    return result;
  }
  const summary = await runScheduledSend(runtime, scheduledAt, { clock: systemClock, log });
  const { compose: result } = summary;
  const editionId = result.outcome === 'nothing-to-send' ? undefined : result.editionId;
  log.info('scheduled send finished', { outcome: result.outcome, editionId, ...summary.counts });
  return { outcome: result.outcome, editionId, ...summary.counts, halted: summary.halted };
};
