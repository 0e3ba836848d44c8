import { ConfigError, loadConfig } from '@tributary/platform-config';
import { z } from 'zod';
import { blobStoreConfigShape, blobStoreFromConfig } from './blob-store-config';
import { LocalDirectoryBlobStore } from './local-directory.blob-store';
import { S3BlobStore } from './s3.blob-store';

const schema = z.object(blobStoreConfigShape);

function storeFrom(env: NodeJS.ProcessEnv) {
  return blobStoreFromConfig(loadConfig(schema, env));
}

function problemsOf(run: () => unknown): { variable: string; message: string }[] {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) return [...error.problems];
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('blob store configuration', () => {
  it('keeps the local directory store when nothing is said', () => {
    const config = loadConfig(schema, {});
    expect(config).toMatchObject({ BLOB_STORE_KIND: 'local', BLOB_STORE_S3_REGION: 'us-east-1', BLOB_STORE_S3_PREFIX: 'blobs', BLOB_STORE_S3_FORCE_PATH_STYLE: false });
    expect(blobStoreFromConfig(config)).toBeInstanceOf(LocalDirectoryBlobStore);
  });

  it('builds the s3 store when asked for it with a bucket', () => {
    expect(storeFrom({ BLOB_STORE_KIND: 's3', BLOB_STORE_S3_BUCKET: 'tributary-blobs' })).toBeInstanceOf(S3BlobStore);
  });

  it('names the missing bucket when the kind is s3', () => {
    expect(problemsOf(() => storeFrom({ BLOB_STORE_KIND: 's3' }))).toEqual([{ variable: 'BLOB_STORE_S3_BUCKET', message: 'is required when BLOB_STORE_KIND=s3' }]);
  });

  it('refuses half a credential pair', () => {
    expect(problemsOf(() => storeFrom({ BLOB_STORE_KIND: 's3', BLOB_STORE_S3_BUCKET: 'b', BLOB_STORE_S3_ACCESS_KEY_ID: 'AKIA' }))).toEqual([
      { variable: 'BLOB_STORE_S3_SECRET_ACCESS_KEY', message: 'is required when the other half of the s3 credentials is set' },
    ]);
  });

  it('refuses an unknown kind, an endpoint that is not a URL and a prefix with slashes', () => {
    const variables = problemsOf(() =>
      loadConfig(schema, { BLOB_STORE_KIND: 'gcs', BLOB_STORE_S3_ENDPOINT: 'minio:9000', BLOB_STORE_S3_PREFIX: '/blobs/' }),
    ).map((problem) => problem.variable);
    expect(variables.sort()).toEqual(['BLOB_STORE_KIND', 'BLOB_STORE_S3_ENDPOINT', 'BLOB_STORE_S3_PREFIX']);
  });
});
