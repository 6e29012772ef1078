#!/usr/bin/env node
// The `braid` command. The CLI is TypeScript run through tsx, so there is no build step.
import { register } from 'tsx/esm/api';

// The AWS SDK warns on every run under Node 20 that releases after January 2027 need
// Node 22. The lockfile pins a release that supports Node 20; the warning would only
// bury the summary. Set the variable to "false" to see it.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

register();
await import(new URL('./index.ts', import.meta.url).href);
