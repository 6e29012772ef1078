import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';

/** An item as the DocumentClient reads it: plain values, not attribute values. */
export type ItemImage = Record<string, unknown>;

export function isConditionFailure(error: unknown): error is Error & { Item?: unknown } {
  return (
    error instanceof ConditionalCheckFailedException ||
    (error instanceof Error && error.name === 'ConditionalCheckFailedException')
  );
}

/** The item carried by a failed condition (`ReturnValuesOnConditionCheckFailure: 'ALL_OLD'`). */
function imageOf(error: { Item?: unknown }): ItemImage | undefined {
  const item = error.Item;
  if (typeof item !== 'object' || item === null) return undefined;
  // The exception is the low-level client's, even through the DocumentClient: its item is in
  // attribute values ({ S: "…" }), not plain ones.
  return unmarshall(item as Parameters<typeof unmarshall>[0]);
}

/**
 * A conditional write that recognizes its own work. The SDK retries a write whose attempt
 * was applied but answered with an error (a 5xx, a timeout); the retry then fails its
 * condition although the item holds what this very write put there. So on a failed
 * condition the item as it is now decides: the exception's image where DynamoDB returns one
 * (send the write with `ReturnValuesOnConditionCheckFailure: 'ALL_OLD'`), else `reread()` (a
 * consistent read; dynalite, the embedded engine, returns no image). `isOurs(image)` true
 * (typically: the image carries this write's random `writeId`) resolves true, as if the
 * condition had held; false means someone else's write stands. Other errors are thrown.
 *
 * One case stays ambiguous: our write applied, then another writer's on top, before the
 * retry; the image is theirs and this resolves false, although ours did happen first.
 */
export async function ownedWrite(
  write: () => Promise<unknown>,
  isOurs: (image: ItemImage | undefined) => boolean,
  reread: () => Promise<ItemImage | undefined>,
): Promise<boolean> {
  try {
    await write();
    return true;
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
    return isOurs(imageOf(error) ?? (await reread()));
  }
}

/**
 * A conditional write that cannot recognize its own work (a delete leaves nothing to
 * recognize): false when the condition failed, whoever's write made it fail.
 */
export async function conditionally(write: () => Promise<unknown>): Promise<boolean> {
  try {
    await write();
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}
