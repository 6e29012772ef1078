import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Mailer, OutgoingMessage } from '../delivery/ports.ts';

/**
 * Where a message is kept: `<edition>/<subscriber>.eml` for an edition; the signup emails in
 * `signup/`, named by time, purpose and subscriber, so a second confirmation is a second file.
 */
export function outboxPath(
  dir: string,
  message: OutgoingMessage,
): { folder: string; file: string } {
  if (message.editionId !== undefined) {
    const folder = join(dir, message.editionId);
    return { folder, file: join(folder, `${message.subscriberId}.eml`) };
  }
  const folder = join(dir, 'signup');
  const stamp = new Date().toISOString().replace(/[:.]/gu, '-');
  return { folder, file: join(folder, `${stamp}-${message.purpose}-${message.subscriberId}.eml`) };
}

/**
 * Keeps every message handed to the inner mailer as a raw `.eml` under
 * `<dir>/<edition-id>/`, named by subscriber (signup emails under `<dir>/signup/`). The local SES API drops custom headers,
 * so this is where the real MIME (List-Unsubscribe…) can be inspected.
 *
 * The file is written before the hand-over and removed only when the mailer certainly
 * did not take the message, so the outbox mirrors the ledger: a process killed mid-send
 * leaves the message in both, as "handed over", and it is never sent again.
 */
export function withOutbox(
  inner: Mailer,
  dir: string,
  onWriteError: (error: Error, message: OutgoingMessage) => void,
): Mailer {
  return {
    async send(message) {
      const { folder, file } = outboxPath(dir, message);
      let kept = false;
      try {
        await mkdir(folder, { recursive: true });
        await writeFile(file, message.raw);
        kept = true;
      } catch (error) {
        // A copy that cannot be written is reported, never a reason not to send.
        onWriteError(error as Error, message);
      }
      const outcome = await inner.send(message);
      const taken = outcome.kind === 'accepted' || outcome.kind === 'unknown';
      if (kept && !taken) await rm(file, { force: true });
      return outcome;
    },
  };
}
