import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { EditionRecord, EditionStore } from '../delivery/ports.ts';
import { conditionally } from './conditional.ts';

const STORY_SET_PREFIX = 'storyset#';

/** Editions and the story sets they carried share one table; ids cannot collide (prefix). */
export function createDynamoEditionStore(db: DynamoDBDocumentClient, table: string): EditionStore {
  const get = async (id: string) => {
    const result = await db.send(
      new GetCommand({ TableName: table, Key: { id }, ConsistentRead: true }),
    );
    return result.Item as EditionRecord | undefined;
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
      if (claimed) return { claimed: true };
      const existing = await get(record.id);
      if (existing === undefined)
        throw new Error(`Edition ${record.id} vanished while being claimed`);
      return { claimed: false, existing };
    },
    async claimStorySet(storySet, editionId) {
      const id = `${STORY_SET_PREFIX}${storySet}`;
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
      if (typeof edition !== 'string') throw new Error(`Story set item ${id} has no edition`);
      return edition;
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
