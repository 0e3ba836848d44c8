import { resolve } from 'node:path';
import { z } from 'zod';
import type { BlobStore } from './blob-store';
import { LocalDirectoryBlobStore } from './local-directory.blob-store';

/** Config variables of every app that stores blobs. */
export const blobStoreConfigShape = {
  BLOB_STORE_DIR: z
    .string()
    .min(1)
    .default('.local/blobs')
    .describe('Directory for attachment and recording bytes (content-addressed files); shared by all ingest replicas.'),
};

export type BlobStoreConfig = z.infer<z.ZodObject<typeof blobStoreConfigShape>>;

export function blobStoreFromConfig(config: BlobStoreConfig): BlobStore {
  return new LocalDirectoryBlobStore(resolve(config.BLOB_STORE_DIR));
}
