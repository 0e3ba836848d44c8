import type { ProviderNames } from '../provider-names';

/** `<provider>-delivery-callback.mapper.ts`: the kit's DeliveryCallbackMapper for status callbacks. */
export function deliveryCallbackMapperTemplate(n: ProviderNames): string {
  return `import { WebhookError, WebhookErrorCode, type DeliveryCallbackMapper } from '@tributary/channel-kit';
import { ChannelSchema, TenantIdSchema, TraceIdSchema, stableUuid, type DeliveryState, type DeliveryStatusV1Message } from '@tributary/contracts';
import { z } from 'zod';

/** A status callback as ${n.provider} posts it (a generated placeholder), with the metadata the reply was sent with. */
const CallbackSchema = z.object({
  type: z.literal('status'),
  status: z.object({
    messageId: z.string().min(1).max(998),
    state: z.string().min(1).max(64),
    error: z.object({ code: z.string().min(1).max(64), message: z.string().max(2048) }).optional(),
    metadata: z.object({ tenantId: TenantIdSchema, ticketId: z.uuid(), outboundId: z.uuid(), traceId: TraceIdSchema, channel: ChannelSchema }),
  }),
});

/** ${n.provider}'s states that DeliveryStatus v1 models; a Map, so a state named like an Object method is not one. */
const STATES = new Map<string, DeliveryState>([
  ['accepted', 'queued'],
  ['sent', 'sent'],
  ['delivered', 'delivered'],
  ['read', 'read'],
  ['undelivered', 'undelivered'],
  ['failed', 'failed'],
]);

/**
 * A ${n.provider} status callback as DeliveryStatus v1, or undefined for a state the contract does not
 * model. The status id is stable per message and state, so a replayed callback is dropped downstream.
 */
export class ${n.pascal}DeliveryCallbackMapper implements DeliveryCallbackMapper<unknown> {
  toDeliveryStatus(callback: unknown, receivedAt: Date): DeliveryStatusV1Message | undefined {
    const parsed = CallbackSchema.safeParse(callback);
    if (!parsed.success) throw new WebhookError(WebhookErrorCode.PayloadInvalid, 'not a ${n.provider} status callback of a Tributary reply');
    const { status } = parsed.data;
    const state = STATES.get(status.state);
    if (state === undefined) return undefined;
    const failed = state === 'failed' || state === 'undelivered';
    return {
      schemaVersion: 1,
      statusId: stableUuid('${n.provider}-status', status.messageId, status.state),
      outboundId: status.metadata.outboundId,
      tenantId: status.metadata.tenantId,
      ticketId: status.metadata.ticketId,
      channel: status.metadata.channel,
      provider: '${n.provider}',
      providerMessageId: status.messageId,
      state,
      ...(failed ? { error: status.error ?? { code: 'UNKNOWN', message: \`${n.provider} reported \${status.state} without a reason\` } } : {}),
      occurredAt: receivedAt.toISOString(),
      traceId: status.metadata.traceId,
    };
  }
}
`;
}
