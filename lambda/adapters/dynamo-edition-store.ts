import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { EditionRecord, EditionStore, EditionSummary, Page } from '../delivery/ports.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';
import { ARCHIVE_PARTITION, DATE_INDEX } from './dynamo-tables.ts';
import { conditionally } from './owned-write.ts';

const STORY_SET_PREFIX = 'storyset#';
const STORY_PREFIX = 'story#';
const LATEST = 'latest#edition';

/**
 * Top-level copies of an edition record's summary, written when it is claimed: `archive`
 * puts the record in the sparse DATE_INDEX (marker items never have it), the others are what
 * the index projects, so the archive listing never reads the rendered edition.
 */
const SUMMARY_KEYS = ['archive', 'subject', 'preheader', 'date'] as const;

function archiveItem(record: EditionRecord): Record<string, unknown> {
  return {
    ...record,
    archive: ARCHIVE_PARTITION,
    subject: record.edition.subject,
    preheader: record.edition.preheader,
    date: record.edition.date,
  };
}

/** The stored item as the record it was claimed from, the summary copies left out. */
function recordOf(item: Record<string, unknown> | undefined): EditionRecord | undefined {
  if (item === undefined) return undefined;
  const record = { ...item };
  for (const key of SUMMARY_KEYS) delete record[key];
  return record as unknown as EditionRecord;
}

function summaryOf(item: Record<string, unknown>): EditionSummary {
  const text = (key: string) => (typeof item[key] === 'string' ? (item[key] as string) : '');
  const stories = Array.isArray(item.stories)
    ? item.stories.filter((s): s is string => typeof s === 'string')
    : [];
  return {
    id: text('id'),
    scheduledAt: text('scheduledAt'),
    date: text('date'),
    subject: text('subject'),
    preheader: text('preheader'),
    stories,
  };
}

/** A listing cursor names an edition of the index: its table key and index key. */
function archiveStartKey(cursor: string | undefined): Record<string, unknown> | undefined {
  const key = decodeCursor(cursor);
  if (key === undefined) return undefined;
  const { id, archive, scheduledAt, ...rest } = key;
  if (
    typeof id !== 'string' ||
    archive !== ARCHIVE_PARTITION ||
    typeof scheduledAt !== 'string' ||
    Object.keys(rest).length > 0
  ) {
    throw new TypeError('Expected `cursor` to be a cursor returned by an earlier page');
  }
  return { id, archive, scheduledAt };
}

/** Editions and the story sets they carried share one table; ids cannot collide (prefix). */
export function createDynamoEditionStore(db: DynamoDBDocumentClient, table: string): EditionStore {
  const get = async (id: string) => {
    const result = await db.send(
      new GetCommand({ TableName: table, Key: { id }, ConsistentRead: true }),
    );
    return recordOf(result.Item);
  };
  /** A marker item naming the edition that holds a key; the first writer wins. */
  const claimHolder = async (id: string, editionId: string): Promise<string> => {
    await conditionally(() =>
      db.send(
        new PutCommand({
          TableName: table,
          Item: { id, edition: editionId },
          ConditionExpression: 'attribute_not_exists(id)',
        }),
      ),
    );
    const holder = await db.send(
      new GetCommand({ TableName: table, Key: { id }, ConsistentRead: true }),
    );
    const edition: unknown = holder.Item?.edition;
    if (typeof edition !== 'string') throw new Error(`Marker item ${id} names no edition`);
    return edition;
  };
  return {
    get,
    async claim(record) {
      const claimed = await conditionally(() =>
        db.send(
          new PutCommand({
            TableName: table,
            Item: archiveItem(record),
            ConditionExpression: 'attribute_not_exists(id)',
          }),
        ),
      );
      if (claimed) {
        // A pointer for `braid status` with no argument; last writer wins, which is the newest.
        await db.send(
          new PutCommand({ TableName: table, Item: { id: LATEST, edition: record.id } }),
        );
        return { claimed: true };
      }
      const existing = await get(record.id);
      if (existing === undefined)
        throw new Error(`Edition ${record.id} vanished while being claimed`);
      return { claimed: false, existing };
    },
    claimStorySet(storySet, editionId) {
      return claimHolder(`${STORY_SET_PREFIX}${storySet}`, editionId);
    },
    claimStory(storyKey, editionId) {
      return claimHolder(`${STORY_PREFIX}${storyKey}`, editionId);
    },
    async storyHolder(storyKey) {
      const id = `${STORY_PREFIX}${storyKey}`;
      const result = await db.send(
        new GetCommand({ TableName: table, Key: { id }, ConsistentRead: true }),
      );
      const edition: unknown = result.Item?.edition;
      return typeof edition === 'string' ? edition : undefined;
    },
    async latest() {
      const result = await db.send(
        new GetCommand({ TableName: table, Key: { id: LATEST }, ConsistentRead: true }),
      );
      const edition: unknown = result.Item?.edition;
      return typeof edition === 'string' ? edition : undefined;
    },
    async saveProgress(id, progress) {
      await db.send(
        new UpdateCommand({
          TableName: table,
          Key: { id },
          UpdateExpression: 'SET #enqueue = :progress',
          ConditionExpression: 'attribute_exists(id)',
          ExpressionAttributeNames: { '#enqueue': 'enqueue' },
          ExpressionAttributeValues: { ':progress': progress },
        }),
      );
    },
    async complete(id, counts, at) {
      await db.send(
        new UpdateCommand({
          TableName: table,
          Key: { id },
          UpdateExpression: 'SET #status = :sent, completedAt = :at, #counts = :counts',
          ConditionExpression: 'attribute_exists(id)',
          ExpressionAttributeNames: { '#status': 'status', '#counts': 'counts' },
          ExpressionAttributeValues: {
            ':sent': 'sent',
            ':at': at.toISOString(),
            ':counts': counts,
          },
        }),
      );
    },
    /**
     * Every claimed edition is listed: compose claims it and then queues its recipients, so
     * both statuses (`sending`, `sent`) mean it went or is going out. Marker items carry no
     * `archive` attribute and are never in the index.
     */
    async listArchive(limit: number, cursor?: string): Promise<Page<EditionSummary>> {
      if (!Number.isInteger(limit) || limit < 1) {
        throw new RangeError(`Expected \`limit\` to be a positive integer, got ${limit}`);
      }
      // One more than asked: a cursor only when another page exists, never an empty last page.
      const result = await db.send(
        new QueryCommand({
          TableName: table,
          IndexName: DATE_INDEX,
          KeyConditionExpression: '#archive = :archive',
          ExpressionAttributeNames: { '#archive': 'archive' },
          ExpressionAttributeValues: { ':archive': ARCHIVE_PARTITION },
          ScanIndexForward: false,
          Limit: limit + 1,
          ExclusiveStartKey: archiveStartKey(cursor),
        }),
      );
      const items = (result.Items ?? []).slice(0, limit);
      const last = items.at(-1);
      const more = (result.Items?.length ?? 0) > limit || result.LastEvaluatedKey !== undefined;
      const next =
        more && last !== undefined
          ? encodeCursor({ id: last.id, archive: last.archive, scheduledAt: last.scheduledAt })
          : undefined;
      return {
        items: items.map(summaryOf),
        ...(next === undefined ? {} : { cursor: next }),
      };
    },
  };
}
