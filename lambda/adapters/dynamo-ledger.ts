import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { Ledger, LedgerEntry } from '../delivery/ports.ts';
import { conditionally } from './conditional.ts';

/** The ledger: one item per edition and subscriber, written first with a conditional put. */
export function createDynamoLedger(db: DynamoDBDocumentClient, table: string): Ledger {
  const settle = (edition: string, subscriber: string, values: Record<string, string>) => {
    const names = Object.keys(values);
    return db.send(
      new UpdateCommand({
        TableName: table,
        Key: { edition, subscriber },
        UpdateExpression: `SET ${names.map((n) => `#${n} = :${n}`).join(', ')}`,
        ConditionExpression: 'attribute_exists(edition)',
        ExpressionAttributeNames: Object.fromEntries(names.map((n) => [`#${n}`, n])),
        ExpressionAttributeValues: Object.fromEntries(names.map((n) => [`:${n}`, values[n]])),
      }),
    );
  };
  return {
    claim(edition, subscriber, email, at) {
      const item: LedgerEntry = {
        edition,
        subscriber,
        email,
        status: 'claimed',
        claimedAt: at.toISOString(),
      };
      return conditionally(() =>
        db.send(
          new PutCommand({
            TableName: table,
            Item: item,
            ConditionExpression: 'attribute_not_exists(edition)',
          }),
        ),
      );
    },
    async markSent(edition, subscriber, messageId, at) {
      await settle(edition, subscriber, { status: 'sent', messageId, sentAt: at.toISOString() });
    },
    async markFailed(edition, subscriber, reason, at) {
      await settle(edition, subscriber, {
        status: 'failed',
        error: reason.slice(0, 1000),
        failedAt: at.toISOString(),
      });
    },
    async release(edition, subscriber) {
      await conditionally(() =>
        db.send(
          new DeleteCommand({
            TableName: table,
            Key: { edition, subscriber },
            ConditionExpression: '#status = :claimed',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':claimed': 'claimed' },
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
          }),
        );
        for (const item of page.Items ?? []) yield item as LedgerEntry;
        start = page.LastEvaluatedKey;
      } while (start !== undefined);
    },
  };
}
