import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { CreateBucketCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { loadConfig } from '@tributary/platform-config';
import S3rver from 's3rver';
import { z } from 'zod';
import { BlobTooLargeError, S3BlobStore, blobStoreConfigShape, blobStoreFromConfig, type BlobStore } from '../src/index';

// s3rver accepts only its built-in key pair.
const accessKeyId = 'S3RVER';
const secretAccessKey = 'S3RVER';

describe('S3BlobStore against a real S3-compatible server (s3rver)', () => {
  let directory: string;
  let server: S3rver;
  let endpoint: string;
  let admin: S3Client;
  let store: BlobStore;
  let bucket: string;
  const uploads: string[] = [];

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 's3rver-'));
    server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory });
    const { port } = await server.run();
    server.httpServer.on('request', (request: { method?: string; url?: string }) => {
      if (request.method === 'PUT') uploads.push(request.url ?? '');
    });
    endpoint = `http://127.0.0.1:${port}`;
    admin = new S3Client({
      region: 'us-east-1',
      endpoint,
      forcePathStyle: true,
      credentials: { accessKeyId, secretAccessKey },
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
  });

  beforeEach(async () => {
    bucket = `blobs-${Date.now()}-${Math.floor(Math.random() * 1e6)}`;
    await admin.send(new CreateBucketCommand({ Bucket: bucket }));
    // Built exactly as an app builds it from its environment.
    const schema = z.object(blobStoreConfigShape);
    store = blobStoreFromConfig(
      loadConfig(schema, {
        BLOB_STORE_KIND: 's3',
        BLOB_STORE_S3_BUCKET: bucket,
        BLOB_STORE_S3_ENDPOINT: endpoint,
        BLOB_STORE_S3_PREFIX: 'tenant-blobs',
        BLOB_STORE_S3_ACCESS_KEY_ID: accessKeyId,
        BLOB_STORE_S3_SECRET_ACCESS_KEY: secretAccessKey,
        BLOB_STORE_S3_FORCE_PATH_STYLE: 'true',
      }),
    );
  });

  afterAll(async () => {
    admin?.destroy();
    await server?.close();
    await rm(directory, { recursive: true, force: true });
  });

  async function objectKeys(): Promise<string[]> {
    const listed = await admin.send(new ListObjectsV2Command({ Bucket: bucket }));
    return (listed.Contents ?? []).map((object) => object.Key ?? '');
  }

  it('stores bytes under their sha256 and reads the same bytes back', async () => {
    expect(store).toBeInstanceOf(S3BlobStore);
    const content = Buffer.from(Array.from({ length: 70_000 }, (_, i) => i % 251));
    const sha256 = createHash('sha256').update(content).digest('hex');
    const blob = await store.put(content);
    const key = `tenant-blobs/${sha256.slice(0, 2)}/${sha256.slice(2, 4)}/${sha256}`;
    expect(blob).toEqual({ storageUri: `s3://${bucket}/${key}`, sha256, sizeBytes: 70_000 });
    expect(await objectKeys()).toEqual([key]);
    expect((await buffer(await store.open(blob.storageUri))).equals(content)).toBe(true);
  });

  it('stores the same bytes once, whether given as a buffer or a stream, and does not upload them again', async () => {
    const first = await store.put(Buffer.from('a redelivered voicemail'));
    uploads.length = 0;
    const second = await store.put(Readable.from([Buffer.from('a redelivered '), Buffer.from('voicemail')]));
    expect(second).toEqual(first);
    expect(await objectKeys()).toHaveLength(1);
    expect(uploads).toEqual([]);
  });

  it('refuses content over the limit and leaves no object behind', async () => {
    const put = store.put(Readable.from([Buffer.alloc(600, 1), Buffer.alloc(600, 2)]), { maxBytes: 1000 });
    await expect(put).rejects.toBeInstanceOf(BlobTooLargeError);
    await expect(store.put(Buffer.alloc(1001), { maxBytes: 1000 })).rejects.toBeInstanceOf(BlobTooLargeError);
    expect(await objectKeys()).toEqual([]);
  });

  it('refuses a uri of another bucket, even when that bucket holds the key', async () => {
    const blob = await store.put(Buffer.from('mine'));
    const other = `other-${bucket}`;
    await admin.send(new CreateBucketCommand({ Bucket: other }));
    await expect(store.open(blob.storageUri.replace(`s3://${bucket}/`, `s3://${other}/`))).rejects.toThrow(/not in this blob store/);
    await expect(store.open(`s3://${bucket}/elsewhere/${blob.sha256}`)).rejects.toThrow(/not in this blob store/);
  });
});
