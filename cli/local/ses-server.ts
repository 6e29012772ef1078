import type { Server } from 'node:http';
import { createRequire } from 'node:module';

type StartSes = (config: { host?: string; port?: number }) => Promise<Server>;

// aws-ses-v2-local is CommonJS with an `exports.default`; Node's ESM loader and vitest
// disagree on what a default import of it is, so it is loaded with require.
const { default: start } = createRequire(import.meta.url)('aws-ses-v2-local') as {
  default: StartSes;
};

/** Starts the local SES API; resolves with the server whether or not it could listen. */
export const startSesServer: StartSes = start;
