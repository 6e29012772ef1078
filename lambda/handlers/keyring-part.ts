import { join } from 'node:path';
import { loadFileKeyring } from '../adapters/file-keyring.ts';
import { refreshingKeyring } from '../adapters/refreshing-keyring.ts';
import { type Config, requireTokenKeysSecret } from '../config.ts';
import { type Keyring, parseKeyring } from '../subscribers/keyring.ts';

/** Where the local keyring lives: generated there on first use. */
export function localKeyringPath(config: Config): string {
  return join(config.dataDir, 'token-keys.json');
}

/** The link keys: the test JSON, Secrets Manager (AWS), or the local file; loaded once. */
export function keyringLoader(config: Config): () => Promise<Keyring> {
  let loaded: Promise<Keyring> | undefined;
  const load = (): Promise<Keyring> => {
    const { secretId, json } = config.tokenKeys;
    if (json !== undefined) return Promise.resolve(parseKeyring(json, 'BRAID_TOKEN_KEYS'));
    if (config.mode === 'aws' || secretId !== undefined) {
      const id = secretId ?? requireTokenKeysSecret(config);
      // Imported when first used: locally the Secrets Manager client is never loaded at all.
      return refreshingKeyring(async () =>
        (await import('../adapters/secrets-keyring.ts')).loadSecretsKeyring(id),
      );
    }
    return loadFileKeyring(localKeyringPath(config));
  };
  return () => {
    // A failed load is not cached: the next invocation tries again.
    loaded ??= load().catch((error: unknown) => {
      loaded = undefined;
      throw error;
    });
    return loaded;
  };
}
