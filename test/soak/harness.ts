import { type ChildProcess, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { closeSync, openSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { startDynaliteProcess } from '../../bench/dynalite-process.ts';
import { loadStories } from '../../lambda/adapters/content-dir.ts';
import { ensureTables, type TableNames } from '../../lambda/adapters/dynamo-tables.ts';
import { systemClock } from '../../lambda/adapters/system-clock.ts';
import { readCompiledTemplate } from '../../lambda/adapters/template-files.ts';
import { loadConfig } from '../../lambda/config.ts';
import { compose } from '../../lambda/delivery/compose.ts';
import type { BatchMessage, LedgerEntry, Queue } from '../../lambda/delivery/ports.ts';
import { createRenderer } from '../../lambda/handlers/renderer.ts';
import { createRuntime } from '../../lambda/handlers/runtime.ts';
import { newSubscriber } from '../../lambda/subscribers/new-subscriber.ts';
import { FakeSqs, type FakeSqsOptions, ReceiveCapExceeded, type SqsRecord } from './fake-sqs.ts';
import { type FaultProxy, type FaultRates, startFaultProxy } from './fault-proxy.ts';
import type { BatchCounts, ParentMessage, WorkerReply } from './protocol.ts';
import { between, type Random, seededRandom, shuffle } from './rng.ts';
import { startSesProcess } from './ses-process.ts';
import { type Finding, type Recipient, type Verdict, verify } from './verify.ts';

/**
 * The delivery soak: one edition to R confirmed subscribers, delivered by several deliver
 * workers (separate processes running the real runtime and handler) fed by a hostile SQS,
 * with faults injected below the SDK into every DynamoDB and SES call and workers killed
 * mid-batch; then every recipient's messages at SES are counted against the ledger.
 * Faults, kills and queue behaviour are drawn from the seed (timing still varies by run).
 */

export interface SoakOptions {
  seed: string;
  /** About how long the run takes; recipients scale with it. */
  seconds: number;
  /** Confirmed subscribers; by default 32 per second of the run. */
  recipients?: number;
  /** Deliver workers alive at once (at most 4). */
  workers?: number;
  /** BRAID_SEND_RATE: messages per second over all workers. */
  sendRate?: number;
  /** Lambda's timeout: an invocation still running past it is killed. */
  functionTimeoutMs?: number;
  /** Share of invocations whose worker is SIGKILLed at a random moment within killWindowMs. */
  killProbability?: number;
  killWindowMs?: number;
  /** Share of receives also handed to a second worker at (nearly) the same time. */
  duplicateProbability?: number;
  /** Records per event: 1 to this (the event source mapping's batch size). */
  maxRecordsPerEvent?: number;
  sqs?: Partial<FakeSqsOptions>;
  dynamoFaults?: { default: FaultRates } & Record<string, Partial<FaultRates>>;
  sesFaults?: { default: FaultRates } & Record<string, Partial<FaultRates>>;
  /** Progress lines while it runs. */
  progress?: (line: string) => void;
  /** Keep the run's folder (worker logs, report.json) even when nothing was found. */
  keepDir?: boolean;
}

export interface SoakReport {
  seed: string;
  recipients: number;
  editionId: string;
  batches: number;
  faults: number;
  faultsByKind: Record<string, number>;
  callsByKind: Record<string, number>;
  kills: number;
  killsRandom: number;
  killsTimeout: number;
  workerStarts: number;
  invocations: number;
  invocationErrors: number;
  sqs: FakeSqs['stats'];
  deliverCounts: BatchCounts;
  verdict: Verdict;
  elapsedMs: number;
  /** Set when the soak itself failed (receive cap hit, no progress): loud, not a figure. */
  failure?: string;
  /** Calls a fault proxy could not forward: the harness's own trouble, which taints the run. */
  proxyErrors: string[];
  /** The run's folder (worker logs, report.json); removed unless kept or something was found. */
  dir: string;
}

export const DEFAULT_DYNAMO_FAULTS: { default: FaultRates } = {
  default: { throttle: 0.03, error: 0.015, appliedThenError: 0.015, hang: 0.0001 },
};
export const DEFAULT_SES_FAULTS: { default: FaultRates } & Record<string, Partial<FaultRates>> = {
  default: { throttle: 0.04, error: 0.02, appliedThenError: 0.02, hang: 0.0004 },
};
/**
 * Turned up: most receives duplicated, short visibility, many kills, SES throttling a
 * quarter of sends (so claims are given back often), DynamoDB faults about three times the
 * default. Finds the races the default finds now and then (`npm run soak -- --hostile`).
 */
export const HOSTILE: Partial<SoakOptions> = {
  duplicateProbability: 0.6,
  killProbability: 0.3,
  sqs: { visibilityTimeoutMs: 4_000 },
  sesFaults: { default: { throttle: 0.25, error: 0.02, appliedThenError: 0.02, hang: 0 } },
  dynamoFaults: { default: { throttle: 0.05, error: 0.04, appliedThenError: 0.04, hang: 0 } },
};

const DEFAULT_SQS: Omit<FakeSqsOptions, 'maxReceives'> = {
  visibilityTimeoutMs: 10_000,
  // SQS leaves a reported failure invisible for the rest of its visibility timeout; sooner
  // here, to keep the soak short, but not so soon that a batch waiting for a dead worker's
  // claim to pass the unresolved bound (the function timeout) uses up its receives.
  failureRedeliveryMs: 5_000,
  delayProbability: 0.1,
  delayMaxMs: 3_000,
  ghostProbability: 0.05,
  ghostMaxMs: 5_000,
  staleDeleteProbability: 0.5,
};

const TABLES: TableNames = {
  subscribers: 'soak-subscribers',
  ledger: 'soak-ledger',
  editions: 'soak-editions',
};
const root = fileURLToPath(new URL('../..', import.meta.url));
const workerEntry = fileURLToPath(new URL('./worker.ts', import.meta.url));
const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };

interface Invocation {
  n: number;
  records: SqsRecord[];
  timers: NodeJS.Timeout[];
}

interface Worker {
  id: number;
  child: ChildProcess;
  ready: boolean;
  exited: boolean;
  busy: Invocation | undefined;
}

/** The address book of the soak: `soak<i>@example.com`, a quarter of them with a name. */
function recipientsFor(count: number, random: Random) {
  return Array.from({ length: count }, (_, i) => ({
    email: `soak${i}@example.com`,
    name: random() < 0.25 ? `Reader ${i}` : undefined,
  }));
}

export async function runSoak(options: SoakOptions): Promise<SoakReport> {
  const started = Date.now();
  const { seed } = options;
  const progress = options.progress ?? (() => undefined);
  const workerCount = Math.min(4, Math.max(1, options.workers ?? 4));
  const recipientCount = options.recipients ?? Math.max(100, Math.round(options.seconds * 32));
  const functionTimeoutMs = options.functionTimeoutMs ?? 30_000;
  const killProbability = options.killProbability ?? 0.1;
  const killWindowMs = options.killWindowMs ?? 3_000;
  const duplicateProbability = options.duplicateProbability ?? 0.15;
  const maxRecordsPerEvent = options.maxRecordsPerEvent ?? 3;
  const sqsOptions: FakeSqsOptions = { ...DEFAULT_SQS, maxReceives: 25, ...options.sqs };
  // A run that makes no progress is stuck: fail it rather than wait for the test's timeout.
  const hardLimitMs = Math.max(options.seconds * 3, options.seconds + 90) * 1000;

  const dir = await mkdtemp(join(tmpdir(), `braid-soak-${seed.replace(/[^\w-]/g, '_')}-`));
  const cleanups: (() => Promise<void>)[] = [];
  const children = new Set<ChildProcess>();
  const killAll = () => {
    for (const child of children) child.kill('SIGKILL');
  };
  process.once('exit', killAll);
  let keep = options.keepDir === true;

  try {
    // The services, each behind its fault proxy. Setup and verification talk to them directly.
    const dynamo = await startDynaliteProcess();
    cleanups.push(() => dynamo.stop());
    const ses = await startSesProcess();
    cleanups.push(() => ses.stop());
    await ensureTables({ region: 'us-east-1', endpoint: dynamo.endpoint }, TABLES);
    const dynamoProxy = await startFaultProxy({
      service: 'dynamodb',
      target: dynamo.endpoint,
      rates: options.dynamoFaults ?? DEFAULT_DYNAMO_FAULTS,
      seed,
    });
    cleanups.push(() => dynamoProxy.close());
    const sesProxy = await startFaultProxy({
      service: 'ses',
      target: ses.endpoint,
      rates: options.sesFaults ?? DEFAULT_SES_FAULTS,
      seed,
    });
    cleanups.push(() => sesProxy.close());

    const key = createHash('sha256').update(`soak-key/${seed}`).digest('base64url');
    const baseEnv: Record<string, string> = {
      BRAID_MODE: 'local',
      BRAID_CONTENT_DIR: join(root, 'content'),
      BRAID_TEMPLATES_DIR: join(root, 'templates'),
      BRAID_DATA_DIR: join(dir, 'data'),
      BRAID_OUT_DIR: join(dir, 'out'),
      BRAID_SUBSCRIBERS_TABLE: TABLES.subscribers,
      BRAID_LEDGER_TABLE: TABLES.ledger,
      BRAID_EDITIONS_TABLE: TABLES.editions,
      BRAID_TOKEN_KEYS: JSON.stringify({ current: 'k1', k1: key }),
      BRAID_SEND_RATE: String(options.sendRate ?? 120),
      BRAID_DELIVER_CONCURRENCY: String(workerCount),
      // Workers run side by side, as in AWS: a `sending` entry belongs to a live worker for
      // as long as an invocation may run (locally, one send at a time, it is 0).
      BRAID_UNRESOLVED_AFTER_SECONDS: String(Math.ceil(functionTimeoutMs / 1000)),
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    };
    const direct = createRuntime(
      loadConfig({
        ...baseEnv,
        BRAID_DYNAMODB_ENDPOINT: dynamo.endpoint,
        BRAID_SES_ENDPOINT: ses.endpoint,
      }),
    );
    const workerEnv: Record<string, string> = {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      ...baseEnv,
      BRAID_DYNAMODB_ENDPOINT: dynamoProxy.url,
      BRAID_SES_ENDPOINT: sesProxy.url,
    };

    const sqsRandom = seededRandom(seed, 'sqs');
    const sqs = new FakeSqs(sqsOptions, sqsRandom);

    // The workers start booting while the subscribers are seeded and the edition composed.
    const killRandom = seededRandom(seed, 'kills');
    const dispatchRandom = seededRandom(seed, 'dispatch');
    const workers: Worker[] = [];
    const deliverCounts: BatchCounts = { sent: 0, skipped: 0, failed: 0, deferred: 0, other: {} };
    let workerStarts = 0;
    let invocations = 0;
    let invocationErrors = 0;
    let killsRandom = 0;
    let killsTimeout = 0;
    let stopping = false;
    let failure: string | undefined;
    const pendingDuplicates: { messageIds: string[]; until: number }[] = [];
    /** What the queue and the workers did, in order: timeline.log of the run folder. */
    const timeline: string[] = [];
    const note = (line: string) =>
      timeline.push(
        `${new Date().toISOString()} ${((Date.now() - started) / 1000).toFixed(3)} ${line}`,
      );
    const receipts = (records: SqsRecord[]) => records.map((r) => r.receiptHandle).join(' ');

    const answer = (worker: Worker, reply: WorkerReply) => {
      if (reply.type === 'ready') {
        worker.ready = true;
        return;
      }
      const invocation = worker.busy;
      if (invocation === undefined || invocation.n !== reply.invocation) return;
      for (const timer of invocation.timers) clearTimeout(timer);
      worker.busy = undefined;
      const now = Date.now();
      if (reply.type === 'error') {
        invocationErrors += 1;
        note(`worker ${worker.id} invocation ${invocation.n} threw: ${reply.error.split('\n')[0]}`);
        for (const record of invocation.records) sqs.fail(record.receiptHandle, now);
        return;
      }
      const failed = new Set(reply.batchItemFailures.map((f) => f.itemIdentifier));
      const { ghosts } = sqs.stats;
      const deletes: string[] = [];
      for (const record of invocation.records) {
        if (failed.has(record.messageId)) sqs.fail(record.receiptHandle, now);
        else deletes.push(`${record.receiptHandle}:${sqs.delete(record.receiptHandle, now)}`);
      }
      const back = sqs.stats.ghosts > ghosts ? ' (a deleted message will come back)' : '';
      note(
        `worker ${worker.id} invocation ${invocation.n} answered: delete [${deletes.join(' ')}] failed [${[...failed].join(' ')}] ${JSON.stringify(reply.counts)}${back}`,
      );
      deliverCounts.sent += reply.counts.sent;
      deliverCounts.skipped += reply.counts.skipped;
      deliverCounts.failed += reply.counts.failed;
      deliverCounts.deferred += reply.counts.deferred;
      for (const [name, value] of Object.entries(reply.counts.other)) {
        deliverCounts.other[name] = (deliverCounts.other[name] ?? 0) + value;
      }
    };

    const startWorker = (): Worker => {
      workerStarts += 1;
      const log = openSync(join(dir, `worker-${workerStarts}.log`), 'a');
      const child = spawn(process.execPath, ['--import', 'tsx', workerEntry], {
        cwd: root,
        env: workerEnv,
        stdio: ['ignore', log, log, 'ipc'],
      });
      closeSync(log);
      children.add(child);
      child.on('error', () => undefined);
      const worker: Worker = {
        id: workerStarts,
        child,
        ready: false,
        exited: false,
        busy: undefined,
      };
      child.on('message', (reply: WorkerReply) => answer(worker, reply));
      child.on('exit', () => {
        children.delete(child);
        worker.exited = true;
        // Whatever it held stays invisible until the visibility timeout: SQS redelivers it.
        for (const timer of worker.busy?.timers ?? []) clearTimeout(timer);
        worker.busy = undefined;
        const i = workers.indexOf(worker);
        if (i >= 0) workers.splice(i, 1);
        if (!stopping) workers.push(startWorker());
      });
      return worker;
    };

    const interrupted = new Set<string>();
    const kill = (worker: Worker, invocation: Invocation, why: 'random' | 'timeout') => {
      if (worker.busy !== invocation || worker.exited) return;
      for (const record of invocation.records) {
        const batch = JSON.parse(record.body) as BatchMessage;
        for (const id of batch.subscriberIds) interrupted.add(id);
      }
      if (why === 'random') killsRandom += 1;
      else killsTimeout += 1;
      note(`worker ${worker.id} invocation ${invocation.n} killed (${why})`);
      worker.child.kill('SIGKILL');
    };

    const invoke = (worker: Worker, records: SqsRecord[]) => {
      invocations += 1;
      const now = Date.now();
      const invocation: Invocation = { n: invocations, records, timers: [] };
      worker.busy = invocation;
      note(`worker ${worker.id} invocation ${invocation.n} got ${receipts(records)}`);
      // Lambda's timeout: the instance is stopped, and the messages wait out their visibility.
      invocation.timers.push(
        setTimeout(() => kill(worker, invocation, 'timeout'), functionTimeoutMs + 1_000),
      );
      // Make sure the run sees at least one kill even when the draws are kind.
      const owed = killsRandom === 0 && invocations >= 6;
      if (owed || killRandom() < killProbability) {
        const after = between(killRandom, 150, killWindowMs);
        invocation.timers.push(setTimeout(() => kill(worker, invocation, 'random'), after));
      }
      const message: ParentMessage = {
        type: 'invoke',
        invocation: invocation.n,
        event: { Records: records },
        deadline: now + functionTimeoutMs,
      };
      // A worker that died meanwhile: its exit starts another, and the messages wait out
      // their visibility timeout.
      worker.child.send(message, () => undefined);
    };

    for (let i = 0; i < workerCount; i += 1) workers.push(startWorker());

    // R confirmed subscribers (and a few pending ones, whom nothing may reach).
    const people = recipientsFor(recipientCount, seededRandom(seed, 'people'));
    const recipients: Recipient[] = [];
    const at = new Date('2021-03-17T00:00:00.000Z');
    const consent = { source: 'cli', text: 'Seeded by the soak.', version: 'soak' } as const;
    const add = async (list: typeof people, status: 'confirmed' | 'pending') => {
      for (let i = 0; i < list.length; i += 25) {
        await Promise.all(
          list.slice(i, i + 25).map(async (p) => {
            const subscriber = newSubscriber({
              email: p.email,
              name: p.name,
              status,
              at,
              ...(status === 'confirmed' ? { consent } : {}),
            });
            await direct.subscribers.add(subscriber);
            if (status === 'confirmed')
              recipients.push({ id: subscriber.id, email: subscriber.email });
          }),
        );
      }
    };
    const seedingFrom = Date.now();
    await add(people, 'confirmed');
    await add(
      Array.from({ length: 5 }, (_, i) => ({ email: `pending${i}@example.com`, name: undefined })),
      'pending',
    );

    const seeding = Date.now() - seedingFrom;
    // One edition, composed as the scheduled job does, its batches captured for the fake SQS.
    const captured: BatchMessage[] = [];
    const queue: Queue = {
      durable: true,
      async send(batch) {
        captured.push(...structuredClone(batch));
      },
    };
    const config = direct.config;
    const composed = await compose(
      {
        editions: direct.editions,
        subscribers: direct.subscribers,
        queue,
        archive: direct.archive,
        render: createRenderer(config, await readCompiledTemplate(config.templatesDir, 'edition')),
        log: quiet,
        clock: systemClock,
        timeZone: config.timeZone,
      },
      new Date(),
      await loadStories(config.contentDir, { only: 'ready' }),
    );
    if (composed.outcome !== 'queued')
      throw new Error(`compose did not queue: ${composed.outcome}`);
    const { editionId, subject } = composed;
    progress(
      `soak ${seed}: ${recipients.length} recipients, ${captured.length} batches of edition ${editionId}; ${workerCount} workers; set up in ${((Date.now() - started) / 1000).toFixed(1)} s (seeding ${(seeding / 1000).toFixed(1)} s, compose ${((Date.now() - seedingFrom - seeding) / 1000).toFixed(1)} s); run folder ${dir}`,
    );

    sqs.send(
      captured.map((m) => JSON.stringify(m)),
      Date.now(),
    );
    await writeFile(
      join(dir, 'batches.json'),
      `${JSON.stringify(
        captured.map((m, i) => ({ messageId: sqs.idOf(i), subscriberIds: m.subscriberIds })),
      )}\n`,
    );

    const faults = () => dynamoProxy.totalFaults() + sesProxy.totalFaults();
    let lastProgress = Date.now();
    while (true) {
      const now = Date.now();
      const busy = workers.filter((w) => w.busy !== undefined).length;
      if (sqs.remaining === 0 && busy === 0 && pendingDuplicates.length === 0) break;
      if (now - started > hardLimitMs) {
        failure = `no end after ${Math.round((now - started) / 1000)} s: ${sqs.remaining} messages not deleted, ${busy} invocations running`;
        break;
      }
      try {
        for (const worker of shuffle(dispatchRandom, [...workers])) {
          if (!worker.ready || worker.exited || worker.busy !== undefined) continue;
          // A duplicate owed to a second consumer goes first, while the first still holds it.
          const duplicate = pendingDuplicates.shift();
          if (duplicate !== undefined && duplicate.until >= now) {
            const again = duplicate.messageIds
              .map((id) => sqs.receiveAgain(id, now))
              .filter((r): r is SqsRecord => r !== undefined);
            if (again.length > 0) {
              invoke(worker, again);
              continue;
            }
          }
          const records = sqs.receive(between(dispatchRandom, 1, maxRecordsPerEvent), now);
          if (records.length === 0) break;
          invoke(worker, records);
          if (dispatchRandom() < duplicateProbability) {
            pendingDuplicates.push({
              messageIds: records.map((r) => r.messageId),
              until: now + 2_000,
            });
          }
        }
        while ((pendingDuplicates[0]?.until ?? Number.POSITIVE_INFINITY) < now)
          pendingDuplicates.shift();
      } catch (error) {
        if (!(error instanceof ReceiveCapExceeded)) throw error;
        failure = `receive cap hit: ${error.message}`;
        break;
      }
      if (now - lastProgress >= 5_000) {
        lastProgress = now;
        progress(
          `  ${Math.round((now - started) / 1000)} s: ${sqs.remaining} messages left (${sqs.visibleCount(now)} visible), ${busy} invocations running; ${deliverCounts.sent} sent; ${faults()} faults, ${killsRandom + killsTimeout} kills`,
        );
      }
      await delay(20);
    }

    // Stop the workers (a failed soak kills whatever still runs), then look.
    stopping = true;
    await Promise.all(
      workers.map(
        (worker) =>
          new Promise<void>((resolve) => {
            if (worker.exited) return resolve();
            worker.child.once('exit', () => resolve());
            if (failure !== undefined || !worker.child.connected) worker.child.kill('SIGKILL');
            else {
              worker.child.send({ type: 'stop' } satisfies ParentMessage);
              setTimeout(() => worker.child.kill('SIGKILL'), 5_000).unref();
            }
          }),
      ),
    );
    dynamoProxy.setEnabled(false);
    sesProxy.setEnabled(false);

    const ledger = new Map<string, LedgerEntry>();
    for await (const entry of direct.ledger.list(editionId)) ledger.set(entry.subscriber, entry);
    const verdict = verify(recipients, subject, await ses.emails(), ledger, {
      sesHistory: sesProxy.history,
      interrupted,
    });
    // The findings that matter, traced: their batch's deliveries, the faults they met, and
    // what each worker settled for them.
    const workerLogs = await Promise.all(
      Array.from({ length: workerStarts }, (_, i) =>
        readFile(join(dir, `worker-${i + 1}.log`), 'utf8')
          .then((text) => text.split('\n').map((line) => `worker ${i + 1}: ${line}`))
          .catch(() => [] as string[]),
      ),
    );
    const faultLines = [...dynamoProxy.log, ...sesProxy.log].sort();
    const traced = [...verdict.duplicates, ...verdict.losses, ...verdict.unexplained].slice(0, 50);
    for (const finding of traced) {
      const messages = captured
        .map((m, i) => (m.subscriberIds.includes(finding.subscriber) ? sqs.idOf(i) : undefined))
        .filter((id): id is string => id !== undefined);
      const invocationsOf = new Set(
        timeline
          .filter((line) => messages.some((id) => line.includes(`${id}#`)))
          .map((line) => /invocation (\d+) /.exec(line)?.[1]),
      );
      finding.trace = [
        ...timeline.filter((line) =>
          [...invocationsOf].some((n) => line.includes(`invocation ${n} `)),
        ),
        ...faultLines.filter(
          (line) => line.includes(finding.subscriber) || line.toLowerCase().includes(finding.email),
        ),
        ...workerLogs.flat().filter((line) => line.includes(finding.subscriber)),
      ];
    }

    const report: SoakReport = {
      seed,
      recipients: recipients.length,
      editionId,
      batches: captured.length,
      faults: faults(),
      faultsByKind: {
        ...prefixed('dynamodb', dynamoProxy),
        ...prefixed('ses', sesProxy),
      },
      callsByKind: {
        ...Object.fromEntries([...dynamoProxy.calls].map(([k, v]) => [`dynamodb:${k}`, v])),
        ...Object.fromEntries([...sesProxy.calls].map(([k, v]) => [`ses:${k}`, v])),
      },
      kills: killsRandom + killsTimeout,
      killsRandom,
      killsTimeout,
      workerStarts,
      invocations,
      invocationErrors,
      sqs: sqs.stats,
      deliverCounts,
      verdict,
      elapsedMs: Date.now() - started,
      proxyErrors: [...dynamoProxy.proxyErrors, ...sesProxy.proxyErrors],
      ...(failure === undefined ? {} : { failure }),
      dir,
    };
    const found =
      failure !== undefined ||
      report.proxyErrors.length > 0 ||
      verdict.duplicates.length + verdict.losses.length + verdict.unexplained.length > 0;
    keep ||= found;
    await writeFile(join(dir, 'report.json'), `${JSON.stringify(report, null, 2)}\n`);
    await writeFile(join(dir, 'timeline.log'), `${timeline.join('\n')}\n`);
    await writeFile(
      join(dir, 'faults.log'),
      `${[...dynamoProxy.log, ...sesProxy.log].sort().join('\n')}\n`,
    );
    return report;
  } catch (error) {
    keep = true;
    throw error;
  } finally {
    killAll();
    process.off('exit', killAll);
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
    if (!keep) await rm(dir, { recursive: true, force: true });
  }
}

function prefixed(service: string, proxy: FaultProxy): Record<string, number> {
  return Object.fromEntries([...proxy.faults].map(([k, v]) => [`${service}:${k}`, v]));
}

function describeFinding(f: Finding): string[] {
  const entry = f.entry === undefined ? 'no ledger entry' : JSON.stringify(f.entry);
  return [
    `    ${f.email} (${f.subscriber}): ${f.problem}; SES ids [${f.messageIds.join(', ')}]; ${entry}`,
    ...(f.trace ?? []).map((line) => `      ${line}`),
  ];
}

/** The report as lines; the last one is the summary line. */
export function formatReport(report: SoakReport, detail = 10): string[] {
  const { verdict: v } = report;
  const lines: string[] = [];
  lines.push(
    `edition ${report.editionId}: ${report.batches} batches, ${report.invocations} invocations (${report.invocationErrors} threw), ${report.workerStarts} workers started, ${(report.elapsedMs / 1000).toFixed(1)} s`,
  );
  lines.push(
    `queue: ${report.sqs.receives} receives, ${report.sqs.afterVisibilityTimeout} after a visibility timeout, ${report.sqs.afterFailure} failures reported, ${report.sqs.concurrentDuplicates} concurrent duplicates, ${report.sqs.ghosts} after deletion, ${report.sqs.delayed} delayed`,
  );
  lines.push(
    `kills: ${report.killsRandom} random, ${report.killsTimeout} at the invocation timeout`,
  );
  lines.push(
    `faults: ${Object.entries(report.faultsByKind)
      .sort()
      .map(([k, n]) => `${k} ${n}`)
      .join(', ')}`,
  );
  lines.push(
    `calls: ${Object.entries(report.callsByKind)
      .sort()
      .map(([k, n]) => `${k} ${n}`)
      .join(', ')}`,
  );
  const c = report.deliverCounts;
  lines.push(
    `deliver reported: ${c.sent} sent, ${c.skipped} skipped, ${c.failed} failed, ${c.deferred} deferred${Object.entries(
      c.other,
    )
      .map(([k, n]) => `, ${n} ${k}`)
      .join('')}`,
  );
  lines.push(
    `ledger: ${Object.entries(v.statuses)
      .sort()
      .map(([k, n]) => `${n} ${k}`)
      .join(', ')}; SES holds ${v.stored} messages for the recipients, ${v.strays.length} strays`,
  );
  const unknownHeld = v.unknownNamed.filter((f) => f.messages > 0).length;
  lines.push(
    `unknown named: ${v.unknownNamed.length} (SES holds a message for ${unknownHeld} of them; ${v.unexplained.length} unexplained by a fault or a kill); misrecorded: ${v.misrecorded.length}`,
  );
  const section = (title: string, findings: Finding[]) => {
    if (findings.length === 0) return;
    lines.push(`  ${title} (${findings.length}):`);
    for (const f of findings.slice(0, detail)) lines.push(...describeFinding(f));
    if (findings.length > detail)
      lines.push(`    … ${findings.length - detail} more in ${report.dir}/report.json`);
  };
  section('DUPLICATES', v.duplicates);
  section('SILENT LOSSES', v.losses);
  section('misrecorded', v.misrecorded);
  section('unexplained unknowns', v.unexplained);
  if (v.strays.length > 0) {
    lines.push(
      `  strays: ${v.strays
        .slice(0, detail)
        .map((s) => `${s.to.join(',')} "${s.subject}"`)
        .join('; ')}`,
    );
  }
  if (report.proxyErrors.length > 0) {
    lines.push(
      `HARNESS: ${report.proxyErrors.length} calls the fault proxies could not forward (${report.proxyErrors.slice(0, 3).join('; ')})`,
    );
  }
  if (report.failure !== undefined) lines.push(`SOAK FAILED: ${report.failure}`);
  if (
    report.failure !== undefined ||
    report.proxyErrors.length > 0 ||
    v.duplicates.length + v.losses.length + v.unexplained.length > 0
  ) {
    lines.push(
      `run folder kept: ${report.dir} (report.json, worker-*.log); reproduce with --seed ${report.seed}`,
    );
  }
  lines.push(summaryLine(report));
  return lines;
}

export function summaryLine(report: SoakReport): string {
  const { verdict: v } = report;
  return `soak: ${report.recipients} recipients, ${report.faults} faults, ${report.kills} kills, ${v.duplicates.length} duplicates, ${v.losses.length} silent losses, ${v.unknownNamed.length} unknown named`;
}
