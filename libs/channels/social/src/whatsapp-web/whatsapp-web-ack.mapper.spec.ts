import { DeliveryStatusV1Schema } from '@tributary/contracts';
import { whatsappWebDeliveryStatus } from './whatsapp-web-ack.mapper';
import { WHATSAPP_WEB_ACK } from './whatsapp-web-client.port';
import type { WhatsappWebSentMessage } from './whatsapp-web-sent-message';

const sent: WhatsappWebSentMessage = {
  number: '+498912345678',
  keyId: '3EB0BB22',
  messageId: 'true_4915112345678@c.us_3EB0BB22',
  outboundId: '7f1c2b3a-4d5e-4f60-8a7b-9c0d1e2f3a4b',
  tenantId: 'acme',
  ticketId: '1a2b3c4d-5e6f-4a0b-8c1d-2e3f4a5b6c7d',
  traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
};
const at = new Date('2026-12-07T10:00:00Z');

describe('whatsappWebDeliveryStatus', () => {
  it.each([
    [WHATSAPP_WEB_ACK.SERVER, 'sent'],
    [WHATSAPP_WEB_ACK.DEVICE, 'delivered'],
    [WHATSAPP_WEB_ACK.READ, 'read'],
    [WHATSAPP_WEB_ACK.PLAYED, 'read'],
  ] as const)('maps ack %d to %s for the reply that was sent', (ack, state) => {
    const status = DeliveryStatusV1Schema.parse(whatsappWebDeliveryStatus(sent, ack, at));
    expect(status).toMatchObject({ state, outboundId: sent.outboundId, ticketId: sent.ticketId, provider: 'whatsapp-web', channel: 'whatsapp', providerMessageId: sent.messageId, occurredAt: at.toISOString() });
  });

  it('maps ACK_ERROR to failed with a reason', () => {
    expect(DeliveryStatusV1Schema.parse(whatsappWebDeliveryStatus(sent, WHATSAPP_WEB_ACK.ERROR, at))).toMatchObject({ state: 'failed', error: { code: 'ACK_ERROR' } });
  });

  it('says nothing for PENDING, which the sender reported as queued already', () => {
    expect(whatsappWebDeliveryStatus(sent, WHATSAPP_WEB_ACK.PENDING, at)).toBeUndefined();
  });

  it('gives one ack seen twice (on two replicas) the same status id, and each state its own', () => {
    const first = whatsappWebDeliveryStatus(sent, WHATSAPP_WEB_ACK.READ, at);
    const again = whatsappWebDeliveryStatus(sent, WHATSAPP_WEB_ACK.PLAYED, new Date('2026-12-07T11:00:00Z'));
    const delivered = whatsappWebDeliveryStatus(sent, WHATSAPP_WEB_ACK.DEVICE, at);
    expect(again?.statusId).toBe(first?.statusId);
    expect(delivered?.statusId).not.toBe(first?.statusId);
  });
});
