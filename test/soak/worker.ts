import { createJsonLogger } from '../../lambda/adapters/json-logger.ts';
import { systemClock } from '../../lambda/adapters/system-clock.ts';
import { loadConfig } from '../../lambda/config.ts';
import { createDeliverHandler } from '../../lambda/handlers/deliver-handler.ts';
import { createRuntime } from '../../lambda/handlers/runtime.ts';
import type { BatchCounts, ParentMessage, WorkerReply } from './protocol.ts';

/**
 * One deliver "Lambda instance" of the soak: the real runtime from the environment (pointed
 * at the fault proxies) and the real deliver handler. The parent plays SQS: it sends an
 * SQS-shaped event over IPC with the invocation's deadline, and takes the handler's answer.
 * Logs (JSON lines) go to stderr, which the parent writes to a file per worker.
 */

function emptyCounts(): BatchCounts {
  return { sent: 0, skipped: 0, failed: 0, deferred: 0, other: {} };
}

async function main(): Promise<void> {
  const send = (reply: WorkerReply) => process.send?.(reply);
  const log = createJsonLogger();
  const runtime = createRuntime(loadConfig());
  let counts = emptyCounts();
  let current = 0;
  const handler = createDeliverHandler(runtime, {
    clock: systemClock,
    log,
    // Every recipient's outcome, for tracing a finding back (the run folder's worker logs).
    onSettled: (outcome) =>
      process.stderr.write(
        `${JSON.stringify({ soak: 'settled', invocation: current, ...outcome })}\n`,
      ),
    onBatch: (result) => {
      // Read loosely: the result's shape belongs to the delivery code, not to the soak.
      for (const [name, value] of Object.entries(result)) {
        if (typeof value !== 'number') continue;
        if (name === 'sent' || name === 'skipped' || name === 'failed' || name === 'deferred') {
          counts[name] += value;
        } else {
          counts.other[name] = (counts.other[name] ?? 0) + value;
        }
      }
    },
  });
  process.on('message', (message: ParentMessage) => {
    if (message.type === 'stop') {
      process.exit(0);
    }
    const { invocation, event, deadline } = message;
    counts = emptyCounts();
    current = invocation;
    const context = { getRemainingTimeInMillis: () => deadline - Date.now() };
    handler(event, context).then(
      (result) => send({ type: 'result', invocation, ...result, counts }),
      (error: unknown) =>
        send({
          type: 'error',
          invocation,
          error: error instanceof Error ? (error.stack ?? error.message) : String(error),
        }),
    );
  });
  process.on('disconnect', () => process.exit(0));
  send({ type: 'ready' });
}

await main();
