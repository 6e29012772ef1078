import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { loadStory } from '../lambda/adapters/content-dir.ts';
import { readTemplates } from '../lambda/adapters/template-files.ts';
import { buildBriefing } from '../lambda/briefing/build-briefing.ts';
import { recipientFor } from '../lambda/delivery/recipient-links.ts';
import { buildMime } from '../lambda/email/build-mime.ts';
import { compileMessages } from '../lambda/email/compile-messages.ts';
import { compilePersonalizer, escapeHtml } from '../lambda/email/personalize.ts';
import { renderCompiledEdition } from '../lambda/email/render-compiled.ts';
import { editionTemplateSet, renderMjml } from '../lambda/email/render-edition.ts';
import { RECIPIENT_FIELDS, sentinel } from '../lambda/email/sentinels.ts';
import { compileMjml, compileTemplate } from '../lambda/email/template-compiler.ts';
import type { EditionInput, EditionSettings, Recipient } from '../lambda/email/types.ts';
import { newKeyring } from '../lambda/subscribers/keyring.ts';
import type { Subscriber } from '../lambda/subscribers/subscriber.ts';
import { measure } from './measure.ts';

/** The sender and list the benches render editions for. */
export const BENCH_SETTINGS: EditionSettings = {
  from: 'Braid <briefing@example.org>',
  listId: 'briefing.example.org',
  publicUrl: 'https://briefing.example.org',
  unsubscribeMailto: 'unsubscribe@example.org',
  postalAddress: 'Braid Ltd\n1 Example Street\nLondon N1 1AA, United Kingdom',
  title: 'Braid',
};

/**
 * Issue 4's figures, measured in one run (numbers, never assertions): rendering the
 * seed edition, building one recipient's message (compiled once per edition, spliced per
 * recipient) against the naive way (MJML compiled per recipient), memory while
 * streaming 100,000 recipients, and the size of every Lambda bundle. Returns rows of
 * [measure, value], no header (as deliveryBench).
 */
export async function editionBench(): Promise<string[][]> {
  const root = join(import.meta.dirname, '..');
  const templates = await readTemplates(join(root, 'templates'));
  const story = await loadStory(join(root, 'content', 'biden-calls-putin-a-killer'));
  const input: EditionInput = {
    id: '2021-03-18',
    date: '2021-03-18T06:00:00Z',
    briefings: [buildBriefing(story)],
    settings: BENCH_SETTINGS,
  };
  const set = editionTemplateSet(templates);
  const at = new Date('2021-03-18T06:00:00Z');
  const secret = newKeyring();
  const publicUrl = input.settings.publicUrl;

  const compiled = await compileTemplate(set);
  const edition = renderCompiledEdition(input, compiled);
  const liveRender = await measure('edition render, Handlebars + MJML', async () =>
    renderCompiledEdition(input, await compileTemplate(set)),
  );
  const render = await measure('edition render, Handlebars only', () =>
    renderCompiledEdition(input, compiled),
  );

  let n = 0;
  const subscriber = (): Subscriber => {
    n += 1;
    return {
      id: `sub_${n.toString(16).padStart(24, '0')}`,
      email: `reader${n}@example.com`,
      name: n % 3 === 0 ? `Zoë Reader-${n}` : `Reader ${n}`,
      status: 'confirmed',
      createdAt: at.toISOString(),
      updatedAt: at.toISOString(),
    };
  };
  /** A recipient as recipientFor makes it, the token's MAC faked: what the email stage gets. */
  const shaped = (): Recipient => {
    const s = subscriber();
    const mac = createHash('sha256').update(s.id).digest('base64url');
    const token = `${s.id}.unsubscribe.0.${mac}`;
    return {
      subscriberId: s.id,
      email: s.email,
      ...(s.name === undefined ? {} : { name: s.name }),
      unsubscribeUrl: `${publicUrl}/unsubscribe?token=${encodeURIComponent(token)}`,
      webUrl: `${publicUrl}/archive/${encodeURIComponent(edition.id)}`,
    };
  };
  const signed = (): Recipient => recipientFor(subscriber(), edition.id, publicUrl, secret);
  const shapedPool = Array.from({ length: 4096 }, shaped);
  let k = 0;
  const next = (): Recipient => shapedPool[k++ & 4095] as Recipient;

  const message = await compileMessages(edition);
  // Synchronous per recipient, so timed in a plain loop: no await per message.
  const fast = throughput(() => message(next(), at), 2000);
  const withToken = throughput(() => message(signed(), at), 2000);
  const perBuild = await measure('per recipient: MailComposer per message', async () => {
    const r = next();
    await buildMime(edition, r, compilePersonalizer(edition)(r), { now: at });
  });
  // The naive way: the whole edition's MJML compiled for each recipient, then MIME.
  const naive = await measure(
    'per recipient, naive: MJML compiled per recipient',
    async () => {
      const r = next();
      let mjml = renderMjml(input, templates);
      for (const field of RECIPIENT_FIELDS) {
        mjml = mjml.replaceAll(sentinel(field), escapeHtml(r[field] ?? ''));
      }
      const html = await compileMjml(mjml, 'edition.mjml');
      await buildMime(edition, r, { html, text: edition.text }, { now: at });
    },
    { minMs: 3000, warmup: 1 },
  );

  const stream = streamRecipients(100_000, message, signed, at);
  const bundles = await bundleSizes(
    [
      ...readdirSync(join(root, 'lambda', 'handlers'))
        .filter((f) => f.endsWith('.ts'))
        .sort()
        .map((f) => join('lambda', 'handlers', f)),
      // What a sending Lambda imports from the email stage: the bundles above should match it.
      join('lambda', 'email', 'index.ts'),
    ],
    root,
  );

  const ms = (v: number) => `${v.toFixed(2)} ms`;
  const perSecond = (v: number) => `${Math.round(v).toLocaleString('en-GB')} msgs/s`;
  return [
    [
      'edition render, warm: Handlebars + MJML (templates compiled each time)',
      ms(liveRender.meanMs),
    ],
    [
      'edition render, warm: Handlebars on the compiled template (compose Lambda)',
      ms(render.meanMs),
    ],
    ['edition HTML size (seed)', `${(Buffer.byteLength(edition.html) / 1024).toFixed(1)} KB`],
    ['per recipient: personalize + MIME (compileMessages, 1 core)', perSecond(fast.opsPerSecond)],
    [
      'per recipient: the same, unsubscribe token signed too (recipientFor, HMAC)',
      perSecond(withToken.opsPerSecond),
    ],
    ['per recipient: MailComposer build per message (buildMime)', perSecond(perBuild.opsPerSecond)],
    ['per recipient, naive: MJML compiled per recipient + MIME', perSecond(naive.opsPerSecond)],
    ['ratio: compileMessages / naive', `${Math.round(fast.opsPerSecond / naive.opsPerSecond)}×`],
    [
      `stream ${stream.count.toLocaleString('en-GB')} recipients (made lazily, tokens signed): time, rate`,
      `${(stream.ms / 1000).toFixed(1)} s, ${perSecond((stream.count / stream.ms) * 1000)}`,
    ],
    [
      'stream: RSS after the first 10% → peak',
      `${mb(stream.rssAfterTenth)} → ${mb(stream.peakRss)} (${(stream.bytes / 1024 ** 3).toFixed(1)} GB of messages built)`,
    ],
    ['stream: heap used, start → end', `${mb(stream.heapStart)} → ${mb(stream.heapEnd)}`],
    ...bundles.map(({ file, kb, mjml, error }) => [
      `bundle ${file} (esbuild, minified)`,
      error === undefined ? `${kb.toFixed(0)} KB, mjml: ${mjml ? 'YES' : 'no'}` : `error: ${error}`,
    ]),
  ];
}

interface StreamFigures {
  count: number;
  ms: number;
  bytes: number;
  rssAfterTenth: number;
  peakRss: number;
  heapStart: number;
  heapEnd: number;
}

/**
 * Builds `count` messages one after another, recipients made as they are needed and each
 * message dropped once counted (as a sender would after handing it to SES): memory must
 * stay flat. Sampled inline, as a timer cannot fire inside a synchronous loop.
 */
function streamRecipients(
  count: number,
  message: (r: Recipient, now: Date) => Buffer,
  next: () => Recipient,
  at: Date,
): StreamFigures {
  globalThis.gc?.();
  const heapStart = process.memoryUsage().heapUsed;
  let peakRss = process.memoryUsage.rss();
  let rssAfterTenth = 0;
  let bytes = 0;
  const start = performance.now();
  for (let i = 1; i <= count; i++) {
    bytes += message(next(), at).length;
    if (i % 1000 === 0) {
      peakRss = Math.max(peakRss, process.memoryUsage.rss());
      if (i === count / 10) rssAfterTenth = peakRss;
    }
  }
  const ms = performance.now() - start;
  globalThis.gc?.();
  return {
    count,
    ms,
    bytes,
    rssAfterTenth,
    peakRss,
    heapStart,
    heapEnd: process.memoryUsage().heapUsed,
  };
}

function mb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(0)} MB`;
}

/** Calls `op` in batches for at least `minMs`; a warm-up of one batch first. */
function throughput(op: () => unknown, minMs: number): { ops: number; opsPerSecond: number } {
  const batch = 500;
  for (let i = 0; i < batch; i++) op();
  let ops = 0;
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < minMs) {
    for (let i = 0; i < batch; i++) op();
    ops += batch;
    elapsed = performance.now() - start;
  }
  return { ops, opsPerSecond: (ops / elapsed) * 1000 };
}

/** Each Lambda entry point bundled as CDK bundles it: esbuild, node, ESM, minified. */
async function bundleSizes(
  files: string[],
  root: string,
): Promise<{ file: string; kb: number; mjml: boolean; error?: string }[]> {
  const out: { file: string; kb: number; mjml: boolean; error?: string }[] = [];
  for (const file of files) {
    try {
      const result = await build({
        entryPoints: [join(root, file)],
        bundle: true,
        platform: 'node',
        format: 'esm',
        target: 'node20',
        external: ['@aws-sdk/*', 'typescript'],
        minify: true,
        write: false,
        metafile: true,
        logLevel: 'silent',
      });
      const bytes = result.outputFiles.reduce((sum, f) => sum + f.contents.length, 0);
      const mjml = Object.keys(result.metafile.inputs).some((p) =>
        /node_modules\/mjml(?:-[a-z-]+)?\//.test(p),
      );
      out.push({ file, kb: bytes / 1024, mjml });
    } catch (error) {
      const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
      out.push({ file, kb: 0, mjml: false, error: message });
    }
  }
  return out;
}
