import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Command } from 'commander';
import { loadStory } from '../../lambda/adapters/content-dir.ts';
import { readTemplates } from '../../lambda/adapters/template-files.ts';
import { buildBriefing } from '../../lambda/briefing/build-briefing.ts';
import { loadConfig } from '../../lambda/config.ts';
import { recipientFor } from '../../lambda/delivery/recipient-links.ts';
import { compileMessages } from '../../lambda/email/compile-messages.ts';
import { compilePersonalizer } from '../../lambda/email/personalize.ts';
import { createRenderer } from '../../lambda/handlers/renderer.ts';
import { newKeyring } from '../../lambda/subscribers/keyring.ts';
import { DEMO_SUBSCRIBERS, demoSubscriber } from '../local/demo-subscribers.ts';
import { parseInstant } from './start.ts';

export function renderCommand(): Command {
  return new Command('render')
    .description('render the edition of one story (HTML, text and a sample .eml) without sending')
    .argument('<story-dir>', 'a story folder, e.g. content/my-story')
    .requiredOption('--out <dir>', 'where to write edition.html, edition.txt and sample.eml')
    .option('--at <date-time>', 'the edition date (default: now)', parseInstant)
    .action(async (storyDir: string, options: { out: string; at?: Date }) => {
      const config = loadConfig();
      const story = await loadStory(storyDir);
      // The preview compiles the MJML live, so template edits show at once. MJML is loaded
      // here, not at start-up: every other command would pay a second for it.
      const { compileEditionTemplate } = await import('../../lambda/email/render-edition.ts');
      const template = await compileEditionTemplate(await readTemplates(config.templatesDir));
      const render = createRenderer(config, template);
      const at = options.at ?? new Date();
      const edition = await render(`preview-${story.slug}`, at, [buildBriefing(story)]);
      const demo = DEMO_SUBSCRIBERS[0] ?? { email: 'reader@example.com', name: 'Reader' };
      const recipient = recipientFor(
        demoSubscriber(demo, at),
        edition.id,
        config.publicUrl,
        // A preview: its links are signed with a throwaway key and lead nowhere.
        newKeyring(),
      );
      const body = compilePersonalizer(edition)(recipient);
      await mkdir(options.out, { recursive: true });
      const files = {
        'edition.html': body.html,
        'edition.txt': body.text,
        'sample.eml': (await compileMessages(edition))(recipient, at),
      };
      for (const [name, content] of Object.entries(files))
        await writeFile(join(options.out, name), content);
      console.log(
        `Rendered "${edition.subject}" (${Buffer.byteLength(body.html)} bytes of HTML) to:`,
      );
      for (const name of Object.keys(files)) console.log(`  ${join(options.out, name)}`);
    });
}
