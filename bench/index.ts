import { join } from 'node:path';
import { loadStory } from '../lambda/adapters/content-dir.ts';
import { buildBriefing } from '../lambda/briefing/build-briefing.ts';
import { deliveryBench } from './delivery-bench.ts';
import { editionBench } from './edition-bench.ts';
import { measure, printTable } from './measure.ts';

/**
 * `npm run bench`: the figures the issues set targets for, measured in one run,
 * with the naive way beside the real one as a ratio. Numbers, not assertions.
 */
const root = join(import.meta.dirname, '..');
const story = await loadStory(join(root, 'content', 'biden-calls-putin-a-killer'));
const briefing = await measure('brief: seed story (warm)', () => buildBriefing(story));

printTable([
  ['measure', 'ops', 'mean', 'per second'],
  [
    briefing.name,
    String(briefing.ops),
    `${briefing.meanMs.toFixed(3)} ms`,
    briefing.opsPerSecond.toFixed(0),
  ],
]);

console.log('');
printTable([['edition', 'value'], ...(await editionBench())]);

console.log('');
printTable([['delivery', 'value'], ...(await deliveryBench())]);
