import { type FSWatcher, watch } from 'node:fs';
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { inspectStory, loadStory, storyFolders } from '../adapters/content-dir.ts';
import { readCompiledTemplate, readTemplates } from '../adapters/template-files.ts';
import { buildBriefing } from '../briefing/build-briefing.ts';
import type { PreparedArticle } from '../briefing/prepare-article.ts';
import type { Briefing, Story } from '../briefing/types.ts';
import type { Config } from '../config.ts';
import { shownPath } from '../content/shown-path.ts';
import { lastCarrier } from '../content/story-carrier.ts';
import { ARTICLE_FILE, STORY_FILE } from '../content/story-files.ts';
import { editionStories } from '../delivery/compose.ts';
import { editionDate, editionIdFor, storySetOf } from '../delivery/edition-id.ts';
import type { EditionStore } from '../delivery/ports.ts';
import type { CompiledTemplate } from '../email/compiled-template.ts';
import { TemplateError } from '../email/errors.ts';
import type { Mailer } from '../email/mailer.ts';
import type { TemplateSources } from '../email/render-edition.ts';
import { isEmailAddress } from '../subscribers/email-address.ts';
import type { Subscriber } from '../subscribers/subscriber.ts';
import { subscriberIdFor } from '../subscribers/subscriber-id.ts';
import { type CheckReport, runChecks } from './check-report.ts';
import { contentProblem, type Problem } from './content-problem.ts';
import { preparedByOutlet } from './evidence.ts';
import { renderSample, type SampleRender, testMessage } from './render-story.ts';
import { escapingEntries, PathRefusedError, storyDir } from './safe-path.ts';
import { expandWithOrigins } from './template-origins.ts';

/**
 * The preview's state: stories, briefings, templates and renders, each cached by a
 * fingerprint of the files it comes from (names, sizes, modification times), so a request
 * re-does only what a saved file changed: one story's briefing, or the template and then
 * the renders, never the 49 stories nobody touched. The watcher only says "something
 * changed" to the open pages; what changed is found by the fingerprints.
 */

export interface StudioOptions {
  config: Config;
  /** The edition store, to say which edition carried a story; absent: not known. */
  editions?: Pick<EditionStore, 'storyHolder'>;
  /** The configured mailer (the local outbox and SES locally), for "Send a test". */
  mailer?: Mailer;
  /** The sample reader the preview personalizes for. */
  reader: Subscriber;
  /** test/email-allowlist.json: the unsupported features accepted on purpose. */
  allowListPath: string;
  now?: () => Date;
}

export type StoryState =
  | {
      ok: true;
      slug: string;
      story: Story;
      briefing: Briefing;
      prepared: Map<string, PreparedArticle>;
      key: string;
      briefMs: number;
    }
  | { ok: false; slug: string; problem: Problem; key: string };

export interface TemplateState {
  template: CompiledTemplate;
  sources: TemplateSources | undefined;
  key: string;
  /** The templates as saved do not compile: this render uses the last good ones. */
  problems: Problem[];
}

export interface RenderState {
  key: string;
  sample?: SampleRender;
  problem?: Problem;
  /** The render's input, for the MJML check. */
  briefings: Briefing[];
  renderMs: number;
}

export interface ListedStory {
  slug: string;
  state: StoryState;
  status: 'draft' | 'ready' | 'sent' | 'error';
  sentIn?: string;
}

/** A story that stops the scheduled send, or that the preview cannot judge (it leads outside). */
export interface Blocker {
  problem: Problem;
  note: string;
}

export interface NextEdition {
  stories: string[];
  /** A ready story that does not load stops the scheduled send: said here. */
  blockers: Blocker[];
  /** What compose would report and leave out (a ready story with no articles, an empty briefing). */
  warnings: string[];
  render?: RenderState;
  editionId?: string;
}

/** A small cache keyed by fingerprint: the newest entries win. */
class Cache<T> {
  private readonly entries = new Map<string, T>();
  constructor(private readonly limit: number) {}
  get(key: string, make: () => T): T {
    let value = this.entries.get(key);
    if (value === undefined) {
      value = make();
      this.entries.set(key, value);
      if (this.entries.size > this.limit) {
        const oldest = this.entries.keys().next().value;
        if (oldest !== undefined) this.entries.delete(oldest);
      }
    }
    return value;
  }

  /** Forgets an entry (a run that failed: the next request tries again). */
  drop(key: string, value: T): void {
    if (this.entries.get(key) === value) this.entries.delete(key);
  }
}

async function fingerprint(dir: string, names: readonly string[]): Promise<string> {
  const parts = await Promise.all(
    names.map(async (name) => {
      const s = await stat(join(dir, name)).catch(() => undefined);
      return s === undefined ? `${name}:-` : `${name}:${s.size}:${s.mtimeMs}`;
    }),
  );
  return parts.join('|');
}

/** A path as an editor reads it: relative to where the preview runs. */
const shown = shownPath;

export class Studio {
  readonly config: Config;
  private readonly options: StudioOptions;
  private readonly stories = new Cache<Promise<StoryState>>(200);
  private readonly renders = new Cache<Promise<RenderState>>(100);
  private readonly checks = new Cache<Promise<CheckReport>>(50);
  private templates: { key: string; state: Promise<TemplateState> } | undefined;
  private lastGood: CompiledTemplate | undefined;
  private version = 0;
  private readonly listeners = new Set<(version: number) => void>();
  private watchers: FSWatcher[] = [];

  constructor(options: StudioOptions) {
    this.options = options;
    this.config = options.config;
  }

  now(): Date {
    return this.options.now?.() ?? new Date();
  }

  get currentVersion(): number {
    return this.version;
  }

  // --- stories -------------------------------------------------------------------------

  /** The story folders the scheduled send loads (linked folders too; `story` checks where they lead). */
  async slugs(): Promise<string[]> {
    return storyFolders(this.config.contentDir);
  }

  /** One story, loaded and briefed, or the problem (file and line) that stops it. */
  async story(slug: string): Promise<StoryState> {
    const dir = await storyDir(this.config.contentDir, slug);
    const escaping = await escapingEntries(this.config.contentDir, dir);
    if (escaping.length > 0) {
      const problem = {
        file: shown(join(dir, escaping[0] ?? '')),
        message: `Refused: ${escaping.join(', ')} leads outside the content folder (a symlink); the preview reads nothing there.`,
      };
      return { ok: false, slug, problem, key: 'refused' };
    }
    const names = (await readdir(dir)).filter((n) => ARTICLE_FILE.test(n) || n === STORY_FILE);
    const key = `${slug}|${await fingerprint(dir, names.sort())}`;
    return this.stories.get(key, () => this.loadStory(slug, dir, key));
  }

  private async loadStory(slug: string, dir: string, key: string): Promise<StoryState> {
    try {
      const story = await loadStory(dir, shown(dir));
      const started = performance.now();
      const briefing = buildBriefing(story);
      const briefMs = performance.now() - started;
      return {
        ok: true,
        slug,
        story,
        briefing,
        prepared: preparedByOutlet(story.articles),
        key,
        briefMs,
      };
    } catch (error) {
      return { ok: false, slug, problem: await contentProblem(error), key };
    }
  }

  /** Every story with its status: draft, ready, sent (in which edition), or its error. */
  async list(): Promise<ListedStory[]> {
    const listed: ListedStory[] = [];
    for (const slug of await this.slugs()) {
      const state = await this.story(slug).catch(
        (error: Error): StoryState => ({
          ok: false,
          slug,
          problem: { file: shown(join(this.config.contentDir, slug)), message: error.message },
          key: 'refused',
        }),
      );
      listed.push(await this.entry(state));
    }
    return listed;
  }

  /** A story's line of the list: draft, ready, sent (in which edition), or its error. */
  async entry(state: StoryState): Promise<ListedStory> {
    const { slug } = state;
    if (!state.ok) return { slug, state, status: 'error' };
    const sentIn = await this.carrier(state.story);
    return {
      slug,
      state,
      status: sentIn !== undefined ? 'sent' : state.story.meta.status,
      ...(sentIn === undefined ? {} : { sentIn }),
    };
  }

  /** The edition that last carried a story (read only: the scheduled send's markers). */
  async carrier(story: Story): Promise<string | undefined> {
    const editions = this.options.editions;
    if (editions === undefined) return undefined;
    return lastCarrier(editions, story).catch(() => undefined);
  }

  // --- templates -----------------------------------------------------------------------

  private async templateFiles(): Promise<{ names: string[]; partials: Map<string, string> }> {
    const dir = this.config.templatesDir;
    const partialNames = (await readdir(join(dir, 'partials')).catch(() => [] as string[]))
      .filter((n) => n.endsWith('.mjml') || n.endsWith('.hbs'))
      .sort();
    const partials = new Map(partialNames.map((n) => [n.replace(/\.(mjml|hbs)$/u, ''), n]));
    return {
      names: ['edition.mjml', 'edition.txt.hbs', ...partialNames.map((n) => `partials/${n}`)],
      partials,
    };
  }

  /** The edition template compiled live by MJML; on an error, the last good one and the error. */
  async template(): Promise<TemplateState> {
    const { names, partials } = await this.templateFiles();
    const key = await fingerprint(this.config.templatesDir, names);
    if (this.templates?.key !== key) {
      this.templates = { key, state: this.compileTemplates(key, partials) };
    }
    return this.templates.state;
  }

  private async compileTemplates(
    key: string,
    partials: Map<string, string>,
  ): Promise<TemplateState> {
    const dir = this.config.templatesDir;
    let sources: TemplateSources | undefined;
    try {
      sources = await readTemplates(dir);
      const { compileEditionTemplate } = await import('../email/render-edition.ts');
      const template = await compileEditionTemplate(sources);
      this.lastGood = template;
      return { template, sources, key, problems: [] };
    } catch (error) {
      const problems = this.templateProblems(error, sources, partials);
      // The last good render stays available: the last template that compiled, or the
      // checked-in build (templates/compiled/) when none has yet.
      this.lastGood ??= await readCompiledTemplate(dir, 'edition');
      return { template: this.lastGood, sources, key, problems };
    }
  }

  private templateProblems(
    error: unknown,
    sources: TemplateSources | undefined,
    partials: Map<string, string>,
  ): Problem[] {
    const dir = shown(this.config.templatesDir);
    const message = error instanceof Error ? error.message : String(error);
    if (!(error instanceof TemplateError) || error.problems.length === 0 || sources === undefined) {
      const named = /(partials\/[\w-]+|edition\.mjml|edition\.txt\.hbs)/u.exec(message)?.[1];
      const line = /line (\d+)/u.exec(message)?.[1];
      return [
        {
          file: join(dir, named ?? 'edition.mjml'),
          ...(line === undefined ? {} : { line: Number(line) }),
          message,
        },
      ];
    }
    const expanded = expandWithOrigins(
      sources.edition,
      sources.partials,
      join(dir, 'edition.mjml'),
      (name) => join(dir, 'partials', partials.get(name) ?? `${name}.mjml`),
    );
    return error.problems.map((p) => {
      const at = p.line === undefined ? undefined : expanded.origin(p.line);
      return {
        file: at?.file ?? join(dir, 'edition.mjml'),
        ...(at === undefined ? {} : { line: at.line }),
        message: `${p.tagName === undefined ? '' : `<${p.tagName}>: `}${p.message}`,
      };
    });
  }

  // --- renders -------------------------------------------------------------------------

  /** A render, cached by `key`: it must name everything the render reads (the id, the date). */
  private render(
    key: string,
    id: string,
    at: Date,
    briefings: Briefing[],
    template: CompiledTemplate,
  ) {
    return this.renders.get(key, async (): Promise<RenderState> => {
      const started = performance.now();
      try {
        const sample = await renderSample(this.config, template, briefings, {
          id,
          at,
          reader: this.options.reader,
        });
        return { key, sample, briefings, renderMs: performance.now() - started };
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        return {
          key,
          problem: { file: join(shown(this.config.templatesDir), 'edition.mjml'), message },
          briefings,
          renderMs: performance.now() - started,
        };
      }
    });
  }

  /** One story's edition, as the email would carry it alone. */
  async storyRender(
    slug: string,
  ): Promise<{ story: StoryState; templates: TemplateState; render?: RenderState }> {
    const [story, templates] = await Promise.all([this.story(slug), this.template()]);
    if (!story.ok) return { story, templates };
    // The email shows the date: a preview left running past midnight renders the new day's.
    const at = this.now();
    const day = editionDate(at, this.config.timeZone);
    const key = `story|${day}|${story.key}|${templates.key}|${templates.problems.length}`;
    const render = await this.render(
      key,
      `preview-${slug}`,
      at,
      [story.briefing],
      templates.template,
    );
    return { story, templates, render };
  }

  /**
   * The next edition as the scheduled send would compose it now: the ready stories no
   * edition has carried, chosen by compose's own `editionStories` (with articles, a briefing
   * that is not empty), in its order, under the id compose would give, with its warnings.
   */
  async nextEdition(): Promise<{ next: NextEdition; templates: TemplateState }> {
    const templates = await this.template();
    const listed = await this.list();
    const blockers: Blocker[] = [];
    const candidates: Extract<StoryState, { ok: true }>[] = [];
    for (const entry of listed) {
      if (!entry.state.ok) {
        const blocker = await this.blocker(entry.state);
        if (blocker !== undefined) blockers.push(blocker);
        continue;
      }
      if (entry.status === 'ready') candidates.push(entry.state);
    }
    const warnings: string[] = [];
    const chosen = editionStories(
      candidates.map((s) => s.story),
      warnings,
    );
    const states = chosen
      .map((story) => candidates.find((s) => s.story === story))
      .filter((s) => s !== undefined);
    const stories = states.map((s) => s.slug);
    if (states.length === 0 || blockers.length > 0) {
      return { next: { stories, blockers, warnings }, templates };
    }
    const at = this.now();
    const editionId = editionIdFor(at, this.config.timeZone, storySetOf(chosen));
    // The id names the day and the stories: a new day is a new render.
    const key = `edition|${editionId}|${states.map((s) => s.key).join('/')}|${templates.key}|${templates.problems.length}`;
    const render = await this.render(
      key,
      editionId,
      at,
      states.map((s) => s.briefing),
      templates.template,
    );
    return { next: { stories, blockers, warnings, render, editionId }, templates };
  }

  /**
   * Whether a story the preview does not show stops the scheduled send: the send loads it as
   * it does (`inspectStory`, ready stories' articles only), and stops iff that reports a
   * problem. A story the preview refused (it leads outside the content folder) is not read at
   * all, so the preview cannot tell: said as such.
   */
  private async blocker(state: Extract<StoryState, { ok: false }>): Promise<Blocker | undefined> {
    const refused: Blocker = {
      problem: state.problem,
      note: '— the preview reads nothing outside the content folder, so it cannot say what the scheduled send would make of this story.',
    };
    if (state.key === 'refused') return refused;
    const dir = await storyDir(this.config.contentDir, state.slug).catch(() => undefined);
    if (dir === undefined) return refused;
    const stops = '— the scheduled send would stop on this ready story.';
    try {
      const inspected = await inspectStory(dir, shown(dir), { only: 'ready' });
      const [first] = inspected.problems;
      return first === undefined
        ? undefined
        : { problem: await contentProblem(first), note: stops };
    } catch (error) {
      return { problem: await contentProblem(error), note: stops };
    }
  }

  /** The checks panel of a render (cached with it: SpamAssassin takes a second). */
  async checksOf(
    render: RenderState,
    templates: TemplateState,
    warnings: string[],
  ): Promise<CheckReport> {
    const key = `${render.key}|checks`;
    const report = this.checks.get(key, () =>
      runChecks({
        render,
        templates,
        warnings,
        allowListPath: this.options.allowListPath,
        config: this.config,
      }),
    );
    // A run that failed is not kept: the next request runs the checks again.
    report.catch(() => this.checks.drop(key, report));
    return report;
  }

  // --- actions -------------------------------------------------------------------------

  /**
   * Marks a draft ready: exactly the story.yaml edit an editor would make (`status: draft`
   * becomes `status: ready`, the rest of the file as it was). Refused for a story that does
   * not load, since the scheduled send would stop on it.
   */
  async markReady(slug: string): Promise<{ changed: boolean; why?: string }> {
    const state = await this.story(slug);
    if (!state.ok) {
      throw new PathRefusedError(
        slug,
        `it does not load (${state.problem.message}); fix that first`,
      );
    }
    const dir = await storyDir(this.config.contentDir, slug);
    const file = join(dir, 'story.yaml');
    const source = await readFile(file, 'utf8').catch(() => undefined);
    const next = markedReady(source);
    if (next === source) {
      const why =
        state.story.meta.status === 'ready'
          ? 'it is ready already'
          : 'its status line is not `status: draft` (edit story.yaml by hand)';
      return { changed: false, why };
    }
    await writeFile(file, next);
    return { changed: true };
  }

  /**
   * Sends the story's (or the next edition's) message to one address through the configured
   * mailer, the subject prefixed "[Test]". No ledger entry, no subscriber: nothing else
   * reads or writes the store.
   */
  async sendTest(
    target: { story: string } | 'edition',
    to: string,
  ): Promise<{ outcome: string; subject: string; where: string }> {
    const address = to.trim();
    if (!isEmailAddress(address)) throw new TestSendError(`"${to}" is not an email address`);
    const mailer = this.options.mailer;
    if (mailer === undefined) throw new TestSendError('no mailer is configured for the preview');
    const render =
      target === 'edition'
        ? (await this.nextEdition()).next.render
        : (await this.storyRender(target.story)).render;
    const sample = render?.sample;
    if (sample === undefined) throw new TestSendError('there is nothing rendered to send');
    const at = this.now();
    const raw = await testMessage(sample.edition, sample.recipient, address, at);
    const editionId = `test-${at.toISOString().replace(/[:.]/gu, '-')}`;
    const outcome = await mailer.send({
      purpose: 'edition',
      editionId,
      subscriberId: subscriberIdFor(address),
      from: sample.edition.settings.from,
      to: address,
      raw,
    });
    return {
      outcome: outcome.kind,
      subject: `[Test] ${sample.edition.subject}`,
      where: editionId,
    };
  }

  // --- live reload ---------------------------------------------------------------------

  onChange(listener: (version: number) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Watches content/ and templates/ (recursively); a burst of events is one change. The
   * templates' build output (compiled/, pages/) is not a change; a story named `pages` is.
   */
  watch(debounceMs = 30): void {
    let timer: NodeJS.Timeout | undefined;
    const changed = () => {
      clearTimeout(timer);
      timer = setTimeout(() => this.bump(), debounceMs);
    };
    const built = (file: string | null) =>
      file !== null && /^(compiled|pages)([/\\]|$)/u.test(file);
    const watched: [string, (file: string | null) => boolean][] = [
      [this.config.contentDir, () => false],
      [this.config.templatesDir, built],
    ];
    for (const [dir, ignored] of watched) {
      const watcher = watch(dir, { recursive: true }, (_event, file) => {
        if (!ignored(file)) changed();
      });
      let warned = false;
      watcher.on('error', (error) => {
        if (warned) return;
        warned = true;
        console.warn(
          `Braid preview: stopped watching ${shown(dir)} (${error.message}); saving a file there no longer updates open pages — restart the preview.`,
        );
      });
      this.watchers.push(watcher);
    }
  }

  bump(): void {
    this.version += 1;
    for (const listener of this.listeners) listener(this.version);
  }

  close(): void {
    for (const watcher of this.watchers) watcher.close();
    this.watchers = [];
    this.listeners.clear();
  }
}

export class TestSendError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TestSendError';
  }
}

/** story.yaml with `status: ready`: the status line changed, or added; nothing else touched. */
export function markedReady(source: string | undefined): string {
  if (source === undefined || source.trim() === '') return 'status: ready\n';
  const line = /^(\s*status\s*:\s*)(['"]?)draft\2([ \t]*(?:#.*)?)$/mu;
  if (line.test(source)) return source.replace(line, '$1$2ready$2$3');
  if (/^\s*status\s*:/mu.test(source)) return source;
  return `${source}${source.endsWith('\n') ? '' : '\n'}status: ready\n`;
}
