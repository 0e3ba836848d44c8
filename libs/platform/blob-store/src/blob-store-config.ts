import { resolve } from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';
import { ConfigError, secret } from '@tributary/platform-config';
import { z } from 'zod';
import type { BlobStore } from './blob-store';
import { LocalDirectoryBlobStore } from './local-directory.blob-store';
import { S3BlobStore } from './s3.blob-store';

/** Config variables of every app that stores blobs. */
export const blobStoreConfigShape = {
  BLOB_STORE_KIND: z.enum(['local', 's3']).default('local').describe('Where blobs live: `local` (BLOB_STORE_DIR) or `s3` (an S3-compatible bucket: AWS S3, MinIO, Ceph, …)'),
  BLOB_STORE_DIR: z
    .string()
    .min(1)
    .default('.local/blobs')
    .describe('Directory for attachment and recording bytes (content-addressed files); shared by all ingest replicas.'),
  BLOB_STORE_S3_BUCKET: z.string().min(1).optional().describe('Bucket of the s3 blob store (required when BLOB_STORE_KIND=s3)'),
  BLOB_STORE_S3_ENDPOINT: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL, e.g. http://minio:9000' }).optional().describe('Endpoint of an S3-compatible server (MinIO, Ceph, …); AWS S3 of the region when unset'),
  BLOB_STORE_S3_REGION: z.string().min(1).default('us-east-1').describe('Region of the s3 blob store'),
  BLOB_STORE_S3_PREFIX: z
    .string()
    .regex(/^[^/](.*[^/])?$/, 'must not start or end with a slash')
    .default('blobs')
    .describe('Key prefix of blobs in the bucket'),
  BLOB_STORE_S3_ACCESS_KEY_ID: secret(z.string().min(1).optional().describe('Access key id of the s3 blob store; the SDK default chain (env, instance role) when unset')),
  BLOB_STORE_S3_SECRET_ACCESS_KEY: secret(z.string().min(1).optional().describe('Secret access key of the s3 blob store')),
  BLOB_STORE_S3_FORCE_PATH_STYLE: z.stringbool().default(false).describe('Address the bucket as a path (`endpoint/bucket/key`), as most S3-compatible servers want'),
};

export type BlobStoreConfig = z.infer<z.ZodObject<typeof blobStoreConfigShape>>;

/**
 * What the variables cannot say field by field. Apps spread the shape into their own schema and
 * list this in their `configProblems`, so a bad store is refused before anything starts;
 * `blobStoreFromConfig` checks it again for callers outside an app.
 */
export function blobStoreConfigProblems(config: BlobStoreConfig): { variable: string; message: string }[] {
  if (config.BLOB_STORE_KIND !== 's3') return [];
  const problems: { variable: string; message: string }[] = [];
  if (config.BLOB_STORE_S3_BUCKET === undefined) problems.push({ variable: 'BLOB_STORE_S3_BUCKET', message: 'is required when BLOB_STORE_KIND=s3' });
  if ((config.BLOB_STORE_S3_ACCESS_KEY_ID === undefined) !== (config.BLOB_STORE_S3_SECRET_ACCESS_KEY === undefined)) {
    const missing = config.BLOB_STORE_S3_ACCESS_KEY_ID === undefined ? 'BLOB_STORE_S3_ACCESS_KEY_ID' : 'BLOB_STORE_S3_SECRET_ACCESS_KEY';
    problems.push({ variable: missing, message: 'is required when the other half of the s3 credentials is set' });
  }
  return problems;
}

export function blobStoreFromConfig(config: BlobStoreConfig): BlobStore {
  const problems = blobStoreConfigProblems(config);
  if (problems.length > 0) throw new ConfigError(problems);
  if (config.BLOB_STORE_KIND === 'local' || config.BLOB_STORE_S3_BUCKET === undefined) return new LocalDirectoryBlobStore(resolve(config.BLOB_STORE_DIR));
  const credentials =
    config.BLOB_STORE_S3_ACCESS_KEY_ID !== undefined && config.BLOB_STORE_S3_SECRET_ACCESS_KEY !== undefined
      ? { accessKeyId: config.BLOB_STORE_S3_ACCESS_KEY_ID, secretAccessKey: config.BLOB_STORE_S3_SECRET_ACCESS_KEY }
      : undefined;
  const client = new S3Client({
    region: config.BLOB_STORE_S3_REGION,
    endpoint: config.BLOB_STORE_S3_ENDPOINT,
    forcePathStyle: config.BLOB_STORE_S3_FORCE_PATH_STYLE,
    credentials,
    // Flexible checksums and aws-chunked uploads (the SDK's default since 2025) are not understood
    // by many S3-compatible servers; checksums are only sent where S3 demands them.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  return new S3BlobStore({ client, bucket: config.BLOB_STORE_S3_BUCKET, prefix: config.BLOB_STORE_S3_PREFIX });
}
