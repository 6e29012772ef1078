import { createJsonLogger } from '../adapters/json-logger.ts';
import { createSqsPostponer } from '../adapters/sqs-queue.ts';
import { systemClock } from '../adapters/system-clock.ts';
import { loadConfig } from '../config.ts';
import { createDeliverHandler } from './deliver-handler.ts';
import { createRuntime } from './runtime.ts';

/** The deliver Lambda: the SQS consumer over the AWS adapters. */
const config = loadConfig();

export const handler = createDeliverHandler(createRuntime(config), {
  clock: systemClock,
  log: createJsonLogger(),
  ...(config.queueUrl === undefined ? {} : { postpone: createSqsPostponer(config.queueUrl) }),
});
