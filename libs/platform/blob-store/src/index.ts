export { BLOB_STORE } from './blob-store';
export type { BlobPutOptions, BlobStore, StoredBlob } from './blob-store';
export { BlobTooLargeError } from './blob-too-large.error';
export { LocalDirectoryBlobStore } from './local-directory.blob-store';
export { S3BlobStore } from './s3.blob-store';
export type { S3BlobStoreOptions } from './s3.blob-store';
export { blobStoreConfigProblems, blobStoreConfigShape, blobStoreFromConfig } from './blob-store-config';
export type { BlobStoreConfig } from './blob-store-config';
