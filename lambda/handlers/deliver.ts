import { createJsonLogger } from '../adapters/json-logger.ts';
import { systemClock } from '../adapters/system-clock.ts';
import { loadConfig } from '../config.ts';
import { createDeliverHandler } from './deliver-handler.ts';
import { createRuntime } from './runtime.ts';

/** The deliver Lambda: the SQS consumer over the AWS adapters. */
export const handler = createDeliverHandler(createRuntime(loadConfig()), {
  clock: systemClock,
  log: createJsonLogger(),
});
