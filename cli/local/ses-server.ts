import type { Server } from 'node:http';
import { createRequire } from 'node:module';

type StartSes = (config: { host?: string; port?: number }) => Promise<Server>;

/**
 * Starts the local SES API; resolves with the server whether or not it could listen.
 * aws-ses-v2-local is CommonJS with an `exports.default`; Node's ESM loader and vitest
 * disagree on what a default import of it is, so it is loaded with require, and only when
 * started: it costs a third of a second, which commands that send nothing never pay.
 */
export const startSesServer: StartSes = (config) => {
  const { default: start } = createRequire(import.meta.url)('aws-ses-v2-local') as {
    default: StartSes;
  };
  return start(config);
};
