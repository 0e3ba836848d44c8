export { BLOB_STORE } from './blob-store';
export type { BlobPutOptions, BlobStore, StoredBlob } from './blob-store';
export { BlobTooLargeError } from './blob-too-large.error';
export { LocalDirectoryBlobStore } from './local-directory.blob-store';
export { blobStoreConfigShape, blobStoreFromConfig } from './blob-store-config';
export type { BlobStoreConfig } from './blob-store-config';
