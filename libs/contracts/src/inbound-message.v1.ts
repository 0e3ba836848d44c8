import { z } from 'zod';
import { AttachmentRefSchema } from './attachment-ref.schema';
import { ChannelSchema, ProviderSchema } from './channel';
import {
  MAX_HTML_LENGTH,
  MAX_TEXT_LENGTH,
  ProviderExtrasSchema,
  TenantIdSchema,
  TimestampSchema,
  TraceIdSchema,
  UuidSchema,
} from './common.schema';
import { ContactIdentitySchema } from './contact-identity.schema';
import { PendingAttachmentSchema } from './pending-attachment.schema';

const ThreadRefsSchema = z
  .object({
    messageId: z.string().max(998).optional().describe('Email Message-ID of this message, without angle brackets.'),
    inReplyTo: z.string().max(998).optional().describe('Email In-Reply-To, without angle brackets.'),
    references: z.array(z.string().max(998)).max(500).default([]).describe('Email References, oldest first.'),
    conversationId: z
      .string()
      .max(512)
      .optional()
      .describe('Provider conversation or chat id (Telegram chat, WhatsApp conversation, chat session).'),
  })
  .describe('What this message answers or belongs to, as the channel expresses it.');

const VoiceCallSchema = z
  .object({
    callId: z.string().min(1).max(128),
    outcome: z.enum(['voicemail', 'answered', 'missed', 'abandoned']),
    durationSeconds: z.number().int().nonnegative(),
    recording: z
      .object({
        storageUri: z.string().min(1).max(2048),
        durationSeconds: z.number().int().nonnegative(),
        contentType: z.string().min(3).max(255),
      })
      .optional(),
    transcript: z
      .object({ status: z.enum(['completed', 'failed', 'pending']), text: z.string().max(MAX_TEXT_LENGTH).optional() })
      .optional(),
  })
  .describe('Call details for the voice channel.');

const AutoSubmittedSchema = z
  .object({
    flagged: z.boolean(),
    reason: z.enum(['auto-reply', 'out-of-office', 'bounce', 'list', 'bulk', 'other']).optional(),
  })
  .refine((v) => v.flagged || v.reason === undefined, { message: 'reason is only allowed when flagged', path: ['reason'] })
  .describe('Set for machine-sent mail (auto-replies, bounces, list and bulk mail): never answered automatically.');

/**
 * InboundMessage v1: one customer message, as every ingest produces it and the router consumes it.
 * Additive, optional fields may join v1; anything else is a v2 on a new topic.
 */
export const InboundMessageV1Schema = z
  .object({
    schemaVersion: z.literal(1),
    messageId: UuidSchema.describe('Tributary id of this record, assigned by the ingest.'),
    tenantId: TenantIdSchema,
    channel: ChannelSchema,
    provider: ProviderSchema,
    providerMessageId: z.string().min(1).max(998).describe('The id the provider gave the message (Message-ID, MessageSid, …).'),
    dedupeKey: z
      .string()
      .min(1)
      .max(1024)
      .describe('Stable across redeliveries and copies of the same provider message; the router stores it once.'),
    receivedAt: TimestampSchema.describe('When Tributary received the message.'),
    sentAt: TimestampSchema.optional().describe('When the customer or provider says it was sent.'),
    direction: z
      .enum(['inbound', 'outbound'])
      .optional()
      .describe(
        "outbound: the business wrote it outside Tributary (Meta's page inbox, the WhatsApp phone app); `sender` then names the customer the conversation is with, and the router shows it on their ticket as an agent's message. Absent: the customer wrote it.",
      ),
    sender: z.object({
      identities: z.array(ContactIdentitySchema).min(1).max(16),
      displayName: z.string().max(256).optional(),
    }),
    inbox: z
      .object({ address: z.string().min(1).max(512), displayName: z.string().max(256).optional() })
      .describe('The address, number, page or bot that received the message.'),
    recipients: z.array(z.string().max(512)).max(100).default([]).describe('Other addressees (email To/Cc).'),
    thread: ThreadRefsSchema,
    subject: z.string().max(998).optional(),
    text: z.string().max(MAX_TEXT_LENGTH).describe('The new text of the message, without quoted history.'),
    quotedText: z.string().max(MAX_TEXT_LENGTH).optional().describe('Earlier conversation the customer quoted.'),
    html: z.string().max(MAX_HTML_LENGTH).optional().describe('Sanitized HTML: no scripts, no remote content.'),
    attachments: z.array(AttachmentRefSchema).max(100).default([]),
    pendingAttachments: z
      .array(PendingAttachmentSchema)
      .max(100)
      .optional()
      .describe('Attachments the provider announced that are not in `attachments` (yet): being retried, or given up with the reason.'),
    voice: VoiceCallSchema.optional(),
    autoSubmitted: AutoSubmittedSchema,
    traceId: TraceIdSchema,
    extras: ProviderExtrasSchema.default({}),
  })
  .superRefine((message, ctx) => {
    if (message.channel === 'voice' && message.voice === undefined) {
      ctx.addIssue({ code: 'custom', path: ['voice'], message: 'is required when channel is "voice"' });
    }
    const ids = (message.pendingAttachments ?? []).map((attachment) => attachment.attachmentId);
    if (new Set(ids).size !== ids.length) {
      ctx.addIssue({ code: 'custom', path: ['pendingAttachments'], message: 'attachmentIds must be unique' });
    }
  })
  .describe('A customer message from any channel, normalized by its ingest service.');

export type InboundMessageV1 = z.infer<typeof InboundMessageV1Schema>;
/** What a producer may write: defaults (empty lists, empty extras) may be left out. */
export type InboundMessageV1Input = z.input<typeof InboundMessageV1Schema>;
