import { Command, Option } from 'commander';
import {
  SUBSCRIBER_STATUSES,
  type SubscriberStatus,
} from '../../../lambda/subscribers/subscriber.ts';
import { openRuntime } from '../../local/local-runtime.ts';
import { subscribersJson } from '../../local/subscriber-input.ts';
import { allSubscribers } from '../../local/subscriber-pages.ts';
import { printTable } from '../../local/table.ts';

export function listCommand(): Command {
  return new Command('list')
    .description('list subscribers by status')
    .addOption(
      new Option('--status <status>', 'only subscribers in this status').choices(
        SUBSCRIBER_STATUSES,
      ),
    )
    .option('--json', 'print the records as JSON (consent included)')
    .action(async (options: { status?: SubscriberStatus; json?: boolean }) => {
      const runtime = await openRuntime({ ses: false });
      try {
        const subscribers = await allSubscribers(
          runtime.subscribers,
          options.status === undefined ? undefined : [options.status],
        );
        if (options.json) {
          console.log(subscribersJson(subscribers));
          return;
        }
        if (subscribers.length === 0) {
          console.log(
            options.status === undefined
              ? 'No subscribers yet. Add one: npx braid subscribers add reader@example.org --confirmed'
              : `No ${options.status} subscribers.`,
          );
          return;
        }
        const rows = subscribers.map((s) => [
          s.email,
          s.name ?? '',
          s.status,
          s.createdAt.slice(0, 10),
          s.id,
        ]);
        printTable(['EMAIL', 'NAME', 'STATUS', 'SINCE', 'ID'], rows);
        console.log(`${rows.length} subscriber${rows.length === 1 ? '' : 's'}`);
      } finally {
        await runtime.close();
      }
    });
}
