import type { FSWatcher } from 'node:fs';
import { cp, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { connect } from 'node:net';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { loadStories } from '../../lambda/adapters/content-dir.ts';
import { loadConfig } from '../../lambda/config.ts';
import { compose, readyStories } from '../../lambda/delivery/compose.ts';
import type { EditionRecord, EditionStore } from '../../lambda/delivery/ports.ts';
import type { Mailer, OutgoingMessage } from '../../lambda/email/mailer.ts';
import { renderEdition } from '../../lambda/email/render-edition.ts';
import { type RunningPreview, startPreview } from '../../lambda/preview/server.ts';
import { markedReady, Studio } from '../../lambda/preview/studio.ts';
import { newSubscriber } from '../../lambda/subscribers/new-subscriber.ts';
import { repoRoot } from '../helpers/cli.ts';
import { createMemorySubscriberStore } from '../helpers/memory-subscribers.ts';
import { editionInput, loadTemplates } from '../unit/email/fixtures.ts';

/**
 * The preview's server on a loopback port, over a temporary copy of content/ and templates/:
 * what an editor sees, and the bad inputs it must survive (a broken front matter or template,
 * paths that lead outside the content folder, a foreign Host header, a story of 50 articles).
 */
const SEED = 'biden-calls-putin-a-killer';

interface Rig {
  dir: string;
  content: string;
  templates: string;
  studio: Studio;
  preview: RunningPreview;
  sent: OutgoingMessage[];
  /** The studio's clock: `at` when set, the real time otherwise. */
  clock: { at: Date | undefined };
}

let rig: Rig;
const rigs: Rig[] = [];

async function startRig(prepare?: (content: string) => Promise<void>): Promise<Rig> {
  const dir = await mkdtemp(join(tmpdir(), 'braid-preview-'));
  const content = join(dir, 'content');
  const templates = join(dir, 'templates');
  await cp(join(repoRoot, 'content'), content, { recursive: true });
  await cp(join(repoRoot, 'templates'), templates, { recursive: true });
  await prepare?.(content);
  const clock: { at: Date | undefined } = { at: undefined };
  const sent: OutgoingMessage[] = [];
  const mailer: Mailer = {
    send: async (message) => {
      sent.push(message);
      return { kind: 'accepted', messageId: `m${sent.length}` };
    },
  };
  const at = new Date('2021-03-18T06:00:00Z');
  const studio = new Studio({
    config: loadConfig({ BRAID_CONTENT_DIR: content, BRAID_TEMPLATES_DIR: templates }),
    mailer,
    reader: newSubscriber({
      email: 'ada@example.com',
      name: 'Ada',
      status: 'confirmed',
      at,
      consent: { source: 'demo-seed', text: 'test', version: 'test' },
    }),
    allowListPath: join(repoRoot, 'test', 'email-allowlist.json'),
    now: () => clock.at ?? new Date(),
  });
  const preview = await startPreview(studio, 0);
  const made = { dir, content, templates, studio, preview, sent, clock };
  rigs.push(made);
  return made;
}

beforeEach(async () => {
  rig = await startRig();
});

afterEach(async () => {
  await rig.preview.close();
  await rm(rig.dir, { recursive: true, force: true });
});

/** Replaces this test's rig with one whose content `prepare` changed before it started. */
async function restartRig(prepare: (content: string) => Promise<void>): Promise<void> {
  await rig.preview.close();
  await rm(rig.dir, { recursive: true, force: true });
  rig = await startRig(prepare);
}

afterAll(async () => {
  for (const r of rigs) await r.preview.close().catch(() => undefined);
});

/** A raw HTTP request: the path exactly as given (no URL normalization), any Host header. */
function raw(
  path: string,
  options: { host?: string; method?: string; body?: string; headers?: Record<string, string> } = {},
): Promise<{ status: number; body: string }> {
  const port = rig.preview.port;
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path,
        method: options.method ?? 'GET',
        headers: { host: options.host ?? `127.0.0.1:${port}`, ...options.headers },
      },
      (res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => {
          body += chunk.toString();
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

const get = (path: string) => raw(path);
const postJson = (path: string, body: unknown) =>
  raw(path, {
    method: 'POST',
    body: JSON.stringify(body),
    headers: { 'content-type': 'application/json', origin: rig.preview.url },
  });

/** Waits for the studio to report a change (the watcher saw a saved file). */
function nextChange(): Promise<void> {
  return new Promise((resolve) => {
    const off = rig.studio.onChange(() => {
      off();
      resolve();
    });
  });
}

describe('the preview server', () => {
  it('listens on 127.0.0.1 only and prints that address', async () => {
    expect(rig.preview.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const external = Object.values(networkInterfaces())
      .flat()
      .find((i) => i !== undefined && i.family === 'IPv4' && !i.internal)?.address;
    if (external !== undefined) {
      const refused = await new Promise<boolean>((resolve) => {
        const socket = connect(rig.preview.port, external);
        socket.once('connect', () => {
          socket.destroy();
          resolve(false);
        });
        socket.once('error', () => resolve(true));
      });
      expect(refused).toBe(true);
    }
  });

  it('refuses a foreign Host header (DNS rebinding)', async () => {
    for (const host of ['evil.example', 'evil.example:80', `attacker.test:${rig.preview.port}`]) {
      const answer = await raw('/', { host });
      expect(answer.status).toBe(403);
      expect(answer.body).not.toContain(SEED);
    }
    expect((await raw('/', { host: `localhost:${rig.preview.port}` })).status).toBe(200);
  });

  it('lists the stories with status, outlets, dates', async () => {
    const page = await get('/');
    expect(page.status).toBe(200);
    expect(page.body).toContain(`data-story="${SEED}"`);
    expect(page.body).toContain('badge ready');
    expect(page.body).toMatch(/BBC News <span class="muted small">2021-03-18/);
  });

  it("serves the story's email from the production render, and the next edition", async () => {
    const story = await get(`/story/${SEED}`);
    expect(story.status).toBe(200);
    const src = /<iframe id="frame"[^>]* src="([^"]+)"/.exec(story.body)?.[1] ?? '';
    const email = await get(src.replace(/&amp;/g, '&'));
    expect(email.body).toMatch(/^<!doctype html><html lang="en"/);
    expect(email.body).not.toContain('%%braid:');
    const edition = await get('/edition');
    expect(edition.body).toContain(SEED);
    const frame = await get('/frame/edition');
    expect(frame.body).toContain('Key points');
    const dark = await get('/frame/edition?scheme=dark');
    expect(dark.body).not.toContain('prefers-color-scheme: dark');
  });

  it('runs the checks panel with the test suite gates', async () => {
    const checks = await get(`/checks/story/${SEED}`);
    for (const name of [
      'MJML validation',
      'HTML size',
      'Client support',
      'SpamAssassin',
      'Links',
      'Images without alt',
      'Content warnings',
    ]) {
      expect(checks.body).toContain(name);
    }
    expect(checks.body).not.toMatch(/badge fail/);
  });

  it('pushes a change to open pages over server-sent events', async () => {
    const received = new Promise<string>((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port: rig.preview.port,
          path: '/events',
          headers: { host: `127.0.0.1:${rig.preview.port}` },
        },
        (res) => {
          let body = '';
          res.on('data', (chunk: Buffer) => {
            body += chunk.toString();
            if (body.includes('event: hello') && !body.includes('event: change')) {
              void writeFile(
                join(rig.content, SEED, 'story.yaml'),
                'status: ready\nheadline: Changed\n',
              );
            }
            if (body.includes('event: change')) {
              req.destroy();
              resolve(body);
            }
          });
        },
      );
      req.on('error', reject);
      req.end();
    });
    await received;
  });
});

describe('bad input', () => {
  it('shows a front-matter error with its file and line, and recovers when fixed', async () => {
    const file = join(rig.content, SEED, 'bbc-news.md');
    const good = await readFile(file, 'utf8');
    const line = good.split('\n').findIndex((l) => l.startsWith('published:')) + 1;
    expect(line).toBeGreaterThan(1);
    const changed = nextChange();
    await writeFile(file, good.replace(/^published: .*$/m, 'published: last Tuesday'));
    await changed;
    const broken = await get(`/story/${SEED}`);
    expect(broken.body).toContain(`${SEED}/bbc-news.md:${line}`);
    expect(broken.body).toMatch(/field &quot;published&quot; is invalid/);
    expect((await get('/')).body).toContain(`bbc-news.md:${line}`);

    // Not YAML at all: the line of the YAML error.
    await writeFile(file, good.replace(/^outlet: .*$/m, 'outlet: [BBC News'));
    const yamlBroken = await get(`/story/${SEED}`);
    expect(yamlBroken.body).toMatch(/bbc-news\.md:\d+<\/code>/);
    expect(yamlBroken.body).toContain('front matter is not valid YAML');

    await writeFile(file, good);
    const fixed = await get(`/story/${SEED}`);
    expect(fixed.body).toContain('<iframe id="frame"');
    expect(fixed.body).not.toContain('class="problem"');
  });

  it('shows an MJML error with its file and line, and keeps the last good render', async () => {
    const before = await get(`/story/${SEED}`);
    expect(before.body).toContain('<iframe id="frame"');
    const file = join(rig.templates, 'partials', 'points.mjml');
    const good = await readFile(file, 'utf8');
    const lines = good.split('\n');
    const at = lines.findIndex((l) => l.includes('<mj-text'));
    expect(at).toBeGreaterThanOrEqual(0);
    lines[at] = (lines[at] ?? '').replace('<mj-text', '<mj-text no-such-attribute="1"');
    await writeFile(file, lines.join('\n'));
    const broken = await get(`/story/${SEED}`);
    expect(broken.body).toContain(`partials/points.mjml:${at + 1}</code>`);
    expect(broken.body).toMatch(/no-such-attribute/);
    expect(broken.body).toContain('showing the last good render');
    const frame = await get(`/frame/story/${SEED}`);
    expect(frame.body).toContain('Key points');
    await writeFile(file, good);
    expect((await get(`/story/${SEED}`)).body).not.toContain('class="problem"');
  });

  it.each([
    '/story/../../etc/passwd',
    '/story/..%2F..%2Fetc%2Fpasswd',
    '/story/%2e%2e%2f%2e%2e%2fetc%2fpasswd',
    '/story/%2E%2E',
    '/story/..%252F..%252Fetc%252Fpasswd',
    '/frame/story/..%2F..%2F..%2Fetc%2Fpasswd',
    '/checks/story/..%2f..%2fetc',
    `/story/${SEED}/article/..%2F..%2F..%2F..%2Fetc%2Fpasswd`,
    `/story/${SEED}/article/..`,
    '/story/%00',
  ])('refuses the path %s', async (path) => {
    const answer = await get(path);
    expect([403, 404, 400]).toContain(answer.status);
    expect(answer.body).not.toMatch(/root:.*:0:0:/);
  });

  it('refuses a symlink in content/ that leads outside it', async () => {
    const outside = await mkdtemp(join(tmpdir(), 'braid-outside-'));
    await writeFile(
      join(outside, 'secret.md'),
      '---\noutlet: Secret\npublished: 2021-01-01\n---\nTOP SECRET text.\n',
    );
    await writeFile(join(outside, 'story.yaml'), 'status: ready\n');
    await symlink(outside, join(rig.content, 'escape'));
    await symlink(join(outside, 'secret.md'), join(rig.content, SEED, 'zz-secret.md'));
    for (const path of [
      '/story/escape',
      '/frame/story/escape',
      `/story/${SEED}`,
      '/',
      '/edition',
    ]) {
      const answer = await get(path);
      expect(answer.body, path).not.toContain('TOP SECRET');
    }
    expect((await get('/story/escape')).status).toBe(404);
    expect((await get(`/story/${SEED}`)).body).toContain('leads outside the content folder');
    await rm(outside, { recursive: true, force: true });
  });

  it('stays responsive with a story of 50 articles, reusing what did not change', async () => {
    const big = join(rig.content, 'fifty-articles');
    await mkdir(big);
    await writeFile(join(big, 'story.yaml'), 'status: draft\nheadline: Fifty outlets\n');
    const sources = [
      await readFile(join(rig.content, SEED, 'bbc-news.md'), 'utf8'),
      await readFile(join(rig.content, SEED, 'nbc-news.md'), 'utf8'),
    ];
    for (let i = 1; i <= 50; i++) {
      const source = (sources[i % 2] ?? '').replace(/^outlet: .*$/m, `outlet: Outlet ${i}`);
      await writeFile(join(big, `outlet-${String(i).padStart(2, '0')}.md`), source);
    }
    // How fast is measured by `npm run bench` (preview); here, what is reused.
    const first = await get('/story/fifty-articles');
    expect(first.body).toContain('<iframe id="frame"');

    // Unchanged: nothing is briefed or rendered again.
    const state = await rig.studio.story('fifty-articles');
    await get('/story/fifty-articles');
    expect(await rig.studio.story('fifty-articles')).toBe(state);

    // Another story edited: this one is not briefed again.
    await writeFile(join(rig.content, SEED, 'story.yaml'), 'status: ready\nheadline: Edited\n');
    await get(`/story/${SEED}`);
    expect(await rig.studio.story('fifty-articles')).toBe(state);

    // A template edited: rendered again from the same briefing.
    const footer = join(rig.templates, 'partials', 'footer.mjml');
    await writeFile(footer, `${await readFile(footer, 'utf8')}\n`);
    expect((await get('/story/fifty-articles')).body).toContain('<iframe id="frame"');
    expect(await rig.studio.story('fifty-articles')).toBe(state);
  });
});

describe('drafts, mark ready and test sends', () => {
  it('shows drafts, which the schedule never sends', async () => {
    const draft = join(rig.content, 'a-draft');
    await mkdir(draft);
    await writeFile(
      join(draft, 'story.yaml'),
      '# the editor is still on it\nstatus: draft # not yet\nheadline: Draft\norder: 1\n',
    );
    await cp(join(rig.content, SEED, 'bbc-news.md'), join(draft, 'bbc-news.md'));
    expect((await get('/')).body).toMatch(/data-story="a-draft"[\s\S]*?badge draft/);
    expect((await get('/story/a-draft')).body).toContain('<iframe id="frame"');
    expect((await get('/edition')).body).not.toContain('a-draft');
    // The scheduled send's own choice of stories.
    const stories = await loadStories(rig.content, { only: 'ready' });
    expect(readyStories(stories, []).map((s) => s.slug)).toEqual([SEED]);
  });

  it('marks a draft ready with exactly the story.yaml edit', async () => {
    const draft = join(rig.content, 'a-draft');
    await mkdir(draft);
    const yaml =
      '# the editor is still on it\nstatus: draft # not yet\nheadline: Draft\norder: 1\n';
    await writeFile(join(draft, 'story.yaml'), yaml);
    await cp(join(rig.content, SEED, 'bbc-news.md'), join(draft, 'bbc-news.md'));
    const answer = await postJson('/story/a-draft/ready', {});
    expect(answer.status).toBe(200);
    expect(await readFile(join(draft, 'story.yaml'), 'utf8')).toBe(
      yaml.replace('status: draft', 'status: ready'),
    );
    expect((await get('/edition')).body).toContain('a-draft');
    expect(markedReady(undefined)).toBe('status: ready\n');
    expect(markedReady('headline: X')).toBe('headline: X\nstatus: ready\n');
    expect(markedReady("status: 'draft'\n")).toBe("status: 'ready'\n");
  });

  it('refuses a POST from another origin, or not JSON', async () => {
    const foreign = await raw('/story/x/ready', {
      method: 'POST',
      body: '{}',
      headers: { 'content-type': 'application/json', origin: 'http://evil.example' },
    });
    expect(foreign.status).toBe(403);
    const form = await raw('/send-test', {
      method: 'POST',
      body: 'to=a@b.c',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(form.status).toBe(415);
  });

  it('sends a test through the mailer, subject prefixed [Test], to the typed address only', async () => {
    const answer = await postJson('/send-test', {
      target: 'story',
      slug: SEED,
      to: 'editor@example.org',
    });
    expect(answer.status).toBe(200);
    expect(rig.sent).toHaveLength(1);
    const message = rig.sent[0] as OutgoingMessage;
    expect(message.to).toBe('editor@example.org');
    expect(message.editionId).toMatch(/^test-/);
    const mail = await simpleParser(message.raw);
    expect(mail.subject).toMatch(/^\[Test\] Russia recalls its ambassador/);
    expect(mail.to).toMatchObject({ text: 'editor@example.org' });
    const bad = await postJson('/send-test', { target: 'edition', to: 'not an address' });
    expect(bad.status).toBe(400);
    expect(rig.sent).toHaveLength(1);
  });
});

/** An edition store that has carried nothing: first writer wins, as the DynamoDB adapter. */
function emptyEditionStore(): EditionStore {
  const records = new Map<string, EditionRecord>();
  const markers = new Map<string, string>();
  const hold = async (key: string, id: string) => {
    if (!markers.has(key)) markers.set(key, id);
    return markers.get(key) ?? id;
  };
  const store: Partial<EditionStore> = {
    claim: async (record) => {
      records.set(record.id, record);
      return { claimed: true };
    },
    claimStorySet: (set, id) => hold(`set#${set}`, id),
    claimStory: (key, id) => hold(`story#${key}`, id),
    storyHolder: async (key) => markers.get(`story#${key}`),
    get: async (id) => records.get(id),
    saveProgress: async () => undefined,
  };
  return store as EditionStore;
}

/** Tags stripped and entities decoded: the text a reader sees. */
const textOf = (html: string) =>
  html
    .replace(/<[^>]*>/g, '')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');

describe('review fixes', () => {
  it("H1: the next edition leaves out what compose leaves out, under compose's id, with its warnings", async () => {
    const at = new Date('2021-03-18T06:00:00Z');
    rig.clock.at = at;
    const empty = join(rig.content, 'boilerplate-only');
    await mkdir(empty);
    await writeFile(join(empty, 'story.yaml'), 'status: ready\nheadline: Nothing to say\n');
    await writeFile(
      join(empty, 'bbc-news.md'),
      '---\noutlet: BBC News\npublished: 2021-03-18\nlanguage: en\n---\n\nSign up for our newsletter.\n',
    );
    await mkdir(join(rig.content, 'no-articles'));
    await writeFile(join(rig.content, 'no-articles', 'story.yaml'), 'status: ready\n');

    const page = (await get('/edition')).body;
    const shownId = /id="edition-id">([^<]+)</.exec(page)?.[1];
    const shownStories = /id="edition-stories">([^<]*)</.exec(page)?.[1] ?? '';
    expect(shownStories).toContain(SEED);
    expect(shownStories).not.toContain('boilerplate-only');
    expect(page).toMatch(/Story &quot;boilerplate-only&quot;: its briefing is empty/);
    expect(page).toMatch(/Story &quot;no-articles&quot; has no articles; skipped/);

    // Compose itself, on the same folder at the same time.
    const templates = loadTemplates(rig.templates);
    const result = await compose(
      {
        editions: emptyEditionStore(),
        subscribers: createMemorySubscriberStore([]),
        queue: { durable: false, send: async () => undefined } as never,
        archive: { put: async (id) => `memory://${id}`, get: async () => undefined },
        render: async (id, _at, briefings) =>
          renderEdition({ ...editionInput(briefings), id, date: '2021-03-18' }, templates),
        log: { info: () => undefined, warn: () => undefined, error: () => undefined },
        clock: { now: () => at, sleep: async () => undefined },
        timeZone: rig.studio.config.timeZone,
      },
      at,
      await loadStories(rig.content, { only: 'ready' }),
    );
    expect(result.outcome).toBe('queued');
    if (result.outcome !== 'queued') return;
    expect(result.stories).toEqual([SEED]);
    expect(shownId).toBe(result.editionId);
  });

  it('H3: an editor lock file or a dangling link inside the folder does not refuse the story', async () => {
    await symlink('editor@host.12345:1700000000', join(rig.content, SEED, '.#bbc-news.md'));
    const story = await get(`/story/${SEED}`);
    expect(story.body).toContain('<iframe id="frame"');
    expect(story.body).not.toContain('leads outside');

    // An article linking to a missing file inside the folder: the loader's error, not a refusal.
    await symlink('missing.md', join(rig.content, SEED, 'gone.md'));
    const dangling = (await get(`/story/${SEED}`)).body;
    expect(dangling).not.toContain('leads outside');
    expect(dangling).toContain('gone.md');
    expect(dangling).toContain('cannot be read');
    await rm(join(rig.content, SEED, 'gone.md'));

    // A dangling link whose target would be outside is still refused.
    await symlink('../../../../nowhere/secret.md', join(rig.content, SEED, 'away.md'));
    expect((await get(`/story/${SEED}`)).body).toContain('leads outside the content folder');
  });

  it('H4a: lists and serves every folder the send loads, a name with a space and a linked folder', async () => {
    const spaced = join(rig.content, 'a story');
    await mkdir(spaced);
    await writeFile(join(spaced, 'story.yaml'), 'status: draft\nheadline: Spaced\n');
    await cp(join(rig.content, SEED, 'bbc-news.md'), join(spaced, 'bbc-news.md'));
    await symlink(spaced, join(rig.content, 'linked-story'));
    const list = (await get('/')).body;
    expect(list).toContain('data-story="a story"');
    expect(list).toContain('data-story="linked-story"');
    expect(await rig.studio.slugs()).toEqual(
      (await loadStories(rig.content)).map((s) => s.slug).sort(),
    );
    expect((await get('/story/a%20story')).body).toContain('<iframe id="frame"');
    expect((await get('/story/linked-story')).body).toContain('<iframe id="frame"');
  });

  it('H4b: a linked folder outside content/ is refused on the edition page too, and never read', async () => {
    const outside = await mkdtemp(join(tmpdir(), 'braid-outside-'));
    await writeFile(join(outside, 'story.yaml'), 'status: draft\nheadline: TOP SECRET\n');
    await symlink(outside, join(rig.content, 'escape'));
    const edition = (await get('/edition')).body;
    expect(edition).not.toContain('TOP SECRET');
    expect(edition).toMatch(/escape[\s\S]*leads outside the content folder/);
    expect(edition).toContain('reads nothing outside the content folder');
    expect((await get('/')).body).toContain('data-story="escape"');
    expect((await get('/story/escape')).status).toBe(404);
    expect((await postJson('/story/escape/ready', {})).status).toBe(400);
    await rm(outside, { recursive: true, force: true });
  });

  it('H4c: a story.yaml the send cannot read blocks the edition, whatever text it holds', async () => {
    const broken = join(rig.content, 'broken-yaml');
    await mkdir(broken);
    await writeFile(join(broken, 'story.yaml'), 'headline: "Half a headline\nstatus: draft\n');
    await cp(join(rig.content, SEED, 'bbc-news.md'), join(broken, 'bbc-news.md'));
    await expect(loadStories(rig.content, { only: 'ready' })).rejects.toThrow(/broken-yaml/);
    const edition = (await get('/edition')).body;
    expect(edition).toContain('broken-yaml/story.yaml');
    expect(edition).toContain('the scheduled send would stop on this ready story');

    // A draft with a broken article does not stop the send: not shown as blocking.
    await writeFile(join(broken, 'story.yaml'), 'status: draft\n');
    await writeFile(join(broken, 'bbc-news.md'), '---\noutlet: [BBC\n---\nText.\n');
    expect((await get('/edition')).body).not.toContain('would stop');
  });

  it('M2: a preview running past midnight renders the new day', async () => {
    rig.clock.at = new Date('2021-03-18T12:00:00Z');
    expect((await get(`/frame/story/${SEED}`)).body).toContain('Thursday 18 March 2021');
    expect((await get('/frame/edition')).body).toContain('Thursday 18 March 2021');
    rig.clock.at = new Date('2021-03-19T12:00:00Z');
    expect((await get(`/frame/story/${SEED}`)).body).toContain('Friday 19 March 2021');
    expect((await get('/frame/edition')).body).toContain('Friday 19 March 2021');
  });

  it('M3: a story named pages is watched; a watcher error is logged once, naming the folder', async () => {
    await restartRig(async (content) => {
      await mkdir(join(content, 'pages'));
      await writeFile(join(content, 'pages', 'story.yaml'), 'status: draft\n');
    });
    const changed = nextChange();
    await writeFile(join(rig.content, 'pages', 'story.yaml'), 'status: draft\nheadline: P\n');
    await changed;

    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      const [contentWatcher] = (rig.studio as unknown as { watchers: FSWatcher[] }).watchers;
      contentWatcher?.emit('error', new Error('EMFILE: too many open files'));
      contentWatcher?.emit('error', new Error('EMFILE: too many open files'));
      expect(warn).toHaveBeenCalledTimes(1);
      expect(String(warn.mock.calls[0]?.[0])).toContain('content');
      expect(String(warn.mock.calls[0]?.[0])).toContain('EMFILE');
    } finally {
      warn.mockRestore();
    }
  });

  it('mark ready says so when it changed nothing', async () => {
    const answer = await postJson(`/story/${SEED}/ready`, {});
    expect(answer.status).toBe(200);
    const body = JSON.parse(answer.body) as { message: string; changed: boolean };
    expect(body.changed).toBe(false);
    expect(body.message).toMatch(/nothing changed: it is ready already/);
  });

  it('kept ranges from the URL are sorted and clamped: the sentence shows once', async () => {
    const base = `/story/${SEED}/article/bbc-news?p=1&s=1`;
    const plain = /<mark class="hl"[^>]*>([\s\S]*?)<\/mark>/.exec((await get(base)).body)?.[1];
    expect(plain).toBeDefined();
    const kept = encodeURIComponent(
      JSON.stringify([
        [30, 40],
        [0, 10],
        [5, 12],
        [20, 99999],
      ]),
    );
    const marked = /<mark class="hl"[^>]*>([\s\S]*?)<\/mark>/.exec(
      (await get(`${base}&kept=${kept}`)).body,
    )?.[1];
    expect(textOf(marked ?? '')).toBe(textOf(plain ?? ''));
  });
});
