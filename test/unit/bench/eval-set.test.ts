import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { evalFileCandidates, originFolder } from '../../../bench/eval-set.ts';

const config = (url: string) =>
  `[core]\n\tbare = false\n[remote "origin"]\n\turl = ${url}\n\tfetch = +refs/heads/*:refs/remotes/origin/*\n[branch "main"]\n\tremote = origin\n`;

describe('originFolder: the local repository a clone came from', () => {
  it('reads an absolute folder', () => {
    expect(originFolder(config('/srv/braid'))).toBe('/srv/braid');
  });

  it.each([
    ['a URL', 'https://github.com/braid/braid.git'],
    ['a file URL', 'file:///srv/braid'],
    ['an scp-like address', 'git@github.com:braid/braid.git'],
    ['a relative folder', '../braid'],
  ])('takes no folder from %s', (_, url) => {
    expect(originFolder(config(url))).toBeUndefined();
  });

  it('reads only the origin remote', () => {
    expect(originFolder('[remote "upstream"]\n\turl = /srv/other\n')).toBeUndefined();
    expect(originFolder('[core]\n\tbare = false\n')).toBeUndefined();
  });
});

describe('evalFileCandidates: where the evaluation set may be', () => {
  it('is only BRAID_EVAL_DIR when it is set', () => {
    expect(evalFileCandidates('/data/eval', '/repo')).toEqual(['/data/eval/allsides-dev.json']);
  });

  it('is beside the repository, then beside the repository a clone was made from', () => {
    const root = mkdtempSync(join(tmpdir(), 'eval-set-'));
    const clone = join(root, 'clone');
    mkdirSync(join(clone, '.git'), { recursive: true });
    writeFileSync(join(clone, '.git', 'config'), config('/srv/braid'));
    expect(evalFileCandidates(undefined, clone)).toEqual([
      join(root, 'shared', 'eval', 'allsides-dev.json'),
      '/srv/shared/eval/allsides-dev.json',
    ]);
    // A repository that is no clone of a local folder has one place.
    expect(evalFileCandidates(undefined, root)).toEqual([
      join(root, '..', 'shared', 'eval', 'allsides-dev.json'),
    ]);
  });
});
