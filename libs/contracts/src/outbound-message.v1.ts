import { z } from 'zod';
import { AttachmentRefSchema } from './attachment-ref.schema';
import { ChannelSchema, ProviderSchema } from './channel';
import { MAX_HTML_LENGTH, MAX_TEXT_LENGTH, TenantIdSchema, TimestampSchema, TraceIdSchema, UuidSchema } from './common.schema';
import { ContactIdentitySchema } from './contact-identity.schema';

/** OutboundMessage v1: an agent's (or an automation's) reply, sent by the ingest that owns the channel. */
export const OutboundMessageV1Schema = z
  .object({
    schemaVersion: z.literal(1),
    outboundId: UuidSchema.describe('Stable id; senders use it to drop repeats.'),
    tenantId: TenantIdSchema,
    ticketId: UuidSchema,
    channel: ChannelSchema,
    provider: ProviderSchema.optional().describe('Provider to send through; the channel default when absent.'),
    to: ContactIdentitySchema,
    from: z.object({ address: z.string().min(1).max(512), displayName: z.string().max(256).optional() }),
    subject: z.string().max(998).optional(),
    text: z.string().min(1).max(MAX_TEXT_LENGTH),
    html: z.string().max(MAX_HTML_LENGTH).optional(),
    attachments: z.array(AttachmentRefSchema).max(50).default([]),
    thread: z.object({
      inReplyTo: z.string().max(998).optional(),
      references: z.array(z.string().max(998)).max(500).default([]),
      conversationId: z.string().max(512).optional(),
    }),
    answering: z
      .object({
        providerMessageId: z.string().min(1).max(998).describe("The provider's id of the customer message this answers (WhatsApp context, Telegram reply)."),
        receivedAt: TimestampSchema.describe('When Tributary received it: messaging windows (WhatsApp 24 hours, Messenger 24 hours or 7 days) run from here.'),
      })
      .optional()
      .describe("The customer's latest message on this channel, which the reply answers; absent for a message that starts a conversation."),
    author: z.object({ kind: z.enum(['agent', 'automation']), id: z.string().min(1).max(256), displayName: z.string().max(256).optional() }),
    autoSubmitted: z.boolean().describe('True for automatic messages, sent with Auto-Submitted: auto-replied.'),
    requestedAt: TimestampSchema,
    traceId: TraceIdSchema,
  })
  .describe("A reply to a customer, to be sent through the channel's own provider.");

export type OutboundMessageV1 = z.infer<typeof OutboundMessageV1Schema>;
export type OutboundMessageV1Input = z.input<typeof OutboundMessageV1Schema>;
