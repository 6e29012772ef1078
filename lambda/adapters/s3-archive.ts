import { GetObjectCommand, NoSuchKey, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { EditionArchive } from '../delivery/ports.ts';
import { assertArchiveId, isArchiveId } from './file-archive.ts';

/** Web copies in S3, `editions/<edition-id>.html`, served by the HTTP app. */
export function createS3Archive(bucket: string, s3: S3Client = new S3Client({})): EditionArchive {
  const keyOf = (editionId: string) => `editions/${editionId}.html`;
  return {
    async put(editionId, html) {
      assertArchiveId(editionId);
      const key = keyOf(editionId);
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
    async get(editionId) {
      // Ids come from URLs: anything else than an edition id is simply not there.
      if (!isArchiveId(editionId)) return undefined;
      try {
        const result = await s3.send(
          new GetObjectCommand({ Bucket: bucket, Key: keyOf(editionId) }),
        );
        return await result.Body?.transformToString('utf-8');
      } catch (error) {
        if (error instanceof NoSuchKey || (error as { name?: unknown }).name === 'NoSuchKey') {
          return undefined;
        }
        throw error;
      }
    },
  };
}
