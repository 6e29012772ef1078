import { join } from 'node:path';
import { loadStory } from '../lambda/adapters/content-dir.ts';
import { readTemplates } from '../lambda/adapters/template-files.ts';
import { buildBriefing } from '../lambda/briefing/build-briefing.ts';
import { loadConfig } from '../lambda/config.ts';
import { recipientFor } from '../lambda/delivery/recipient-links.ts';
import { buildMime } from '../lambda/email/build-mime.ts';
import { compilePersonalizer } from '../lambda/email/personalize.ts';
import { createRenderer } from '../lambda/handlers/renderer.ts';
import type { Subscriber } from '../lambda/subscribers/subscriber.ts';
import { deliveryBench } from './delivery-bench.ts';
import { measure, printTable, trackPeakRss } from './measure.ts';

/**
 * `npm run bench`: the figures the issues set targets for, measured in one run,
 * with the naive way beside the real one as a ratio. Numbers, not assertions.
 */
const root = join(import.meta.dirname, '..');
const config = loadConfig({ BRAID_TEMPLATES_DIR: join(root, 'templates') });
const story = await loadStory(join(root, 'content', 'biden-calls-putin-a-killer'));
const render = createRenderer(config, await readTemplates(config.templatesDir));
const at = new Date('2021-03-18T06:00:00Z');
const peak = trackPeakRss();

const briefing = await measure('brief: seed story (warm)', () => buildBriefing(story));
const briefingValue = buildBriefing(story);
const renderEdition = await measure('render: seed edition, Handlebars + MJML (warm)', () =>
  render('bench', at, [briefingValue]),
);
const edition = await render('bench', at, [briefingValue]);
const personalize = compilePersonalizer(edition);

let n = 0;
const subscriber = (): Subscriber => {
  n += 1;
  return {
    id: `sub_${n.toString(16).padStart(24, '0')}`,
    email: `reader${n}@example.com`,
    name: `Reader ${n}`,
    status: 'confirmed',
    createdAt: at.toISOString(),
    updatedAt: at.toISOString(),
  };
};
const perRecipient = await measure('per recipient: personalize + MIME', async () => {
  const recipient = recipientFor(subscriber(), edition.id, config.publicUrl, config.tokenSecret);
  await buildMime(edition, recipient, personalize(recipient), { now: at });
});
const naive = await measure(
  'per recipient, naive: MJML compiled per recipient + MIME',
  async () => {
    const own = await render('bench', at, [briefingValue]);
    const recipient = recipientFor(subscriber(), own.id, config.publicUrl, config.tokenSecret);
    await buildMime(own, recipient, compilePersonalizer(own)(recipient), { now: at });
  },
  { minMs: 1000 },
);
const peakMb = peak.stop() / 1024 / 1024;

const fmt = (value: number, digits = 2) => value.toFixed(digits);
printTable([
  ['measure', 'ops', 'mean', 'per second'],
  ...[briefing, renderEdition, perRecipient, naive].map((m) => [
    m.name,
    String(m.ops),
    `${fmt(m.meanMs, 3)} ms`,
    fmt(m.opsPerSecond, 0),
  ]),
]);
console.log('');
printTable([
  ['figure', 'value'],
  [
    'personalize + MIME vs naive (ratio)',
    `${fmt(perRecipient.opsPerSecond / naive.opsPerSecond, 1)}×`,
  ],
  ['edition HTML size', `${(Buffer.byteLength(edition.html) / 1024).toFixed(1)} KB`],
  ['peak RSS during the run', `${fmt(peakMb, 0)} MB`],
]);

console.log('');
printTable([['delivery', 'value'], ...(await deliveryBench())]);
