import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startEmbeddedDynamo } from '../../cli/local/embedded-dynamodb.ts';
import { createDocumentClient } from '../../lambda/adapters/dynamo-client.ts';
import { createDynamoSubscriberStore } from '../../lambda/adapters/dynamo-subscriber-store.ts';
import { ensureTables } from '../../lambda/adapters/dynamo-tables.ts';
import { loadConfig } from '../../lambda/config.ts';
import {
  SUBSCRIBER_STATUSES,
  type Subscriber,
  type SubscriberStatus,
} from '../../lambda/subscribers/subscriber.ts';
import { subscriberIdFor } from '../../lambda/subscribers/subscriber-id.ts';
import { makeWorkspace, runCli, type Workspace } from '../helpers/cli.ts';

/** What a bounce, complaint or unsubscribe would do, written straight into the workspace's store. */
async function setStatuses(ws: Workspace, statuses: Record<string, SubscriberStatus>) {
  const engine = await startEmbeddedDynamo(ws.data);
  const config = loadConfig({});
  const db = createDocumentClient({ region: config.region, endpoint: engine.url });
  try {
    await ensureTables({ region: config.region, endpoint: engine.url }, config.tables);
    const store = createDynamoSubscriberStore(db, config.tables.subscribers);
    // From any status: the test's own setup, not the state machine.
    for (const [email, status] of Object.entries(statuses)) {
      const set = await store.setStatus(
        subscriberIdFor(email),
        status,
        'test',
        new Date(),
        SUBSCRIBER_STATUSES,
      );
      expect(set).toBe(true);
    }
  } finally {
    db.destroy();
    await engine.close();
  }
}

async function listJson(ws: Workspace, ...args: string[]): Promise<Subscriber[]> {
  const run = await runCli(['subscribers', 'list', '--json', ...args], ws.env);
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  return JSON.parse(run.stdout) as Subscriber[];
}

/** An expected error: one line on stderr, `error: …`, exit 1. */
function expectOneLineError(run: { code: number | null; stderr: string }, pattern: RegExp) {
  expect(run.code).toBe(1);
  expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(run.stderr).toMatch(pattern);
}

describe('braid subscribers add / list / confirm / remove', () => {
  it('adds pending and confirmed subscribers and lists them by status, as a table or JSON', async () => {
    const ws = await makeWorkspace({ copyContent: false });
    const pending = await runCli(
      ['subscribers', 'add', ' Pat@Example.org ', '--name', ' Pat  Doe '],
      ws.env,
    );
    expect(pending.code).toBe(0);
    expect(pending.stdout).toMatch(/^Added pat@example\.org as pending \(id sub_\w+\)\./);
    expect(pending.stdout).toMatch(/receives no edition until confirmed/);
    const confirmed = await runCli(
      ['subscribers', 'add', 'kim@example.org', '--confirmed'],
      ws.env,
    );
    expect(confirmed.stdout).toMatch(/Added kim@example\.org as confirmed/);

    const table = await runCli(['subscribers', 'list', '--status', 'pending'], ws.env);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/^EMAIL\s+NAME\s+STATUS/);
    expect(table.stdout).toMatch(/pat@example\.org\s+Pat Doe\s+pending/);
    expect(table.stdout).not.toMatch(/kim@example\.org/);
    expect(table.stdout).toMatch(/\n1 subscriber\n$/);

    const all = await listJson(ws);
    expect(all.map((s) => s.email).sort()).toEqual(['kim@example.org', 'pat@example.org']);
    const kim = all.find((s) => s.email === 'kim@example.org');
    expect(kim).toMatchObject({
      status: 'confirmed',
      consent: { source: 'cli', version: 'cli-1' },
    });
    expect(kim?.consent?.text).toMatch(/editor at the person’s request/);
    expect(all.find((s) => s.email === 'pat@example.org')?.consent).toBeUndefined();
    expect(await listJson(ws, '--status', 'bounced')).toEqual([]);
  });

  it('refuses bad input with one clear line', async () => {
    const ws = await makeWorkspace({ copyContent: false });
    expectOneLineError(
      await runCli(['subscribers', 'add', 'not-an-address'], ws.env),
      /^error: <email>: Expected an email address like name@example\.org, got "not-an-address"/,
    );
    expectOneLineError(
      await runCli(
        ['subscribers', 'add', 'eve@example.org', '--name', 'Eve\r\nBcc: x@example.net'],
        ws.env,
      ),
      /^error: --name: Expected a one-line name .*line break/,
    );
    const badStatus = await runCli(['subscribers', 'list', '--status', 'sleeping'], ws.env);
    expect(badStatus.code).toBe(2);
    expect(badStatus.stderr).toMatch(
      /option '--status <status>' argument 'sleeping' is invalid\. Allowed choices are confirmed, pending, unsubscribed, bounced, complained/,
    );
    expectOneLineError(
      await runCli(['subscribers', 'confirm', 'nobody@example.org'], ws.env),
      /^error: No subscriber nobody@example\.org\./,
    );
    expectOneLineError(
      await runCli(['subscribers', 'remove', 'nobody@example.org'], ws.env),
      /^error: No subscriber nobody@example\.org; nothing removed\./,
    );
    expectOneLineError(
      await runCli(['subscribers', 'confirm', 'nobody'], ws.env),
      /^error: <email>: Expected an email address/,
    );
    // Nothing above wrote anything.
    expect(await listJson(ws)).toEqual([]);
  });

  it('confirms pending and unsubscribed subscribers with a consent record, never bounced or complained ones', async () => {
    const ws = await makeWorkspace({ copyContent: false });
    const csv = join(ws.dir, 'four.csv');
    await writeFile(
      csv,
      'email\npat@example.org\numa@example.org\nbo@example.org\ncy@example.org\n',
    );
    expect((await runCli(['subscribers', 'import', csv], ws.env)).stdout).toMatch(/4 added/);
    await setStatuses(ws, {
      'uma@example.org': 'unsubscribed',
      'bo@example.org': 'bounced',
      'cy@example.org': 'complained',
    });

    const first = await runCli(['subscribers', 'confirm', 'PAT@example.org'], ws.env);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/^Confirmed pat@example\.org: they receive the next edition/);
    const again = await runCli(['subscribers', 'confirm', 'pat@example.org'], ws.env);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/pat@example\.org is already confirmed .*nothing changed/);
    expect((await runCli(['subscribers', 'confirm', 'uma@example.org'], ws.env)).code).toBe(0);
    expectOneLineError(
      await runCli(['subscribers', 'confirm', 'bo@example.org'], ws.env),
      /^error: bo@example\.org is bounced and cannot be confirmed: their address bounced/,
    );
    expectOneLineError(
      await runCli(['subscribers', 'confirm', 'cy@example.org'], ws.env),
      /^error: cy@example\.org is complained and cannot be confirmed: they marked the briefing as spam/,
    );

    const byEmail = new Map((await listJson(ws)).map((s) => [s.email, s]));
    for (const email of ['pat@example.org', 'uma@example.org']) {
      const s = byEmail.get(email);
      expect(s?.status).toBe('confirmed');
      expect(s?.confirmedAt).toBeDefined();
      expect(s?.unsubscribedAt).toBeUndefined();
      expect(s?.consent).toMatchObject({ source: 'cli', version: 'cli-1' });
      expect(s?.consent?.text).toMatch(/Confirmed by an editor at the person’s request/);
    }
    expect(byEmail.get('bo@example.org')?.status).toBe('bounced');
    expect(byEmail.get('cy@example.org')?.status).toBe('complained');
  });

  it('removes a subscriber entirely (erasure)', async () => {
    const ws = await makeWorkspace({ copyContent: false });
    await runCli(['subscribers', 'add', 'pat@example.org', '--confirmed'], ws.env);
    await runCli(['subscribers', 'add', 'kim@example.org'], ws.env);
    const removed = await runCli(['subscribers', 'remove', 'Pat@example.org'], ws.env);
    expect(removed.code).toBe(0);
    expect(removed.stdout).toMatch(
      /^Removed pat@example\.org: the record and its consent history are deleted/,
    );
    expect((await listJson(ws)).map((s) => s.email)).toEqual(['kim@example.org']);
    // The address is free again: adding it starts afresh.
    expect((await runCli(['subscribers', 'add', 'pat@example.org'], ws.env)).stdout).toMatch(
      /as pending/,
    );
  });
});

describe('braid subscribers import / export', () => {
  it('imports a CSV, reporting rejected rows with their line numbers, and never overwrites', async () => {
    const ws = await makeWorkspace({ copyContent: false });
    await runCli(['subscribers', 'add', 'kim@example.org', '--name', 'Kim'], ws.env);
    await setStatuses(ws, { 'kim@example.org': 'unsubscribed' });
    const csv = join(ws.dir, 'readers.csv');
    await writeFile(
      csv,
      [
        'Name,EMAIL,Source',
        'Ada Lovelace,ada@example.com,met at a talk',
        '"Hopper, Grace",Grace@Example.com,',
        'Nobody,not-an-address,',
        '"Two',
        'lines",two@example.com,',
        '',
        'Ada again,ADA@example.com,',
        'Kim,kim@example.org,',
        ',,',
      ].join('\r\n'),
    );
    const run = await runCli(['subscribers', 'import', csv], ws.env);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      /Imported .*readers\.csv: 2 added \(pending\), 1 already subscribers \(skipped, unchanged\), 4 rejected/,
    );
    expect(run.stdout).toMatch(/Pending subscribers receive nothing until confirmed/);
    const rejected = run.stderr.trimEnd().split('\n');
    expect(rejected).toHaveLength(4);
    expect(rejected[0]).toMatch(/^line 4: Expected an email address .*"not-an-address"/);
    expect(rejected[1]).toMatch(/^line 5: Expected a one-line name .*line break/);
    expect(rejected[2]).toBe('line 8: ada@example.com is a duplicate of line 2');
    expect(rejected[3]).toMatch(/^line 10: Expected an email address .*""/);

    const byEmail = new Map((await listJson(ws)).map((s) => [s.email, s]));
    expect([...byEmail.keys()].sort()).toEqual([
      'ada@example.com',
      'grace@example.com',
      'kim@example.org',
    ]);
    expect(byEmail.get('grace@example.com')).toMatchObject({
      name: 'Hopper, Grace',
      status: 'pending',
    });
    expect(byEmail.get('ada@example.com')?.consent).toBeUndefined();
    // Kim unsubscribed: an import does not put her back.
    expect(byEmail.get('kim@example.org')?.status).toBe('unsubscribed');

    const again = await runCli(['subscribers', 'import', csv], ws.env);
    expect(again.stdout).toMatch(/0 added \(pending\), 3 already subscribers/);
  });

  it('imports confirmed subscribers with the editor’s attestation as consent, and exports it', async () => {
    const ws = await makeWorkspace({ copyContent: false });
    const csv = join(ws.dir, 'attested.csv');
    await writeFile(csv, 'email,name\nada@example.com,"Lovelace, Ada"\n');
    const run = await runCli(['subscribers', 'import', csv, '--confirmed'], ws.env);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/1 added \(confirmed\), 0 already subscribers .*0 rejected\./);
    await runCli(['subscribers', 'add', 'pat@example.org'], ws.env);

    const exported = await runCli(['subscribers', 'export'], ws.env);
    expect(exported.code).toBe(0);
    const lines = exported.stdout.split('\r\n');
    expect(lines[0]).toBe(
      'email,name,status,created,confirmed_at,consent_at,consent_source,consent_version,consent_text,consent_signed_up_at,consent_client_hash,unsubscribed_at,status_reason',
    );
    expect(lines[1]).toMatch(
      /^ada@example\.com,"Lovelace, Ada",confirmed,\S+Z,\S+Z,\S+Z,import,import-1,"?Imported as confirmed: the editor attests/,
    );
    expect(lines[2]).toMatch(/^pat@example\.org,,pending,\S+Z,,,,,,,,,$/);
    expect(lines.slice(3)).toEqual(['']);

    const json = await runCli(['subscribers', 'export', '--json'], ws.env);
    const records = JSON.parse(json.stdout) as Subscriber[];
    expect(records.map((s) => s.email)).toEqual(['ada@example.com', 'pat@example.org']);
    expect(records[0]?.consent).toMatchObject({ source: 'import', version: 'import-1' });
    expect(records[0]?.consent?.at).toBe(records[0]?.confirmedAt);
  });

  it('imports 10,000 rows in one run', async () => {
    const ws = await makeWorkspace({ copyContent: false });
    const csv = join(ws.dir, 'big.csv');
    const rows = Array.from({ length: 10_000 }, (_, i) => `reader${i}@example.org,Reader ${i}`);
    await writeFile(csv, `email,name\n${rows.join('\n')}\n`);
    const run = await runCli(['subscribers', 'import', csv, '--confirmed'], ws.env);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/: 10000 added \(confirmed\), 0 already subscribers/);
    const exported = await runCli(['subscribers', 'export'], ws.env);
    const lines = exported.stdout.trimEnd().split('\r\n');
    expect(lines).toHaveLength(10_001);
    expect(new Set(lines.slice(1).map((line) => line.split(',')[0])).size).toBe(10_000);
  }, 120_000);

  it('stops with one line naming the file when it has no email column or cannot be read', async () => {
    const ws = await makeWorkspace({ copyContent: false });
    const csv = join(ws.dir, 'no-email.csv');
    await writeFile(csv, 'name,address\nAda,ada@example.com\n');
    expectOneLineError(
      await runCli(['subscribers', 'import', csv], ws.env),
      /^error: .*no-email\.csv: expected a header row with an "email" column .*found "name,address"/,
    );
    expectOneLineError(
      await runCli(['subscribers', 'import', join(ws.dir, 'missing.csv')], ws.env),
      /^error: .*missing\.csv: cannot read the file \(ENOENT\)/,
    );
    const broken = join(ws.dir, 'broken.csv');
    await writeFile(broken, 'email\n"ada@example.com\n');
    expectOneLineError(
      await runCli(['subscribers', 'import', broken], ws.env),
      /^error: .*broken\.csv: not a readable CSV file \(Quote Not Closed/,
    );
    expect(await listJson(ws)).toEqual([]);
  });
});

describe('braid signup-link', () => {
  it('prints the signup page of BRAID_PUBLIC_URL and nothing else', async () => {
    const ws = await makeWorkspace({ copyContent: false });
    const local = await runCli(['signup-link'], ws.env);
    expect(local).toMatchObject({
      code: 0,
      stdout: 'http://localhost:8787/subscribe\n',
      stderr: '',
    });
    const deployed = await runCli(['signup-link'], {
      ...ws.env,
      BRAID_PUBLIC_URL: 'https://news.example.org/',
    });
    expect(deployed.stdout).toBe('https://news.example.org/subscribe\n');
  });
});

describe('braid keys', () => {
  it('rotates the local keyring: new links use the new key, links signed before still verify', async () => {
    const { parseKeyring } = await import('../../lambda/subscribers/keyring.ts');
    const { signToken, verifyToken } = await import('../../lambda/subscribers/tokens.ts');
    const ws = await makeWorkspace({ copyContent: false });
    const listed = await runCli(['keys', 'list'], ws.env);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(/^ {2}k1 {2}\(current: signs new links\)$/m);
    const path = join(ws.data, 'token-keys.json');
    const before = parseKeyring(await readFile(path, 'utf8'), path);
    const id = subscriberIdFor('ada@example.com');
    const token = signToken(before, { subscriberId: id, purpose: 'unsubscribe', expires: 0 });

    const rotated = await runCli(['keys', 'rotate'], ws.env);
    expect(rotated.code).toBe(0);
    expect(rotated.stdout).toMatch(/new links are signed with k2/);
    expect(rotated.stdout).toMatch(/keep working/);
    const after = parseKeyring(await readFile(path, 'utf8'), path);
    expect(after.current).toBe('k2');
    expect(verifyToken(after, token, 'unsubscribe', new Date())).toMatchObject({
      subscriberId: id,
    });
    expect(signToken(after, { subscriberId: id, purpose: 'unsubscribe', expires: 0 })).toMatch(
      /^k2\./,
    );

    const relisted = await runCli(['keys', 'list'], ws.env);
    expect(relisted.stdout).toMatch(/^ {2}k1$/m);
    expect(relisted.stdout).toMatch(/^ {2}k2 {2}\(current: signs new links\)$/m);
    for (const secret of after.keys.values()) {
      expect(relisted.stdout).not.toContain(secret);
      expect(rotated.stdout).not.toContain(secret);
    }
  });

  it('in AWS mode says how to rotate the Secrets Manager secret and exits 1', async () => {
    const ws = await makeWorkspace({ copyContent: false });
    const run = await runCli(['keys', 'rotate'], {
      ...ws.env,
      BRAID_MODE: 'aws',
      BRAID_FROM: 'Braid <briefing@example.org>',
      BRAID_PUBLIC_URL: 'https://news.example.org',
      BRAID_POSTAL_ADDRESS: '1 Example Street, Springfield',
      BRAID_TOKEN_KEYS_SECRET: 'braid/token-keys',
      BRAID_SUBSCRIBERS_TABLE: 'subs',
      BRAID_LEDGER_TABLE: 'ledger',
      BRAID_EDITIONS_TABLE: 'editions',
      BRAID_ARCHIVE_BUCKET: 'archive',
      BRAID_QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/123456789012/deliver',
      AWS_REGION: 'us-east-1',
    });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/aws secretsmanager put-secret-value --secret-id braid\/token-keys/);
  });
});
