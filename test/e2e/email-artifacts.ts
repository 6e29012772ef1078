import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

/** Where the e2e email checks keep what they looked at (.eml, screenshots); gitignored. */
export const artifactsDir = join(import.meta.dirname, '..', '..', 'test-results', 'email');

export function artifactPath(name: string): string {
  mkdirSync(artifactsDir, { recursive: true });
  return join(artifactsDir, name);
}
