import { Command } from 'commander';
import { loadConfig } from '../../lambda/config.ts';
import { signupUrl } from '../../lambda/subscribers/links.ts';

export function signupLinkCommand(): Command {
  return new Command('signup-link')
    .description('print the public signup page’s URL (BRAID_PUBLIC_URL/subscribe)')
    .action(() => {
      console.log(signupUrl(loadConfig().publicUrl));
    });
}
