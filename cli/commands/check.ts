import { join, resolve } from 'node:path';
import { Command } from 'commander';
import {
  inspectStory,
  type StoryInspection,
  storyFolders,
} from '../../lambda/adapters/content-dir.ts';
import { buildBriefing } from '../../lambda/briefing/build-briefing.ts';
import { loadConfig } from '../../lambda/config.ts';
import { isEmptyBriefing } from '../../lambda/email/digest.ts';
import { type Conversion, fixEncodings } from '../local/fix-encoding.ts';
import { resolveStory, type StoryArg, shownPath } from '../local/story-arg.ts';

interface CheckOptions {
  fixEncoding?: boolean;
}

/** The briefing's warnings, as compose would add them; the empty briefing compose leaves out. */
function briefingWarnings(inspected: StoryInspection): string[] {
  const story = inspected.story;
  if (story === undefined || story.articles.length === 0) {
    return story?.meta.status === 'ready'
      ? [`${inspected.label}: ready, but it has no articles; the send skips it.`]
      : [];
  }
  const briefing = buildBriefing(story);
  const own = briefing.warnings.slice(story.warnings?.length ?? 0);
  if (isEmptyBriefing(briefing)) {
    own.push(
      `${inspected.label}: its briefing is empty (no sentence a summary or point can use); the send leaves it out.`,
    );
  }
  return own.map((w) => (w.startsWith(inspected.label) ? w : `${inspected.label}: ${w}`));
}

function printConversions(conversions: Conversion[]): void {
  for (const c of conversions) {
    if (c.mixedAt !== undefined) {
      console.error(
        `error: ${c.file}: UTF-8 except for byte ${c.mixedAt} (a character pasted from another encoding); not converted, since converting the whole file would garble the rest. Retype that character and save the file as UTF-8.`,
      );
    } else if (c.from === undefined) {
      console.error(
        `error: ${c.file}: its encoding cannot be told; not converted. Save it as UTF-8 from the editor that wrote it.`,
      );
    } else {
      console.log(
        `Converted ${c.file} from ${c.from} to UTF-8 (the original is kept as ${c.backup}).`,
      );
    }
  }
}

async function storiesToCheck(args: string[], contentDir: string): Promise<StoryArg[]> {
  if (args.length > 0) return Promise.all(args.map((arg) => resolveStory(arg, contentDir)));
  const slugs = await storyFolders(contentDir);
  return slugs.map((slug) => {
    const dir = join(contentDir, slug);
    return { slug, dir, label: shownPath(resolve(dir)) };
  });
}

/** Checks one story; prints its line, then its errors and warnings; resolves to their counts. */
async function checkStory(story: StoryArg): Promise<{ errors: number; warnings: number }> {
  const inspected = await inspectStory(story.dir, story.label);
  const warnings = [...inspected.warnings, ...briefingWarnings(inspected)];
  const errors = inspected.problems.length;
  const articles = inspected.files.length;
  const counts = [
    inspected.meta?.status ?? 'story.yaml unreadable',
    `${articles} article${articles === 1 ? '' : 's'}`,
    ...(errors > 0 ? [`${errors} error${errors === 1 ? '' : 's'}`] : []),
    ...(warnings.length > 0
      ? [`${warnings.length} warning${warnings.length === 1 ? '' : 's'}`]
      : []),
  ];
  console.log(`${errors > 0 ? 'error' : 'ok   '}  ${story.label}  (${counts.join(', ')})`);
  for (const problem of inspected.problems) console.error(`  error: ${problem.message}`);
  for (const warning of warnings) console.error(`  warning: ${warning}`);
  return { errors, warnings: warnings.length };
}

export function checkCommand(): Command {
  return new Command('check')
    .description(
      'check the content as the scheduled send reads it: every story folder, every file (encoding, front matter, URLs, markup); exits 1 on any error',
    )
    .argument('[stories...]', 'only these stories (folder names or folders; default: all of them)')
    .option(
      '--fix-encoding',
      'first convert the files that are not UTF-8 to UTF-8 in place (the original kept as <file>.bak)',
    )
    .action(async (args: string[], options: CheckOptions) => {
      const { contentDir } = loadConfig();
      const stories = await storiesToCheck(args, contentDir);
      if (stories.length === 0) {
        console.log(
          `${shownPath(resolve(contentDir))}/ has no stories yet: add a folder with an article.`,
        );
        return;
      }
      let errors = 0;
      let warnings = 0;
      for (const story of stories) {
        if (options.fixEncoding) printConversions(await fixEncodings(story.dir, story.label));
        const counts = await checkStory(story);
        errors += counts.errors;
        warnings += counts.warnings;
      }
      const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
      console.log(
        `${stories.length === 1 ? '1 story' : `${stories.length} stories`} checked: ${plural(errors, 'error')}, ${plural(warnings, 'warning')}.`,
      );
      if (errors > 0) process.exitCode = 1;
    });
}
