import { stableUuid, type DeliveryState, type DeliveryStatusV1Message } from '@tributary/contracts';
import { WHATSAPP_WEB_ACK, type WhatsappWebAck } from './whatsapp-web-client.port';
import type { WhatsappWebSentMessage } from './whatsapp-web-sent-message';

/**
 * whatsapp-web.js's acks as DeliveryStatus v1 states. PENDING says no more than the `queued` the
 * sender reported already; PLAYED (a voice note listened to) says no more than `read`.
 */
function stateOf(ack: WhatsappWebAck): DeliveryState | undefined {
  switch (ack) {
    case WHATSAPP_WEB_ACK.ERROR:
      return 'failed';
    case WHATSAPP_WEB_ACK.PENDING:
      return undefined;
    case WHATSAPP_WEB_ACK.SERVER:
      return 'sent';
    case WHATSAPP_WEB_ACK.DEVICE:
      return 'delivered';
    case WHATSAPP_WEB_ACK.READ:
    case WHATSAPP_WEB_ACK.PLAYED:
      return 'read';
  }
}

/**
 * One `message_ack` of a reply Tributary sent as DeliveryStatus v1, or undefined when it says nothing
 * new. The status id is stable per message and state, so the same ack seen twice (a Client re-syncing
 * after a takeover) is dropped downstream; the router moves states only forward, so acks arriving out
 * of order change nothing backwards. whatsapp-web.js gives acks no timestamp: `occurredAt` is when
 * this replica saw it.
 */
export function whatsappWebDeliveryStatus(sent: WhatsappWebSentMessage, ack: WhatsappWebAck, occurredAt: Date): DeliveryStatusV1Message | undefined {
  const state = stateOf(ack);
  if (state === undefined) return undefined;
  return {
    schemaVersion: 1,
    statusId: stableUuid('whatsapp-web-ack', sent.number, sent.keyId, state),
    outboundId: sent.outboundId,
    tenantId: sent.tenantId,
    ticketId: sent.ticketId,
    channel: 'whatsapp',
    provider: 'whatsapp-web',
    providerMessageId: sent.messageId,
    state,
    ...(state === 'failed' ? { error: { code: 'ACK_ERROR', message: 'WhatsApp reported the message could not be sent (ack -1)' } } : {}),
    occurredAt: occurredAt.toISOString(),
    traceId: sent.traceId,
  };
}
