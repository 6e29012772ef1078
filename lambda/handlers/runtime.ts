import type { Config } from '../config.ts';
import { editionArchive } from './archive-part.ts';
import { keyringLoader } from './keyring-part.ts';
import { sesMailer } from './mailer-part.ts';
import { createRuntimeWith, type Runtime } from './runtime-core.ts';

export { localKeyringPath } from './keyring-part.ts';
export type { Runtime } from './runtime-core.ts';

/**
 * Every adapter wired: what the CLI, the compose function and the tests use. A Lambda entry
 * point that needs fewer clients calls createRuntimeWith with only its parts instead.
 */
export function createRuntime(config: Config): Runtime {
  return createRuntimeWith(config, {
    mailer: sesMailer,
    archive: editionArchive,
    keyring: keyringLoader,
  });
}
