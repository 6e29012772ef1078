import { randomUUID } from 'node:crypto';
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { Ledger, LedgerEntry } from '../delivery/ports.ts';
import { conditionally } from './conditional.ts';

/**
 * The ledger: one item per edition and subscriber. Every transition is a conditional
 * single-item write (dynalite has no transactions, and none is needed).
 */
export function createDynamoLedger(db: DynamoDBDocumentClient, table: string): Ledger {
  const update = (
    edition: string,
    subscriber: string,
    values: Record<string, string>,
    condition: string,
    conditionValues: Record<string, string> = {},
  ) => {
    const names = Object.keys(values);
    return db.send(
      new UpdateCommand({
        TableName: table,
        Key: { edition, subscriber },
        UpdateExpression: `SET ${names.map((n) => `#${n} = :${n}`).join(', ')}`,
        ConditionExpression: condition,
        ExpressionAttributeNames: {
          ...Object.fromEntries(names.map((n) => [`#${n}`, n])),
          '#status': 'status',
        },
        ExpressionAttributeValues: {
          ...Object.fromEntries(names.map((n) => [`:${n}`, values[n]])),
          ...conditionValues,
        },
      }),
    );
  };
  return {
    async claim(edition, subscriber, email, at, leaseMs) {
      const claimId = randomUUID();
      const item: LedgerEntry = {
        edition,
        subscriber,
        email,
        status: 'claimed',
        claimedAt: at.toISOString(),
        claimId,
        leaseUntil: new Date(at.getTime() + leaseMs).toISOString(),
      };
      const won = await conditionally(() =>
        db.send(
          new PutCommand({
            TableName: table,
            Item: item,
            // New, or a claim whose worker died before handing the message to SES.
            ConditionExpression:
              'attribute_not_exists(edition) OR (#status = :claimed AND leaseUntil < :now)',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':claimed': 'claimed', ':now': at.toISOString() },
          }),
        ),
      );
      return won ? claimId : undefined;
    },
    async get(edition, subscriber) {
      const result = await db.send(
        new GetCommand({ TableName: table, Key: { edition, subscriber }, ConsistentRead: true }),
      );
      return result.Item as LedgerEntry | undefined;
    },
    markSending(edition, subscriber, claimId, at) {
      return conditionally(() =>
        update(
          edition,
          subscriber,
          { status: 'sending', sendingAt: at.toISOString() },
          'claimId = :claimId AND #status = :claimed',
          { ':claimId': claimId, ':claimed': 'claimed' },
        ),
      );
    },
    async markSent(edition, subscriber, messageId, at) {
      await update(
        edition,
        subscriber,
        { status: 'sent', messageId, sentAt: at.toISOString() },
        'attribute_exists(edition)',
      );
    },
    async markFailed(edition, subscriber, reason, at) {
      await update(
        edition,
        subscriber,
        { status: 'failed', error: reason.slice(0, 1000), failedAt: at.toISOString() },
        'attribute_exists(edition)',
      );
    },
    async markSkipped(edition, subscriber, email, reason, at) {
      await conditionally(() =>
        db.send(
          new PutCommand({
            TableName: table,
            Item: {
              edition,
              subscriber,
              email,
              status: 'skipped',
              error: reason,
              claimedAt: at.toISOString(),
            },
            ConditionExpression: 'attribute_not_exists(edition)',
          }),
        ),
      );
    },
    async release(edition, subscriber, claimId) {
      await conditionally(() =>
        db.send(
          new DeleteCommand({
            TableName: table,
            Key: { edition, subscriber },
            ConditionExpression: 'claimId = :claimId AND #status IN (:claimed, :sending)',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: {
              ':claimId': claimId,
              ':claimed': 'claimed',
              ':sending': 'sending',
            },
          }),
        ),
      );
    },
    resetFailed(edition, subscriber) {
      return conditionally(() =>
        db.send(
          new DeleteCommand({
            TableName: table,
            Key: { edition, subscriber },
            ConditionExpression: '#status = :failed',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':failed': 'failed' },
          }),
        ),
      );
    },
    async *list(edition) {
      let start: Record<string, unknown> | undefined;
      do {
        const page = await db.send(
          new QueryCommand({
            TableName: table,
            KeyConditionExpression: 'edition = :edition',
            ExpressionAttributeValues: { ':edition': edition },
            ExclusiveStartKey: start,
            ConsistentRead: true,
          }),
        );
        for (const item of page.Items ?? []) yield item as LedgerEntry;
        start = page.LastEvaluatedKey;
      } while (start !== undefined);
    },
  };
}
