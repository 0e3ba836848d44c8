import { stableUuid, type DeliveryState, type DeliveryStatusV1Message } from '@tributary/contracts';
import { decodeReplyCallbackData } from './reply-callback-data.util';
import type { WhatsappError, WhatsappStatus } from './whatsapp-webhook.schema';

/** WhatsApp's states that DeliveryStatus v1 models; `played` (a voice message listened to) says no more than `read`. */
const STATES = new Map<string, DeliveryState>([
  ['sent', 'sent'],
  ['delivered', 'delivered'],
  ['read', 'read'],
  ['played', 'read'],
  ['failed', 'failed'],
]);

/**
 * One WhatsApp status as DeliveryStatus v1, or undefined for a message Tributary did not send or a
 * state the contract does not model. The status id is stable per message and state, so a replayed
 * webhook is dropped downstream; the router applies states only forward (sent < delivered < read,
 * failed terminal), so statuses arriving out of order change nothing backwards.
 */
export function whatsappDeliveryStatus(status: WhatsappStatus): DeliveryStatusV1Message | undefined {
  const reply = decodeReplyCallbackData(status.biz_opaque_callback_data);
  const state = STATES.get(status.status);
  if (reply === undefined || state === undefined) return undefined;
  return {
    schemaVersion: 1,
    statusId: stableUuid('whatsapp-cloud-status', status.id, state),
    outboundId: reply.outboundId,
    tenantId: reply.tenantId,
    ticketId: reply.ticketId,
    channel: 'whatsapp',
    provider: 'whatsapp-cloud',
    providerMessageId: status.id,
    state,
    ...(state === 'failed' ? { error: deliveryError(status.errors?.[0]) } : {}),
    // When WhatsApp says it happened, not when the webhook came: retries arrive late and out of order.
    occurredAt: new Date(Number(status.timestamp) * 1000).toISOString(),
    traceId: reply.traceId,
  };
}

/** Meta's error as the agent reads it on the ticket: the code, its title and what it means. */
export function deliveryError(error: WhatsappError | undefined): { code: string; message: string } {
  if (error === undefined) return { code: 'UNKNOWN', message: 'WhatsApp reported the message failed without a reason' };
  const parts = [error.title ?? error.message, error.error_data?.details].filter((part): part is string => Boolean(part));
  return { code: String(error.code), message: (parts.join(': ') || `WhatsApp error ${error.code}`).slice(0, 2048) };
}
