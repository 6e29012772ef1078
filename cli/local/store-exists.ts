import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Config } from '../../lambda/config.ts';

/**
 * Whether there is a store to read. Commands that only read (stories, editions, a dry run)
 * never create the local store: the first `npm start` must find it new, to seed the demo
 * subscribers. In AWS the tables are always there.
 */
export async function storeExists(config: Config): Promise<boolean> {
  if (config.mode !== 'local') return true;
  return (await stat(join(config.dataDir, 'dynamodb')).catch(() => undefined)) !== undefined;
}
