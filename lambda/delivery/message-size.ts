import { compileMessages } from '../email/compile-messages.ts';
import type { Edition } from '../email/types.ts';
import { archiveUrl } from '../subscribers/links.ts';

/** SES refuses a raw message over 10 MB (STANDARDS.md). */
export const SES_MAX_MESSAGE_BYTES = 10 * 1024 * 1024;

export class MessageTooLargeError extends Error {
  readonly size: number;

  constructor(editionId: string, size: number) {
    super(
      `Edition ${editionId} would make ${(size / 1024 / 1024).toFixed(1)} MB messages, over SES's 10 MB limit for a raw message; nothing was sent.`,
    );
    this.name = 'MessageTooLargeError';
    this.size = size;
  }
}

/**
 * Builds one message for a recipient with the longest fields a real one can have and refuses
 * the edition when it is over SES's limit: found before anything is claimed or queued, not
 * by SES rejecting every recipient one by one.
 */
export async function assertSendable(edition: Edition, now: Date): Promise<number> {
  const messageFor = await compileMessages(edition);
  const long = 'x'.repeat(200);
  const size = messageFor(
    {
      subscriberId: `sub_${'f'.repeat(24)}`,
      email: `${'x'.repeat(64)}@${'y'.repeat(60)}.example.com`,
      name: long,
      unsubscribeUrl: `${edition.settings.publicUrl}/unsubscribe?token=${long}`,
      webUrl: archiveUrl(edition.settings.publicUrl, edition.id),
    },
    now,
  ).length;
  if (size > SES_MAX_MESSAGE_BYTES) throw new MessageTooLargeError(edition.id, size);
  return size;
}
