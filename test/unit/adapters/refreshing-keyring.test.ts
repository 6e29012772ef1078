import { describe, expect, it } from 'vitest';
import { refreshingKeyring } from '../../../lambda/adapters/refreshing-keyring.ts';
import type { Keyring } from '../../../lambda/subscribers/keyring.ts';

const ring = (current: string, ...ids: string[]): Keyring => ({
  current,
  keys: new Map(ids.map((id) => [id, `${id}-secret-${'x'.repeat(32)}`])),
});

/** A source that answers the next keyring of the list on each read, or fails when told to. */
function source(...answers: (Keyring | Error)[]) {
  let reads = 0;
  return {
    load: async () => {
      const answer = answers[Math.min(reads, answers.length - 1)];
      reads += 1;
      if (answer instanceof Error) throw answer;
      return answer as Keyring;
    },
    reads: () => reads,
  };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('refreshingKeyring', () => {
  it('reads once, then not again while fresh', async () => {
    let t = 0;
    const keys = source(ring('k1', 'k1'), ring('k2', 'k1', 'k2'));
    const keyring = await refreshingKeyring(keys.load, 1000, () => t);
    t = 999;
    expect(keyring.current).toBe('k1');
    await settle();
    expect(keys.reads()).toBe(1);
  });

  it('learns a key added to the source once stale, serving the old keys meanwhile', async () => {
    let t = 0;
    const keys = source(ring('k1', 'k1'), ring('k1', 'k1', 'k2'));
    const keyring = await refreshingKeyring(keys.load, 1000, () => t);
    t = 1000;
    expect(keyring.keys.has('k2')).toBe(false); // this read starts the refresh
    await settle();
    expect(keyring.keys.has('k2')).toBe(true);
    expect(keys.reads()).toBe(2);
  });

  it('keeps the old keys when a re-read fails, and tries again a period later', async () => {
    let t = 0;
    const keys = source(ring('k1', 'k1'), new Error('throttled'), ring('k2', 'k1', 'k2'));
    const keyring = await refreshingKeyring(keys.load, 1000, () => t);
    t = 1000;
    expect(keyring.current).toBe('k1');
    await settle();
    expect(keyring.current).toBe('k1');
    expect(keys.reads()).toBe(2);
    t = 1500;
    expect(keyring.current).toBe('k1');
    await settle();
    expect(keys.reads()).toBe(2);
    t = 2000;
    expect(keyring.current).toBe('k1');
    await settle();
    expect(keyring.current).toBe('k2');
    expect(keys.reads()).toBe(3);
  });

  it('starts one re-read at a time', async () => {
    let t = 0;
    const keys = source(ring('k1', 'k1'));
    const keyring = await refreshingKeyring(keys.load, 1000, () => t);
    t = 5000;
    for (let i = 0; i < 5; i++) expect(keyring.current).toBe('k1');
    await settle();
    expect(keys.reads()).toBe(2);
  });

  it('fails at start when the first read fails', async () => {
    await expect(refreshingKeyring(source(new Error('no secret')).load)).rejects.toThrow(
      'no secret',
    );
  });
});
