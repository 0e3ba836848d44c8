import { z } from 'zod';
import { ChannelSchema, ProviderSchema } from './channel';
import { TenantIdSchema, TimestampSchema, TraceIdSchema, UuidSchema } from './common.schema';

export const DELIVERY_STATES = ['queued', 'sent', 'delivered', 'read', 'undelivered', 'failed'] as const;

/** DeliveryStatus v1: what happened to an outbound message, as its provider reports it. */
export const DeliveryStatusV1Schema = z
  .object({
    schemaVersion: z.literal(1),
    statusId: UuidSchema.describe('Stable id of this report; consumers drop repeats by it.'),
    outboundId: UuidSchema,
    tenantId: TenantIdSchema,
    ticketId: UuidSchema,
    channel: ChannelSchema,
    provider: ProviderSchema,
    providerMessageId: z.string().max(998).optional(),
    state: z.enum(DELIVERY_STATES),
    error: z
      .object({
        code: z.string().min(1).max(64),
        message: z.string().max(2048),
        recipientUnreachable: z
          .boolean()
          .optional()
          .describe(
            'True when the provider says the recipient cannot be reached this way until they act (blocked the bot or page, opted out, deleted the account): the router marks that identity unreachable until the customer writes through it again.',
          ),
      })
      .optional(),
    occurredAt: TimestampSchema,
    traceId: TraceIdSchema,
  })
  .superRefine((status, ctx) => {
    const isFailure = status.state === 'failed' || status.state === 'undelivered';
    if (isFailure && status.error === undefined) {
      ctx.addIssue({ code: 'custom', path: ['error'], message: `is required when state is "${status.state}"` });
    }
  })
  .describe('Delivery progress of an outbound message.');

export type DeliveryStatusV1 = z.infer<typeof DeliveryStatusV1Schema>;
export type DeliveryState = DeliveryStatusV1['state'];
/** Why a reply failed, as its channel reports it. */
export type DeliveryError = NonNullable<DeliveryStatusV1['error']>;
