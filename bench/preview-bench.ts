import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../lambda/config.ts';
import { type RunningPreview, startPreview } from '../lambda/preview/server.ts';
import { Studio } from '../lambda/preview/studio.ts';
import { newSubscriber } from '../lambda/subscribers/new-subscriber.ts';

/**
 * The preview's live reload: from a saved article to the refreshed page, as an open page
 * does it (the server-sent event arrives, the page and the email's iframe are fetched
 * again), 20 edits of the seed story, p50 and p95; against the cold render of the same
 * story (a new preview's first page and iframe, templates already compiled) in the same run.
 */
const SEED = 'biden-calls-putin-a-killer';
const EDITS = 20;

function get(port: number, path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, path, headers: { host: `127.0.0.1:${port}` } },
      (res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => {
          body += chunk.toString();
        });
        res.on('end', () => resolve(body));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

/** What the open page does on a change: fetch itself, then its iframe. */
async function refresh(port: number): Promise<void> {
  const page = await get(port, `/story/${SEED}`);
  const src = /<iframe id="frame"[^>]* src="([^"]+)"/.exec(page)?.[1];
  if (src === undefined) throw new Error('the story page has no email iframe');
  await get(port, src.replace(/&amp;/g, '&'));
}

/** Resolves at each `change` event of the preview's event stream. */
function changes(port: number): { next(): Promise<void>; close(): void } {
  let waiting: (() => void) | undefined;
  const req = request(
    { host: '127.0.0.1', port, path: '/events', headers: { host: `127.0.0.1:${port}` } },
    (res) => {
      res.on('data', (chunk: Buffer) => {
        if (chunk.toString().includes('event: change')) waiting?.();
      });
    },
  );
  req.on('error', () => undefined);
  req.end();
  return {
    next: () =>
      new Promise<void>((resolve) => {
        waiting = resolve;
      }),
    close: () => req.destroy(),
  };
}

const quantile = (values: number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
};

async function open(dir: string): Promise<{ studio: Studio; preview: RunningPreview }> {
  const root = join(import.meta.dirname, '..');
  const studio = new Studio({
    config: loadConfig({
      BRAID_CONTENT_DIR: join(dir, 'content'),
      BRAID_TEMPLATES_DIR: join(root, 'templates'),
    }),
    reader: newSubscriber({
      email: 'ada@example.com',
      status: 'confirmed',
      at: new Date('2021-03-18T06:00:00Z'),
      consent: { source: 'demo-seed', text: 'bench', version: 'bench' },
    }),
    allowListPath: join(root, 'test', 'email-allowlist.json'),
  });
  const preview = await startPreview(studio, 0);
  await studio.template();
  return { studio, preview };
}

export async function previewBench(): Promise<string[][]> {
  const dir = await mkdtemp(join(tmpdir(), 'braid-preview-bench-'));
  await cp(join(import.meta.dirname, '..', 'content'), join(dir, 'content'), { recursive: true });
  // The baseline: a new preview's first render of the story (briefed, rendered, MIME built).
  const cold = await open(dir);
  let started = performance.now();
  await refresh(cold.preview.port);
  const coldMs = performance.now() - started;
  await cold.preview.close();

  const { preview } = await open(dir);
  await refresh(preview.port);
  const events = changes(preview.port);
  const file = join(dir, 'content', SEED, 'nbc-news.md');
  const original = await readFile(file, 'utf8');
  const times: number[] = [];
  try {
    for (let i = 0; i < EDITS; i++) {
      await new Promise((resolve) => setTimeout(resolve, 60));
      const changed = events.next();
      started = performance.now();
      await writeFile(
        file,
        original.replace('Moscow responded angrily', `Moscow responded angrily (edit ${i})`),
      );
      await changed;
      await refresh(preview.port);
      times.push(performance.now() - started);
    }
  } finally {
    events.close();
    await preview.close();
    await rm(dir, { recursive: true, force: true });
  }
  return [
    [
      'cold render of the seed story (first page + iframe, templates compiled)',
      `${coldMs.toFixed(0)} ms`,
    ],
    [
      `saved article → refreshed page, ${EDITS} edits (p50 / p95)`,
      `${quantile(times, 0.5).toFixed(0)} / ${quantile(times, 0.95).toFixed(0)} ms (debounce 30 ms included)`,
    ],
    ['p50 ÷ cold render', (quantile(times, 0.5) / coldMs).toFixed(2)],
  ];
}
