import { stableUuid, type DeliveryStatusV1Message } from '@tributary/contracts';

export interface WhatsappWebSendStatusOf {
  readonly outboundId: string;
  readonly tenantId: string;
  readonly ticketId: string;
  readonly traceId: string;
}

/**
 * What became of a reply on its way into a session, as DeliveryStatus v1: `queued` when a Client took
 * it (or the hand-over table did), `failed` when no session could ever send it. Its id is stable per
 * reply and state, so a report repeated by a redelivery is dropped downstream.
 */
export function whatsappWebSendStatus(
  reply: WhatsappWebSendStatusOf,
  state: 'queued' | 'failed',
  occurredAt: Date,
  details: { readonly providerMessageId?: string; readonly error?: { readonly code: string; readonly message: string } } = {},
): DeliveryStatusV1Message {
  return {
    schemaVersion: 1,
    statusId: stableUuid('whatsapp-web-send', reply.outboundId, state),
    outboundId: reply.outboundId,
    tenantId: reply.tenantId,
    ticketId: reply.ticketId,
    channel: 'whatsapp',
    provider: 'whatsapp-web',
    ...(details.providerMessageId ? { providerMessageId: details.providerMessageId } : {}),
    state,
    ...(details.error ? { error: { code: details.error.code, message: details.error.message } } : {}),
    occurredAt: occurredAt.toISOString(),
    traceId: reply.traceId,
  };
}
