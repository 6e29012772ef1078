import { Command } from 'commander';
import { createDocumentClient } from '../../lambda/adapters/dynamo-client.ts';
import { migrateUnshardedLedger } from '../../lambda/adapters/dynamo-ledger.ts';
import { backfillStatusShards } from '../../lambda/adapters/dynamo-subscriber-store.ts';
import { formatRows } from '../local/format.ts';
import { openRuntime } from '../local/local-runtime.ts';

/**
 * Brings items an older version wrote up to the current layout: subscribers get their
 * status shard (the index compose pages), ledger entries move under the sharded key. Local
 * stores do it by themselves when opened; a stack deployed before needs it once, after the
 * deploy and before the next send (`BRAID_MODE=aws` and the table names in the environment).
 */
export function migrateCommand(): Command {
  return new Command('migrate')
    .description(
      'bring subscribers and ledger entries written by an older version up to the current layout (safe to run again)',
    )
    .action(async () => {
      const runtime = await openRuntime({ ses: false });
      const { config } = runtime;
      const db = createDocumentClient({
        region: config.region,
        endpoint: config.endpoints.dynamodb,
      });
      try {
        const subscribers = await backfillStatusShards(db, config.tables.subscribers);
        const entries = await migrateUnshardedLedger(db, config.tables.ledger);
        console.log(
          formatRows([
            ['Subscribers given their status shard', String(subscribers)],
            ['Ledger entries moved under the sharded key', String(entries)],
          ]),
        );
      } finally {
        db.destroy();
        await runtime.close();
      }
    });
}
