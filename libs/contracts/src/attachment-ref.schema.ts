import { z } from 'zod';
import { Sha256HexSchema } from './common.schema';

/** An attachment by reference: the bytes live in a blob store, never in Kafka. */
export const AttachmentRefSchema = z.object({
  name: z.string().min(1).max(512),
  contentType: z.string().min(3).max(255),
  sizeBytes: z.number().int().nonnegative(),
  sha256: Sha256HexSchema,
  storageUri: z.string().min(1).max(2048).describe('Where the bytes are, e.g. file:///… or s3://bucket/key.'),
  contentId: z.string().max(998).optional().describe('MIME Content-ID for inline parts.'),
});
export type AttachmentRef = z.infer<typeof AttachmentRefSchema>;
