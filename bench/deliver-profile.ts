import { deliveryParts } from './delivery-bench.ts';

/**
 * A driver for profiling section e alone: `node --cpu-prof --import tsx bench/deliver-profile.ts
 * [messages] [ledger] [mailer]` (ledger: dynamo | previous-dynamo | memory; mailer: ses | memory).
 */
const [messages = '6000', ledger = 'dynamo', mailer = 'ses'] = process.argv.slice(2);
const figures = await deliveryParts.deliverCpu(
  Number(messages),
  ledger as 'dynamo' | 'previous-dynamo' | 'memory',
  mailer as 'ses' | 'memory',
);
console.log(JSON.stringify(figures));
