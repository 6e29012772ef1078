import { Command } from 'commander';
import { loadFileKeyring, saveFileKeyring } from '../../lambda/adapters/file-keyring.ts';
import { type Config, loadConfig } from '../../lambda/config.ts';
import { createRuntime, localKeyringPath } from '../../lambda/handlers/runtime.ts';
import { type Keyring, rotateKeyring } from '../../lambda/subscribers/keyring.ts';
import { CliError } from '../local/cli-error.ts';

/** Where the keys come from, in words. */
function keySource(config: Config): string {
  if (config.tokenKeys.json !== undefined) return 'BRAID_TOKEN_KEYS';
  if (config.tokenKeys.secretId !== undefined)
    return `Secrets Manager secret ${config.tokenKeys.secretId}`;
  return localKeyringPath(config);
}

function awsRotationHelp(config: Config): string[] {
  const id = config.tokenKeys.secretId ?? '<BRAID_TOKEN_KEYS_SECRET>';
  return [
    'keys rotate changes the local keyring only. In AWS the keys are the Secrets Manager secret',
    `${id}, one flat JSON object {"current":"k1","k1":"…"}. To rotate it:`,
    `  1. aws secretsmanager get-secret-value --secret-id ${id} --query SecretString --output text > keys.json`,
    '  2. add a key with the next id, e.g. "k2": "<output of: openssl rand -base64 32>", and set "current": "k2"',
    '     (keep the old keys: links signed with them keep working until you remove them)',
    `  3. aws secretsmanager put-secret-value --secret-id ${id} --secret-string file://keys.json, then delete keys.json`,
    '  4. the functions read the secret at cold start: new instances sign with the new key.',
  ];
}

function listKeys(keyring: Keyring): string[] {
  return [...keyring.keys.keys()].map(
    (id) => `  ${id}${id === keyring.current ? '  (current: signs new links)' : ''}`,
  );
}

function rotateCommand(): Command {
  return new Command('rotate')
    .description(
      'add a new link-signing key and make it current (local keyring); old links keep working',
    )
    .action(async () => {
      const config = loadConfig();
      if (config.mode !== 'local' || config.tokenKeys.secretId !== undefined) {
        for (const line of awsRotationHelp(config)) console.error(line);
        process.exitCode = 1;
        return;
      }
      if (config.tokenKeys.json !== undefined) {
        throw new CliError(
          'The keys come from BRAID_TOKEN_KEYS: rotate them by editing that value (add a key, make it "current").',
        );
      }
      const path = localKeyringPath(config);
      const before = await loadFileKeyring(path);
      const after = rotateKeyring(before);
      await saveFileKeyring(path, after);
      console.log(
        `Rotated the link-signing keys in ${path}: new links are signed with ${after.current}.`,
      );
      console.log(
        `Links signed before (with ${before.current}${before.keys.size > 1 ? ' or older' : ''}) keep working: every key listed still verifies.`,
      );
      console.log('Restart a running `npx braid serve` so that it signs with the new key.');
    });
}

function listCommand(): Command {
  return new Command('list')
    .description('list the link-signing key ids and which one is current (never the secrets)')
    .action(async () => {
      const config = loadConfig();
      const keyring = await createRuntime(config).keyring();
      console.log(`Link-signing keys (${keySource(config)}):`);
      for (const line of listKeys(keyring)) console.log(line);
    });
}

export function keysCommand(): Command {
  return new Command('keys')
    .description('the keys that sign confirm and unsubscribe links')
    .addCommand(listCommand())
    .addCommand(rotateCommand());
}
