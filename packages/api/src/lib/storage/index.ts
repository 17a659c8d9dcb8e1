// One storage interface for the files people upload (DESIGN.md flow 11): a local folder by
// default, an S3-compatible bucket when configured. Files are never public: a reader gets a
// short-lived signed URL, handed out only by procedures that checked who asks.

export {
  createFolderStorage,
  type FolderStorage,
  isFolderStorage,
  verifyFileSignature,
} from './folder';
export { createS3Storage, type S3StorageOptions } from './s3';
export { type SniffedImage, sniffImage } from './sniff';
export type { FileStorage } from './types';
