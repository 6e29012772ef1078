import type { Story } from '../briefing/types.ts';
import { storyKeyOf, storyMarkerKey } from '../delivery/edition-id.ts';
import type { EditionStore } from '../delivery/ports.ts';

/**
 * The edition that last carried a story, read only: its slug marker (or, for editions
 * composed before slug markers, its content marker), followed to the last correction. The
 * same walk as compose's, without the
 * marker compose adds as it goes. `braid stories` and the preview's list both ask it.
 */
export async function lastCarrier(
  editions: Pick<EditionStore, 'storyHolder'>,
  story: Story,
): Promise<string | undefined> {
  let holder =
    (await editions.storyHolder(storyMarkerKey(story.slug))) ??
    (await editions.storyHolder(storyKeyOf(story)));
  if (holder === undefined) return undefined;
  for (let generation = 2; ; generation++) {
    const next = await editions.storyHolder(storyMarkerKey(story.slug, generation));
    if (next === undefined) return holder;
    holder = next;
  }
}
