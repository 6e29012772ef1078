import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { loadStory } from '../lambda/adapters/content-dir.ts';
import { createDocumentClient } from '../lambda/adapters/dynamo-client.ts';
import { ensureTables } from '../lambda/adapters/dynamo-tables.ts';
import { systemClock } from '../lambda/adapters/system-clock.ts';
import { readCompiledTemplate } from '../lambda/adapters/template-files.ts';
import { buildBriefing } from '../lambda/briefing/build-briefing.ts';
import { loadConfig } from '../lambda/config.ts';
import { deliverBatch } from '../lambda/delivery/deliver.ts';
import { createPacer } from '../lambda/delivery/pacer.ts';
import type { Mailer } from '../lambda/delivery/ports.ts';
import { createRenderer } from '../lambda/handlers/renderer.ts';
import { createRuntime } from '../lambda/handlers/runtime.ts';
import { runScheduledSend } from '../lambda/handlers/scheduled-send.ts';
import { newKeyring } from '../lambda/subscribers/keyring.ts';
import { subscriberIdFor } from '../lambda/subscribers/subscriber-id.ts';
import { startDynaliteProcess } from './dynalite-process.ts';
import { trackPeakRss } from './measure.ts';
import { memoryPorts } from './memory-ports.ts';

const root = join(import.meta.dirname, '..');
const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };

/** An SES stand-in behind the Mailer port: answers each send in 20–50 ms, as SES does. */
function sesStandIn(): Mailer & { sendTimes: number[] } {
  const sendTimes: number[] = [];
  let n = 0;
  return {
    sendTimes,
    async send() {
      sendTimes.push(performance.now());
      await delay(20 + Math.random() * 30);
      n += 1;
      return { messageId: `stand-in-${n}` };
    },
  };
}

interface RunFigures {
  subscribers: number;
  configured: number;
  sent: number;
  seconds: number;
  achieved: number;
  peakMb: number;
}

/**
 * One scheduled send, end to end on embedded engines: dynalite (in memory) for subscribers,
 * ledger and editions, the real compose → queue → deliver path, the SES stand-in.
 */
async function endToEnd(subscribers: number, rate: number): Promise<RunFigures> {
  const dynamo = await startDynaliteProcess();
  const { endpoint } = dynamo;
  const dir = await mkdtemp(join(tmpdir(), 'braid-bench-'));
  try {
    await cp(join(root, 'content'), join(dir, 'content'), { recursive: true });
    // A fresh headline per run makes the story new again for this run's edition.
    await writeFile(
      join(dir, 'content', 'biden-calls-putin-a-killer', 'story.yaml'),
      `status: ready\nheadline: Bench run at ${rate}/s\n`,
    );
    const config = loadConfig({
      BRAID_DYNAMODB_ENDPOINT: endpoint,
      BRAID_CONTENT_DIR: join(dir, 'content'),
      BRAID_TEMPLATES_DIR: join(root, 'templates'),
      BRAID_DATA_DIR: join(dir, '.data'),
      BRAID_SEND_RATE: String(rate),
      // Enough messages in flight for the rate, with the ledger's writes in each one's path.
      BRAID_DELIVER_CONCURRENCY: String(Math.max(1, Math.ceil((rate * 0.2) / 16))),
      BRAID_SEND_CONCURRENCY: '16',
    });
    await ensureTables({ region: config.region, endpoint }, config.tables);
    const db = createDocumentClient({ region: config.region, endpoint });
    const at = '2021-03-17T00:00:00.000Z';
    for (let i = 0; i < subscribers; i += 25) {
      const items = [];
      for (let j = i; j < Math.min(subscribers, i + 25); j += 1) {
        const email = `reader${j}@example.com`;
        items.push({
          PutRequest: {
            Item: {
              id: subscriberIdFor(email),
              email,
              status: 'confirmed',
              createdAt: at,
              updatedAt: at,
            },
          },
        });
      }
      await db.send(
        new BatchWriteCommand({ RequestItems: { [config.tables.subscribers]: items } }),
      );
    }
    const ses = sesStandIn();
    const runtime = { ...createRuntime(config), mailer: ses };
    const peak = trackPeakRss();
    const summary = await runScheduledSend(runtime, new Date(), { clock: systemClock, log: quiet });
    const peakMb = peak.stop() / 1024 / 1024;
    db.destroy();
    const first = ses.sendTimes[0] ?? 0;
    const last = ses.sendTimes[ses.sendTimes.length - 1] ?? first;
    // The rate SES sees: sends per second between the first and the last hand-over.
    const seconds = (last - first) / 1000;
    const sent = summary.counts.sent;
    return {
      subscribers,
      configured: rate,
      sent,
      seconds,
      achieved: seconds > 0 ? (ses.sendTimes.length - 1) / seconds : 0,
      peakMb,
    };
  } finally {
    await dynamo.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * The sender alone (deliverBatch: claims, MIME, pacing, concurrency) over in-memory ports and
 * the SES stand-in: does it keep SES at the configured rate?
 */
async function senderPacing(
  messages: number,
  rate: number,
): Promise<{ achieved: number; seconds: number }> {
  const config = loadConfig({ BRAID_TEMPLATES_DIR: join(root, 'templates') });
  const story = await loadStory(join(root, 'content', 'biden-calls-putin-a-killer'));
  const edition = await createRenderer(
    config,
    await readCompiledTemplate(config.templatesDir, 'edition'),
  )('bench-pacing', new Date(), [buildBriefing(story)]);
  const at = new Date().toISOString();
  const subscribers = Array.from({ length: messages }, (_, i) => ({
    id: `sub_${i}`,
    email: `reader${i}@example.com`,
    status: 'confirmed' as const,
    createdAt: at,
    updatedAt: at,
  }));
  const ports = memoryPorts(subscribers, {
    id: edition.id,
    status: 'sending',
    scheduledAt: at,
    stories: [],
    storySet: '',
    edition,
    createdAt: at,
  });
  const ses = sesStandIn();
  const deps = {
    ...ports,
    mailer: ses,
    pacer: createPacer(systemClock, rate),
    clock: systemClock,
    log: quiet,
    publicUrl: config.publicUrl,
    keyring: newKeyring(),
    concurrency: 16,
  };
  const batches: string[][] = [];
  for (let i = 0; i < messages; i += 50)
    batches.push(subscribers.slice(i, i + 50).map((s) => s.id));
  // As many batches at once as the rate needs messages in flight at 20–50 ms an answer.
  const parallel = Math.max(1, Math.ceil((rate * 0.06) / 16));
  let next = 0;
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      for (let batch = batches[next++]; batch !== undefined; batch = batches[next++]) {
        await deliverBatch(deps, { editionId: edition.id, subscriberIds: batch });
      }
    }),
  );
  const first = ses.sendTimes[0] ?? 0;
  const seconds = ((ses.sendTimes[ses.sendTimes.length - 1] ?? first) - first) / 1000;
  return { achieved: (ses.sendTimes.length - 1) / seconds, seconds };
}

/** Rows for bench/index.ts: the delivery figures issue 5 sets targets for. */
export async function deliveryBench(): Promise<string[][]> {
  const rows: string[][] = [];
  for (const rate of [100, 1_000]) {
    const run = await senderPacing(rate * 10, rate);
    rows.push([
      `sender at ${rate}/s (${rate * 10} messages, SES stand-in 20–50 ms): achieved ÷ configured`,
      `${(run.achieved / rate).toFixed(3)} (${run.achieved.toFixed(0)}/s over ${run.seconds.toFixed(1)} s)`,
    ]);
  }
  const run = await endToEnd(10_000, 1_000);
  rows.push(
    ['end to end, 10,000 subscribers (dynalite, compose → queue → deliver): sent', `${run.sent}`],
    ['  messages per second', `${run.achieved.toFixed(0)}/s over ${run.seconds.toFixed(1)} s`],
    ['  peak RSS', `${run.peakMb.toFixed(0)} MB`],
  );
  return rows;
}
