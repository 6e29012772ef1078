import {
  type AttributeValue,
  BatchWriteItemCommand,
  type BatchWriteItemCommandOutput,
  CreateTableCommand,
  type CreateTableCommandInput,
  DeleteTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ListTablesCommand,
  ScanCommand,
  type ScanCommandOutput,
  waitUntilTableExists,
  waitUntilTableNotExists,
} from '@aws-sdk/client-dynamodb';
import { type DynamoOptions, dynamoClientConfig } from './dynamo-client.ts';

/** Table shapes shared by the local bootstrap and (by their names and keys) the CDK stack. */

/**
 * The subscribers table's first status index (partition key `status`): every confirmed
 * subscriber under one key value, a hot partition. Nothing queries it any more; it stays in
 * the definition until a later deploy drops it (CloudFormation changes one index per update).
 */
export const STATUS_INDEX = 'byStatus';
/**
 * The subscribers table's status index, spread over shards: partition key `statusShard`
 * (`<status>#<shard, two hex digits>`, see dynamo-subscriber-store.ts), sort key `id`,
 * projecting every attribute. Compose pages confirmed subscribers through it, shard by shard.
 */
export const STATUS_SHARD_INDEX = 'byStatusShard';

/**
 * The editions table's sparse index of sent editions, for the web archive: partition key
 * `archive` (the constant ARCHIVE_PARTITION on every edition record, absent on the marker
 * items), sort key `scheduledAt`; it projects the summary attributes only, not the rendered
 * edition. The CDK stack declares the same index (name, keys, projection).
 */
export const DATE_INDEX = 'byDate';
export const ARCHIVE_PARTITION = 'edition';
/** The attributes DATE_INDEX projects besides the keys (`id`, `archive`, `scheduledAt`). */
export const ARCHIVE_SUMMARY_ATTRIBUTES = ['subject', 'preheader', 'date', 'stories'];

export interface TableNames {
  subscribers: string;
  ledger: string;
  editions: string;
}

export function tableDefinitions(names: TableNames): CreateTableCommandInput[] {
  return [
    {
      TableName: names.subscribers,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [
        { AttributeName: 'id', AttributeType: 'S' },
        { AttributeName: 'status', AttributeType: 'S' },
        { AttributeName: 'statusShard', AttributeType: 'S' },
      ],
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      GlobalSecondaryIndexes: [
        {
          IndexName: STATUS_INDEX,
          KeySchema: [
            { AttributeName: 'status', KeyType: 'HASH' },
            { AttributeName: 'id', KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        },
        {
          IndexName: STATUS_SHARD_INDEX,
          KeySchema: [
            { AttributeName: 'statusShard', KeyType: 'HASH' },
            { AttributeName: 'id', KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        },
      ],
    },
    {
      TableName: names.ledger,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [
        { AttributeName: 'edition', AttributeType: 'S' },
        { AttributeName: 'subscriber', AttributeType: 'S' },
      ],
      KeySchema: [
        { AttributeName: 'edition', KeyType: 'HASH' },
        { AttributeName: 'subscriber', KeyType: 'RANGE' },
      ],
    },
    {
      TableName: names.editions,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [
        { AttributeName: 'id', AttributeType: 'S' },
        { AttributeName: 'archive', AttributeType: 'S' },
        { AttributeName: 'scheduledAt', AttributeType: 'S' },
      ],
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      GlobalSecondaryIndexes: [
        {
          IndexName: DATE_INDEX,
          KeySchema: [
            { AttributeName: 'archive', KeyType: 'HASH' },
            { AttributeName: 'scheduledAt', KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: ARCHIVE_SUMMARY_ATTRIBUTES },
        },
      ],
    },
  ];
}

/**
 * Creates whichever tables are missing (the embedded engine starts empty) and rebuilds any
 * that lack an index of its definition; waits until active. Resolves to the tables created
 * or rebuilt.
 *
 * Local and tests only (dynalite): in AWS the CDK stack creates and changes the tables, and
 * nothing calls this. dynalite cannot add an index to a table (UpdateTable's
 * GlobalSecondaryIndexUpdates), so a store created before an index was added is migrated by
 * copying: every item read, the table deleted and created anew, the items written back.
 */
export async function ensureTables(
  options: DynamoOptions,
  names: TableNames,
  { rebuild: mayRebuild = true }: { rebuild?: boolean } = {},
): Promise<string[]> {
  const client = new DynamoDBClient(dynamoClientConfig(options));
  try {
    return await createMissing(client, names, mayRebuild);
  } finally {
    client.destroy();
  }
}

async function createMissing(
  client: DynamoDBClient,
  names: TableNames,
  mayRebuild: boolean,
): Promise<string[]> {
  const existing = new Set<string>();
  let start: string | undefined;
  do {
    const page = await client.send(new ListTablesCommand({ ExclusiveStartTableName: start }));
    for (const name of page.TableNames ?? []) existing.add(name);
    start = page.LastEvaluatedTableName;
  } while (start !== undefined);
  const changed: string[] = [];
  for (const definition of tableDefinitions(names)) {
    const name = definition.TableName ?? '';
    if (existing.has(name)) {
      // Only the process that serves the store rebuilds: a rebuild under another's feet
      // would drop the writes it makes meanwhile.
      if (!mayRebuild || (await missingIndexes(client, definition)).length === 0) continue;
      await rebuild(client, definition);
    } else {
      await create(client, definition);
    }
    changed.push(name);
  }
  return changed;
}

async function create(client: DynamoDBClient, definition: CreateTableCommandInput): Promise<void> {
  await client.send(new CreateTableCommand(definition));
  await waitUntilTableExists(
    { client, maxWaitTime: 30, minDelay: 0.05, maxDelay: 0.5 },
    { TableName: definition.TableName },
  );
}

/** The global secondary indexes of the definition that the existing table does not have. */
async function missingIndexes(
  client: DynamoDBClient,
  definition: CreateTableCommandInput,
): Promise<string[]> {
  const { Table } = await client.send(
    new DescribeTableCommand({ TableName: definition.TableName }),
  );
  const present = new Set((Table?.GlobalSecondaryIndexes ?? []).map((i) => i.IndexName));
  return (definition.GlobalSecondaryIndexes ?? [])
    .map((index) => index.IndexName ?? '')
    .filter((name) => !present.has(name));
}

/**
 * Recreates a table with its current definition, keeping its items (held in memory
 * meanwhile: a local store is small). Not atomic: a process killed between the delete and
 * the last write loses what was not written back yet.
 */
async function rebuild(client: DynamoDBClient, definition: CreateTableCommandInput): Promise<void> {
  const table = definition.TableName ?? '';
  const items = await scanAll(client, table);
  await client.send(new DeleteTableCommand({ TableName: table }));
  await waitUntilTableNotExists(
    { client, maxWaitTime: 30, minDelay: 0.05, maxDelay: 0.5 },
    { TableName: table },
  );
  await create(client, definition);
  await writeAll(client, table, items);
}

async function scanAll(
  client: DynamoDBClient,
  table: string,
): Promise<Record<string, AttributeValue>[]> {
  const items: Record<string, AttributeValue>[] = [];
  let start: Record<string, AttributeValue> | undefined;
  do {
    const page: ScanCommandOutput = await client.send(
      new ScanCommand({ TableName: table, ExclusiveStartKey: start, ConsistentRead: true }),
    );
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start !== undefined);
  return items;
}

const pause = (attempt: number) => new Promise((resolve) => setTimeout(resolve, 2 ** attempt * 25));
const MAX_WRITE_ATTEMPTS = 10;

/** BatchWriteItem, 25 puts a call; unprocessed ones (throttling) are written again. */
async function writeAll(
  client: DynamoDBClient,
  table: string,
  items: Record<string, AttributeValue>[],
): Promise<void> {
  for (let i = 0; i < items.length; i += 25) {
    let requests: BatchWriteItemCommandOutput['UnprocessedItems'] = {
      [table]: items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } })),
    };
    for (let attempt = 0; (requests?.[table]?.length ?? 0) > 0; attempt += 1) {
      if (attempt >= MAX_WRITE_ATTEMPTS) {
        throw new Error(`Rebuilding ${table}: items still unprocessed after ${attempt} attempts`);
      }
      if (attempt > 0) await pause(attempt);
      const result: BatchWriteItemCommandOutput = await client.send(
        new BatchWriteItemCommand({ RequestItems: requests }),
      );
      requests = result.UnprocessedItems;
    }
  }
}
