import { briefingBench } from './briefing-bench.ts';
import { deliveryBench } from './delivery-bench.ts';
import { digestBench } from './digest-bench.ts';
import { editionBench } from './edition-bench.ts';
import { infraBench } from './infra-bench.ts';
import { printTable } from './measure.ts';
import { previewBench } from './preview-bench.ts';
import { signupBench } from './signup-bench.ts';

/**
 * `npm run bench`: the figures the issues set targets for, measured in one run, with the
 * naive way beside the real one as a ratio where there is one. Numbers, not assertions.
 * `npm run bench -- delivery signup` runs only the sections named.
 */
const sections: [string, () => Promise<string[][]>][] = [
  ['briefing', briefingBench],
  ['edition', editionBench],
  ['digest', digestBench],
  ['delivery', deliveryBench],
  ['signup', signupBench],
  ['preview', previewBench],
  ['infra', infraBench],
  ['cli', async () => (await import('./cli-bench.ts')).cliBench()],
];
const wanted = process.argv.slice(2);
const unknown = wanted.filter((name) => !sections.some(([section]) => section === name));
if (unknown.length > 0) {
  console.error(
    `Unknown section ${unknown.join(', ')}; the sections: ${sections.map(([n]) => n).join(', ')}`,
  );
  process.exit(2);
}
for (const [name, run] of sections) {
  if (wanted.length > 0 && !wanted.includes(name)) continue;
  printTable([[name, 'value'], ...(await run())]);
  console.log('');
}
