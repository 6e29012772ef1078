#!/usr/bin/env node
// The `braid` command. It runs the CLI built into plain JavaScript (cli/build.js): built by
// `npm install`, and again here when a source file changed since. Without esbuild (a
// production install) it runs the TypeScript through tsx, slower to start.
import { pathToFileURL } from 'node:url';
import { buildCli, currentBuild } from './build.js';

// The AWS SDK warns on every run under Node 20 that releases after January 2027 need
// Node 22. The lockfile pins a release that supports Node 20; the warning would only
// bury the summary. Set the variable to "false" to see it.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

// Stack traces point at the TypeScript sources when asked for (the maps load only then).
if (process.argv.includes('--debug')) process.setSourceMapsEnabled(true);

async function builtEntry() {
  const current = currentBuild();
  if (current !== undefined) return current;
  try {
    return await buildCli();
  } catch (error) {
    if (process.argv.includes('--debug')) console.error(error);
    return undefined;
  }
}

const entry = await builtEntry();
if (entry !== undefined) {
  await import(pathToFileURL(entry).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import(new URL('./index.ts', import.meta.url).href);
}
