import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { EditionArchive } from '../delivery/ports.ts';

/**
 * An edition id that is safe as a file name or an object key: letters, digits, `.`, `_`,
 * `-`, no `..`. The ids compose makes (`2021-03-18-1a2b3c4d`) always are; an id read from a
 * URL may not be.
 */
export function isArchiveId(editionId: string): boolean {
  return (
    editionId.length > 0 &&
    editionId.length <= 200 &&
    /^[A-Za-z0-9._-]+$/u.test(editionId) &&
    !editionId.includes('..')
  );
}

export function assertArchiveId(editionId: string): void {
  if (!isArchiveId(editionId)) {
    throw new TypeError(`Not an edition id: ${JSON.stringify(editionId)}`);
  }
}

/** The local web copies: `<dir>/<edition-id>.html`. */
export function createFileArchive(dir: string): EditionArchive {
  return {
    async put(editionId, html) {
      assertArchiveId(editionId);
      await mkdir(dir, { recursive: true });
      const path = join(dir, `${editionId}.html`);
      await writeFile(path, html);
      return path;
    },
    async get(editionId) {
      // Ids come from URLs: anything else than an edition id is simply not there.
      if (!isArchiveId(editionId)) return undefined;
      try {
        return await readFile(join(dir, `${editionId}.html`), 'utf8');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw error;
      }
    },
  };
}
