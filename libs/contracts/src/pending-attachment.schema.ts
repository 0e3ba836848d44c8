import { z } from 'zod';
import { AttachmentErrorSchema } from './attachment-error.schema';
import { UuidSchema } from './common.schema';

/**
 * An attachment the provider announced whose bytes were not in the blob store when the message was
 * handed off. `pending`: the ingest retries it and reports the outcome as AttachmentStatus v1 under
 * `attachmentId`; `failed`: it gave up at once (the error says why, e.g. the provider says the media
 * is gone or too large).
 */
export const PendingAttachmentSchema = z
  .object({
    attachmentId: UuidSchema.describe('Stable id (the same on every redelivery); AttachmentStatus v1 reports under it.'),
    name: z.string().min(1).max(512).optional(),
    contentType: z.string().min(3).max(255).optional().describe('The type the provider announced, if any.'),
    state: z.enum(['pending', 'failed']),
    error: AttachmentErrorSchema.optional().describe('Why the first attempt failed; required when failed.'),
  })
  .refine((attachment) => attachment.state !== 'failed' || attachment.error !== undefined, { message: 'is required when state is "failed"', path: ['error'] })
  .describe('An announced attachment not (yet) in the blob store.');
export type PendingAttachment = z.infer<typeof PendingAttachmentSchema>;
