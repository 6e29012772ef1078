import type { SendOutcome } from '../email/mailer.ts';

/**
 * What an SES v1 `SendRawEmail` error means for the message, decided per error from AWS's
 * documentation (the SendRawEmail API reference's Errors, the common errors of the SES API,
 * and the SDK's own network errors). The question each time: could SES have taken it?
 *
 * | answer | outcome | why |
 * |---|---|---|
 * | `Throttling` "Maximum sending rate exceeded" (400) | throttled | refused before acceptance; retry after a pause |
 * | `Throttling` "Daily message quota exceeded" (400) | quota-exhausted | refused; nothing goes out until the rolling 24 h window frees room |
 * | `AccountSendingPausedException`, `ConfigurationSetSendingPausedException`, `ConfigurationSetDoesNotExistException`, `MailFromDomainNotVerifiedException` (400) | halted | refused for every message until someone acts |
 * | `AccessDenied`, `InvalidClientTokenId`, `SignatureDoesNotMatch`, `UnrecognizedClientException`, `ExpiredToken`, `MissingAuthenticationToken`, `RequestExpired` (400/403) | halted | the request was not authorised: nothing can be sent with these credentials |
 * | `MessageRejected` (400), and any other 4xx (`InvalidParameterValue`, `ValidationError`…) | rejected | refused for this message; sending it again changes nothing |
 * | `InternalFailure` (500), `ServiceUnavailable` (503), any 5xx | unknown | the request reached SES and failed in an unknown state: "accepted, then 500" happens, and a resend would be a duplicate |
 * | connection refused, host not found, unreachable, a connect timeout | throttled | the request never left this host: certainly not taken, retry |
 * | a request timeout, a connection reset, a socket hang-up, an aborted request | unknown | the request may have been read and acted on |
 * | anything else (no status, no known name) | unknown | when in doubt, never resend: at most once |
 */
const HALTED = new Set([
  'AccountSendingPausedException',
  'ConfigurationSetSendingPausedException',
  'ConfigurationSetDoesNotExistException',
  'MailFromDomainNotVerifiedException',
  'AccessDenied',
  'AccessDeniedException',
  'InvalidClientTokenId',
  'SignatureDoesNotMatch',
  'UnrecognizedClientException',
  'ExpiredToken',
  'ExpiredTokenException',
  'MissingAuthenticationToken',
  'RequestExpired',
]);

/** The request never left this host: nothing can have been taken. */
const NOT_CONNECTED = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);

interface ErrorShape {
  name?: unknown;
  message?: unknown;
  code?: unknown;
  $metadata?: { httpStatusCode?: unknown };
}

const text = (value: unknown) => (typeof value === 'string' ? value : '');

export function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  return error.message === '' ? error.name : `${error.name}: ${error.message}`;
}

/** A connect timeout (NodeHttpHandler's `connectionTimeout`): no byte of the request left. */
const CONNECT_TIMEOUT = /without establishing a connection|did not establish a connection/i;

export function sendOutcomeOfError(error: unknown): SendOutcome {
  const shape = (typeof error === 'object' && error !== null ? error : {}) as ErrorShape;
  const name = text(shape.name);
  const message = text(shape.message);
  const status = shape.$metadata?.httpStatusCode;
  const reason = describeError(error);
  if (NOT_CONNECTED.has(text(shape.code)) || CONNECT_TIMEOUT.test(message)) {
    return { kind: 'throttled', reason: `SES not reached: ${reason}` };
  }
  if (name === 'Throttling' || name === 'ThrottlingException') {
    return /daily message quota/i.test(message)
      ? { kind: 'quota-exhausted', reason }
      : { kind: 'throttled', reason };
  }
  if (HALTED.has(name)) return { kind: 'halted', reason };
  if (typeof status === 'number' && status >= 500) return { kind: 'unknown', reason };
  if (name === 'MessageRejected' || (typeof status === 'number' && status >= 400)) {
    return { kind: 'rejected', reason };
  }
  return { kind: 'unknown', reason };
}
