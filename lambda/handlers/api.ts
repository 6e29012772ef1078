import { handle } from 'hono/aws-lambda';
import { createJsonLogger } from '../adapters/json-logger.ts';
import { loadConfig } from '../config.ts';
import { createApp } from '../http/app.ts';
import { createApiDeps } from './api-deps.ts';
import { createRuntime } from './runtime.ts';

/**
 * The public pages and the signup API behind API Gateway (HTTP API, payload v2). Everything
 * is built once per instance, at cold start: config, adapters, the keyring (Secrets
 * Manager) and the compiled templates. The bundle is ESM, so top-level await is fine.
 */
const log = createJsonLogger();
const runtime = createRuntime(loadConfig());
const deps = await createApiDeps(runtime, { log });

export const handler = handle(createApp(deps));
