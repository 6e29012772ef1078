import { createHash } from 'node:crypto';

/**
 * The ledger's partition key spreads one edition's entries over LEDGER_SHARDS values, so no
 * key value takes more than its share of an edition's writes: at 1,000 messages a second
 * and about one write a message, each of 16 values takes about 65 a second, far under the
 * 1,000 writes a second DynamoDB serves per partition. The shard comes from the subscriber
 * id alone, so a recipient's entry is always found under the same key.
 */
export const LEDGER_SHARDS = 16;

export function ledgerShard(subscriber: string): number {
  return (createHash('sha256').update(subscriber).digest()[0] ?? 0) % LEDGER_SHARDS;
}

/** `<edition>#<shard, two hex digits>`: the stored partition key of a recipient's entry. */
export function ledgerPartition(edition: string, subscriber: string): string {
  return shardKey(edition, ledgerShard(subscriber));
}

export function shardKey(edition: string, shard: number): string {
  return `${edition}#${shard.toString(16).padStart(2, '0')}`;
}

/** Every partition key value of an edition, for listing it. */
export function ledgerPartitions(edition: string): string[] {
  return Array.from({ length: LEDGER_SHARDS }, (_, shard) => shardKey(edition, shard));
}
