import { describe, expect, it } from 'vitest';
import {
  LEDGER_SHARDS,
  ledgerPartition,
  ledgerPartitions,
  ledgerShard,
  shardKey,
} from '../../../lambda/delivery/ledger-keys.ts';

const subscribers = Array.from({ length: 2_000 }, (_, i) => `sub_${i}`);

describe('ledger keys', () => {
  it('spreads an edition over 16 partition key values', () => {
    expect(LEDGER_SHARDS).toBe(16);
  });

  it('takes the shard from the first byte of the subscriber id’s SHA-256, modulo 16', () => {
    // SHA-256("") starts e3…, SHA-256("abc") ba…, SHA-256("sub_1") 13…, SHA-256("sub_2") a6….
    expect(ledgerShard('')).toBe(0xe3 % 16);
    expect(ledgerShard('abc')).toBe(0xba % 16);
    expect(ledgerShard('sub_1')).toBe(0x13 % 16);
    expect(ledgerShard('sub_2')).toBe(0xa6 % 16);
  });

  it('gives a subscriber the same shard every time, one of 0–15', () => {
    for (const subscriber of subscribers.slice(0, 200)) {
      const shard = ledgerShard(subscriber);
      expect(Number.isInteger(shard)).toBe(true);
      expect(shard).toBeGreaterThanOrEqual(0);
      expect(shard).toBeLessThan(LEDGER_SHARDS);
      expect(ledgerShard(subscriber)).toBe(shard);
    }
  });

  it('uses every shard, about evenly', () => {
    const perShard = new Array<number>(LEDGER_SHARDS).fill(0);
    for (const subscriber of subscribers) {
      const shard = ledgerShard(subscriber);
      perShard[shard] = (perShard[shard] ?? 0) + 1;
    }
    const share = subscribers.length / LEDGER_SHARDS;
    for (const count of perShard) {
      expect(count).toBeGreaterThan(share * 0.7);
      expect(count).toBeLessThan(share * 1.3);
    }
  });

  it('writes the partition key as the edition, "#", and the shard in two hex digits', () => {
    expect(shardKey('2021-03-18-abc', 0)).toBe('2021-03-18-abc#00');
    expect(shardKey('2021-03-18-abc', 10)).toBe('2021-03-18-abc#0a');
    expect(shardKey('2021-03-18-abc', 15)).toBe('2021-03-18-abc#0f');
    expect(ledgerPartition('ed-1', 'abc')).toBe('ed-1#0a');
    expect(ledgerPartition('ed-1', 'sub_1')).toBe('ed-1#03');
  });

  it('lists every partition key of an edition, in shard order, each subscriber’s among them', () => {
    const partitions = ledgerPartitions('ed-1');
    expect(partitions).toEqual([
      'ed-1#00',
      'ed-1#01',
      'ed-1#02',
      'ed-1#03',
      'ed-1#04',
      'ed-1#05',
      'ed-1#06',
      'ed-1#07',
      'ed-1#08',
      'ed-1#09',
      'ed-1#0a',
      'ed-1#0b',
      'ed-1#0c',
      'ed-1#0d',
      'ed-1#0e',
      'ed-1#0f',
    ]);
    for (const subscriber of subscribers.slice(0, 200)) {
      expect(partitions).toContain(ledgerPartition('ed-1', subscriber));
    }
  });
});
