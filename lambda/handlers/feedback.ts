import { createJsonLogger } from '../adapters/json-logger.ts';
import { loadConfig } from '../config.ts';
import { applyFeedback } from '../subscribers/feedback.ts';
import { createRuntimeWith } from './runtime-core.ts';

const log = createJsonLogger();
// DynamoDB only: feedback neither sends, signs links nor reads web copies.
const runtime = createRuntimeWith(loadConfig(), {});

/**
 * SES events (SNS or EventBridge): bounces and complaints change subscribers; an edition's
 * Send and Delivery events settle its ledger entry. Parse → apply → report.
 */
export const handler = async (event: unknown) => {
  const summary = await applyFeedback(
    { subscribers: runtime.subscribers, ledger: runtime.ledger, log },
    event,
    new Date(),
  );
  log.info('feedback applied', { ...summary });
  return summary;
};
