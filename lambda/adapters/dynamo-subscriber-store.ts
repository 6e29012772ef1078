import {
  BatchGetCommand,
  type BatchGetCommandOutput,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { Page, SubscriberStore } from '../delivery/ports.ts';
import type { Subscriber, SubscriberStatus } from '../subscribers/subscriber.ts';
import { conditionally } from './conditional.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';
import { STATUS_INDEX } from './dynamo-tables.ts';

export function createDynamoSubscriberStore(
  db: DynamoDBDocumentClient,
  table: string,
): SubscriberStore {
  return {
    add(subscriber) {
      return conditionally(() =>
        db.send(
          new PutCommand({
            TableName: table,
            Item: subscriber,
            ConditionExpression: 'attribute_not_exists(id)',
          }),
        ),
      );
    },
    async get(id) {
      const result = await db.send(
        new GetCommand({ TableName: table, Key: { id }, ConsistentRead: true }),
      );
      return result.Item as Subscriber | undefined;
    },
    async getMany(ids) {
      const found = new Map<string, Subscriber>();
      // BatchGetItem takes 100 keys; unprocessed keys (throttling) are asked for again.
      for (let i = 0; i < ids.length; i += 100) {
        let keys: Record<string, unknown>[] | undefined = [...new Set(ids.slice(i, i + 100))].map(
          (id) => ({ id }),
        );
        for (let attempt = 0; keys !== undefined && keys.length > 0; attempt += 1) {
          if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 2 ** attempt * 25));
          const result: BatchGetCommandOutput = await db.send(
            new BatchGetCommand({
              RequestItems: { [table]: { Keys: keys, ConsistentRead: true } },
            }),
          );
          for (const item of result.Responses?.[table] ?? [])
            found.set(String(item.id), item as Subscriber);
          keys = result.UnprocessedKeys?.[table]?.Keys;
        }
      }
      return found;
    },
    async pageByStatus(
      status: SubscriberStatus,
      limit: number,
      cursor?: string,
    ): Promise<Page<Subscriber>> {
      const result = await db.send(
        new QueryCommand({
          TableName: table,
          IndexName: STATUS_INDEX,
          KeyConditionExpression: '#status = :status',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':status': status },
          Limit: limit,
          ExclusiveStartKey: decodeCursor(cursor),
        }),
      );
      const next = encodeCursor(result.LastEvaluatedKey);
      return {
        items: (result.Items ?? []) as Subscriber[],
        ...(next === undefined ? {} : { cursor: next }),
      };
    },
    setStatus(id, status, reason, at) {
      return conditionally(() =>
        db.send(
          new UpdateCommand({
            TableName: table,
            Key: { id },
            UpdateExpression: 'SET #status = :status, statusReason = :reason, updatedAt = :at',
            ConditionExpression: 'attribute_exists(id)',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: {
              ':status': status,
              ':reason': reason,
              ':at': at.toISOString(),
            },
          }),
        ),
      );
    },
    async countSoftBounce(id, messageKey, at) {
      await conditionally(() =>
        db.send(
          new UpdateCommand({
            TableName: table,
            Key: { id },
            // A string set: adding the same message twice leaves it as it was.
            UpdateExpression: 'ADD softBounceMessages :message SET lastSoftBounceAt = :at',
            ConditionExpression: 'attribute_exists(id)',
            ExpressionAttributeValues: {
              ':message': new Set([messageKey]),
              ':at': at.toISOString(),
            },
          }),
        ),
      );
    },
  };
}
