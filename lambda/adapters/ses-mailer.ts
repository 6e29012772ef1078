import { GetSendQuotaCommand, SESClient, SendRawEmailCommand } from '@aws-sdk/client-ses';
import type { Mailer } from '../delivery/ports.ts';
import type { OutgoingMessage } from '../email/mailer.ts';
import { sendOutcomeOfError } from './ses-outcome.ts';

export interface SesOptions {
  region: string;
  /** The local SES API's URL locally; undefined in AWS. */
  endpoint: string | undefined;
  configurationSet: string | undefined;
  /** How long one call may take before its outcome is "unknown" (default 10 s). */
  requestTimeoutMs?: number;
}

/** SES answers SendRawEmail in tens of milliseconds; ten seconds is a hung call. */
const REQUEST_TIMEOUT_MS = 10_000;
/** A connection not made in this time was never used: the message certainly did not leave. */
const CONNECTION_TIMEOUT_MS = 3_000;

export function createSesClient(options: SesOptions): SESClient {
  return new SESClient({
    region: options.region,
    // The SDK's own retries would resend after a timeout or a 5xx, when SES may already have
    // taken the message; delivery retries itself, knowing which outcomes are safe to retry.
    maxAttempts: 1,
    // Resolve the middleware stack once per command class, not on every send (a documented
    // SDK option): the per-call resolution was about an eighth of a send's CPU in the SDK.
    // Safe here because nothing adds middleware to this client or its commands after
    // creation; a per-call `send` option would bypass the cache, and none is passed.
    cacheMiddleware: true,
    requestHandler: {
      requestTimeout: options.requestTimeoutMs ?? REQUEST_TIMEOUT_MS,
      // Without it the SDK only warns when the timeout passes, and keeps waiting.
      throwOnRequestTimeout: true,
      connectionTimeout: CONNECTION_TIMEOUT_MS,
    },
    ...(options.endpoint === undefined
      ? {}
      : {
          endpoint: options.endpoint,
          credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
        }),
  });
}

/** SES message tags take letters, digits, `_` and `-` only. */
const tagValue = (value: string) => value.replace(/[^A-Za-z0-9_-]/g, '_');

/**
 * The tags SES publishes back with each of the message's events (Send, Delivery, Bounce…):
 * the feedback function settles the edition's ledger entry from them.
 */
function tagsOf(message: OutgoingMessage) {
  return [
    { Name: 'purpose', Value: message.purpose },
    { Name: 'subscriber', Value: tagValue(message.subscriberId) },
    ...(message.editionId === undefined
      ? []
      : [{ Name: 'edition', Value: tagValue(message.editionId) }]),
  ];
}

/**
 * SES v1 SendRawEmail: the only SES call that sends our own MIME, and so the
 * List-Unsubscribe headers. One destination per message (personal links). Every answer
 * becomes a typed outcome (ses-outcome.ts); nothing SES says is thrown.
 */
export function createSesMailer(client: SESClient, options: SesOptions): Mailer {
  const mailer: Mailer = {
    async send(message) {
      try {
        const result = await client.send(
          new SendRawEmailCommand({
            RawMessage: { Data: message.raw },
            Source: message.from,
            Destinations: [message.to],
            ...(options.configurationSet === undefined
              ? {}
              : { ConfigurationSetName: options.configurationSet }),
            Tags: tagsOf(message),
          }),
        );
        if (result.MessageId === undefined) {
          return { kind: 'unknown', reason: 'SES answered SendRawEmail without a MessageId' };
        }
        return { kind: 'accepted', messageId: result.MessageId };
      } catch (error) {
        return sendOutcomeOfError(error);
      }
    },
  };
  // The local SES API has no GetSendQuota: there, the configured rate is the only limit.
  if (options.endpoint !== undefined) return mailer;
  return {
    ...mailer,
    async quota() {
      const answer = await client.send(new GetSendQuotaCommand({}));
      return {
        maxSendRate: answer.MaxSendRate ?? 1,
        max24HourSend: answer.Max24HourSend ?? 200,
        sentLast24Hours: answer.SentLast24Hours ?? 0,
      };
    },
  };
}
