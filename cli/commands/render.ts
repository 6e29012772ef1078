import { mkdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Command } from 'commander';
import { loadStory } from '../../lambda/adapters/content-dir.ts';
import { readTemplates } from '../../lambda/adapters/template-files.ts';
import { buildBriefing } from '../../lambda/briefing/build-briefing.ts';
import { loadConfig } from '../../lambda/config.ts';
import { renderSample } from '../../lambda/preview/render-story.ts';
import { CliError } from '../local/cli-error.ts';
import { DEMO_SUBSCRIBERS, demoSubscriber } from '../local/demo-subscribers.ts';
import { resolveStory } from '../local/story-arg.ts';
import { parseInstant } from './start.ts';

/** `--out` must be a folder, or not exist yet: checked before anything is rendered. */
async function checkOutFolder(out: string): Promise<void> {
  const found = await stat(out).catch(() => undefined);
  if (found !== undefined && !found.isDirectory()) {
    throw new CliError(
      `--out ${out}: is a file; expected a folder to write edition.html, edition.txt and sample.eml into (created when missing)`,
      { exitCode: 2 },
    );
  }
}

export function renderCommand(): Command {
  return new Command('render')
    .description(
      'render the edition of one story (HTML, text and a sample .eml) into a folder, without sending',
    )
    .argument('<story>', 'the story: its folder name (my-story) or its folder (content/my-story)')
    .requiredOption(
      '--out <dir>',
      'the folder to write edition.html, edition.txt and sample.eml into',
    )
    .option('--at <date-time>', 'the edition date (default: now)', parseInstant)
    .action(async (arg: string, options: { out: string; at?: Date }) => {
      const config = loadConfig();
      await checkOutFolder(options.out);
      const { dir, label } = await resolveStory(arg, config.contentDir);
      const story = await loadStory(dir, label);
      // The preview compiles the MJML live, so template edits show at once. MJML is loaded
      // here, not at start-up: every other command would pay a second for it.
      const { compileEditionTemplate } = await import('../../lambda/email/render-edition.ts');
      const template = await compileEditionTemplate(await readTemplates(config.templatesDir));
      const at = options.at ?? new Date();
      const demo = DEMO_SUBSCRIBERS[0] ?? { email: 'reader@example.com', name: 'Reader' };
      const briefing = buildBriefing(story);
      // The preview's render: compose's renderer, deliver's personalizer and MIME build.
      const { edition, html, text, eml } = await renderSample(config, template, [briefing], {
        id: `preview-${story.slug}`,
        at,
        reader: demoSubscriber(demo, at),
      });
      for (const warning of briefing.warnings) console.warn(`warning: ${warning}`);
      await mkdir(options.out, { recursive: true });
      const files = { 'edition.html': html, 'edition.txt': text, 'sample.eml': eml };
      for (const [name, content] of Object.entries(files))
        await writeFile(join(options.out, name), content);
      console.log(`Rendered "${edition.subject}" (${Buffer.byteLength(html)} bytes of HTML) to:`);
      for (const name of Object.keys(files)) console.log(`  ${join(options.out, name)}`);
    });
}
