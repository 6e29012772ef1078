import { join, resolve } from 'node:path';
import { Command } from 'commander';
import { inspectStory, storyFolders } from '../../lambda/adapters/content-dir.ts';
import { buildBriefing } from '../../lambda/briefing/build-briefing.ts';
import { loadConfig } from '../../lambda/config.ts';
import { lastCarrier } from '../../lambda/content/story-carrier.ts';
import type { EditionStore } from '../../lambda/delivery/ports.ts';
import { openRuntime } from '../local/local-runtime.ts';
import { storeExists } from '../local/store-exists.ts';
import { shownPath } from '../local/story-arg.ts';
import { printTable } from '../local/table.ts';

export interface StoryLine {
  story: string;
  folder: string;
  /** draft, ready, sent (an edition carried it), or error (it does not load). */
  status: 'draft' | 'ready' | 'sent' | 'error';
  edition?: string;
  outlets: string[];
  words: number;
  warnings: string[];
  error?: string;
}

/** One story's line: loaded, briefed for its words and warnings, and looked up in the editions. */
async function storyLine(
  slug: string,
  contentDir: string,
  editions: Pick<EditionStore, 'storyHolder'>,
): Promise<StoryLine> {
  const folder = shownPath(resolve(join(contentDir, slug)));
  const inspected = await inspectStory(join(contentDir, slug), folder);
  const story = inspected.story;
  const [problem] = inspected.problems;
  if (story === undefined || problem !== undefined) {
    const error = problem?.message ?? `${folder}: cannot be read`;
    return {
      story: slug,
      folder,
      status: 'error',
      outlets: [],
      words: 0,
      warnings: inspected.warnings,
      error,
    };
  }
  const briefing = story.articles.length > 0 ? buildBriefing(story) : undefined;
  const edition = await lastCarrier(editions, story);
  return {
    story: slug,
    folder,
    status: edition === undefined ? story.meta.status : 'sent',
    ...(edition === undefined ? {} : { edition }),
    outlets: story.articles.map((a) => a.outlet),
    words: briefing?.sources.reduce((sum, s) => sum + s.words, 0) ?? 0,
    warnings: briefing?.warnings ?? inspected.warnings,
  };
}

function print(lines: StoryLine[]): void {
  printTable(
    ['STORY', 'STATUS', 'OUTLETS', 'WORDS', 'WARNINGS'],
    lines.map((l) => [
      l.story,
      l.status === 'sent' ? `sent in ${l.edition}` : l.status,
      l.outlets.join(', ') || '-',
      String(l.words),
      String(l.warnings.length),
    ]),
  );
  for (const line of lines) {
    if (line.error !== undefined) console.log(`\n${line.story}: error: ${line.error}`);
    if (line.warnings.length > 0) console.log(`\n${line.story}: warnings`);
    for (const warning of line.warnings) console.log(`  ${warning}`);
  }
}

export function storiesCommand(): Command {
  return new Command('stories')
    .description(
      'list every story in the content folder: draft, ready or sent (in which edition), its outlets, words and warnings',
    )
    .option('--json', 'print the list as JSON')
    .action(async (options: { json?: boolean }) => {
      const config = loadConfig();
      const { contentDir } = config;
      const slugs = await storyFolders(contentDir);
      // No store yet: no edition carried a story (and the first npm start finds it new).
      const runtime = (await storeExists(config)) ? await openRuntime({ ses: false }) : undefined;
      const lines: StoryLine[] = [];
      try {
        const editions = runtime?.editions ?? { storyHolder: async () => undefined };
        for (const slug of slugs) lines.push(await storyLine(slug, contentDir, editions));
      } finally {
        await runtime?.close();
      }
      if (options.json) {
        console.log(JSON.stringify(lines, null, 2));
      } else if (lines.length === 0) {
        console.log(
          `No stories in ${shownPath(resolve(contentDir))}/ yet: README.md, "Your first story", shows how to add one.`,
        );
      } else {
        print(lines);
      }
    });
}
