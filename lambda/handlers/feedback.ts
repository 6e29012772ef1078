import { createJsonLogger } from '../adapters/json-logger.ts';
import { loadConfig } from '../config.ts';
import { applyFeedback } from '../subscribers/feedback.ts';
import { createRuntime } from './runtime.ts';

const log = createJsonLogger();
const runtime = createRuntime(loadConfig());

/** SES bounce and complaint events (SNS or EventBridge): parse → apply → report. */
export const handler = async (event: unknown) => {
  const summary = await applyFeedback({ subscribers: runtime.subscribers, log }, event, new Date());
  log.info('feedback applied', { ...summary });
  return summary;
};
