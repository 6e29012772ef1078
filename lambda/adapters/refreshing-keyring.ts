import type { Keyring } from '../subscribers/keyring.ts';

/** How often a warm function re-reads the keys (Secrets Manager): a rotation reaches it soon. */
export const KEYRING_REFRESH_MS = 5 * 60 * 1000;

/**
 * A keyring that re-reads its source in the background once `ttlMs` have passed since the
 * last read, so a warm Lambda learns a key added to the secret without a restart. Reads stay
 * synchronous (the old keys serve until the new ones arrive); a failed re-read keeps the old
 * keys and tries again after another `ttlMs`.
 */
export async function refreshingKeyring(
  load: () => Promise<Keyring>,
  ttlMs = KEYRING_REFRESH_MS,
  now: () => number = Date.now,
): Promise<Keyring> {
  let state = await load();
  let loadedAt = now();
  let refreshing = false;
  const refreshIfStale = () => {
    if (refreshing || now() - loadedAt < ttlMs) return;
    refreshing = true;
    load()
      .then((next) => {
        state = next;
      })
      .catch(() => undefined)
      .finally(() => {
        loadedAt = now();
        refreshing = false;
      });
  };
  return {
    get current() {
      refreshIfStale();
      return state.current;
    },
    get keys() {
      refreshIfStale();
      return state.keys;
    },
  };
}
