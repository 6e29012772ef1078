import {
  BatchGetCommand,
  type BatchGetCommandOutput,
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import pLimit from 'p-limit';
import type { Page, SubscriberStore } from '../subscribers/ports.ts';
import type { Subscriber, SubscriberStatus } from '../subscribers/subscriber.ts';
import { conditionally } from './conditional.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';
import { STATUS_INDEX } from './dynamo-tables.ts';

const pause = (attempt: number) => new Promise((resolve) => setTimeout(resolve, 2 ** attempt * 25));

/** The condition that `previous` is still what is stored (or that nothing is, for a new one). */
function unchangedSince(previous: Subscriber | undefined): {
  ConditionExpression: string;
  ExpressionAttributeValues?: Record<string, unknown>;
} {
  if (previous === undefined) return { ConditionExpression: 'attribute_not_exists(id)' };
  if (previous.version === undefined) {
    return { ConditionExpression: 'attribute_exists(id) AND attribute_not_exists(version)' };
  }
  return {
    ConditionExpression: 'version = :version',
    ExpressionAttributeValues: { ':version': previous.version },
  };
}

export function createDynamoSubscriberStore(
  db: DynamoDBDocumentClient,
  table: string,
): SubscriberStore {
  const getMany = async (ids: string[]) => {
    const found = new Map<string, Subscriber>();
    // BatchGetItem takes 100 keys; unprocessed keys (throttling) are asked for again.
    for (let i = 0; i < ids.length; i += 100) {
      let keys: Record<string, unknown>[] | undefined = [...new Set(ids.slice(i, i + 100))].map(
        (id) => ({ id }),
      );
      for (let attempt = 0; keys !== undefined && keys.length > 0; attempt += 1) {
        if (attempt > 0) await pause(attempt);
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
  };
  return {
    async addMany(subscribers) {
      const unique = [...new Map(subscribers.map((s) => [s.id, s])).values()];
      // One conditional put each, 16 at a time: BatchWriteItem has no conditions, and a
      // signup landing between a read and a blind batch write would be overwritten.
      const limit = pLimit(16);
      const written = await Promise.all(
        unique.map((subscriber) =>
          limit(() =>
            conditionally(() =>
              db.send(
                new PutCommand({
                  TableName: table,
                  Item: { ...subscriber, version: 1 },
                  ConditionExpression: 'attribute_not_exists(id)',
                }),
              ),
            ),
          ),
        ),
      );
      return {
        added: unique.filter((_, i) => written[i]).map((s) => s.id),
        existing: unique.filter((_, i) => !written[i]).map((s) => s.id),
      };
    },
    replace(next, previous) {
      const condition = unchangedSince(previous);
      return conditionally(() =>
        db.send(
          new PutCommand({
            TableName: table,
            Item: { ...next, version: (previous?.version ?? 0) + 1 },
            ...condition,
          }),
        ),
      );
    },
    remove(id) {
      return conditionally(() =>
        db.send(
          new DeleteCommand({
            TableName: table,
            Key: { id },
            ConditionExpression: 'attribute_exists(id)',
          }),
        ),
      );
    },
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
    getMany,
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
    setStatus(id, status, reason, at, from) {
      if (from.length === 0) return Promise.resolve(false);
      const fromValues = Object.fromEntries(from.map((value, i) => [`:from${i}`, value]));
      return conditionally(() =>
        db.send(
          new UpdateCommand({
            TableName: table,
            Key: { id },
            UpdateExpression:
              'SET #status = :status, statusReason = :reason, updatedAt = :at ADD version :one',
            ConditionExpression: `attribute_exists(id) AND #status IN (${Object.keys(fromValues).join(', ')})`,
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: {
              ':status': status,
              ':reason': reason,
              ':at': at.toISOString(),
              ':one': 1,
              ...fromValues,
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
            UpdateExpression:
              'ADD softBounceMessages :message, version :one SET lastSoftBounceAt = :at',
            ConditionExpression: 'attribute_exists(id)',
            ExpressionAttributeValues: {
              ':message': new Set([messageKey]),
              ':at': at.toISOString(),
              ':one': 1,
            },
          }),
        ),
      );
    },
  };
}
