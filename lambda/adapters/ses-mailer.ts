import { SESClient, SendRawEmailCommand } from '@aws-sdk/client-ses';
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
  return {
    async send(message) {
      const result = await client.send(
        new SendRawEmailCommand({
          RawMessage: { Data: message.raw },
          Source: message.from,
          Destinations: [message.to],
          ...(options.configurationSet === undefined
            ? {}
            : { ConfigurationSetName: options.configurationSet }),
          Tags: [{ Name: 'edition', Value: message.editionId.replace(/[^A-Za-z0-9_-]/g, '_') }],
        }),
      );
      if (result.MessageId === undefined)
        throw new Error('SES answered SendRawEmail without a MessageId');
      return { messageId: result.MessageId };
    },
  };
}
