import type { Readable } from 'node:stream';

/** What a stored blob is known by: where it lives and a digest to check it by. */
export interface StoredBlob {
  readonly storageUri: string;
  readonly sha256: string;
  readonly sizeBytes: number;
}

export interface BlobPutOptions {
  /** Refuse (and store nothing) when the content grows past this many bytes. */
  readonly maxBytes?: number;
}

/**
 * Where attachment and recording bytes live, so Kafka only ever carries references. Blobs are
 * content-addressed: the same bytes stored twice (a redelivered mail) are one blob.
 */
export interface BlobStore {
  put(content: Buffer | Readable, options?: BlobPutOptions): Promise<StoredBlob>;
  open(storageUri: string): Promise<Readable>;
}

export const BLOB_STORE = Symbol('BLOB_STORE');
