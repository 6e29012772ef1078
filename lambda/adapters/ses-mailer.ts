import { GetSendQuotaCommand, SESClient, SendRawEmailCommand } from '@aws-sdk/client-ses';
import type { Mailer } from '../delivery/ports.ts';

export interface SesOptions {
  region: string;
  /** The local SES API's URL locally; undefined in AWS. */
  endpoint: string | undefined;
  configurationSet: string | undefined;
}

export function createSesClient(options: SesOptions): SESClient {
  return new SESClient({
    region: options.region,
    // The SDK's own retries would resend after a timeout, when SES may already have taken
    // the message; delivery retries itself, knowing which failures are safe to retry.
    maxAttempts: 1,
    ...(options.endpoint === undefined
      ? {}
      : {
          endpoint: options.endpoint,
          credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
        }),
  });
}

/**
 * SES v1 SendRawEmail: the only SES call that sends our own MIME, and so the
 * List-Unsubscribe headers. One destination per message (personal links).
 */
export function createSesMailer(client: SESClient, options: SesOptions): Mailer {
  const mailer: Mailer = {
    async send(message) {
      const result = await client.send(
        new SendRawEmailCommand({
          RawMessage: { Data: message.raw },
          Source: message.from,
          Destinations: [message.to],
          ...(options.configurationSet === undefined
            ? {}
            : { ConfigurationSetName: options.configurationSet }),
          Tags: [
            { Name: 'purpose', Value: message.purpose },
            ...(message.editionId === undefined
              ? []
              : [{ Name: 'edition', Value: message.editionId.replace(/[^A-Za-z0-9_-]/g, '_') }]),
          ],
        }),
      );
      if (result.MessageId === undefined) {
        throw new Error('SES answered SendRawEmail without a MessageId');
      }
      return { messageId: result.MessageId };
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
