import { briefingBench } from './briefing-bench.ts';
import { deliveryBench } from './delivery-bench.ts';
import { editionBench } from './edition-bench.ts';
import { printTable } from './measure.ts';
import { signupBench } from './signup-bench.ts';

/**
 * `npm run bench`: the figures the issues set targets for, measured in one run, with the
 * naive way beside the real one as a ratio where there is one. Numbers, not assertions.
 */
const sections: [string, () => Promise<string[][]>][] = [
  ['briefing', briefingBench],
  ['edition', editionBench],
  ['delivery', deliveryBench],
  ['signup', signupBench],
];
for (const [name, run] of sections) {
  printTable([[name, 'value'], ...(await run())]);
  console.log('');
}
