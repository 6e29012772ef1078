import type { EditionArchive, EditionStore, Logger } from '../delivery/ports.ts';
import type { SubscriptionDeps } from '../subscribers/subscription-deps.ts';
import type { PageTemplates } from './page-templates.ts';
import type { RateLimitOptions } from './rate-limit.ts';

/** What the HTTP app needs: plain values and ports, wired by the Lambda handler or the CLI. */
export interface AppDeps {
  /** The signup, confirm and unsubscribe use cases' own dependencies. */
  subscription: SubscriptionDeps;
  editions: Pick<EditionStore, 'listArchive'>;
  archive: Pick<EditionArchive, 'get'>;
  pages: PageTemplates;
  clock: { now(): Date };
  /** The newsletter's name, on every page. */
  title: string;
  /** Base URL of these pages, no trailing slash (feed links). */
  publicUrl: string;
  log: Logger;
  /** Shown on the page of an unusable unsubscribe link, as the other way out. */
  unsubscribeMailto?: string;
  /** Per-client limit of POST /subscribe; default 10 a minute. */
  rateLimit?: RateLimitOptions;
}
