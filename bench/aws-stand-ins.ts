import { spawn } from 'node:child_process';
import { join } from 'node:path';

export interface AwsStandIns {
  dynamodb: string;
  ses: string;
  /** Requests received so far, by `<service>:<operation>`. */
  stats(): Promise<Record<string, number>>;
  stop(): Promise<void>;
}

/**
 * DynamoDB and SES stand-ins in a process of their own (aws-stand-ins-server.ts), so their
 * CPU is not counted in this process's `process.cpuUsage()`.
 */
export async function startAwsStandIns(): Promise<AwsStandIns> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(import.meta.dirname, 'aws-stand-ins-server.ts')],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const ports = await new Promise<{ dynamoPort: number; sesPort: number }>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`AWS stand-ins exited (${code})`)));
    child.stdout.once('data', (chunk: Buffer) => resolve(JSON.parse(chunk.toString().trim())));
  });
  const dynamodb = `http://127.0.0.1:${ports.dynamoPort}`;
  const ses = `http://127.0.0.1:${ports.sesPort}`;
  const statsOf = async (url: string) =>
    (await (await fetch(url)).json()) as Record<string, number>;
  return {
    dynamodb,
    ses,
    stats: async () => ({ ...(await statsOf(dynamodb)), ...(await statsOf(ses)) }),
    stop: () =>
      new Promise<void>((resolve) => {
        child.removeAllListeners('exit');
        child.once('exit', () => resolve());
        child.kill();
      }),
  };
}
