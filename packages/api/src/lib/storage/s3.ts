// The S3 driver: any S3-compatible bucket (AWS, Cloudflare R2, MinIO, Scaleway...). Reads are S3
// presigned GETs, so the bucket stays private and the file goes straight from the bucket to the
// browser.
import { lazy } from '@flux/integrations';
import type { FileStorage } from './types';

/** The AWS SDK, loaded on the first upload or link (lazy.ts): most processes store in a folder. */
const sdk = lazy(() =>
  Promise.all([import('@aws-sdk/client-s3'), import('@aws-sdk/s3-request-presigner')]),
);

export interface S3StorageOptions {
  bucket: string;
  region: string;
  /** Unset: AWS. Set for other providers (and the tests' fake). */
  endpoint?: string | undefined;
  /** Both or neither: without them the SDK's default chain (instance role, ~/.aws) answers. */
  accessKeyId?: string | undefined;
  secretAccessKey?: string | undefined;
  /** `https://endpoint/bucket/key` instead of `https://bucket.endpoint/key` (MinIO, most fakes). */
  forcePathStyle?: boolean;
}

export function createS3Storage(options: S3StorageOptions): FileStorage {
  const client = lazy(async () => {
    const [{ S3Client }] = await sdk();
    return new S3Client({
      region: options.region,
      ...(options.endpoint ? { endpoint: options.endpoint } : {}),
      forcePathStyle: options.forcePathStyle ?? false,
      ...(options.accessKeyId && options.secretAccessKey
        ? {
            credentials: {
              accessKeyId: options.accessKeyId,
              secretAccessKey: options.secretAccessKey,
            },
          }
        : {}),
      // Checksums other S3-compatible stores do not all accept; the upload is small and sniffed.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
  });
  return {
    kind: 's3',
    async put(key, body, contentType) {
      const [{ PutObjectCommand }] = await sdk();
      await (await client()).send(
        new PutObjectCommand({
          Bucket: options.bucket,
          Key: key,
          Body: body,
          ContentType: contentType,
        }),
      );
    },
    async delete(key) {
      const [{ DeleteObjectCommand }] = await sdk();
      // S3 answers 204 whether or not the key was there.
      await (await client()).send(new DeleteObjectCommand({ Bucket: options.bucket, Key: key }));
    },
    async signedUrl(key, ttlSeconds) {
      const [{ GetObjectCommand }, { getSignedUrl }] = await sdk();
      return getSignedUrl(
        await client(),
        new GetObjectCommand({ Bucket: options.bucket, Key: key }),
        {
          expiresIn: ttlSeconds,
        },
      );
    },
  };
}
