import { join } from 'node:path';
import { Command } from 'commander';
import { CliError } from '../local/cli-error.ts';
import { DEMO_SUBSCRIBERS, demoSubscriber } from '../local/demo-subscribers.ts';
import { formatRows } from '../local/format.ts';
import { openRuntime } from '../local/local-runtime.ts';
import { packageRoot } from '../local/package-root.ts';
import { parsePort } from './start.ts';

/** The preview's default port: beside `braid serve` (8787). */
export const PREVIEW_PORT = 4400;

export function previewCommand(): Command {
  return new Command('preview')
    .description(
      "the editors' preview on 127.0.0.1: every story and the next edition as the email carries them, their evidence and checks, live as files are saved",
    )
    .option('--port <port>', `port to listen on (0 picks a free one)`, parsePort, PREVIEW_PORT)
    .action(async (options: { port: number }) => {
      const runtime = await openRuntime({ ses: true });
      const { config } = runtime;
      // MJML and the checks load here, not at every command's start.
      const { Studio } = await import('../../lambda/preview/studio.ts');
      const { startPreview } = await import('../../lambda/preview/server.ts');
      const demo = DEMO_SUBSCRIBERS[0] ?? { email: 'reader@example.com', name: 'Reader' };
      const studio = new Studio({
        config,
        editions: runtime.editions,
        mailer: runtime.mailer,
        reader: demoSubscriber(demo, new Date()),
        allowListPath: join(packageRoot(), 'test', 'email-allowlist.json'),
      });
      let preview: Awaited<ReturnType<typeof startPreview>>;
      try {
        preview = await startPreview(studio, options.port);
      } catch (cause) {
        await runtime.close();
        const code = (cause as NodeJS.ErrnoException).code;
        throw new CliError(
          code === 'EADDRINUSE'
            ? `Cannot serve the preview on 127.0.0.1:${options.port}: the port is in use (another \`braid preview\`?). Pick another with --port <port> (0 picks a free one).`
            : `Cannot serve the preview on 127.0.0.1:${options.port}: ${(cause as Error).message}`,
          { cause },
        );
      }
      console.log(
        `Braid: the editors' preview (${runtime.store === 'aws' ? 'AWS services' : 'local'})`,
      );
      console.log(
        formatRows([
          ['Address', preview.url],
          [
            'Content',
            `${config.contentDir}/ and ${config.templatesDir}/ (saving a file updates the open page)`,
          ],
          [
            'Test sends',
            runtime.store === 'aws'
              ? 'through Amazon SES'
              : `through the local SES API, kept in ${runtime.outboxDir}/test-*/ (nothing leaves this machine)`,
          ],
        ]),
      );
      console.log('Ctrl-C to stop.');
      await new Promise<void>((resolve) => {
        process.once('SIGINT', () => resolve());
        process.once('SIGTERM', () => resolve());
      });
      await preview.close();
      await runtime.close();
      console.log('Stopped.');
    });
}
