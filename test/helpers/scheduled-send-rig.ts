import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetSendQuotaCommand, SESClient } from '@aws-sdk/client-ses';
import { mockClient } from 'aws-sdk-client-mock';
import { createDocumentClient } from '../../lambda/adapters/dynamo-client.ts';
import { createDynamoSubscriberStore } from '../../lambda/adapters/dynamo-subscriber-store.ts';
import { createSesMailer } from '../../lambda/adapters/ses-mailer.ts';
import { loadConfig } from '../../lambda/config.ts';
import type { Clock, Logger } from '../../lambda/delivery/ports.ts';
import { createRuntime, type Runtime } from '../../lambda/handlers/runtime.ts';
import { repoRoot } from './cli.ts';
import { startTestDynamo, TEST_TABLES } from './dynalite.ts';
import { ROOMY_QUOTA } from './ses-faults.ts';
import { readerEmails, seedSubscribers } from './subscribers.ts';

export const quietLog: Logger = {
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};
/** Real time, no waiting: backoff and pacing pass at once. */
export const noWaitClock: Clock = { now: () => new Date(), sleep: async () => undefined };

/**
 * The whole scheduled job on dynalite, the repository's content and templates, and the real
 * SES adapter over a client whose answers the test sets (aws-sdk-client-mock), with
 * `readers` confirmed subscribers (`readerEmails`). Web copies go to a folder of its own, never
 * to the repository's `.data` (a developer's local editions).
 */
export async function startScheduledSendRig(readers: number) {
  const dynamo = await startTestDynamo();
  const ses = new SESClient({
    region: 'us-east-1',
    credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
  });
  const sesMock = mockClient(ses);
  const data = await mkdtemp(join(tmpdir(), 'braid-scheduled-send-'));
  const config = loadConfig({
    BRAID_DATA_DIR: data,
    BRAID_DYNAMODB_ENDPOINT: dynamo.endpoint,
    BRAID_SUBSCRIBERS_TABLE: TEST_TABLES.subscribers,
    BRAID_LEDGER_TABLE: TEST_TABLES.ledger,
    BRAID_EDITIONS_TABLE: TEST_TABLES.editions,
    BRAID_CONTENT_DIR: join(repoRoot, 'content'),
    BRAID_TEMPLATES_DIR: join(repoRoot, 'templates'),
    BRAID_SEND_RATE: '100000',
  });
  const options = { region: 'us-east-1', endpoint: undefined, configurationSet: undefined };
  sesMock.on(GetSendQuotaCommand).resolves(ROOMY_QUOTA);
  const runtime: Runtime = { ...createRuntime(config), mailer: createSesMailer(ses, options) };
  const db = createDocumentClient({ region: 'us-east-1', endpoint: dynamo.endpoint });
  await seedSubscribers(
    createDynamoSubscriberStore(db, TEST_TABLES.subscribers),
    readerEmails(readers),
  );
  return {
    runtime,
    sesMock,
    async close() {
      sesMock.restore();
      db.destroy();
      await dynamo.close();
      await rm(data, { recursive: true, force: true });
    },
  };
}

export type ScheduledSendRig = Awaited<ReturnType<typeof startScheduledSendRig>>;
