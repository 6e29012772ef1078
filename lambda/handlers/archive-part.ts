import { join } from 'node:path';
import { createFileArchive } from '../adapters/file-archive.ts';
import { createS3Archive } from '../adapters/s3-archive.ts';
import type { Config } from '../config.ts';
import type { EditionArchive } from '../delivery/ports.ts';

/** The web copies: S3 in AWS, `<dataDir>/editions/` locally. */
export function editionArchive(config: Config): EditionArchive {
  return config.archiveBucket === undefined
    ? createFileArchive(join(config.dataDir, 'editions'))
    : createS3Archive(config.archiveBucket);
}
