import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

interface PackageJson {
  name?: string;
  version?: string;
}

function readPackage(dir: string): PackageJson | undefined {
  try {
    return JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as PackageJson;
  } catch {
    return undefined;
  }
}

let found: { root: string; version: string } | undefined;

/**
 * The project's folder and version. The CLI runs from its sources or from its build (under
 * node_modules/.cache), so the folder is found by walking up to Braid's package.json.
 */
function project(): { root: string; version: string } {
  if (found !== undefined) return found;
  for (let dir = import.meta.dirname; ; dir = dirname(dir)) {
    const pkg = readPackage(dir);
    if (pkg?.name === 'braid') {
      found = { root: dir, version: pkg.version ?? '0.0.0' };
      return found;
    }
    if (dirname(dir) === dir)
      throw new Error(`no package.json of braid above ${import.meta.dirname}`);
  }
}

export const packageRoot = (): string => project().root;
export const packageVersion = (): string => project().version;
