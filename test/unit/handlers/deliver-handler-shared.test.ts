import { describe, expect, it, vi } from 'vitest';
import { systemClock } from '../../../lambda/adapters/system-clock.ts';
import { loadConfig } from '../../../lambda/config.ts';
import type { Mailer } from '../../../lambda/delivery/ports.ts';
import { createDeliverHandler } from '../../../lambda/handlers/deliver-handler.ts';
import type { Runtime } from '../../../lambda/handlers/runtime.ts';
import { type Keyring, newKeyring } from '../../../lambda/subscribers/keyring.ts';

const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };

/** Only what the handler touches before its first batch; the rest is never called. */
function runtimeWith(keyring: () => Promise<Keyring>): Runtime {
  const unused = new Proxy({}, { get: () => () => Promise.reject(new Error('not used')) });
  return {
    config: loadConfig({}),
    subscribers: unused as Runtime['subscribers'],
    ledger: unused as Runtime['ledger'],
    editions: unused as Runtime['editions'],
    archive: unused as Runtime['archive'],
    mailer: { send: () => Promise.reject(new Error('not used')) } as unknown as Mailer,
    keyring,
  };
}

describe('createDeliverHandler', () => {
  it('builds one pacer and one in-flight limit for invocations that start together', async () => {
    const keyring = vi.fn(
      () => new Promise<Keyring>((resolve) => setTimeout(() => resolve(newKeyring()), 20)),
    );
    const handler = createDeliverHandler(runtimeWith(keyring), { clock: systemClock, log: quiet });
    await Promise.all([
      handler({ Records: [] }),
      handler({ Records: [] }),
      handler({ Records: [] }),
    ]);
    expect(keyring).toHaveBeenCalledTimes(1);
  });

  it('tries the keyring again on the next invocation when it failed to load', async () => {
    const keyring = vi
      .fn<() => Promise<Keyring>>()
      .mockRejectedValueOnce(new Error('Secrets Manager unavailable'))
      .mockResolvedValue(newKeyring());
    const handler = createDeliverHandler(runtimeWith(keyring), { clock: systemClock, log: quiet });
    await expect(handler({ Records: [] })).rejects.toThrow(/Secrets Manager unavailable/);
    await expect(handler({ Records: [] })).resolves.toEqual({ batchItemFailures: [] });
    expect(keyring).toHaveBeenCalledTimes(2);
  });
});
