import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Mailer } from '../delivery/ports.ts';

/**
 * Keeps every message the inner mailer accepted as a raw `.eml` under
 * `<dir>/<edition-id>/`, named by subscriber. The local SES API drops custom
 * headers, so this is where the real MIME (List-Unsubscribe…) can be inspected.
 */
export function withOutbox(inner: Mailer, dir: string): Mailer {
  return {
    async send(message) {
      const result = await inner.send(message);
      const folder = join(dir, message.editionId);
      await mkdir(folder, { recursive: true });
      await writeFile(join(folder, `${message.subscriberId}.eml`), message.raw);
      return result;
    },
  };
}
