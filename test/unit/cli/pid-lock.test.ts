import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CliError } from '../../../cli/local/cli-error.ts';
import { isProcessAlive, readEngineFile, writeEngineFile } from '../../../cli/local/engine-file.ts';
import { tryPidLock } from '../../../cli/local/pid-lock.ts';
import { acquireSendLock, sendLockHolder } from '../../../cli/local/send-lock.ts';

/** The id of a process that has exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
  const pid = Number(child.stdout.toString());
  expect(isProcessAlive(pid)).toBe(false);
  return pid;
}

describe('pid lock files', () => {
  it('is exclusive while its holder lives, and released on request', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'braid-lock-'));
    const path = join(dir, 'x.lock');
    const first = await tryPidLock(path, 'first');
    expect('lock' in first).toBe(true);
    const second = await tryPidLock(path, 'second');
    expect(second).toEqual({
      holder: expect.objectContaining({ pid: process.pid, command: 'first' }),
    });
    if ('lock' in first) await first.lock.release();
    const third = await tryPidLock(path, 'third');
    expect('lock' in third).toBe(true);
    if ('lock' in third) await third.lock.release();
  });

  it('takes over a lock whose process is gone, or that is unreadable', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'braid-lock-'));
    const path = join(dir, 'x.lock');
    await writeFile(path, JSON.stringify({ pid: deadPid(), command: 'old', since: 'then' }));
    const taken = await tryPidLock(path, 'new');
    expect('lock' in taken).toBe(true);
    expect(JSON.parse(await readFile(path, 'utf8'))).toMatchObject({
      pid: process.pid,
      command: 'new',
    });
    if ('lock' in taken) await taken.lock.release();
    await writeFile(path, '');
    const again = await tryPidLock(path, 'new');
    expect('lock' in again).toBe(true);
    if ('lock' in again) await again.lock.release();
  });

  it('the send lock refuses a second send in one line naming the first', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'braid-lock-'));
    const lock = await acquireSendLock(dir, 'braid start');
    expect(await sendLockHolder(dir)).toMatchObject({ pid: process.pid, command: 'braid start' });
    const refused = await acquireSendLock(dir, 'braid start').catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(CliError);
    expect((refused as Error).message).toMatch(
      new RegExp(
        `^Another send is running \\(braid start, pid ${process.pid}, since [^)]+\\); wait for it to finish`,
      ),
    );
    expect((refused as Error).message).not.toContain('\n');
    await lock.release();
    expect(await sendLockHolder(dir)).toBeUndefined();
  });
});

describe('engine.json', () => {
  it('round-trips {url, pid} and ignores anything else', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'braid-engine-'));
    expect(await readEngineFile(dir)).toBeUndefined();
    await writeEngineFile(dir, { url: 'http://127.0.0.1:4567', pid: 42 });
    expect(await readEngineFile(dir)).toEqual({ url: 'http://127.0.0.1:4567', pid: 42 });
    await writeFile(join(dir, 'engine.json'), '{"url":"http://evil.example:80","pid":42}');
    expect(await readEngineFile(dir)).toBeUndefined();
    await writeFile(join(dir, 'engine.json'), '{"url":');
    expect(await readEngineFile(dir)).toBeUndefined();
  });
});
