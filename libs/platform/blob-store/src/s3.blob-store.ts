import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { GetObjectCommand, HeadObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { BlobPutOptions, BlobStore, StoredBlob } from './blob-store';
import { BlobTooLargeError } from './blob-too-large.error';

export interface S3BlobStoreOptions {
  readonly client: S3Client;
  readonly bucket: string;
  /** Key prefix without leading or trailing slash, e.g. `blobs`. */
  readonly prefix: string;
}

/**
 * Blobs as objects in an S3-compatible bucket, keyed by their sha256 (`<prefix>/ab/cd/abcd…`).
 * The key depends on the whole content, so it is read (and counted against the limit) before
 * anything is sent: an over-limit blob never reaches the bucket, and a blob that is already there
 * (a redelivered mail) is not uploaded again.
 */
export class S3BlobStore implements BlobStore {
  private readonly client: S3Client;
  private readonly bucket: string;
  private readonly prefix: string;

  constructor(options: S3BlobStoreOptions) {
    this.client = options.client;
    this.bucket = options.bucket;
    this.prefix = options.prefix;
  }

  async put(content: Buffer | Readable, options: BlobPutOptions = {}): Promise<StoredBlob> {
    const body = await readWithin(content, options.maxBytes);
    const sha256 = createHash('sha256').update(body).digest('hex');
    const key = `${this.prefix}/${sha256.slice(0, 2)}/${sha256.slice(2, 4)}/${sha256}`;
    if (!(await this.exists(key))) {
      await this.client.send(
        new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: body, ContentLength: body.length, ContentType: 'application/octet-stream' }),
      );
    }
    return { storageUri: `s3://${this.bucket}/${key}`, sha256, sizeBytes: body.length };
  }

  async open(storageUri: string): Promise<Readable> {
    const key = this.keyOf(storageUri);
    const object = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
    if (!(object.Body instanceof Readable)) throw new Error(`${storageUri}: the S3 client returned no readable body`);
    return object.Body;
  }

  private async exists(key: string): Promise<boolean> {
    try {
      await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      return true;
    } catch (error) {
      if (isNotFound(error)) return false;
      throw error;
    }
  }

  private keyOf(storageUri: string): string {
    const [, bucket, key] = /^s3:\/\/([^/]+)\/(.+)$/.exec(storageUri) ?? [];
    if (bucket !== this.bucket || key === undefined || !key.startsWith(`${this.prefix}/`)) {
      throw new Error(`${storageUri} is not in this blob store (s3://${this.bucket}/${this.prefix}/)`);
    }
    return key;
  }
}

/** Collects the content, failing as soon as it grows past the limit rather than after reading it all. */
async function readWithin(content: Buffer | Readable, maxBytes: number | undefined): Promise<Buffer> {
  if (Buffer.isBuffer(content)) {
    if (maxBytes !== undefined && content.length > maxBytes) throw new BlobTooLargeError(maxBytes);
    return content;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of content) {
    const bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string);
    size += bytes.length;
    if (maxBytes !== undefined && size > maxBytes) {
      content.destroy();
      throw new BlobTooLargeError(maxBytes);
    }
    chunks.push(bytes);
  }
  return Buffer.concat(chunks, size);
}

function isNotFound(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  return error.name === 'NotFound' || error.name === 'NoSuchKey' || status === 404;
}
