// The S3 driver pointed at the local S3 fake, apart from the harness so that a storage test can
// use it without loading the whole app.
import type { FakeS3 } from '@flux/integrations';
import { createS3Storage, type FileStorage } from '../lib/storage';

/** The S3 driver on a local S3 fake (path-style, with the fake's access key). */
export const fakeS3Storage = (s3: FakeS3): FileStorage =>
  createS3Storage({
    bucket: s3.bucket,
    region: 'us-east-1',
    endpoint: s3.url,
    accessKeyId: s3.accessKeyId,
    secretAccessKey: s3.secretAccessKey,
    forcePathStyle: true,
  });
