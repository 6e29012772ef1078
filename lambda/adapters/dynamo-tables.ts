import {
  CreateTableCommand,
  type CreateTableCommandInput,
  DynamoDBClient,
  ListTablesCommand,
  waitUntilTableExists,
} from '@aws-sdk/client-dynamodb';
import { type DynamoOptions, dynamoClientConfig } from './dynamo-client.ts';

/** Table shapes shared by the local bootstrap and (by their names and keys) the CDK stack. */
export const STATUS_INDEX = 'byStatus';

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
      AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
    },
  ];
}

/** Creates whichever tables are missing (the embedded engine starts empty); waits until active. */
export async function ensureTables(options: DynamoOptions, names: TableNames): Promise<string[]> {
  const client = new DynamoDBClient(dynamoClientConfig(options));
  try {
    return await createMissing(client, names);
  } finally {
    client.destroy();
  }
}

async function createMissing(client: DynamoDBClient, names: TableNames): Promise<string[]> {
  const existing = new Set<string>();
  let start: string | undefined;
  do {
    const page = await client.send(new ListTablesCommand({ ExclusiveStartTableName: start }));
    for (const name of page.TableNames ?? []) existing.add(name);
    start = page.LastEvaluatedTableName;
  } while (start !== undefined);
  const created: string[] = [];
  for (const definition of tableDefinitions(names)) {
    const name = definition.TableName ?? '';
    if (existing.has(name)) continue;
    await client.send(new CreateTableCommand(definition));
    await waitUntilTableExists(
      { client, maxWaitTime: 30, minDelay: 0.05, maxDelay: 0.5 },
      { TableName: name },
    );
    created.push(name);
  }
  return created;
}
