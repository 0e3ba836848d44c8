import { z } from 'zod';
import { AttachmentErrorSchema } from './attachment-error.schema';
import { AttachmentRefSchema } from './attachment-ref.schema';
import { ChannelSchema, ProviderSchema } from './channel';
import { TenantIdSchema, TimestampSchema, TraceIdSchema, UuidSchema } from './common.schema';

export const ATTACHMENT_OUTCOMES = ['stored', 'failed'] as const;

/**
 * AttachmentStatus v1: the final outcome of an attachment an InboundMessage announced as pending.
 * An attachment has exactly one outcome; a repeat carries the same statusId.
 */
export const AttachmentStatusV1Schema = z
  .object({
    schemaVersion: z.literal(1),
    statusId: UuidSchema.describe('Stable id of this report; consumers drop repeats by it.'),
    attachmentId: UuidSchema.describe('The pendingAttachments entry of the message this reports on.'),
    messageId: UuidSchema.describe('The messageId of the InboundMessage that announced the attachment.'),
    tenantId: TenantIdSchema,
    channel: ChannelSchema,
    provider: ProviderSchema,
    state: z.enum(ATTACHMENT_OUTCOMES),
    attachment: AttachmentRefSchema.optional().describe('Where the bytes are; required when stored.'),
    error: AttachmentErrorSchema.optional().describe('The last attempt\'s reason; required when failed.'),
    attempts: z.number().int().positive().describe('Fetch attempts made, the first (while the message was received) included.'),
    occurredAt: TimestampSchema,
    traceId: TraceIdSchema.describe('The trace id of the message the attachment belongs to.'),
  })
  .superRefine((status, ctx) => {
    if (status.state === 'stored' && status.attachment === undefined) {
      ctx.addIssue({ code: 'custom', path: ['attachment'], message: 'is required when state is "stored"' });
    }
    if (status.state === 'failed' && status.error === undefined) {
      ctx.addIssue({ code: 'custom', path: ['error'], message: 'is required when state is "failed"' });
    }
    if (status.state === 'failed' && status.attachment !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['attachment'], message: 'is only allowed when state is "stored"' });
    }
  })
  .describe('The outcome of an attachment an inbound message announced as pending.');

export type AttachmentStatusV1 = z.infer<typeof AttachmentStatusV1Schema>;
