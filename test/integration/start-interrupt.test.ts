import { readdir, readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { startEmbeddedDynamo } from '../../cli/local/embedded-dynamodb.ts';
import { ensureTables } from '../../lambda/adapters/dynamo-tables.ts';
import { loadConfig } from '../../lambda/config.ts';
import type { LedgerEntry } from '../../lambda/delivery/ports.ts';
import { createRuntime, type Runtime } from '../../lambda/handlers/runtime.ts';
import { makeWorkspace, runCli, startCli, type Workspace } from '../helpers/cli.ts';
import { readerEmails, seedSubscribers } from '../helpers/subscribers.ts';

/**
 * Ctrl-C (or SIGTERM) during `npm start`: no new send starts, those in flight are recorded,
 * the summary says how to resume, and the next run finishes the edition with everyone sent
 * exactly once.
 */
const READERS = 40;

/** Opens the workspace's persisted store the way the CLI does, while no CLI holds it. */
async function withStore<T>(ws: Workspace, use: (runtime: Runtime) => Promise<T>): Promise<T> {
  const engine = await startEmbeddedDynamo(ws.data);
  try {
    const config = loadConfig({ BRAID_DYNAMODB_ENDPOINT: engine.url, BRAID_DATA_DIR: ws.data });
    await ensureTables({ region: config.region, endpoint: engine.url }, config.tables);
    return await use(createRuntime(config));
  } finally {
    await engine.close();
  }
}

async function ledgerOf(runtime: Runtime, editionId: string): Promise<LedgerEntry[]> {
  const entries: LedgerEntry[] = [];
  for await (const entry of runtime.ledger.list(editionId)) entries.push(entry);
  return entries;
}

/** The `.eml` files of an edition, by subscriber id, with their bytes. */
async function outbox(ws: Workspace, editionId: string): Promise<Map<string, string>> {
  const dir = join(ws.out, 'outbox', editionId);
  const files = new Map<string, string>();
  for (const name of await readdir(dir).catch(() => [] as string[])) {
    if (name.endsWith('.eml')) {
      files.set(basename(name, '.eml'), await readFile(join(dir, name), 'utf8'));
    }
  }
  return files;
}

async function outboxCount(ws: Workspace): Promise<number> {
  const root = join(ws.out, 'outbox');
  let count = 0;
  for (const edition of await readdir(root).catch(() => [] as string[])) {
    count += (await readdir(join(root, edition))).filter((n) => n.endsWith('.eml')).length;
  }
  return count;
}

const row = (output: string, label: string) =>
  Number(new RegExp(`^\\s+${label}\\s+(\\d+)`, 'm').exec(output)?.[1]);

describe.each([
  ['SIGINT', 130, 'Ctrl-C'],
  ['SIGTERM', 143, 'SIGTERM'],
] as const)('npm start stopped by %s', (signal, code, name) => {
  it('waits for the sends in flight, records them, and resumes on the next run', async () => {
    const ws = await makeWorkspace();
    const emails = readerEmails(READERS);
    await withStore(ws, (runtime) => seedSubscribers(runtime.subscribers, emails));

    // Slow enough to be mid-send: 5 messages a second, 8 s for everyone.
    const run = startCli(['start'], { ...ws.env, BRAID_SEND_RATE: '5' });
    for (let i = 0; i < 600 && (await outboxCount(ws)) < 5; i += 1) await delay(50);
    const stopped = await run.stop(signal);

    expect(stopped.signal).toBeNull();
    expect(stopped.code).toBe(code);
    expect(stopped.stderr).toMatch(
      new RegExp(`${name}: stopping\\. No new send starts; waiting for the sends in flight`),
    );
    expect(stopped.stderr).toMatch(new RegExp(`\\(${name} again to quit at once\\)`));
    expect(stopped.stderr).toMatch(
      new RegExp(
        `Stopped by ${name}: \\d+ recipients not sent yet; run npm start again to resume; nobody gets it twice\\.`,
      ),
    );
    const editionId = /Edition\s+(\S+)/.exec(stopped.stdout)?.[1] ?? '';
    expect(editionId).toMatch(/^\d{4}-\d{2}-\d{2}-[0-9a-f]{8}$/);
    const sent = row(stopped.stdout, 'Sent');
    const deferred = row(stopped.stdout, 'Deferred');
    expect(sent).toBeGreaterThanOrEqual(5);
    expect(deferred).toBeGreaterThan(0);
    expect(sent + deferred).toBe(READERS);

    // Every message in the outbox is recorded sent; nobody else has an entry, nobody two.
    const before = await outbox(ws, editionId);
    expect(before.size).toBe(sent);
    const afterStop = await withStore(ws, async (runtime) => ({
      entries: await ledgerOf(runtime, editionId),
      status: (await runtime.editions.get(editionId))?.status,
    }));
    expect(afterStop.status).toBe('sending');
    expect(afterStop.entries.map((e) => e.status)).toEqual(afterStop.entries.map(() => 'sent'));
    expect(afterStop.entries.map((e) => e.subscriber).sort()).toEqual([...before.keys()].sort());

    // The next run resumes the edition and sends only the rest.
    const again = await runCli(['start'], { ...ws.env, BRAID_SEND_RATE: '1000' });
    expect(again.stderr).toBe('');
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(new RegExp(`Edition\\s+${editionId} \\(resumed\\)`));
    expect(row(again.stdout, 'Sent')).toBe(deferred);

    const after = await outbox(ws, editionId);
    expect(after.size).toBe(READERS);
    // A message sent twice would have rewritten its file (a new Message-ID and Date).
    for (const [subscriber, raw] of before) expect(after.get(subscriber)).toBe(raw);
    const finished = await withStore(ws, async (runtime) => ({
      entries: await ledgerOf(runtime, editionId),
      status: (await runtime.editions.get(editionId))?.status,
    }));
    expect(finished.status).toBe('sent');
    expect(finished.entries).toHaveLength(READERS);
    expect(finished.entries.every((e) => e.status === 'sent')).toBe(true);
    expect(new Set(finished.entries.map((e) => e.subscriber)).size).toBe(READERS);
    expect(finished.entries.map((e) => e.email).sort()).toEqual([...emails].sort());
  });
});
