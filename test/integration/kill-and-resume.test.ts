import { spawn } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { startEmbeddedDynamo } from '../../cli/local/embedded-dynamodb.ts';
import { createDocumentClient } from '../../lambda/adapters/dynamo-client.ts';
import { createDynamoSubscriberStore } from '../../lambda/adapters/dynamo-subscriber-store.ts';
import { ensureTables } from '../../lambda/adapters/dynamo-tables.ts';
import { loadConfig } from '../../lambda/config.ts';
import { makeWorkspace, repoRoot, runCli, type Workspace } from '../helpers/cli.ts';
import { readerEmails, seedSubscribers } from '../helpers/subscribers.ts';

const READERS = 40;

/** Seeds the workspace's persisted store the way the CLI will open it. */
async function seed(ws: Workspace): Promise<string[]> {
  const engine = await startEmbeddedDynamo(ws.data);
  const config = loadConfig({});
  await ensureTables({ region: config.region, endpoint: engine.url }, config.tables);
  const db = createDocumentClient({ region: config.region, endpoint: engine.url });
  const store = createDynamoSubscriberStore(db, config.tables.subscribers);
  const emails = readerEmails(READERS);
  await seedSubscribers(store, emails);
  db.destroy();
  await engine.close();
  return emails;
}

async function outbox(ws: Workspace): Promise<string[]> {
  const root = join(ws.out, 'outbox');
  const files: string[] = [];
  for (const edition of await readdir(root).catch(() => [] as string[])) {
    for (const name of await readdir(join(root, edition))) files.push(join(root, edition, name));
  }
  return files;
}

describe('npm start killed mid-run and started again', () => {
  it('ends with exactly one message per confirmed subscriber', async () => {
    const ws = await makeWorkspace();
    const emails = await seed(ws);
    // Slow enough to kill mid-run. Locally a claim has no lease (one process holds the store),
    // so the restart takes over whatever the killed run left claimed, at once.
    const env = { ...ws.env, BRAID_SEND_RATE: '8' };
    const child = spawn(process.execPath, [join(repoRoot, 'cli', 'bin.js'), 'start'], {
      cwd: repoRoot,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
      stdio: 'ignore',
    });
    const exited = new Promise((resolve) => child.on('exit', resolve));
    for (let i = 0; i < 600 && (await outbox(ws)).length < 12; i += 1) await delay(50);
    child.kill('SIGKILL');
    await exited;
    const before = (await outbox(ws)).length;
    expect(before).toBeGreaterThanOrEqual(12);
    expect(before).toBeLessThan(READERS);

    const again = await runCli(['start'], { ...env, BRAID_SEND_RATE: '1000' });
    expect(again.stderr).toBe('');
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/\(resumed\)/);

    const recipients: string[] = [];
    for (const file of await outbox(ws)) {
      const mail = await simpleParser(await readFile(file));
      recipients.push(mail.to && !Array.isArray(mail.to) ? (mail.to.value[0]?.address ?? '') : '');
    }
    expect(new Set(recipients).size).toBe(recipients.length);
    expect(recipients.every((r) => emails.includes(r))).toBe(true);
    // The ledger agrees: everyone sent, except those the kill caught inside the hand-over to
    // SES (the sends in flight, and accepted sends not yet recorded), which stay unresolved
    // (outcome unknown), never resent, and are named by `status --unknown`.
    const status = (await runCli(['status'], env)).stdout;
    const count = (label: string) => Number(new RegExp(`${label}\\s+(\\d+)`).exec(status)?.[1]);
    expect(count('Sent') + count('Unknown')).toBe(READERS);
    expect(count('Unknown')).toBeLessThanOrEqual(16 + 24);
    expect(count('Pending')).toBe(0);
    expect(count('Failed')).toBe(0);
    const named = (await runCli(['status', '--unknown'], env)).stdout;
    expect(named.split('\n').filter((line) => /^sub_\w+ .* since /.test(line))).toHaveLength(
      count('Unknown'),
    );
    // Nobody twice; nobody missing but those the kill left unresolved.
    expect(recipients.length).toBeGreaterThanOrEqual(READERS - count('Unknown'));
  });
});
