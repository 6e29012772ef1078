import { Command } from 'commander';
import { systemClock } from '../../../lambda/adapters/system-clock.ts';
import { newSubscriber } from '../../../lambda/subscribers/new-subscriber.ts';
import { CliError } from '../../local/cli-error.ts';
import { openRuntime } from '../../local/local-runtime.ts';
import { CLI_ADD_CONSENT, emailArgument, nameOption } from '../../local/subscriber-input.ts';

export function addCommand(): Command {
  return new Command('add')
    .description('add a subscriber (pending unless --confirmed)')
    .argument('<email>', 'the address, e.g. reader@example.org')
    .option('--name <name>', 'their name, shown with the address in the To: line of every email')
    .option('--confirmed', 'record consent now (the person asked you directly) instead of pending')
    .action(async (email: string, options: { name?: string; confirmed?: boolean }) => {
      const address = emailArgument(email);
      const name = nameOption(options.name);
      const subscriber = newSubscriber({
        email: address,
        name,
        at: systemClock.now(),
        ...(options.confirmed
          ? { status: 'confirmed', consent: CLI_ADD_CONSENT }
          : { status: 'pending' }),
      });
      const runtime = await openRuntime({ ses: false });
      try {
        if (!(await runtime.subscribers.add(subscriber))) {
          const existing = await runtime.subscribers.get(subscriber.id);
          throw new CliError(
            `${address} is already a subscriber (status ${existing?.status ?? 'unknown'}); nothing changed.`,
          );
        }
        console.log(`Added ${address} as ${subscriber.status} (id ${subscriber.id}).`);
        if (!options.confirmed) {
          console.log(
            `A pending subscriber receives no edition until confirmed: npx braid subscribers confirm ${address}`,
          );
        }
      } finally {
        await runtime.close();
      }
    });
}
