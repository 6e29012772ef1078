import { buildBriefing } from '../briefing/build-briefing.ts';
import type { Briefing, Story } from '../briefing/types.ts';
import { isEmptyBriefing } from '../email/digest.ts';
import { HTML_BUDGET_BYTES } from '../email/edition-view.ts';
import { assertNoSentinels, type RenderedEdition, splitWebCopy } from '../email/web-copy.ts';
import {
  correctionSetOf,
  editionIdFor,
  storyKeyOf,
  storyMarkerKey,
  storySetOf,
} from './edition-id.ts';
import { assertSendable } from './message-size.ts';
import type {
  Clock,
  EditionArchive,
  EditionRecord,
  EditionStore,
  EnqueueProgress,
  Logger,
  Queue,
  SubscriberStore,
} from './ports.ts';

/** SES takes up to 50 recipients a message; we send one message each, in batches of 50. */
export const BATCH_SIZE = 50;
/** Subscribers read per index query: ten batches, one SQS SendMessageBatch call. */
export const PAGE_SIZE = 10 * BATCH_SIZE;

export interface ComposeDeps {
  editions: EditionStore;
  subscribers: SubscriberStore;
  queue: Queue;
  archive: EditionArchive;
  /** Renders the edition once, and its web copy: the page archived for anyone to read. */
  render: (id: string, scheduledAt: Date, briefings: Briefing[]) => Promise<RenderedEdition>;
  log: Logger;
  clock: Clock;
  timeZone: string;
  /** Subscribers per index query; PAGE_SIZE unless a test wants many pages. */
  pageSize?: number;
}

export interface ComposeOptions {
  /**
   * The slug of one story to send again, alone, though an edition carried it (a correction):
   * it must be ready, and changed since the edition that last carried it.
   */
  again?: string;
}

/**
 * A story that cannot be sent again as asked (`again`): unknown, a draft, not sent yet,
 * unchanged, or its edition still being sent. Nothing was claimed or queued.
 */
export class StoryChoiceError extends Error {
  readonly slug: string;

  constructor(slug: string, message: string) {
    super(message);
    this.name = 'StoryChoiceError';
    this.slug = slug;
  }
}

export type ComposeResult =
  | { outcome: 'nothing-to-send'; reason: string; warnings: string[] }
  /** Every ready story already went out in an edition that finished. */
  | { outcome: 'already-sent'; editionId: string; stories: string[]; warnings: string[] }
  /** Every ready story is in an edition whose batches are all queued: delivery is finishing it. */
  | { outcome: 'already-queued'; editionId: string; stories: string[]; warnings: string[] }
  | {
      outcome: 'queued';
      editionId: string;
      stories: string[];
      recipients: number;
      /** Batches queued by this call (fewer than all when resuming a durable queue). */
      batches: number;
      resumed: boolean;
      /** The edition this one corrects (a story sent again on request). */
      corrects?: string;
      subject: string;
      webCopy: string | undefined;
      warnings: string[];
    };

/** The stories that go out: ready, with at least one article; the rest are reported. */
export function readyStories(stories: Story[], warnings: string[]): Story[] {
  const ready: Story[] = [];
  for (const story of stories) {
    if (story.meta.status !== 'ready') continue;
    if (story.articles.length === 0) {
      warnings.push(`Story "${story.slug}" has no articles; skipped.`);
      continue;
    }
    ready.push(story);
  }
  return ready.sort(
    (a, b) =>
      (a.meta.order ?? Number.MAX_SAFE_INTEGER) - (b.meta.order ?? Number.MAX_SAFE_INTEGER) ||
      latestPublished(b) - latestPublished(a) ||
      a.slug.localeCompare(b.slug),
  );
}

/** When a story's newest article appeared (ms), for ordering: the newest story first. */
function latestPublished(story: Story): number {
  const times = story.articles.map((a) => Date.parse(a.published)).filter(Number.isFinite);
  return times.length > 0 ? Math.max(...times) : Number.NEGATIVE_INFINITY;
}

const HTML_BUDGET_KB = HTML_BUDGET_BYTES / 1024;

// A briefing is built once per story object: planning asks whether it is empty, rendering uses it.
const briefed = new WeakMap<Story, Briefing>();

function briefingOf(story: Story): Briefing {
  let briefing = briefed.get(story);
  if (!briefing) {
    briefing = buildBriefing(story);
    briefed.set(story, briefing);
  }
  return briefing;
}

const emptyStoryWarning = (slug: string) =>
  `Story "${slug}": its briefing is empty (no article sentence a summary or point can use, e.g. only boilerplate); left out of the edition.`;

/**
 * The stories a new edition carries, of those given: ready, with articles (`readyStories`),
 * in its order, and with a briefing that has something to show; the others are reported in
 * `warnings` and left out. The scheduled send calls it on the ready stories no edition has
 * carried; the editors' preview on the same, so its "Next edition" is what compose sends.
 */
export function editionStories(stories: Story[], warnings: string[]): Story[] {
  return readyStories(stories, warnings).filter((story) => {
    if (!isEmptyBriefing(briefingOf(story))) return true;
    warnings.push(emptyStoryWarning(story.slug));
    return false;
  });
}

/** The edition that last carried a story, and its place among the story's markers. */
interface Carrier {
  editionId: string;
  generation: number;
}

/**
 * The first edition that carried a story (its slug marker). Editions composed before stories
 * were marked by slug left a content marker only: found by it, the story is marked by slug
 * from then on, so an edit no longer makes it new.
 */
async function firstCarrier(editions: EditionStore, story: Story): Promise<string | undefined> {
  const holder = await editions.storyHolder(storyMarkerKey(story.slug));
  if (holder !== undefined) return holder;
  const byContent = await editions.storyHolder(storyKeyOf(story));
  if (byContent === undefined) return undefined;
  return editions.claimStory(storyMarkerKey(story.slug), byContent);
}

/** The edition that last carried a story: the end of its markers (first, then corrections). */
async function findCarrier(editions: EditionStore, story: Story): Promise<Carrier | undefined> {
  const first = await firstCarrier(editions, story);
  if (first === undefined) return undefined;
  let carrier: Carrier = { editionId: first, generation: 1 };
  for (;;) {
    const generation = carrier.generation + 1;
    const next = await editions.storyHolder(storyMarkerKey(story.slug, generation));
    if (next === undefined) return carrier;
    carrier = { editionId: next, generation };
  }
}

/**
 * Marks a story as carried by an edition: its content marker (the first edition with this
 * content) and the first free place among its slug markers from `generation` on. Idempotent:
 * a place already ours ends the walk; one another edition took meanwhile moves it on.
 */
async function markCarried(
  editions: EditionStore,
  story: Story,
  editionId: string,
  generation: number,
): Promise<void> {
  await editions.claimStory(storyKeyOf(story), editionId);
  for (let place = generation; ; place += 1) {
    const holder = await editions.claimStory(storyMarkerKey(story.slug, place), editionId);
    if (holder === editionId) return;
  }
}

/** Whether an edition carried this story as it is now. */
async function carriedUnchanged(
  editions: EditionStore,
  edition: EditionRecord,
  story: Story,
): Promise<boolean> {
  // An edition of this story alone (every correction) tells by its story set; one of several
  // stories by the story's content marker, which names the first edition with this content.
  if (edition.stories.length === 1 && edition.stories[0] === story.slug) {
    return edition.storySet === storySetOf([story]);
  }
  return (await editions.storyHolder(storyKeyOf(story))) === edition.id;
}

/** What this run works on. */
type Plan =
  | { kind: 'nothing-to-send'; reason: string }
  /** Every story is carried by an edition already: sent, or (durable queue) all queued. */
  | { kind: 'done'; editionId: string; queued: boolean }
  /** An unfinished edition that carries a ready story (a crash, a paused or stopped send). */
  | { kind: 'resume'; record: EditionRecord }
  | {
      kind: 'new';
      stories: Story[];
      editionId: string;
      /** The record when an earlier run claimed this edition already. */
      existing: EditionRecord | undefined;
      /** The place the stories take among their slug markers: 1, or a correction's. */
      generation: number;
      corrects?: string;
    };

/**
 * The scheduled run's plan: an unfinished edition that carries a ready story, or a new one
 * for the ready stories no edition has carried yet. A story is its folder: once an edition
 * carried it, an edit does not make it new (`again` sends a correction).
 */
async function planScheduled(
  deps: ComposeDeps,
  scheduledAt: Date,
  stories: Story[],
  warnings: string[],
): Promise<Plan> {
  const ready = readyStories(stories, warnings);
  if (ready.length === 0) return { kind: 'nothing-to-send', reason: 'no story is ready' };
  const carriers = await Promise.all(ready.map((s) => findCarrier(deps.editions, s)));
  const holders = carriers.map((carrier) => carrier?.editionId);
  let lastSent: string | undefined;
  let lastQueued: string | undefined;
  for (const holder of new Set(holders)) {
    if (holder === undefined) continue;
    const record = await deps.editions.get(holder);
    // Compose's part is done once every batch is on a durable queue: delivery (and SQS's
    // redelivery) finishes it. Only an unfinished enqueue, or an in-process queue that died
    // with its process, is resumed here.
    const queued = deps.queue.durable && record?.enqueue?.done === true;
    if (record?.status === 'sending' && !queued) return { kind: 'resume', record };
    if (record?.status === 'sending') lastQueued = holder;
    else lastSent = holder;
  }
  const uncarried = ready.filter((_, i) => holders[i] === undefined);
  if (uncarried.length === 0) {
    const editionId = lastQueued ?? lastSent ?? '';
    return { kind: 'done', editionId, queued: lastQueued !== undefined };
  }
  // Ready and with articles already: only the empty briefings are left out (and reported).
  const fresh = editionStories(uncarried, warnings);
  if (fresh.length === 0) {
    return { kind: 'nothing-to-send', reason: "every new ready story's briefing is empty" };
  }
  // Two composes racing over the same new stories agree on one edition through this marker.
  const storySet = storySetOf(fresh);
  const proposed = editionIdFor(scheduledAt, deps.timeZone, storySet);
  const editionId = await deps.editions.claimStorySet(storySet, proposed);
  const existing = await deps.editions.get(editionId);
  return { kind: 'new', stories: fresh, editionId, existing, generation: 1 };
}

/** The story `again` names, if it can be sent: known, ready, with articles. */
function storyToSendAgain(stories: Story[], slug: string): Story {
  const story = stories.find((s) => s.slug === slug);
  if (story === undefined) {
    const known = stories.map((s) => s.slug).sort();
    const list = known.length > 0 ? known.join(', ') : '(the content folder has none)';
    throw new StoryChoiceError(
      slug,
      `There is no story "${slug}"; expected the folder name of a story: ${list}.`,
    );
  }
  if (story.meta.status !== 'ready') {
    throw new StoryChoiceError(
      slug,
      `Story "${slug}" is a draft; expected a ready story (status: ready in its story.yaml).`,
    );
  }
  if (story.articles.length === 0) {
    throw new StoryChoiceError(
      slug,
      `Story "${slug}" has no articles; expected at least one <outlet>.md in its folder.`,
    );
  }
  if (isEmptyBriefing(briefingOf(story))) throw new StoryChoiceError(slug, emptyStoryWarning(slug));
  return story;
}

/**
 * A correction's plan: a new edition of one story, which an edition carried before, as it is
 * now. Refused (StoryChoiceError, nothing claimed) when the story never went out, when the
 * edition that last carried it is still being sent, or when its content is unchanged since.
 */
async function planAgain(
  deps: ComposeDeps,
  scheduledAt: Date,
  stories: Story[],
  slug: string,
): Promise<Plan> {
  const story = storyToSendAgain(stories, slug);
  const carrier = await findCarrier(deps.editions, story);
  if (carrier === undefined) {
    throw new StoryChoiceError(
      slug,
      `Story "${slug}" has not gone out yet: \`npm start\` sends it with the other ready stories.`,
    );
  }
  const last = await deps.editions.get(carrier.editionId);
  if (last === undefined) {
    throw new Error(
      `Story "${slug}" is marked as carried by edition ${carrier.editionId}, which is not in the edition store`,
    );
  }
  if (last.status === 'sending') {
    throw new StoryChoiceError(
      slug,
      `Edition ${last.id}, which last carried "${slug}", is still being sent: run \`npm start\` to finish it, then send the correction.`,
    );
  }
  if (await carriedUnchanged(deps.editions, last, story)) {
    throw new StoryChoiceError(
      slug,
      `Story "${slug}" is unchanged since edition ${last.id} carried it: nothing to correct.`,
    );
  }
  // Two runs correcting the same edition with the same content agree on one edition.
  const storySet = correctionSetOf(story, last.id);
  const proposed = editionIdFor(scheduledAt, deps.timeZone, storySet);
  const editionId = await deps.editions.claimStorySet(storySet, proposed);
  const existing = await deps.editions.get(editionId);
  return {
    kind: 'new',
    stories: [story],
    editionId,
    existing,
    generation: carrier.generation + 1,
    corrects: last.id,
  };
}

/** Briefs and renders the stories once, and archives the web copy: the record to claim. */
async function renderRecord(
  deps: ComposeDeps,
  scheduledAt: Date,
  editionId: string,
  stories: Story[],
  warnings: string[],
): Promise<EditionRecord> {
  const briefings = stories.map(briefingOf);
  for (const briefing of briefings) warnings.push(...briefing.warnings);
  const { edition, webHtml } = splitWebCopy(await deps.render(editionId, scheduledAt, briefings));
  const listed = stories.filter((_, i) => edition.levels?.[i] === 'listed').map((s) => s.slug);
  if (listed.length > 0) {
    warnings.push(
      `${listed.length} of ${stories.length} stories had no room in the email (${HTML_BUDGET_KB} KB budget): listed by headline, linking to the web copy: ${listed.join(', ')}.`,
    );
  }
  await assertSendable(edition, deps.clock.now());
  // The web copy, not the email: `edition.html` still holds the per-recipient sentinels.
  const webCopy = await deps.archive.put(editionId, assertNoSentinels(webHtml));
  return {
    id: editionId,
    status: 'sending',
    scheduledAt: scheduledAt.toISOString(),
    stories: stories.map((story) => story.slug),
    storySet: storySetOf(stories),
    edition,
    createdAt: deps.clock.now().toISOString(),
    webCopy,
  };
}

/** Renders and claims a new edition; another run may have claimed it first (then its record). */
async function claimNew(
  deps: ComposeDeps,
  scheduledAt: Date,
  plan: Extract<Plan, { kind: 'new' }>,
  warnings: string[],
): Promise<{ record: EditionRecord; resumed: boolean }> {
  const candidate = await renderRecord(deps, scheduledAt, plan.editionId, plan.stories, warnings);
  const claim = await deps.editions.claim(candidate);
  return claim.claimed
    ? { record: candidate, resumed: false }
    : { record: claim.existing, resumed: true };
}

/**
 * The new plan's edition record: the one an earlier run claimed, or rendered and claimed now
 * (idempotent), its stories then marked as carried by it.
 */
async function openEdition(
  deps: ComposeDeps,
  scheduledAt: Date,
  plan: Extract<Plan, { kind: 'new' }>,
  warnings: string[],
): Promise<{ record: EditionRecord; resumed: boolean }> {
  const opened =
    plan.existing === undefined
      ? await claimNew(deps, scheduledAt, plan, warnings)
      : { record: plan.existing, resumed: true };
  const { record, resumed } = opened;
  // Marked after the record exists: a crash in between lands on the same story set next time.
  for (const story of plan.stories) {
    await markCarried(deps.editions, story, record.id, plan.generation);
  }
  return { record, resumed };
}

/**
 * The scheduled job's first half: pick the stories no edition has carried (or, with
 * `again`, one story to send again), claim the edition (idempotent), render it once, archive
 * the web copy, and queue every confirmed subscriber in batches, recording progress as it
 * goes. Delivery dedupes per recipient, so queueing someone twice never sends twice.
 */
export async function compose(
  deps: ComposeDeps,
  scheduledAt: Date,
  stories: Story[],
  options: ComposeOptions = {},
): Promise<ComposeResult> {
  const warnings: string[] = [];
  const plan =
    options.again === undefined
      ? await planScheduled(deps, scheduledAt, stories, warnings)
      : await planAgain(deps, scheduledAt, stories, options.again);
  if (plan.kind === 'nothing-to-send') {
    return { outcome: 'nothing-to-send', reason: plan.reason, warnings };
  }
  if (plan.kind === 'done') {
    const record = await deps.editions.get(plan.editionId);
    const carried = record?.stories ?? readyStories(stories, []).map((s) => s.slug);
    const outcome = plan.queued ? 'already-queued' : 'already-sent';
    return { outcome, editionId: plan.editionId, stories: carried, warnings };
  }
  const { record, resumed } =
    plan.kind === 'resume'
      ? { record: plan.record, resumed: true }
      : await openEdition(deps, scheduledAt, plan, warnings);
  if (record.status === 'sent') {
    return { outcome: 'already-sent', editionId: record.id, stories: record.stories, warnings };
  }

  const { recipients, batches } = await enqueueRecipients(deps, record);
  deps.log.info('edition queued', { editionId: record.id, recipients, batches, resumed });
  return {
    outcome: 'queued',
    editionId: record.id,
    stories: record.stories,
    recipients,
    batches,
    resumed,
    ...(plan.kind === 'new' && plan.corrects !== undefined ? { corrects: plan.corrects } : {}),
    subject: record.edition.subject,
    webCopy: record.webCopy,
    warnings,
  };
}

/**
 * Pages confirmed subscribers (an index query, never a scan) into batches. With a durable
 * queue the cursor is saved after each page, so a crash resumes after the last page queued
 * (at most that page's batches again, which delivery dedupes); an in-process queue died
 * with the process, so everyone is queued again.
 */
async function enqueueRecipients(
  deps: ComposeDeps,
  record: EditionRecord,
): Promise<{ recipients: number; batches: number }> {
  const saved = deps.queue.durable ? record.enqueue : undefined;
  if (saved?.done) return { recipients: saved.recipients, batches: 0 };
  const progress: EnqueueProgress = {
    batches: saved?.batches ?? 0,
    recipients: saved?.recipients ?? 0,
    done: false,
    ...(saved?.cursor === undefined ? {} : { cursor: saved.cursor }),
  };
  let queued = 0;
  let cursor = progress.cursor;
  do {
    const page = await deps.subscribers.pageByStatus(
      'confirmed',
      deps.pageSize ?? PAGE_SIZE,
      cursor,
    );
    cursor = page.cursor;
    const batches = [];
    for (let i = 0; i < page.items.length; i += BATCH_SIZE) {
      const ids = page.items.slice(i, i + BATCH_SIZE).map((s) => s.id);
      batches.push({ editionId: record.id, subscriberIds: ids });
    }
    if (batches.length > 0) {
      await deps.queue.send(batches);
      queued += batches.length;
      progress.batches += batches.length;
      progress.recipients += page.items.length;
    }
    if (cursor === undefined) {
      delete progress.cursor;
      progress.done = true;
    } else {
      progress.cursor = cursor;
    }
    await deps.editions.saveProgress(record.id, progress);
  } while (cursor !== undefined);
  return { recipients: progress.recipients, batches: queued };
}
