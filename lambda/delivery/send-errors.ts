/**
 * What a failed send means, from the error alone (SES v1 error names; no SDK import):
 * - `throttled`: over the sending rate; SES did not take it. Back off and retry.
 * - `transient`: SES answered 5xx, or could not be reached at all; it did not take it.
 *   Back off and retry.
 * - `halt`: nothing more can be sent today or at all until someone acts (daily quota,
 *   account or configuration set paused, sender not verified). Stop the run; resume later.
 * - `rejected`: SES refused this message for good (MessageRejected). Fail this recipient.
 * - `unknown`: no answer (timeout, connection reset): SES may have taken it. Never resend
 *   automatically: at most once.
 */
export type SendErrorKind = 'throttled' | 'transient' | 'halt' | 'rejected' | 'unknown';

const HALT = new Set([
  'AccountSendingPausedException',
  'ConfigurationSetSendingPausedException',
  'ConfigurationSetDoesNotExistException',
  'MailFromDomainNotVerifiedException',
  'InvalidClientTokenId',
  'UnrecognizedClientException',
  'SignatureDoesNotMatch',
  'AccessDenied',
  'AccessDeniedException',
]);

interface ErrorShape {
  name?: unknown;
  message?: unknown;
  code?: unknown;
  $metadata?: { httpStatusCode?: unknown };
}

/** Failures to reach SES at all: the request never left, so nothing was taken. */
const NOT_CONNECTED = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);

export function classifySendError(error: unknown): SendErrorKind {
  const shape = (typeof error === 'object' && error !== null ? error : {}) as ErrorShape;
  const name = typeof shape.name === 'string' ? shape.name : '';
  const message = typeof shape.message === 'string' ? shape.message : '';
  const status = shape.$metadata?.httpStatusCode;
  if (typeof shape.code === 'string' && NOT_CONNECTED.has(shape.code)) return 'transient';
  if (/daily message quota exceeded/i.test(message)) return 'halt';
  if (name === 'Throttling' || name === 'ThrottlingException') return 'throttled';
  if (HALT.has(name)) return 'halt';
  if (name === 'MessageRejected') return 'rejected';
  if (typeof status === 'number' && status >= 500) return 'transient';
  if (typeof status === 'number' && status >= 400) return 'rejected';
  return 'unknown';
}

/** Exponential backoff with full jitter: 0 … min(cap, base × 2^attempt) ms. */
export function backoffMs(attempt: number, random: number, base = 200, cap = 5000): number {
  return Math.round(random * Math.min(cap, base * 2 ** attempt));
}
