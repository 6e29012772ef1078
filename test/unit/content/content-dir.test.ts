import { mkdir, mkdtemp, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { inspectStory, storyFolders } from '../../../lambda/adapters/content-dir.ts';

/** A content folder on disk: real files, a linked story folder, a broken link. */
let root: string;
const article = '---\noutlet: BBC News\npublished: 2021-03-18\n---\n\nSomething happened today.\n';

beforeAll(async () => {
  const base = await mkdtemp(join(tmpdir(), 'braid-content-'));
  root = join(base, 'content');
  const elsewhere = join(base, 'elsewhere', 'linked-story');
  await mkdir(join(root, 'plain'), { recursive: true });
  await mkdir(elsewhere, { recursive: true });
  await writeFile(join(root, 'plain', 'bbc.md'), article);
  await writeFile(join(root, 'plain', 'bbc.md.bak'), 'the original before --fix-encoding');
  await symlink(join(base, 'nowhere.md'), join(root, 'plain', 'reuters.md'));
  await writeFile(join(elsewhere, 'bbc.md'), article);
  await symlink(elsewhere, join(root, 'linked'));
  await symlink(join(base, 'no-folder'), join(root, 'dangling'));
  await writeFile(join(root, 'README.txt'), 'not a story');
});

describe('storyFolders', () => {
  it('lists story folders, a linked one too, and nothing else', async () => {
    expect(await storyFolders(root)).toEqual(['linked', 'plain']);
  });
});

describe('inspectStory', () => {
  it('reports an article it cannot read as one problem naming the file, and reads the rest', async () => {
    const inspected = await inspectStory(join(root, 'plain'), 'content/plain');
    expect(inspected.problems.map((p) => p.message)).toEqual([
      'content/plain/reuters.md: cannot be read: it is a link to a file that does not exist; expected a readable article file.',
    ]);
    expect(inspected.warnings).toEqual([]);
  });
});
