import { Command } from 'commander';
import { subscriberIdFor } from '../../../lambda/subscribers/subscriber-id.ts';
import { CliError } from '../../local/cli-error.ts';
import { openRuntime } from '../../local/local-runtime.ts';
import { emailArgument } from '../../local/subscriber-input.ts';

export function removeCommand(): Command {
  return new Command('remove')
    .description('delete a subscriber and their consent record (erasure)')
    .argument('<email>', 'the subscriber’s address')
    .action(async (email: string) => {
      const address = emailArgument(email);
      const runtime = await openRuntime({ ses: false });
      try {
        if (!(await runtime.subscribers.remove(subscriberIdFor(address)))) {
          throw new CliError(`No subscriber ${address}; nothing removed.`);
        }
        console.log(
          `Removed ${address}: the record and its consent history are deleted. They receive nothing more (to stop mail but keep the record, they can unsubscribe).`,
        );
      } finally {
        await runtime.close();
      }
    });
}
