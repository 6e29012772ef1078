import { createJsonLogger } from '../adapters/json-logger.ts';
import { createSqsPostponer } from '../adapters/sqs-queue.ts';
import { systemClock } from '../adapters/system-clock.ts';
import { loadConfig } from '../config.ts';
import { createDeliverHandler } from './deliver-handler.ts';
import { keyringLoader } from './keyring-part.ts';
import { sesMailer } from './mailer-part.ts';
import { createRuntimeWith } from './runtime-core.ts';

/**
 * The deliver Lambda: the SQS consumer over the AWS adapters. It sends (SES) and signs
 * unsubscribe links (Secrets Manager); it never reads or writes web copies, so its bundle
 * does not import the S3 client.
 */
const config = loadConfig();

export const handler = createDeliverHandler(
  createRuntimeWith(config, { mailer: sesMailer, keyring: keyringLoader }),
  {
    clock: systemClock,
    log: createJsonLogger(),
    ...(config.queueUrl === undefined ? {} : { postpone: createSqsPostponer(config.queueUrl) }),
  },
);
