import type { Command } from 'commander';

/**
 * Every `braid` command, by name. Each is loaded only when it runs (with its dependencies:
 * the AWS SDK, the embedded engines, MJML), so `braid --help` loads none of them.
 */
export interface CommandEntry {
  name: string;
  /** Its arguments, as the list of commands shows them. */
  args?: string;
  /** One line for the list of commands. */
  summary: string;
  load(): Promise<Command>;
}

export const COMMANDS: readonly CommandEntry[] = [
  {
    name: 'start',
    summary:
      'run the scheduled send once: brief the ready stories, render the edition, send it (what npm start runs); --dry-run sends nothing',
    load: async () => (await import('./commands/start.ts')).startCommand(),
  },
  {
    name: 'stories',
    summary: 'list every story: draft, ready or sent (in which edition), outlets, words, warnings',
    load: async () => (await import('./commands/stories.ts')).storiesCommand(),
  },
  {
    name: 'check',
    args: '[stories...]',
    summary:
      'check every file of content/ as the send reads it; exits 1 on any error (--fix-encoding converts files to UTF-8)',
    load: async () => (await import('./commands/check.ts')).checkCommand(),
  },
  {
    name: 'editions',
    summary: 'list the editions sent, newest first, with their stories and counts',
    load: async () => (await import('./commands/editions.ts')).editionsCommand(),
  },
  {
    name: 'brief',
    args: '<story>',
    summary: "print a story's briefing (--json: the contract in docs/architecture.md)",
    load: async () => (await import('./commands/brief.ts')).briefCommand(),
  },
  {
    name: 'render',
    args: '<story>',
    summary: "write a story's edition (HTML, text, a sample .eml) to a new folder, without sending",
    load: async () => (await import('./commands/render.ts')).renderCommand(),
  },
  {
    name: 'preview',
    summary:
      "the editors' preview in a browser, live as files are saved (what npm run preview runs)",
    load: async () => (await import('./commands/preview.ts')).previewCommand(),
  },
  {
    name: 'status',
    args: '[edition]',
    summary:
      'where an edition stands: sent, failed, skipped, unknown, pending (default: the latest)',
    load: async () => (await import('./commands/status.ts')).statusCommand(),
  },
  {
    name: 'send',
    args: '[edition]',
    summary:
      'send an edition again to its failed (or unknown) recipients, or one story again, corrected',
    load: async () => (await import('./commands/send.ts')).sendCommand(),
  },
  {
    name: 'serve',
    summary: 'serve the public pages locally: signup, confirm, unsubscribe, the web archive',
    load: async () => (await import('./commands/serve.ts')).serveCommand(),
  },
  {
    name: 'signup-link',
    summary: "print the public signup page's URL",
    load: async () => (await import('./commands/signup-link.ts')).signupLinkCommand(),
  },
  {
    name: 'subscribers',
    args: '<command>',
    summary: 'manage subscribers: list, add, confirm, remove, import, export',
    load: async () => (await import('./commands/subscribers.ts')).subscribersCommand(),
  },
  {
    name: 'keys',
    args: '<command>',
    summary: 'the keys that sign confirm and unsubscribe links: list, rotate',
    load: async () => (await import('./commands/keys.ts')).keysCommand(),
  },
  {
    name: 'migrate',
    summary: 'bring subscribers and ledger entries an older version wrote up to the current layout',
    load: async () => (await import('./commands/migrate.ts')).migrateCommand(),
  },
  {
    name: 'reset',
    summary: 'delete the local store (.data/) and everything sent (out/)',
    load: async () => (await import('./commands/reset.ts')).resetCommand(),
  },
];

export function findCommand(name: string | undefined): CommandEntry | undefined {
  return COMMANDS.find((entry) => entry.name === name);
}
