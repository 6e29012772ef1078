import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { EditionRecord, EditionStore } from '../delivery/ports.ts';
import { conditionally } from './conditional.ts';

const STORY_SET_PREFIX = 'storyset#';
const STORY_PREFIX = 'story#';
const LATEST = 'latest#edition';

/** Editions and the story sets they carried share one table; ids cannot collide (prefix). */
export function createDynamoEditionStore(db: DynamoDBDocumentClient, table: string): EditionStore {
  const get = async (id: string) => {
    const result = await db.send(
      new GetCommand({ TableName: table, Key: { id }, ConsistentRead: true }),
    );
    return result.Item as EditionRecord | undefined;
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
            Item: record,
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
  };
}
