import type { AddressInfo } from 'node:net';
import dynalite from 'dynalite';
import { ensureTables, type TableNames } from '../../lambda/adapters/dynamo-tables.ts';

export const TEST_TABLES: TableNames = {
  subscribers: 'test-subscribers',
  ledger: 'test-ledger',
  editions: 'test-editions',
};

/** An in-memory dynalite on a free loopback port, with Braid's tables created. */
export async function startTestDynamo(): Promise<{ endpoint: string; close(): Promise<void> }> {
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  await ensureTables({ region: 'us-east-1', endpoint }, TEST_TABLES);
  return {
    endpoint,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
