import { buildBriefing } from '../briefing/build-briefing.ts';
import type { Briefing, Story } from '../briefing/types.ts';
import { assertNoSentinels, type RenderedEdition, splitWebCopy } from '../email/web-copy.ts';
import { editionIdFor, storyKeyOf, storySetOf } from './edition-id.ts';
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
      a.slug.localeCompare(b.slug),
  );
}

/**
 * Finds the edition this run must work on: an unfinished one that carries a ready story
 * (a crash or a paused send), or a new one for the stories no edition has carried yet.
 */
async function chooseEdition(
  deps: ComposeDeps,
  scheduledAt: Date,
  ready: Story[],
): Promise<
  | { kind: 'resume'; record: EditionRecord }
  | { kind: 'new'; stories: Story[]; editionId: string; existing: EditionRecord | undefined }
  | { kind: 'done'; editionId: string; queued: boolean }
> {
  const holders = await Promise.all(ready.map((s) => deps.editions.storyHolder(storyKeyOf(s))));
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
  const fresh = ready.filter((_, i) => holders[i] === undefined);
  if (fresh.length === 0) {
    const editionId = lastQueued ?? lastSent ?? '';
    return { kind: 'done', editionId, queued: lastQueued !== undefined };
  }
  // Two composes racing over the same new stories agree on one edition through this marker.
  const proposed = editionIdFor(scheduledAt, deps.timeZone, storySetOf(fresh));
  const editionId = await deps.editions.claimStorySet(storySetOf(fresh), proposed);
  const existing = await deps.editions.get(editionId);
  return { kind: 'new', stories: fresh, editionId, existing };
}

/**
 * The scheduled job's first half: pick the stories no edition has carried, claim the
 * edition (idempotent), render it once, archive the web copy, and queue every confirmed
 * subscriber in batches, recording progress as it goes. Delivery dedupes per recipient,
 * so queueing someone twice never sends twice.
 */
export async function compose(
  deps: ComposeDeps,
  scheduledAt: Date,
  stories: Story[],
): Promise<ComposeResult> {
  const warnings: string[] = [];
  const ready = readyStories(stories, warnings);
  if (ready.length === 0) {
    return { outcome: 'nothing-to-send', reason: 'no story is ready', warnings };
  }
  const choice = await chooseEdition(deps, scheduledAt, ready);
  if (choice.kind === 'done') {
    const record = await deps.editions.get(choice.editionId);
    const carried = record?.stories ?? ready.map((s) => s.slug);
    const outcome = choice.queued ? 'already-queued' : 'already-sent';
    return { outcome, editionId: choice.editionId, stories: carried, warnings };
  }

  let record: EditionRecord;
  let resumed = true;
  if (choice.kind === 'resume') {
    record = choice.record;
  } else if (choice.existing !== undefined) {
    record = choice.existing;
    if (record.status === 'sent') {
      return { outcome: 'already-sent', editionId: record.id, stories: record.stories, warnings };
    }
  } else {
    const briefings = choice.stories.map((story) => buildBriefing(story));
    for (const briefing of briefings) warnings.push(...briefing.warnings);
    const { edition, webHtml } = splitWebCopy(
      await deps.render(choice.editionId, scheduledAt, briefings),
    );
    await assertSendable(edition, deps.clock.now());
    // The web copy, not the email: `edition.html` still holds the per-recipient sentinels.
    const webCopy = await deps.archive.put(choice.editionId, assertNoSentinels(webHtml));
    const candidate: EditionRecord = {
      id: choice.editionId,
      status: 'sending',
      scheduledAt: scheduledAt.toISOString(),
      stories: choice.stories.map((story) => story.slug),
      storySet: storySetOf(choice.stories),
      edition,
      createdAt: deps.clock.now().toISOString(),
      webCopy,
    };
    const claim = await deps.editions.claim(candidate);
    record = claim.claimed ? candidate : claim.existing;
    resumed = !claim.claimed;
    // Marked after the record exists: a crash in between lands on the same story set next time.
    for (const story of choice.stories) {
      await deps.editions.claimStory(storyKeyOf(story), record.id);
    }
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
