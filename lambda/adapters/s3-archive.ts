import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { EditionArchive } from '../delivery/ports.ts';

/** Web copies in S3, `editions/<edition-id>.html`, served later by the HTTP app. */
export function createS3Archive(bucket: string, s3: S3Client = new S3Client({})): EditionArchive {
  return {
    async put(editionId, html) {
      const key = `editions/${editionId}.html`;
      await s3.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: key,
          Body: html,
          ContentType: 'text/html; charset=utf-8',
          CacheControl: 'public, max-age=300',
        }),
      );
      return `s3://${bucket}/${key}`;
    },
  };
}
