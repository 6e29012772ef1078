import type { Keyring } from '../../../lambda/subscribers/keyring.ts';
import { newSubscriber } from '../../../lambda/subscribers/new-subscriber.ts';
import type { Subscriber, SubscriberStatus } from '../../../lambda/subscribers/subscriber.ts';
import type { SubscriptionDeps } from '../../../lambda/subscribers/subscription-deps.ts';
import type { SubscriptionMail } from '../../../lambda/subscribers/subscription-mail.ts';
import {
  createMemorySubscriberStore,
  type MemorySubscriberStore,
} from '../../helpers/memory-subscribers.ts';

export const KEY_1 = 'k1-secret-k1-secret-k1-secret-k1-secret';
export const KEY_2 = 'k2-secret-k2-secret-k2-secret-k2-secret';

export const keyring: Keyring = { current: 'k1', keys: new Map([['k1', KEY_1]]) };

export const PUBLIC_URL = 'https://briefing.example.org';
export const TITLE = 'Braid';

export const T0 = new Date('2026-03-01T08:00:00.000Z');
export const later = (ms: number, from: Date = T0) => new Date(from.getTime() + ms);
export const HOUR = 60 * 60 * 1000;
export const DAY = 24 * HOUR;

export interface LogEntry {
  level: 'info' | 'warn' | 'error';
  message: string;
  fields: Record<string, unknown> | undefined;
}

export function capturingLog() {
  const entries: LogEntry[] = [];
  const at = (level: LogEntry['level']) => (message: string, fields?: Record<string, unknown>) => {
    entries.push({ level, message, fields });
  };
  return { entries, log: { info: at('info'), warn: at('warn'), error: at('error') } };
}

export interface MailCall {
  kind: keyof SubscriptionMail;
  subscriber: Subscriber;
  url: string;
  now: Date;
}

/** A SubscriptionMail that records every call; `failWith` makes every send throw it. */
export function capturingMail(failWith?: unknown) {
  const calls: MailCall[] = [];
  const record =
    (kind: MailCall['kind']) =>
    async (subscriber: Subscriber, url: string, now: Date): Promise<void> => {
      calls.push({ kind, subscriber: structuredClone(subscriber), url, now });
      if (failWith !== undefined) throw failWith;
    };
  const mail: SubscriptionMail = {
    confirmation: record('confirmation'),
    welcome: record('welcome'),
    alreadySubscribed: record('alreadySubscribed'),
  };
  return { calls, mail };
}

/** Everything the use cases need, in memory; each part is returned for the Assess step. */
export function world(
  options: { store?: MemorySubscriberStore; mailFailure?: unknown; ring?: Keyring } = {},
) {
  const store = options.store ?? createMemorySubscriberStore();
  const { calls, mail } = capturingMail(options.mailFailure);
  const { entries, log } = capturingLog();
  const deps: SubscriptionDeps = {
    subscribers: store,
    mail,
    keyring: options.ring ?? keyring,
    publicUrl: PUBLIC_URL,
    title: TITLE,
    log,
  };
  return { deps, store, calls, logs: entries };
}

/**
 * The store given, except that its first `losses` replaces answer false without writing, as
 * when another writer got there first. `replaces` counts every call.
 */
export function losingReplaces(store: MemorySubscriberStore, losses: number) {
  const counter = { replaces: 0 };
  const wrapped: MemorySubscriberStore = {
    ...store,
    async replace(next, previous) {
      counter.replaces += 1;
      if (counter.replaces <= losses) return false;
      return store.replace(next, previous);
    },
  };
  return { store: wrapped, counter };
}

/** The token of a link made by links.ts. */
export function tokenOf(url: string): string {
  const token = new URL(url).searchParams.get('token');
  if (token === null) throw new Error(`No token in ${url}`);
  return token;
}

export const EMAIL = 'ada@example.com';

/** A stored subscriber in any status, as the lifecycle would have left it. */
export function stored(
  status: SubscriberStatus,
  extra: Partial<Subscriber> = {},
  email = EMAIL,
): Subscriber {
  const base = newSubscriber({
    email,
    status,
    at: later(-30 * DAY),
    ...(status === 'confirmed'
      ? { consent: { source: 'form', text: 'Earlier consent.', version: 'old' } }
      : {}),
  });
  return { ...base, version: 3, ...extra };
}

/** A valid address of exactly `length` characters: a 64-character local part, labels of ≤ 63. */
export function addressOfLength(length: number): string {
  const labels: string[] = [];
  let remaining = length - 65 - 3; // the local part and '@'; the final 'org'
  while (remaining > 0) {
    let size = Math.min(63, remaining - 1);
    if (remaining - (size + 1) === 1) size -= 1;
    labels.push('d'.repeat(size));
    remaining -= size + 1;
  }
  return `${'l'.repeat(64)}@${[...labels, 'org'].join('.')}`;
}
