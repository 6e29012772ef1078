import { join } from 'node:path';
import { CliError } from './cli-error.ts';
import { type LockHolder, liveHolder, type PidLock, tryPidLock } from './pid-lock.ts';

/**
 * One local send at a time. Locally a `sending` entry is unresolved at once
 * (BRAID_UNRESOLVED_AFTER_SECONDS is 0: an entry found `sending` belongs to a run that
 * died), which holds only while a single process sends; `<dataDir>/send.lock` makes it so.
 * A lock whose process is gone is stale and taken over.
 */
export function sendLockPath(dataDir: string): string {
  return join(dataDir, 'send.lock');
}

/** Who is sending now, if anyone. */
export function sendLockHolder(dataDir: string): Promise<LockHolder | undefined> {
  return liveHolder(sendLockPath(dataDir));
}

/** Takes the send lock, or fails at once with one line naming the send that holds it. */
export async function acquireSendLock(dataDir: string, command: string): Promise<PidLock> {
  const path = sendLockPath(dataDir);
  const result = await tryPidLock(path, command);
  if ('lock' in result) return result.lock;
  const { holder } = result;
  throw new CliError(
    `Another send is running (${holder.command}, pid ${holder.pid}, since ${holder.since}); wait for it to finish, nobody is mailed twice. If no braid command is running, delete ${path}.`,
  );
}
