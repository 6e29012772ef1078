import { join } from 'node:path';
import { createFileArchive } from '../adapters/file-archive.ts';
import type { Config } from '../config.ts';
import type { EditionArchive } from '../delivery/ports.ts';

/** The web copies: S3 in AWS, `<dataDir>/editions/` locally. */
export function editionArchive(config: Config): EditionArchive {
  return config.archiveBucket === undefined
    ? createFileArchive(join(config.dataDir, 'editions'))
    : lazyS3Archive(config.archiveBucket);
}

/** The S3 archive, its client imported on first use: a run that never archives never loads it. */
function lazyS3Archive(bucket: string): EditionArchive {
  let archive: Promise<EditionArchive> | undefined;
  const load = () => {
    archive ??= import('../adapters/s3-archive.ts').then((m) => m.createS3Archive(bucket));
    return archive;
  };
  return {
    put: async (id, html) => (await load()).put(id, html),
    get: async (id) => (await load()).get(id),
  };
}
