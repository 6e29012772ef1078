import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createDynamoEditionStore } from '../../lambda/adapters/dynamo-edition-store.ts';
import { createDynamoLedger } from '../../lambda/adapters/dynamo-ledger.ts';
import { createDynamoSubscriberStore } from '../../lambda/adapters/dynamo-subscriber-store.ts';
import { loadConfig } from '../../lambda/config.ts';
import type { DeliverDeps } from '../../lambda/delivery/deliver.ts';
import { createPacer } from '../../lambda/delivery/pacer.ts';
import type { Clock, LedgerEntry, Logger, Mailer } from '../../lambda/delivery/ports.ts';
import type { Edition } from '../../lambda/email/types.ts';
import type { Runtime } from '../../lambda/handlers/runtime.ts';
import { newKeyring } from '../../lambda/subscribers/keyring.ts';
import type { Subscriber } from '../../lambda/subscribers/subscriber.ts';
import { subscriberIdFor } from '../../lambda/subscribers/subscriber-id.ts';
import { TEST_TABLES } from './dynalite.ts';

/**
 * The set-up shared by the delivery tests on dynalite (deliver-faults, retry,
 * dynamo-ledger-faults): an edition being sent and its confirmed subscribers, the
 * DeliverDeps and the Runtime over the real DynamoDB adapters, a virtual clock, a log that
 * keeps its lines.
 */

export interface LogLine {
  level: 'info' | 'warn' | 'error';
  message: string;
  fields?: Record<string, unknown>;
}

/** A logger that keeps every line it is given. */
export function recordingLog(): Logger & { lines: LogLine[] } {
  const lines: LogLine[] = [];
  const at =
    (level: LogLine['level']) =>
    (message: string, fields?: Record<string, unknown>): void => {
      lines.push({ level, message, fields });
    };
  return { lines, info: at('info'), warn: at('warn'), error: at('error') };
}

/** Time that moves only by sleeping, at once, from 2021-03-18T06:00Z; it keeps the sleeps. */
export function virtualClock(): Clock & { slept: number[] } {
  let now = Date.parse('2021-03-18T06:00:00Z');
  const slept: number[] = [];
  return {
    slept,
    now: () => new Date(now),
    sleep: async (ms) => {
      slept.push(ms);
      now += ms;
    },
  };
}

/** How a test names its scenario's edition and subscribers, to keep it apart from others. */
export interface ScenarioNames {
  editionId: string;
  storySet: string;
  /** The `i`th subscriber's address. */
  email: (i: number) => string;
}

/**
 * Writes an edition being sent (claimed as `sending`) and `count` confirmed subscribers,
 * through `db`; returns the real DynamoDB adapters over it and who was added.
 */
export async function seedScenario(
  db: DynamoDBDocumentClient,
  template: Edition,
  names: ScenarioNames,
  count: number,
) {
  const { editionId } = names;
  const editions = createDynamoEditionStore(db, TEST_TABLES.editions);
  const subscribers = createDynamoSubscriberStore(db, TEST_TABLES.subscribers);
  const at = '2021-03-17T00:00:00.000Z';
  await editions.claim({
    id: editionId,
    status: 'sending',
    scheduledAt: at,
    stories: ['s'],
    storySet: names.storySet,
    createdAt: at,
    edition: { ...template, id: editionId },
  });
  const people: Subscriber[] = [];
  for (let i = 0; i < count; i += 1) {
    const email = names.email(i);
    const subscriber: Subscriber = {
      id: subscriberIdFor(email),
      email,
      status: 'confirmed',
      createdAt: at,
      updatedAt: at,
    };
    await subscribers.add(subscriber);
    people.push(subscriber);
  }
  const ledger = createDynamoLedger(db, TEST_TABLES.ledger);
  return {
    editionId,
    editions,
    subscribers,
    ledger,
    ids: people.map((p) => p.id),
    emails: people.map((p) => p.email),
  };
}

/** The DeliverDeps over a scenario's adapters: paced at 1000/s, jitter fixed at 0.5. */
export function deliverDepsOf(
  stores: Pick<DeliverDeps, 'editions' | 'subscribers' | 'ledger'>,
  { mailer, clock, log }: { mailer: Mailer; clock: Clock; log: Logger },
): DeliverDeps {
  return {
    editions: stores.editions,
    subscribers: stores.subscribers,
    ledger: stores.ledger,
    mailer,
    pacer: createPacer(clock, 1000),
    clock,
    log,
    publicUrl: 'https://news.example.org',
    keyring: newKeyring(),
    random: () => 0.5,
  };
}

/** The runtime a retry on request runs with, over the same adapters (15 min bound). */
export function runtimeOf(deps: DeliverDeps, overrides: Partial<Runtime> = {}): Runtime {
  return {
    config: { ...loadConfig({}), sendRate: 1000, unresolvedAfterMs: 15 * 60_000 },
    subscribers: deps.subscribers,
    ledger: deps.ledger,
    editions: deps.editions,
    mailer: deps.mailer,
    archive: { put: async () => '', get: async () => undefined },
    keyring: async () => deps.keyring,
    ...overrides,
  };
}

/** The ledger's entries for the edition, by subscriber. */
export function ledgerReader(ledger: DeliverDeps['ledger'], editionId: string) {
  return async (): Promise<Map<string, LedgerEntry>> => {
    const entries: LedgerEntry[] = [];
    for await (const entry of ledger.list(editionId)) entries.push(entry);
    return new Map(entries.map((e) => [e.subscriber, e]));
  };
}
