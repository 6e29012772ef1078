import { join } from 'node:path';
import { readPageTemplates } from '../../../lambda/adapters/page-templates.ts';
import type { EditionSummary, Logger } from '../../../lambda/delivery/ports.ts';
import type { AppDeps } from '../../../lambda/http/app-deps.ts';
import type { PageTemplates } from '../../../lambda/http/page-templates.ts';
import { newKeyring } from '../../../lambda/subscribers/keyring.ts';
import type { SubscriberStore } from '../../../lambda/subscribers/ports.ts';
import type { SubscriptionMail } from '../../../lambda/subscribers/subscription-mail.ts';

export const PAGES_DIR = join(import.meta.dirname, '..', '..', '..', 'templates', 'pages');

let cached: Promise<PageTemplates> | undefined;
/** The real page templates, read once per test file. */
export function pageTemplates(): Promise<PageTemplates> {
  cached ??= readPageTemplates(PAGES_DIR);
  return cached;
}

export interface LogLine {
  level: 'info' | 'warn' | 'error';
  message: string;
  fields?: Record<string, unknown>;
}

export function memoryLog(): Logger & { lines: LogLine[] } {
  const lines: LogLine[] = [];
  return {
    lines,
    info: (message, fields) =>
      lines.push({ level: 'info', message, ...(fields ? { fields } : {}) }),
    warn: (message, fields) =>
      lines.push({ level: 'warn', message, ...(fields ? { fields } : {}) }),
    error: (message, fields) =>
      lines.push({ level: 'error', message, ...(fields ? { fields } : {}) }),
  };
}

/**
 * Deps for unit tests of routes that never reach the subscriber store or the mailer: both
 * throw if they are called. The archive holds what the test gives it.
 */
export async function unitDeps(
  overrides: Partial<AppDeps> & {
    summaries?: EditionSummary[];
    copies?: Record<string, string>;
  } = {},
): Promise<AppDeps & { log: ReturnType<typeof memoryLog> }> {
  const log = memoryLog();
  const unreachable = () => {
    throw new Error('not reachable in this test');
  };
  const subscribers = new Proxy({}, { get: () => unreachable }) as SubscriberStore;
  const mail = new Proxy({}, { get: () => unreachable }) as SubscriptionMail;
  const { summaries = [], copies = {}, ...rest } = overrides;
  return {
    subscription: {
      subscribers,
      mail,
      keyring: newKeyring(),
      publicUrl: 'https://braid.example.org',
      title: 'Braid',
      log,
    },
    editions: { listArchive: async (limit) => ({ items: summaries.slice(0, limit) }) },
    archive: { get: async (id) => copies[id] },
    pages: await pageTemplates(),
    clock: { now: () => new Date('2026-12-01T08:00:00Z') },
    title: 'Braid',
    publicUrl: 'https://braid.example.org',
    log,
    ...rest,
  } as AppDeps & { log: ReturnType<typeof memoryLog> };
}
