import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';

/**
 * dynalite in a process of its own, as DynamoDB is a service of its own: its CPU then
 * does not compete with the sender's on the same core (the machine has two).
 */
export async function startDynaliteProcess(): Promise<{ endpoint: string; stop(): Promise<void> }> {
  const entry = createRequire(import.meta.url).resolve('dynalite');
  const script = `const d = require(${JSON.stringify(entry)})({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
d.listen(0, '127.0.0.1', () => console.log(d.address().port));`;
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('error', reject);
    child.stdout.once('data', (chunk: Buffer) => resolve(Number(chunk.toString().trim())));
  });
  return {
    endpoint: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill();
      }),
  };
}
