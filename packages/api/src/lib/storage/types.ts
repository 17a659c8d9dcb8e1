// The storage interface both kinds implement, apart from index.ts so that folder.ts and s3.ts can
// name it without importing the index that re-exports them (an import circle).
export interface FileStorage {
  readonly kind: 'folder' | 's3';
  put(key: string, body: Uint8Array, contentType: string): Promise<void>;
  /** A URL that reads the file until `ttlSeconds` from now, and no longer. */
  signedUrl(key: string, ttlSeconds: number): Promise<string>;
  /** Deletes the file; one already gone is no error (the purge may run twice over a key). */
  delete(key: string): Promise<void>;
}
