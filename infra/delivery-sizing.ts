/**
 * How the deliver function is sized for its share of the send rate (`sendRate ÷
 * deliverConcurrency`): its memory (Lambda gives CPU in proportion to memory) and how many
 * queue messages each invocation takes. `npm run bench` (delivery, sections d and e) measures
 * what these rest on.
 */

/**
 * Deliver's CPU per message (MIME, the claim, the SES call, the batched record): 1.8 ms
 * measured over loopback (section e), 2.3 ms on a busy machine; rounded up for TLS.
 */
const DELIVER_CPU_MS_PER_MESSAGE = 2.5;
/** One vCPU at 1,769 MB. */
const MB_PER_VCPU = 1769;
/** Node sends on one thread: past one vCPU, more memory adds no sending speed. */
export const MAX_RATE_PER_INSTANCE = Math.floor(1000 / DELIVER_CPU_MS_PER_MESSAGE / 1.5);

/**
 * The deliver function's memory for its share of the rate: the CPU that share needs, with
 * half again in hand, never under 512 MB nor over one vCPU.
 */
export function deliverMemory(ratePerInstance: number): number {
  const vcpu = ((ratePerInstance * DELIVER_CPU_MS_PER_MESSAGE) / 1000) * 1.5;
  const megabytes = Math.ceil((vcpu * MB_PER_VCPU) / 64) * 64;
  return Math.min(MB_PER_VCPU, Math.max(512, megabytes));
}

/** Recipients in one queue message (compose's BATCH_SIZE). */
const RECIPIENTS_PER_MESSAGE = 50;
/** Of the 120 s timeout, the seconds an invocation may spend sending (15 s kept in hand). */
const SENDING_SECONDS = 90;
/** SQS gives a Lambda at most 10 messages an invocation (standard queues, no window). */
const MAX_MESSAGES = 10;

/**
 * Queue messages per invocation: as many as the instance sends within SENDING_SECONDS at its
 * rate, up to 10. Each invocation ends with a tail below the rate (its last SES answers, then
 * the next one's reads), so fewer, longer invocations keep the rate better; a batch the
 * invocation cannot finish comes back and counts a receive towards the dead-letter queue.
 */
export function deliverBatchSize(ratePerInstance: number): number {
  const fits = Math.floor((ratePerInstance * SENDING_SECONDS) / RECIPIENTS_PER_MESSAGE);
  return Math.max(1, Math.min(MAX_MESSAGES, fits));
}
