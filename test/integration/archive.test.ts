import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type AttributeValue,
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ScanCommand,
} from '@aws-sdk/client-dynamodb';
import {
  GetObjectCommand,
  type GetObjectCommandOutput,
  NoSuchKey,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import dynalite from 'dynalite';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createDocumentClient } from '../../lambda/adapters/dynamo-client.ts';
import { createDynamoEditionStore } from '../../lambda/adapters/dynamo-edition-store.ts';
import {
  DATE_INDEX,
  ensureTables,
  type TableNames,
  tableDefinitions,
} from '../../lambda/adapters/dynamo-tables.ts';
import { createFileArchive } from '../../lambda/adapters/file-archive.ts';
import { createS3Archive } from '../../lambda/adapters/s3-archive.ts';
import type { EditionRecord, EditionStore, EditionSummary } from '../../lambda/delivery/ports.ts';

/** The web archive's data: the listing of sent editions, the local migration, the web copies. */

const TABLES: TableNames = {
  subscribers: 'archive-subscribers',
  ledger: 'archive-ledger',
  editions: 'archive-editions',
};
const region = 'us-east-1';

async function startDynalite(): Promise<{ endpoint: string; close(): Promise<void> }> {
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function record(id: string, scheduledAt: string, status: EditionRecord['status'] = 'sending') {
  const date = scheduledAt.slice(0, 10);
  return {
    id,
    status,
    scheduledAt,
    stories: [`story-of-${id}`],
    storySet: `set-${id}`,
    createdAt: scheduledAt,
    edition: {
      id,
      date,
      subject: `Subject of ${id}`,
      preheader: `Preheader of ${id}`,
      html: `<p>${'x'.repeat(2000)}</p>`,
      text: 'text',
      stories: [`story-of-${id}`],
      settings: {
        from: 'A <a@example.org>',
        listId: 'l.example.org',
        publicUrl: 'https://x.example.org',
        unsubscribeMailto: 'u@example.org',
        postalAddress: 'Somewhere 1',
        title: 'Braid',
      },
    },
  } satisfies EditionRecord;
}

const day = (n: number) => new Date(Date.UTC(2026, 0, n, 6)).toISOString();
const summary = (r: EditionRecord): EditionSummary => ({
  id: r.id,
  scheduledAt: r.scheduledAt,
  date: r.edition.date,
  subject: r.edition.subject,
  preheader: r.edition.preheader,
  stories: r.stories,
});

async function listAll(store: EditionStore, limit: number) {
  const pages: EditionSummary[][] = [];
  let cursor: string | undefined;
  do {
    const page = await store.listArchive(limit, cursor);
    pages.push(page.items);
    cursor = page.cursor;
    if (pages.length > 50) throw new Error('the listing does not end');
  } while (cursor !== undefined);
  return pages;
}

describe('EditionStore.listArchive (dynalite)', () => {
  let engine: Awaited<ReturnType<typeof startDynalite>>;
  let db: ReturnType<typeof createDocumentClient>;
  let store: EditionStore;
  const records = [3, 1, 7, 5, 2, 6, 4].map((n) =>
    record(`2026-01-0${n}-ed${n}`, day(n), n % 2 === 0 ? 'sent' : 'sending'),
  );
  const newestFirst = [...records].sort((a, b) => b.scheduledAt.localeCompare(a.scheduledAt));

  beforeAll(async () => {
    engine = await startDynalite();
    await ensureTables({ region, endpoint: engine.endpoint }, TABLES);
    db = createDocumentClient({ region, endpoint: engine.endpoint });
    store = createDynamoEditionStore(db, TABLES.editions);
    for (const r of records) {
      expect(await store.claim(r)).toEqual({ claimed: true });
      // The markers compose writes next to every edition.
      await store.claimStorySet(r.storySet, r.id);
      await store.claimStory(`story-of-${r.id}#abc`, r.id);
    }
    await store.complete(
      records[0]?.id ?? '',
      {
        recipients: 1,
        sent: 1,
        skipped: 0,
        failed: 0,
        unknown: 0,
        deferred: 0,
      },
      new Date(day(9)),
    );
  });
  afterAll(async () => {
    db.destroy();
    await engine.close();
  });

  it('lists the sent and sending editions, newest first, their summaries only', async () => {
    const page = await store.listArchive(20);
    expect(page.items).toEqual(newestFirst.map(summary));
    expect(page.cursor).toBeUndefined();
  });

  it('never lists the marker items', async () => {
    const page = await store.listArchive(100);
    expect(page.items).toHaveLength(records.length);
    expect(page.items.some((s) => /^(story|storyset|latest)#/.test(s.id))).toBe(false);
    expect(await store.latest()).toBe(records.at(-1)?.id);
  });

  it('pages with the cursor, every edition exactly once, and no empty last page', async () => {
    for (const limit of [1, 2, 3, 7]) {
      const pages = await listAll(store, limit);
      expect(pages.flat()).toEqual(newestFirst.map(summary));
      expect(pages.every((p) => p.length > 0 && p.length <= limit)).toBe(true);
      expect(pages).toHaveLength(Math.ceil(records.length / limit));
    }
  });

  it('returns at most `limit` editions', async () => {
    const page = await store.listArchive(3);
    expect(page.items.map((s) => s.id)).toEqual(newestFirst.slice(0, 3).map((r) => r.id));
    expect(page.cursor).toBeDefined();
    await expect(store.listArchive(0)).rejects.toThrow(RangeError);
    await expect(store.listArchive(1.5)).rejects.toThrow(RangeError);
  });

  it('rejects a cursor it did not issue', async () => {
    await expect(store.listArchive(2, 'bm90IGpzb24')).rejects.toThrow(TypeError);
    const foreign = Buffer.from(JSON.stringify({ id: 'sub_1', status: 'confirmed' })).toString(
      'base64url',
    );
    await expect(store.listArchive(2, foreign)).rejects.toThrow(/cursor/);
  });

  it('lists a new edition first, and get() gives the record as claimed', async () => {
    const latest = record('2026-01-08-ed8', day(8));
    await store.claim(latest);
    const page = await store.listArchive(1);
    expect(page.items).toEqual([summary(latest)]);
    expect(await store.get(latest.id)).toEqual(latest);
  });
});

describe('ensureTables on a store made before the archive index (dynalite)', () => {
  let engine: Awaited<ReturnType<typeof startDynalite>>;
  let client: DynamoDBClient;
  let db: ReturnType<typeof createDocumentClient>;
  const ITEMS = 60; // more than two BatchWriteItem calls of 25

  beforeAll(async () => {
    engine = await startDynalite();
    client = new DynamoDBClient({
      region,
      endpoint: engine.endpoint,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    db = createDocumentClient({ region, endpoint: engine.endpoint });
  });
  afterAll(async () => {
    client.destroy();
    db.destroy();
    await engine.close();
  });

  const indexesOf = async (table: string) =>
    (
      (await client.send(new DescribeTableCommand({ TableName: table }))).Table
        ?.GlobalSecondaryIndexes ?? []
    ).map((i) => i.IndexName);
  const scanAll = async (table: string) => {
    const items: unknown[] = [];
    let start: Record<string, AttributeValue> | undefined;
    do {
      const page = await client.send(
        new ScanCommand({ TableName: table, ExclusiveStartKey: start, Limit: 7 }),
      );
      items.push(...(page.Items ?? []));
      start = page.LastEvaluatedKey;
    } while (start !== undefined);
    return items.sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
  };

  it('rebuilds the editions table with the index, keeping every item, and lists its editions', async () => {
    // The editions table as it was: hash key `id`, no index. The other tables are current.
    const [subscribers, ledger, editions] = tableDefinitions(TABLES);
    await client.send(new CreateTableCommand({ ...subscribers, TableName: TABLES.subscribers }));
    await client.send(new CreateTableCommand({ ...ledger, TableName: TABLES.ledger }));
    await client.send(
      new CreateTableCommand({
        TableName: TABLES.editions,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      }),
    );
    expect(editions?.GlobalSecondaryIndexes?.[0]?.IndexName).toBe(DATE_INDEX);
    expect(await indexesOf(TABLES.editions)).toEqual([]);

    const store = createDynamoEditionStore(db, TABLES.editions);
    const claimed = Array.from({ length: 20 }, (_, i) =>
      record(
        `2026-02-${String(i + 1).padStart(2, '0')}-m`,
        new Date(Date.UTC(2026, 1, i + 1)).toISOString(),
      ),
    );
    for (const r of claimed) {
      await store.claim(r);
      await store.claimStory(`story-of-${r.id}#1`, r.id);
    }
    // Items an older version wrote: an edition with no summary attributes, a few markers.
    const old = record('2025-12-31-old', day(0));
    await db.send(new PutCommand({ TableName: TABLES.editions, Item: old }));
    for (let i = 0; i < ITEMS - 2 * claimed.length - 2; i += 1) {
      await db.send(
        new PutCommand({ TableName: TABLES.editions, Item: { id: `storyset#${i}`, edition: 'x' } }),
      );
    }
    const before = await scanAll(TABLES.editions);
    expect(before).toHaveLength(ITEMS);
    await expect(store.listArchive(5)).rejects.toThrow(); // no index yet

    expect(await ensureTables({ region, endpoint: engine.endpoint }, TABLES)).toEqual([
      TABLES.editions,
    ]);
    expect(await indexesOf(TABLES.editions)).toEqual([DATE_INDEX]);
    expect(await indexesOf(TABLES.subscribers)).toEqual(['byStatus', 'byStatusShard']);
    expect(await scanAll(TABLES.editions)).toEqual(before);

    // The editions claimed since the summary attributes exist; not the older one.
    const pages = await listAll(store, 6);
    expect(pages.flat().map((s) => s.id)).toEqual(claimed.map((r) => r.id).reverse());
    expect(await store.get(old.id)).toEqual(old);
    expect(await store.get(claimed[0]?.id ?? '')).toEqual(claimed[0]);

    // Once migrated, nothing more to do.
    expect(await ensureTables({ region, endpoint: engine.endpoint }, TABLES)).toEqual([]);
    expect(await scanAll(TABLES.editions)).toEqual(before);
  });
});

describe('file archive', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'braid-archive-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('gives back the web copy it stored, and undefined for one it does not have', async () => {
    const archive = createFileArchive(join(dir, 'editions'));
    const where = await archive.put('2026-01-02-1a2b3c4d', '<p>Grüße</p>');
    expect(where).toBe(join(dir, 'editions', '2026-01-02-1a2b3c4d.html'));
    expect(await readFile(where, 'utf8')).toBe('<p>Grüße</p>');
    expect(await archive.get('2026-01-02-1a2b3c4d')).toBe('<p>Grüße</p>');
    expect(await archive.get('2026-01-03-00000000')).toBeUndefined();
    // Before anything was stored, the folder itself is missing.
    expect(await createFileArchive(join(dir, 'none')).get('2026-01-02-1a2b3c4d')).toBeUndefined();
  });

  it('refuses ids that could reach outside its folder', async () => {
    await writeFile(join(dir, 'secret.html'), 'secret');
    const archive = createFileArchive(join(dir, 'editions'));
    for (const id of [
      '../secret',
      '..',
      '.',
      'a/b',
      'a\\b',
      '..%2Fsecret',
      '%2e%2e',
      '',
      'x'.repeat(201),
      'ed\u0000',
      'é',
      ' 2026-01-02',
    ]) {
      expect(await archive.get(id)).toBeUndefined();
    }
    await expect(archive.put('../secret', 'overwritten')).rejects.toThrow(TypeError);
    expect(await readFile(join(dir, 'secret.html'), 'utf8')).toBe('secret');
  });
});

describe('S3 archive', () => {
  const s3 = new S3Client({ region });
  const mock = mockClient(s3);
  afterEach(() => mock.reset());

  it('reads editions/<id>.html, as a string', async () => {
    mock
      .on(GetObjectCommand, { Bucket: 'web', Key: 'editions/2026-01-02-1a2b3c4d.html' })
      .resolves({
        // A stream stand-in with the one method the adapter uses.
        Body: {
          transformToString: async () => '<p>web copy</p>',
        } as unknown as GetObjectCommandOutput['Body'],
      });
    const archive = createS3Archive('web', s3);
    expect(await archive.get('2026-01-02-1a2b3c4d')).toBe('<p>web copy</p>');
  });

  it('answers undefined for a missing key or an id that is not one, and throws on other errors', async () => {
    mock
      .on(GetObjectCommand)
      .rejects(new NoSuchKey({ message: 'The specified key does not exist.', $metadata: {} }));
    const archive = createS3Archive('web', s3);
    expect(await archive.get('2026-01-02-1a2b3c4d')).toBeUndefined();
    expect(await archive.get('../other/thing')).toBeUndefined();
    expect(mock.commandCalls(GetObjectCommand)).toHaveLength(1);
    mock.on(GetObjectCommand).rejects(Object.assign(new Error('denied'), { name: 'AccessDenied' }));
    await expect(archive.get('2026-01-02-1a2b3c4d')).rejects.toThrow('denied');
  });

  it('stores editions/<id>.html as HTML', async () => {
    mock.on(PutObjectCommand).resolves({});
    const archive = createS3Archive('web', s3);
    expect(await archive.put('2026-01-02-1a2b3c4d', '<p>x</p>')).toBe(
      's3://web/editions/2026-01-02-1a2b3c4d.html',
    );
    expect(mock.commandCalls(PutObjectCommand)[0]?.args[0].input).toMatchObject({
      Key: 'editions/2026-01-02-1a2b3c4d.html',
      ContentType: 'text/html; charset=utf-8',
    });
  });
});
