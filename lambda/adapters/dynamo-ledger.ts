import { randomUUID } from 'node:crypto';
import {
  BatchGetCommand,
  type BatchGetCommandOutput,
  BatchWriteCommand,
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  ScanCommand,
  type ScanCommandOutput,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { ledgerPartition, ledgerPartitions } from '../delivery/ledger-keys.ts';
import type { Ledger, LedgerEntry, LedgerStatus, SentRecord } from '../delivery/ports.ts';
import { conditionally, ownedWrite } from './owned-write.ts';

/** How an entry is stored: the partition key is `<edition>#<shard>`; `editionId` is the edition. */
interface StoredEntry extends Omit<LedgerEntry, 'edition'> {
  edition: string;
  editionId: string;
}

const toEntry = (item: Record<string, unknown>): LedgerEntry => {
  const { editionId, edition, ...rest } = item as unknown as StoredEntry;
  return { ...rest, edition: editionId ?? edition };
};

const keyOf = (edition: string, subscriber: string) => ({
  edition: ledgerPartition(edition, subscriber),
  subscriber,
});

const pause = (attempt: number) => new Promise((resolve) => setTimeout(resolve, 2 ** attempt * 25));

/**
 * The ledger: one item per edition and subscriber, under a sharded partition key
 * (ledger-keys.ts). Every transition but `recordSent` is a conditional single-item write
 * that recognises its own earlier attempt (ownedWrite), so the SDK retrying a write that was
 * applied is never read as someone else's.
 */
export function createDynamoLedger(db: DynamoDBDocumentClient, table: string): Ledger {
  const read = async (edition: string, subscriber: string) => {
    const result = await db.send(
      new GetCommand({ TableName: table, Key: keyOf(edition, subscriber), ConsistentRead: true }),
    );
    return result.Item;
  };

  /** Moves an entry on from `from`, only while it holds `claimId`. */
  const transition = (
    edition: string,
    subscriber: string,
    claimId: string,
    from: LedgerStatus[],
    values: Record<string, string>,
  ) => {
    const names = Object.keys(values);
    const fromValues = Object.fromEntries(from.map((status, i) => [`:from${i}`, status]));
    return ownedWrite(
      () =>
        db.send(
          new UpdateCommand({
            TableName: table,
            Key: keyOf(edition, subscriber),
            UpdateExpression: `SET ${names.map((n) => `#${n} = :${n}`).join(', ')}`,
            ConditionExpression: `claimId = :claimId AND #status IN (${Object.keys(fromValues).join(', ')})`,
            ExpressionAttributeNames: {
              ...Object.fromEntries(names.map((n) => [`#${n}`, n])),
              '#status': 'status',
            },
            ExpressionAttributeValues: {
              ...Object.fromEntries(names.map((n) => [`:${n}`, values[n]])),
              ...fromValues,
              ':claimId': claimId,
            },
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          }),
        ),
      // Applied by an attempt the SDK retried: the item holds our claim and the new status.
      (image) => image?.claimId === claimId && image.status === values.status,
      () => read(edition, subscriber),
    );
  };

  return {
    async claim(edition, subscriber, email, at, claimId = randomUUID()) {
      const item: StoredEntry = {
        ...keyOf(edition, subscriber),
        editionId: edition,
        email,
        status: 'sending',
        claimId,
        sendingAt: at.toISOString(),
      };
      let found: Record<string, unknown> | undefined;
      const won = await ownedWrite(
        () =>
          db.send(
            new PutCommand({
              TableName: table,
              Item: item,
              ConditionExpression: 'attribute_not_exists(subscriber)',
              ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
            }),
          ),
        (image) => {
          found = image;
          return image?.claimId === claimId;
        },
        () => read(edition, subscriber),
      );
      if (won) return { claimId };
      // The condition failed on an entry that vanished since (a release): report it as
      // taken, the caller defers; the batch's redelivery claims it again.
      return {
        existing:
          found === undefined ? { edition, subscriber, email, status: 'sending' } : toEntry(found),
      };
    },
    async reclaim(entry, at) {
      const claimId = randomUUID();
      const held =
        entry.claimId === undefined ? 'attribute_not_exists(claimId)' : 'claimId = :oldClaim';
      const won = await ownedWrite(
        () =>
          db.send(
            new UpdateCommand({
              TableName: table,
              Key: keyOf(entry.edition, entry.subscriber),
              UpdateExpression:
                'SET #status = :sending, claimId = :claimId, sendingAt = :at REMOVE #error, settledAt',
              ConditionExpression: `#status = :old AND ${held}`,
              ExpressionAttributeNames: { '#status': 'status', '#error': 'error' },
              ExpressionAttributeValues: {
                ':sending': 'sending',
                ':claimId': claimId,
                ':at': at.toISOString(),
                ':old': entry.status,
                ...(entry.claimId === undefined ? {} : { ':oldClaim': entry.claimId }),
              },
              ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
            }),
          ),
        (image) => image?.claimId === claimId,
        () => read(entry.edition, entry.subscriber),
      );
      return won ? claimId : undefined;
    },
    async get(edition, subscriber) {
      const item = await read(edition, subscriber);
      return item === undefined ? undefined : toEntry(item);
    },
    async getMany(edition, subscribers) {
      const found = new Map<string, LedgerEntry>();
      const unique = [...new Set(subscribers)];
      for (let i = 0; i < unique.length; i += 100) {
        let keys: Record<string, unknown>[] | undefined = unique
          .slice(i, i + 100)
          .map((s) => keyOf(edition, s));
        for (let attempt = 0; keys !== undefined && keys.length > 0; attempt += 1) {
          if (attempt > 0) await pause(attempt);
          const result: BatchGetCommandOutput = await db.send(
            new BatchGetCommand({
              RequestItems: { [table]: { Keys: keys, ConsistentRead: true } },
            }),
          );
          for (const item of result.Responses?.[table] ?? []) {
            const entry = toEntry(item);
            found.set(entry.subscriber, entry);
          }
          keys = result.UnprocessedKeys?.[table]?.Keys;
        }
      }
      return found;
    },
    async recordSent(records) {
      if (records.length === 0) return [];
      if (records.length > 25) throw new RangeError('recordSent takes at most 25 records');
      const result = await db.send(
        new BatchWriteCommand({
          RequestItems: {
            [table]: records.map((record) => ({ PutRequest: { Item: sentItem(record) } })),
          },
        }),
      );
      const left = new Set(
        (result.UnprocessedItems?.[table] ?? []).map((request) =>
          String(request.PutRequest?.Item?.subscriber),
        ),
      );
      return records.filter((record) => left.has(record.subscriber));
    },
    async settleSent(edition, subscriber, messageId, at) {
      // Usually the worker recorded it already: a read (half a read unit, eventually
      // consistent) spares a failed conditional write (a whole write unit on the partition).
      // A stale read can only show an older state, and the write below is conditional anyway.
      const seen = await db.send(
        new GetCommand({ TableName: table, Key: keyOf(edition, subscriber) }),
      );
      const status = seen.Item?.status;
      if (status !== 'sending' && status !== 'unknown') return false;
      // False when already settled: by the worker's own record (the same message id), by
      // the other of Send and Delivery, or by a retried attempt of this very write. Each
      // means nothing is left to do, so none needs telling apart.
      return conditionally(() =>
        db.send(
          new UpdateCommand({
            TableName: table,
            Key: keyOf(edition, subscriber),
            UpdateExpression: 'SET #status = :sent, messageId = :messageId, sentAt = :at',
            ConditionExpression: '#status IN (:sending, :unknown)',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: {
              ':sent': 'sent',
              ':messageId': messageId,
              ':at': at.toISOString(),
              ':sending': 'sending',
              ':unknown': 'unknown',
            },
          }),
        ),
      );
    },
    markFailed(edition, subscriber, claimId, reason, at) {
      return transition(edition, subscriber, claimId, ['sending'], {
        status: 'failed',
        error: reason.slice(0, 1000),
        settledAt: at.toISOString(),
      });
    },
    markUnknown(edition, subscriber, claimId, reason, at) {
      return transition(edition, subscriber, claimId, ['sending'], {
        status: 'unknown',
        error: reason.slice(0, 1000),
        settledAt: at.toISOString(),
      });
    },
    async markSkipped(edition, subscriber, email, reason, at) {
      const item: StoredEntry = {
        ...keyOf(edition, subscriber),
        editionId: edition,
        email,
        status: 'skipped',
        error: reason,
        settledAt: at.toISOString(),
      };
      await conditionally(() =>
        db.send(
          new PutCommand({
            TableName: table,
            Item: item,
            ConditionExpression: 'attribute_not_exists(subscriber)',
          }),
        ),
      );
    },
    async release(edition, subscriber, claimId) {
      // A retried delete that was applied finds nothing: its condition fails, the entry is gone.
      await conditionally(() =>
        db.send(
          new DeleteCommand({
            TableName: table,
            Key: keyOf(edition, subscriber),
            ConditionExpression: 'claimId = :claimId AND #status = :sending',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':claimId': claimId, ':sending': 'sending' },
          }),
        ),
      );
    },
    async *list(edition) {
      for (const partition of ledgerPartitions(edition)) {
        let start: Record<string, unknown> | undefined;
        do {
          const page = await db.send(
            new QueryCommand({
              TableName: table,
              KeyConditionExpression: 'edition = :edition',
              ExpressionAttributeValues: { ':edition': partition },
              ExclusiveStartKey: start,
              ConsistentRead: true,
            }),
          );
          for (const item of page.Items ?? []) yield toEntry(item);
          start = page.LastEvaluatedKey;
        } while (start !== undefined);
      }
    },
  };
}

function sentItem(record: SentRecord): StoredEntry {
  return {
    ...keyOf(record.edition, record.subscriber),
    editionId: record.edition,
    email: record.email,
    status: 'sent',
    claimId: record.claimId,
    sendingAt: record.sendingAt,
    messageId: record.messageId,
    sentAt: record.sentAt,
  };
}

/**
 * Moves entries written before the partition key was sharded (keyed by the bare edition id,
 * no `editionId`) under their sharded key. Local stores only: the process that owns the
 * embedded engine runs it when it opens the store. Safe to run again; resolves to how many
 * entries moved.
 */
export async function migrateUnshardedLedger(
  db: DynamoDBDocumentClient,
  table: string,
): Promise<number> {
  let moved = 0;
  let start: Record<string, unknown> | undefined;
  do {
    const page: ScanCommandOutput = await db.send(
      new ScanCommand({
        TableName: table,
        FilterExpression: 'attribute_not_exists(editionId)',
        ExclusiveStartKey: start,
        ConsistentRead: true,
      }),
    );
    for (const item of page.Items ?? []) {
      const edition = String(item.edition);
      const subscriber = String(item.subscriber);
      const { claimedAt: _claimedAt, leaseUntil: _leaseUntil, ...rest } = item;
      const status = rest.status === 'claimed' ? 'sending' : rest.status;
      await conditionally(() =>
        db.send(
          new PutCommand({
            TableName: table,
            Item: { ...rest, status, ...keyOf(edition, subscriber), editionId: edition },
            ConditionExpression: 'attribute_not_exists(subscriber)',
          }),
        ),
      );
      await db.send(new DeleteCommand({ TableName: table, Key: { edition, subscriber } }));
      moved += 1;
    }
    start = page.LastEvaluatedKey;
  } while (start !== undefined);
  return moved;
}
