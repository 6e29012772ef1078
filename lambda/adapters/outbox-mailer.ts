import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Mailer, OutgoingMessage } from '../delivery/ports.ts';

/**
 * Keeps every message the inner mailer accepted as a raw `.eml` under
 * `<dir>/<edition-id>/`, named by subscriber. The local SES API drops custom
 * headers, so this is where the real MIME (List-Unsubscribe…) can be inspected.
 */
export function withOutbox(
  inner: Mailer,
  dir: string,
  onWriteError: (error: Error, message: OutgoingMessage) => void,
): Mailer {
  return {
    async send(message) {
      const result = await inner.send(message);
      // The message is out: a copy that cannot be written is reported, never booked as a failed send.
      try {
        const folder = join(dir, message.editionId);
        await mkdir(folder, { recursive: true });
        await writeFile(join(folder, `${message.subscriberId}.eml`), message.raw);
      } catch (error) {
        onWriteError(error as Error, message);
      }
      return result;
    },
  };
}
