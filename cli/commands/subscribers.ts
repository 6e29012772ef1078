import { Command } from 'commander';
import { systemClock } from '../../lambda/adapters/system-clock.ts';
import type { Subscriber, SubscriberStatus } from '../../lambda/subscribers/subscriber.ts';
import { normalizeEmail, subscriberIdFor } from '../../lambda/subscribers/subscriber-id.ts';
import { CliError } from '../local/cli-error.ts';
import { openRuntime } from '../local/local-runtime.ts';

const STATUSES: SubscriberStatus[] = [
  'confirmed',
  'pending',
  'unsubscribed',
  'bounced',
  'complained',
];

function addCommand(): Command {
  return new Command('add')
    .description('add a subscriber (pending unless --confirmed)')
    .argument('<email>', 'the address, e.g. reader@example.org')
    .option('--name <name>', 'the name used in the greeting')
    .option('--confirmed', 'record consent now (the person asked you directly) instead of pending')
    .action(async (email: string, options: { name?: string; confirmed?: boolean }) => {
      let address: string;
      try {
        address = normalizeEmail(email);
      } catch (cause) {
        throw new CliError(`<email>: ${(cause as Error).message}`, { cause });
      }
      const name = options.name?.trim();
      if (name !== undefined && (name === '' || /[\r\n]/.test(name))) {
        throw new CliError('--name: expected a one-line, non-empty name');
      }
      const runtime = await openRuntime({ ses: false });
      try {
        const at = systemClock.now().toISOString();
        const subscriber: Subscriber = {
          id: subscriberIdFor(address),
          email: address,
          ...(name === undefined ? {} : { name }),
          status: options.confirmed ? 'confirmed' : 'pending',
          createdAt: at,
          updatedAt: at,
          ...(options.confirmed
            ? {
                confirmedAt: at,
                consent: {
                  at,
                  source: 'cli',
                  text: 'Added as confirmed by an operator with `braid subscribers add --confirmed`.',
                  version: 'cli-1',
                },
              }
            : {}),
        };
        if (!(await runtime.subscribers.add(subscriber))) {
          const existing = await runtime.subscribers.get(subscriber.id);
          throw new CliError(
            `${address} is already a subscriber (status ${existing?.status ?? 'unknown'}); nothing changed.`,
          );
        }
        console.log(`Added ${address} as ${subscriber.status} (id ${subscriber.id}).`);
        if (!options.confirmed)
          console.log('A pending subscriber receives no edition until confirmed.');
      } finally {
        await runtime.close();
      }
    });
}

function listCommand(): Command {
  return new Command('list').description('list subscribers by status').action(async () => {
    const runtime = await openRuntime({ ses: false });
    try {
      const rows: string[][] = [];
      for (const status of STATUSES) {
        let cursor: string | undefined;
        do {
          const page = await runtime.subscribers.pageByStatus(status, 100, cursor);
          cursor = page.cursor;
          for (const s of page.items)
            rows.push([s.email, s.name ?? '', s.status, s.createdAt.slice(0, 10), s.id]);
        } while (cursor !== undefined);
      }
      if (rows.length === 0) {
        console.log(
          'No subscribers yet. Add one: npx braid subscribers add reader@example.org --confirmed',
        );
        return;
      }
      const header = ['EMAIL', 'NAME', 'STATUS', 'SINCE', 'ID'];
      const widths = header.map((h, i) =>
        Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)),
      );
      for (const row of [header, ...rows])
        console.log(
          row
            .map((cell, i) => cell.padEnd(widths[i] ?? 0))
            .join('  ')
            .trimEnd(),
        );
      console.log(`${rows.length} subscriber${rows.length === 1 ? '' : 's'}`);
    } finally {
      await runtime.close();
    }
  });
}

export function subscribersCommand(): Command {
  return new Command('subscribers')
    .description('manage subscribers')
    .addCommand(addCommand())
    .addCommand(listCommand());
}
