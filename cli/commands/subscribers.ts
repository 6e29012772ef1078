import { Command } from 'commander';
import { addCommand } from './subscribers/add.ts';
import { confirmCommand } from './subscribers/confirm.ts';
import { exportCommand } from './subscribers/export.ts';
import { importCommand } from './subscribers/import.ts';
import { listCommand } from './subscribers/list.ts';
import { removeCommand } from './subscribers/remove.ts';

export function subscribersCommand(): Command {
  return new Command('subscribers')
    .description('manage subscribers: list, add, confirm, remove, import, export')
    .addCommand(listCommand())
    .addCommand(addCommand())
    .addCommand(confirmCommand())
    .addCommand(removeCommand())
    .addCommand(importCommand())
    .addCommand(exportCommand());
}
