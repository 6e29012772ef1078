import { createHash } from 'node:crypto';
import type { Story } from '../briefing/types.ts';

/**
 * One story's content as a key, `<slug>#<digest>`. Edition ids derive from it (storySetOf),
 * so a corrected story gets a new id; and its marker (`story#<slug>#<digest>`, the first
 * edition that carried this content) tells an unchanged story from a corrected one. What
 * makes a story "already sent" is its slug marker (storyMarkerKey), not its content.
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

/**
 * The key of the n-th edition to carry a story, by its folder alone: `<slug>` for the first
 * (the scheduled send), `<slug>#v<n>` for each one sent again on request (a correction). The
 * slug's `%` and `#` are escaped, so these never meet a content key (`<slug>#<hex digest>`:
 * no `v` in hex) or another story's keys.
 */
export function storyMarkerKey(slug: string, generation = 1): string {
  if (!Number.isInteger(generation) || generation < 1) {
    throw new RangeError(`Expected \`generation\` to be a positive integer, got ${generation}`);
  }
  const name = slug.replaceAll('%', '%25').replaceAll('#', '%23');
  return generation === 1 ? name : `${name}#v${generation}`;
}

/**
 * The story set of a correction: its story's content and the edition it corrects. Two runs
 * correcting the same edition with the same content agree on one edition, on any day; a
 * story edited back to an earlier text still gets an edition of its own.
 */
export function correctionSetOf(story: Story, corrects: string): string {
  return createHash('sha256')
    .update(`correction\u0000${storySetOf([story])}\u0000${corrects}`)
    .digest('hex')
    .slice(0, 16);
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
