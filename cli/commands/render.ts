import { mkdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Command } from 'commander';
import { loadStory } from '../../lambda/adapters/content-dir.ts';
import { readTemplates } from '../../lambda/adapters/template-files.ts';
import { buildBriefing } from '../../lambda/briefing/build-briefing.ts';
import { loadConfig } from '../../lambda/config.ts';
import { renderSample } from '../../lambda/preview/render-story.ts';
import { isSafeName } from '../../lambda/preview/safe-path.ts';
import { DEMO_SUBSCRIBERS, demoSubscriber } from '../local/demo-subscribers.ts';
import { parseInstant } from './start.ts';

const isDir = (path: string) =>
  stat(path).then(
    (s) => s.isDirectory(),
    () => false,
  );

/** A story folder as given, or a bare slug looked up in the content folder. */
export async function resolveStoryArg(arg: string, contentDir: string): Promise<string> {
  if (await isDir(arg)) return arg;
  if (isSafeName(arg) && (await isDir(join(contentDir, arg)))) return join(contentDir, arg);
  // loadStory names the folder it cannot read.
  return arg;
}

export function renderCommand(): Command {
  return new Command('render')
    .description('render the edition of one story (HTML, text and a sample .eml) without sending')
    .argument('<story>', 'a story folder (content/my-story) or its slug (my-story)')
    .requiredOption('--out <dir>', 'where to write edition.html, edition.txt and sample.eml')
    .option('--at <date-time>', 'the edition date (default: now)', parseInstant)
    .action(async (storyDir: string, options: { out: string; at?: Date }) => {
      const config = loadConfig();
      const story = await loadStory(await resolveStoryArg(storyDir, config.contentDir));
      // The preview compiles the MJML live, so template edits show at once. MJML is loaded
      // here, not at start-up: every other command would pay a second for it.
      const { compileEditionTemplate } = await import('../../lambda/email/render-edition.ts');
      const template = await compileEditionTemplate(await readTemplates(config.templatesDir));
      const at = options.at ?? new Date();
      const demo = DEMO_SUBSCRIBERS[0] ?? { email: 'reader@example.com', name: 'Reader' };
      // The preview's render: compose's renderer, deliver's personalizer and MIME build.
      const { edition, html, text, eml } = await renderSample(
        config,
        template,
        [buildBriefing(story)],
        { id: `preview-${story.slug}`, at, reader: demoSubscriber(demo, at) },
      );
      await mkdir(options.out, { recursive: true });
      const files = { 'edition.html': html, 'edition.txt': text, 'sample.eml': eml };
      for (const [name, content] of Object.entries(files))
        await writeFile(join(options.out, name), content);
      console.log(`Rendered "${edition.subject}" (${Buffer.byteLength(html)} bytes of HTML) to:`);
      for (const name of Object.keys(files)) console.log(`  ${join(options.out, name)}`);
    });
}
