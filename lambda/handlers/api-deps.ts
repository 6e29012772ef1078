import { join } from 'node:path';
import { createJsonLogger } from '../adapters/json-logger.ts';
import { readPageTemplates } from '../adapters/page-templates.ts';
import { readCompiledTemplate } from '../adapters/template-files.ts';
import type { Logger } from '../delivery/ports.ts';
import type { AppDeps } from '../http/app-deps.ts';
import type { RateLimitOptions } from '../http/rate-limit.ts';
import { createSubscriptionMail } from '../subscribers/subscription-mail.ts';
import { editionSettings } from './renderer.ts';
import type { Runtime } from './runtime.ts';

export interface ApiDepsOptions {
  /** Default: JSON lines on stderr (CloudWatch in AWS). */
  log?: Logger;
  /** Default: the system clock. */
  clock?: { now(): Date };
  /** Where `compiled/` and `pages/` are; default the config's templates folder. */
  templatesDir?: string;
  /** Per-client limit of POST /subscribe; default 10 a minute. */
  rateLimit?: RateLimitOptions;
}

/**
 * What the HTTP app needs, from the runtime's adapters: the keyring (loaded once, from
 * Secrets Manager in AWS), the confirm and welcome templates compiled at build time, and the
 * page templates. Called once per process (Lambda cold start, `braid serve`).
 */
export async function createApiDeps(
  runtime: Runtime,
  options: ApiDepsOptions = {},
): Promise<AppDeps> {
  const { config } = runtime;
  const templatesDir = options.templatesDir ?? config.templatesDir;
  const log = options.log ?? createJsonLogger();
  const [keyring, confirm, welcome, pages] = await Promise.all([
    runtime.keyring(),
    readCompiledTemplate(templatesDir, 'confirm'),
    readCompiledTemplate(templatesDir, 'welcome'),
    readPageTemplates(join(templatesDir, 'pages')),
  ]);
  const mail = createSubscriptionMail({
    mailer: runtime.mailer,
    settings: editionSettings(config),
    templates: { confirm, welcome },
  });
  return {
    subscription: {
      subscribers: runtime.subscribers,
      mail,
      keyring,
      publicUrl: config.publicUrl,
      title: config.title,
      log,
    },
    editions: runtime.editions,
    archive: runtime.archive,
    pages,
    clock: options.clock ?? { now: () => new Date() },
    title: config.title,
    publicUrl: config.publicUrl,
    log,
    unsubscribeMailto: config.unsubscribeMailto,
    ...(options.rateLimit === undefined ? {} : { rateLimit: options.rateLimit }),
  };
}
