import { buildBriefing } from '../briefing/build-briefing.ts';
import type { Briefing, Story } from '../briefing/types.ts';
import type { Edition } from '../email/types.ts';
import { editionIdFor, storySetOf } from './edition-id.ts';
import type {
  Clock,
  EditionRecord,
  EditionStore,
  Logger,
  Queue,
  SubscriberStore,
} from './ports.ts';

/** SES takes up to 50 recipients a message; we send one message each, in batches of 50. */
export const BATCH_SIZE = 50;

export interface ComposeDeps {
  editions: EditionStore;
  subscribers: SubscriberStore;
  queue: Queue;
  render: (id: string, scheduledAt: Date, briefings: Briefing[]) => Promise<Edition>;
  log: Logger;
  clock: Clock;
  timeZone: string;
}

export type ComposeResult =
  | { outcome: 'nothing-to-send'; reason: string; warnings: string[] }
  | { outcome: 'already-sent'; editionId: string; stories: string[]; warnings: string[] }
  | {
      outcome: 'queued';
      editionId: string;
      stories: string[];
      recipients: number;
      resumed: boolean;
      subject: string;
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
 * The scheduled job's first half: claim the edition (idempotent), render it once,
 * and queue every confirmed subscriber in batches. Delivery dedupes per recipient,
 * so re-queueing on a resumed edition never sends twice.
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
  const storySet = storySetOf(ready);
  const proposedId = editionIdFor(scheduledAt, deps.timeZone, storySet);
  // A story set already claimed by an earlier edition (another day, or a crashed run)
  // belongs to that edition: finish or report it, never start a second one.
  const editionId = await deps.editions.claimStorySet(storySet, proposedId);
  const existing = await deps.editions.get(editionId);
  const slugs = ready.map((story) => story.slug);
  if (existing?.status === 'sent') {
    return { outcome: 'already-sent', editionId, stories: existing.stories, warnings };
  }

  let record = existing;
  if (record === undefined) {
    const briefings = ready.map((story) => buildBriefing(story));
    for (const briefing of briefings) warnings.push(...briefing.warnings);
    const edition = await deps.render(editionId, scheduledAt, briefings);
    const candidate: EditionRecord = {
      id: editionId,
      status: 'sending',
      scheduledAt: scheduledAt.toISOString(),
      stories: slugs,
      storySet,
      edition,
      createdAt: deps.clock.now().toISOString(),
    };
    const claim = await deps.editions.claim(candidate);
    record = claim.claimed ? candidate : claim.existing;
    if (!claim.claimed && claim.existing.status === 'sent') {
      return { outcome: 'already-sent', editionId, stories: claim.existing.stories, warnings };
    }
  }

  let recipients = 0;
  let cursor: string | undefined;
  do {
    const page = await deps.subscribers.pageByStatus('confirmed', BATCH_SIZE, cursor);
    cursor = page.cursor;
    if (page.items.length === 0) continue;
    recipients += page.items.length;
    await deps.queue.send({ editionId, subscriberIds: page.items.map((s) => s.id) });
  } while (cursor !== undefined);

  deps.log.info('edition queued', { editionId, recipients, resumed: existing !== undefined });
  return {
    outcome: 'queued',
    editionId,
    stories: record.stories,
    recipients,
    resumed: existing !== undefined,
    subject: record.edition.subject,
    warnings,
  };
}
