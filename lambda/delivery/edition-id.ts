import { createHash } from 'node:crypto';
import type { Story } from '../briefing/types.ts';

/**
 * One story's content as a key, `<slug>#<digest>`: an editor's edit to a story that went
 * out makes it new again; a re-run does not.
 */
export function storyKeyOf(story: Story): string {
  const hash = createHash('sha256');
  hash.update(`story\u0000${story.slug}\u0000${story.meta.headline ?? ''}\u0000`);
  for (const article of story.articles) {
    hash.update(`${article.outletSlug}\u0000${article.outlet}\u0000${article.published}\u0000`);
    hash.update(article.paragraphs.join('\n'));
    hash.update('\u0000');
  }
  return `${story.slug}#${hash.digest('hex').slice(0, 16)}`;
}

/** A digest of several stories' keys, whatever their order. */
export function storySetOf(stories: Story[]): string {
  const keys = stories.map(storyKeyOf).sort();
  return createHash('sha256').update(keys.join('\n')).digest('hex').slice(0, 16);
}

/** The calendar date of the scheduled time in the edition's time zone, as YYYY-MM-DD. */
export function editionDate(scheduledAt: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(scheduledAt);
}

/**
 * The edition id comes from the scheduled time and the stories, so a retried or
 * duplicated schedule event lands on the same id and its conditional put fails.
 */
export function editionIdFor(scheduledAt: Date, timeZone: string, storySet: string): string {
  return `${editionDate(scheduledAt, timeZone)}-${storySet.slice(0, 8)}`;
}
