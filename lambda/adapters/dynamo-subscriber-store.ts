import { createHash, randomUUID } from 'node:crypto';
import {
  BatchGetCommand,
  type BatchGetCommandOutput,
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  type PutCommandInput,
  QueryCommand,
  type QueryCommandOutput,
  ScanCommand,
  type ScanCommandOutput,
  UpdateCommand,
  type UpdateCommandInput,
} from '@aws-sdk/lib-dynamodb';
import pLimit from 'p-limit';
import type { FeedbackGuard, Page, SubscriberStore } from '../subscribers/ports.ts';
import type { Subscriber, SubscriberStatus } from '../subscribers/subscriber.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';
import { STATUS_INDEX, STATUS_SHARD_INDEX } from './dynamo-tables.ts';
import { conditionally, type ItemImage, ownedWrite } from './owned-write.ts';

/**
 * The subscribers table. Besides the Subscriber record, every item carries two attributes the
 * store keeps for itself and never returns:
 * - `writeId`: a random id stamped by every write, so a write the SDK retried after it was
 *   applied recognizes its own work when the retry fails its condition (owned-write.ts);
 * - `statusShard`: `<status>#<shard>`, the partition key of STATUS_SHARD_INDEX, set by every
 *   write that sets the status, so no one key value holds every confirmed subscriber.
 */

/** How many key values each status is spread over in STATUS_SHARD_INDEX. */
export const STATUS_SHARDS = 16;

/** The latest feedback events kept per subscriber (`feedbackEvents`), to know a replay. */
export const FEEDBACK_EVENTS_KEPT = 20;

/** The first byte of SHA-256 of the id, modulo STATUS_SHARDS: a subscriber's shard. */
function shardOf(id: string): number {
  return (createHash('sha256').update(id).digest()[0] ?? 0) % STATUS_SHARDS;
}

function shardValue(status: SubscriberStatus, shard: number): string {
  return `${status}#${shard.toString(16).padStart(2, '0')}`;
}

/** `<status>#<two hex digits>`: the subscriber's partition key value in STATUS_SHARD_INDEX. */
export function statusShardOf(status: SubscriberStatus, id: string): string {
  return shardValue(status, shardOf(id));
}

type Item = Record<string, unknown>;

/** A stored item as the Subscriber it holds, without the store's own attributes. */
function toSubscriber(item: Item): Subscriber {
  const { writeId: _writeId, statusShard: _statusShard, ...subscriber } = item;
  return subscriber as unknown as Subscriber;
}

/** The item a put writes: the subscriber, its status shard and this write's id. */
function toItem(subscriber: Subscriber, writeId: string, version?: number): Item & { id: string } {
  return {
    ...subscriber,
    ...(version === undefined ? {} : { version }),
    statusShard: statusShardOf(subscriber.status, subscriber.id),
    writeId,
  };
}

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

/**
 * Part of every update's condition: the item does not carry this write's id yet. An update
 * whose own condition would hold again (a soft bounce; a status moved to one of its `from`)
 * is then not applied twice when the SDK retries it: the retry fails, and owns the result.
 */
const NOT_APPLIED_YET = '(attribute_not_exists(writeId) OR writeId <> :writeId)';

/** Every failed condition answers with the item as it was, where DynamoDB does so. */
const RETURN_OLD_ON_FAILURE: Pick<PutCommandInput, 'ReturnValuesOnConditionCheckFailure'> = {
  ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
};

interface StatusChange {
  id: string;
  status: SubscriberStatus;
  reason: string;
  at: Date;
  from: readonly SubscriberStatus[];
  guard: FeedbackGuard | undefined;
}

/**
 * The UpdateItem of `setStatus`. With an event key, `events` says how it is recorded: `add`
 * to the set while it holds fewer than FEEDBACK_EVENTS_KEPT, or `restart` the set with it
 * (when full: the older keys are dropped).
 */
function statusUpdate(
  table: string,
  change: StatusChange,
  writeId: string,
  events: 'add' | 'restart',
): UpdateCommandInput {
  const { id, status, reason, at, from, guard } = change;
  const fromValues = Object.fromEntries(from.map((value, i) => [`:from${i}`, value]));
  const values: Record<string, unknown> = {
    ':status': status,
    ':reason': reason,
    ':at': at.toISOString(),
    ':shard': statusShardOf(status, id),
    ':writeId': writeId,
    ':one': 1,
    ...fromValues,
  };
  const set = [
    '#status = :status',
    'statusReason = :reason',
    'updatedAt = :at',
    'statusShard = :shard',
    'writeId = :writeId',
  ];
  const add = ['version :one'];
  const conditions = [
    'attribute_exists(id)',
    NOT_APPLIED_YET,
    `#status IN (${Object.keys(fromValues).join(', ')})`,
  ];
  if (guard?.messageSentAt !== undefined) {
    // ISO times in one format compare as strings. Confirmed at or before the message: it applies.
    conditions.push('(attribute_not_exists(confirmedAt) OR confirmedAt <= :sentAt)');
    values[':sentAt'] = guard.messageSentAt;
  }
  if (guard?.eventKey !== undefined) {
    values[':eventKey'] = guard.eventKey;
    values[':eventKeys'] = new Set([guard.eventKey]);
    if (events === 'add') {
      conditions.push(
        '(attribute_not_exists(feedbackEvents) OR (NOT contains(feedbackEvents, :eventKey) AND size(feedbackEvents) < :kept))',
      );
      values[':kept'] = FEEDBACK_EVENTS_KEPT;
      add.push('feedbackEvents :eventKeys');
    } else {
      conditions.push('NOT contains(feedbackEvents, :eventKey)');
      set.push('feedbackEvents = :eventKeys');
    }
  }
  return {
    TableName: table,
    Key: { id },
    UpdateExpression: `SET ${set.join(', ')} ADD ${add.join(', ')}`,
    ConditionExpression: conditions.join(' AND '),
    ExpressionAttributeNames: { '#status': 'status' },
    ExpressionAttributeValues: values,
    ...RETURN_OLD_ON_FAILURE,
  };
}

/** True when the item's event set is full and lacks `eventKey`: the reason a change failed. */
function eventSetFull(image: ItemImage | undefined, eventKey: string | undefined): boolean {
  const keys = image?.feedbackEvents;
  return (
    eventKey !== undefined &&
    keys instanceof Set &&
    keys.size >= FEEDBACK_EVENTS_KEPT &&
    !keys.has(eventKey)
  );
}

/** Where pageByStatus is: the shard, and the index's last key in it (none: its start). */
interface ShardPosition {
  shard: number;
  key?: Record<string, unknown>;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function positionOf(cursor: string | undefined): ShardPosition {
  const decoded = decodeCursor(cursor);
  if (decoded === undefined) return { shard: 0 };
  const { shard, key } = decoded;
  if (
    typeof shard === 'number' &&
    Number.isInteger(shard) &&
    shard >= 0 &&
    shard < STATUS_SHARDS &&
    (key === undefined || isRecord(key))
  ) {
    return key === undefined ? { shard } : { shard, key };
  }
  // A cursor of the former, unsharded index (a page in flight across the deploy): start over.
  // Compose then queues some recipients again; the ledger sends each of them once.
  if (shard === undefined && typeof decoded.id === 'string' && typeof decoded.status === 'string') {
    return { shard: 0 };
  }
  throw new TypeError('Expected `cursor` to be a cursor returned by an earlier page');
}

function cursorOf(position: ShardPosition): string | undefined {
  if (position.shard >= STATUS_SHARDS) return undefined;
  return encodeCursor({ ...position });
}

export function createDynamoSubscriberStore(
  db: DynamoDBDocumentClient,
  table: string,
): SubscriberStore {
  /** A consistent read of a few attributes: the item's image after a failed condition. */
  const reread = (id: string, attributes: string[]) => async () =>
    (
      await db.send(
        new GetCommand({
          TableName: table,
          Key: { id },
          ConsistentRead: true,
          ProjectionExpression: attributes.join(', '),
        }),
      )
    ).Item;

  /** A conditional write of the item `id` stamped `writeId`: true if it took effect. */
  const owned = (id: string, writeId: string, write: () => Promise<unknown>) =>
    ownedWrite(write, (image) => image?.writeId === writeId, reread(id, ['writeId']));

  const putNew = (item: Item & { id: string }, writeId: string) =>
    owned(item.id, writeId, () =>
      db.send(
        new PutCommand({
          TableName: table,
          Item: item,
          ConditionExpression: 'attribute_not_exists(id)',
          ...RETURN_OLD_ON_FAILURE,
        }),
      ),
    );

  const changeStatus = async (change: StatusChange): Promise<boolean> => {
    const writeId = randomUUID();
    let image: ItemImage | undefined;
    const written = await ownedWrite(
      () => db.send(new UpdateCommand(statusUpdate(table, change, writeId, 'add'))),
      (found) => {
        image = found;
        return found?.writeId === writeId;
      },
      reread(change.id, ['writeId', 'feedbackEvents']),
    );
    if (written || !eventSetFull(image, change.guard?.eventKey)) return written;
    // The set of events is full: record this one alone, the same conditions otherwise.
    const again = randomUUID();
    return owned(change.id, again, () =>
      db.send(new UpdateCommand(statusUpdate(table, change, again, 'restart'))),
    );
  };

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
          found.set(String(item.id), toSubscriber(item));
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
          limit(() => {
            const writeId = randomUUID();
            return putNew(toItem(subscriber, writeId, 1), writeId);
          }),
        ),
      );
      return {
        added: unique.filter((_, i) => written[i]).map((s) => s.id),
        existing: unique.filter((_, i) => !written[i]).map((s) => s.id),
      };
    },
    replace(next, previous) {
      const writeId = randomUUID();
      return owned(next.id, writeId, () =>
        db.send(
          new PutCommand({
            TableName: table,
            Item: toItem(next, writeId, (previous?.version ?? 0) + 1),
            ...unchangedSince(previous),
            ...RETURN_OLD_ON_FAILURE,
          }),
        ),
      );
    },
    /**
     * A delete leaves nothing to recognize: when the SDK retries a delete that was applied,
     * the retry fails `attribute_exists` and this answers false, as for a subscriber that was
     * never there. Erasure callers treat false as "nothing (more) to erase".
     */
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
      const writeId = randomUUID();
      return putNew(toItem(subscriber, writeId), writeId);
    },
    async get(id) {
      const result = await db.send(
        new GetCommand({ TableName: table, Key: { id }, ConsistentRead: true }),
      );
      return result.Item === undefined ? undefined : toSubscriber(result.Item);
    },
    getMany,
    /**
     * Walks the status's shards in order, each through STATUS_SHARD_INDEX, until the page is
     * full or the last shard is done. A page may hold fewer than `limit` subscribers; the
     * cursor (the shard and the index's last key in it) is absent only after the last shard.
     */
    async pageByStatus(
      status: SubscriberStatus,
      limit: number,
      cursor?: string,
    ): Promise<Page<Subscriber>> {
      if (!Number.isInteger(limit) || limit < 1) {
        throw new RangeError(`Expected \`limit\` to be a positive integer, got ${limit}`);
      }
      const position = positionOf(cursor);
      const items: Subscriber[] = [];
      while (position.shard < STATUS_SHARDS && items.length < limit) {
        const result: QueryCommandOutput = await db.send(
          new QueryCommand({
            TableName: table,
            IndexName: STATUS_SHARD_INDEX,
            KeyConditionExpression: 'statusShard = :shard',
            // The shard names the status; this only guards against an item whose status was
            // changed by a writer that did not know `statusShard` (a version before it).
            FilterExpression: '#status = :status',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: {
              ':shard': shardValue(status, position.shard),
              ':status': status,
            },
            Limit: limit - items.length,
            ExclusiveStartKey: position.key,
          }),
        );
        items.push(...(result.Items ?? []).map(toSubscriber));
        if (result.LastEvaluatedKey === undefined) {
          position.shard += 1;
          delete position.key;
        } else {
          position.key = result.LastEvaluatedKey;
        }
      }
      const next = cursorOf(position);
      if (cursor === undefined && next === undefined && items.length === 0) {
        await refuseUnmigrated(db, table, status);
      }
      return { items, ...(next === undefined ? {} : { cursor: next }) };
    },
    setStatus(id, status, reason, at, from, guard) {
      if (from.length === 0) return Promise.resolve(false);
      return changeStatus({ id, status, reason, at, from, guard });
    },
    async countSoftBounce(id, messageKey, at) {
      const writeId = randomUUID();
      await owned(id, writeId, () =>
        db.send(
          new UpdateCommand({
            TableName: table,
            Key: { id },
            // A string set: adding the same message twice leaves it as it was.
            UpdateExpression:
              'ADD softBounceMessages :message, version :one SET lastSoftBounceAt = :at, writeId = :writeId',
            ConditionExpression: `attribute_exists(id) AND ${NOT_APPLIED_YET}`,
            ExpressionAttributeValues: {
              ':message': new Set([messageKey]),
              ':at': at.toISOString(),
              ':one': 1,
              ':writeId': writeId,
            },
            ...RETURN_OLD_ON_FAILURE,
          }),
        ),
      );
    },
  };
}

/**
 * Gives every item of the subscribers table the `statusShard` its status calls for, where it
 * has none (items written before the attribute existed) or one that no longer matches its
 * status (changed by a writer that did not know the attribute). Each item is fixed by its
 * own conditional write, only if its status and shard are still what the scan saw, so a
 * subscriber's own write meanwhile wins. Does not bump `version`: the subscriber is unchanged.
 *
 * Run it once the table has STATUS_SHARD_INDEX (after `ensureTables`'s rebuild locally, after
 * the deploy that adds the index in AWS) and before compose pages through that index; it is
 * safe to run again, and anytime. Resolves to the number of items it fixed.
 */
export async function backfillStatusShards(
  db: DynamoDBDocumentClient,
  table: string,
): Promise<number> {
  const limit = pLimit(8);
  let fixed = 0;
  let start: Record<string, unknown> | undefined;
  do {
    const page: ScanCommandOutput = await db.send(
      new ScanCommand({
        TableName: table,
        ProjectionExpression: 'id, #status, statusShard',
        ExpressionAttributeNames: { '#status': 'status' },
        ExclusiveStartKey: start,
        ConsistentRead: true,
      }),
    );
    const stale = (page.Items ?? []).filter(
      (item) =>
        typeof item.id === 'string' &&
        typeof item.status === 'string' &&
        item.statusShard !== statusShardOf(item.status as SubscriberStatus, item.id),
    );
    const written = await Promise.all(stale.map((item) => limit(() => fixShard(db, table, item))));
    fixed += written.filter(Boolean).length;
    start = page.LastEvaluatedKey;
  } while (start !== undefined);
  return fixed;
}

function fixShard(db: DynamoDBDocumentClient, table: string, item: Item): Promise<boolean> {
  const id = String(item.id);
  const status = item.status as SubscriberStatus;
  const seen = typeof item.statusShard === 'string' ? item.statusShard : undefined;
  const writeId = randomUUID();
  return ownedWrite(
    () =>
      db.send(
        new UpdateCommand({
          TableName: table,
          Key: { id },
          UpdateExpression: 'SET statusShard = :shard, writeId = :writeId',
          ConditionExpression: `#status = :status AND ${
            seen === undefined ? 'attribute_not_exists(statusShard)' : 'statusShard = :seen'
          }`,
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':shard': statusShardOf(status, id),
            ':writeId': writeId,
            ':status': status,
            ...(seen === undefined ? {} : { ':seen': seen }),
          },
          ...RETURN_OLD_ON_FAILURE,
        }),
      ),
    (image) => image?.writeId === writeId,
    async () =>
      (
        await db.send(
          new GetCommand({
            TableName: table,
            Key: { id },
            ConsistentRead: true,
            ProjectionExpression: 'writeId',
          }),
        )
      ).Item,
  );
}

/** Thrown when the sharded index is empty but the table holds subscribers of that status. */
export class UnmigratedStoreError extends Error {
  constructor(table: string, status: string) {
    super(
      `The ${table} table has ${status} subscribers without their status shard, so the index compose pages (${STATUS_SHARD_INDEX}) does not list them: run \`npx braid migrate\` once (with BRAID_MODE=aws in AWS), then send again.`,
    );
    this.name = 'UnmigratedStoreError';
  }
}

/**
 * A whole status found empty in the sharded index is checked against the older, unsharded
 * `byStatus` index (one item at most): a store written before the shards existed must not
 * send an edition to nobody and mark its stories as carried. Where `byStatus` is gone, there
 * is nothing to check.
 */
async function refuseUnmigrated(
  db: DynamoDBDocumentClient,
  table: string,
  status: SubscriberStatus,
): Promise<void> {
  let found = 0;
  try {
    const result = await db.send(
      new QueryCommand({
        TableName: table,
        IndexName: STATUS_INDEX,
        KeyConditionExpression: '#status = :status',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':status': status },
        Limit: 1,
      }),
    );
    found = result.Items?.length ?? 0;
  } catch (error) {
    if (error instanceof Error && error.name === 'ValidationException') return;
    throw error;
  }
  if (found > 0) throw new UnmigratedStoreError(table, status);
}
