import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { EditionArchive } from '../delivery/ports.ts';

/** The local web copies: `<dir>/<edition-id>.html`. */
export function createFileArchive(dir: string): EditionArchive {
  return {
    async put(editionId, html) {
      await mkdir(dir, { recursive: true });
      const path = join(dir, `${editionId}.html`);
      await writeFile(path, html);
      return path;
    },
  };
}
