import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { type Keyring, parseKeyring } from '../subscribers/keyring.ts';

/**
 * The keyring from Secrets Manager, read once per cold start: the keys never sit in the
 * function's environment. The secret is the flat JSON of `parseKeyring`.
 */
export async function loadSecretsKeyring(
  secretId: string,
  client: SecretsManagerClient = new SecretsManagerClient({}),
): Promise<Keyring> {
  const answer = await client.send(new GetSecretValueCommand({ SecretId: secretId }));
  if (answer.SecretString === undefined) {
    throw new Error(`Secret ${secretId} has no string value; expected the keyring JSON`);
  }
  return parseKeyring(answer.SecretString, `secret ${secretId}`);
}
