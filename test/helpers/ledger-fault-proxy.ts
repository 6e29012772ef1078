import { type DynamoRequest, wireRecord, wireString, wireStringOf } from './dynamo-fault-proxy.ts';

/**
 * Matchers for the DynamoDB ledger's requests as test/helpers/dynamo-fault-proxy.ts sees
 * them (rule predicates for `inject`, filters for `requests` and `count`). The ledger's
 * items are keyed by `subscriber`, not `id` (see `writeOf` there).
 */

type Wire = Record<string, unknown>;

/** The subscriber a single-item request is about (its Key or Item). */
export function subscriberOf(body: Wire): string | undefined {
  return wireString(body, 'Key', 'subscriber') ?? wireString(body, 'Item', 'subscriber');
}

/** The status an UpdateItem sets (`#status = :x` in its UpdateExpression), if any. */
export function statusSetBy(body: Wire): string | undefined {
  const expression = typeof body.UpdateExpression === 'string' ? body.UpdateExpression : '';
  const placeholder = /#status = (:\w+)/.exec(expression)?.[1];
  if (placeholder === undefined) return undefined;
  return wireStringOf(wireRecord(body.ExpressionAttributeValues)?.[placeholder]);
}

/** The subscribers of a BatchWriteItem's puts. */
export function batchSubscribers(body: Wire): string[] {
  const tables = wireRecord(body.RequestItems) ?? {};
  return Object.values(tables).flatMap((writes) =>
    (Array.isArray(writes) ? writes : []).flatMap((write) => {
      const item = wireRecord(wireRecord(write)?.PutRequest)?.Item;
      const subscriber = wireStringOf(wireRecord(item)?.subscriber);
      return subscriber === undefined ? [] : [subscriber];
    }),
  );
}

/** The claim: the conditional PutItem of a `sending` entry for `subscriber`. */
export const claimOf =
  (subscriber: string) =>
  ({ operation, body }: DynamoRequest) =>
    operation === 'PutItem' &&
    subscriberOf(body) === subscriber &&
    wireString(body, 'Item', 'status') === 'sending';

/** An UpdateItem of `subscriber`'s entry that sets `status` (`failed`, `unknown`, `sending`…). */
export const updateTo =
  (subscriber: string, status: string) =>
  ({ operation, body }: DynamoRequest) =>
    operation === 'UpdateItem' && subscriberOf(body) === subscriber && statusSetBy(body) === status;

/** A BatchWriteItem (recordSent) that puts `subscriber`'s entry (any, when omitted). */
export const recordOf =
  (subscriber?: string) =>
  ({ operation, body }: DynamoRequest) =>
    operation === 'BatchWriteItem' &&
    (subscriber === undefined || batchSubscribers(body).includes(subscriber));
