import { z } from 'zod';
import { AttachmentRefSchema } from './attachment-ref.schema';
import { ChannelSchema } from './channel';
import { MAX_EVENT_HTML_LENGTH, MAX_TEXT_LENGTH, TenantIdSchema, TimestampSchema, TraceIdSchema, UuidSchema } from './common.schema';
import { ContactIdentitySchema } from './contact-identity.schema';
import { DELIVERY_STATES } from './delivery-status.v1';

export const TICKET_STATUSES = ['open', 'pending', 'solved', 'closed'] as const;
export const TicketStatusSchema = z.enum(TICKET_STATUSES);

/** Which dedupe or threading rule placed a message in its ticket (DESIGN.md, "the heart of the router"). */
export const PLACEMENT_RULES = [
  'new-ticket',
  'email-thread',
  'subject-token',
  'open-ticket-of-contact',
  'channel-conversation',
  'cross-channel-repeat',
  'reopened',
] as const;
export const PlacementRuleSchema = z.enum(PLACEMENT_RULES);

/** The ticket as it stands after the event; also the value of the compacted state topic. */
export const TicketSnapshotV1Schema = z.object({
  schemaVersion: z.literal(1),
  ticketId: UuidSchema,
  tenantId: TenantIdSchema,
  status: TicketStatusSchema,
  originChannel: ChannelSchema,
  channels: z.array(ChannelSchema).min(1).describe('Every channel the ticket has messages from.'),
  subject: z.string().max(998).optional(),
  contactId: UuidSchema,
  messageCount: z.number().int().nonnegative(),
  sequence: z.number().int().positive().describe('Sequence of the last event applied to this snapshot.'),
  createdAt: TimestampSchema,
  updatedAt: TimestampSchema,
  lastMessageAt: TimestampSchema,
});
export type TicketSnapshotV1 = z.infer<typeof TicketSnapshotV1Schema>;

const MessageSummarySchema = z.object({
  messageId: UuidSchema,
  channel: ChannelSchema,
  direction: z.enum(['inbound', 'outbound']),
  sender: z.object({ identity: ContactIdentitySchema, displayName: z.string().max(256).optional() }),
  subject: z.string().max(998).optional(),
  text: z.string().max(MAX_TEXT_LENGTH),
  html: z
    .string()
    .max(MAX_EVENT_HTML_LENGTH)
    .optional()
    .describe(`An email's sanitized HTML as sent, when it is at most ${MAX_EVENT_HTML_LENGTH / 1024} KiB; a larger one is only in the queue API's ticket detail, so the event always fits a Kafka record.`),
  attachments: z.array(AttachmentRefSchema).max(100),
  autoSubmitted: z.boolean(),
  receivedAt: TimestampSchema,
  rule: PlacementRuleSchema,
  duplicateOfMessageId: UuidSchema.optional().describe('Set when the rule is cross-channel-repeat.'),
});

const eventEnvelope = {
  schemaVersion: z.literal(1),
  eventId: UuidSchema.describe('Stable across republishing; consumers drop repeats by it.'),
  tenantId: TenantIdSchema,
  ticketId: UuidSchema,
  sequence: z.number().int().positive().describe('Per-ticket, gap-free, starting at 1.'),
  occurredAt: TimestampSchema,
  traceId: TraceIdSchema.optional(),
  ticket: TicketSnapshotV1Schema,
};

/** TicketEvent v1: one change to one unified ticket, keyed by ticket id on the ticket topic. */
export const TicketEventV1Schema = z
  .discriminatedUnion('type', [
    z.object({ ...eventEnvelope, type: z.literal('ticket.created'), message: MessageSummarySchema }),
    z.object({ ...eventEnvelope, type: z.literal('ticket.message-added'), message: MessageSummarySchema }),
    z.object({
      ...eventEnvelope,
      type: z.literal('ticket.status-changed'),
      from: TicketStatusSchema,
      to: TicketStatusSchema,
      changedBy: z.string().min(1).max(256),
    }),
    z.object({
      ...eventEnvelope,
      type: z.literal('ticket.merged'),
      mergedTicketId: UuidSchema.describe('The ticket folded into this one; it is closed with its own event.'),
      mergedBy: z.string().min(1).max(256),
    }),
    z.object({
      ...eventEnvelope,
      type: z.literal('ticket.reply-queued'),
      outboundId: UuidSchema,
      channel: ChannelSchema,
      authorId: z.string().min(1).max(256),
    }),
    z.object({
      ...eventEnvelope,
      type: z.literal('ticket.delivery-updated'),
      outboundId: UuidSchema,
      state: z.enum(DELIVERY_STATES),
      error: z
        .object({
          code: z.string().max(64),
          message: z.string().max(2048),
          recipientUnreachable: z.boolean().optional().describe("The customer's identity the reply went to is now marked unreachable (see the ticket's contact)."),
        })
        .optional(),
    }),
  ])
  .describe('A change to a unified ticket.');

export type TicketEventV1 = z.infer<typeof TicketEventV1Schema>;
export type TicketEventType = TicketEventV1['type'];
