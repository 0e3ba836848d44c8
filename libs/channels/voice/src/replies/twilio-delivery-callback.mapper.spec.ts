import { DeliveryStatusV1, parseContract } from '@tributary/contracts';
import { TwilioWebhookError } from '../twilio/twilio-webhook.error';
import { TwilioDeliveryCallbackMapper } from './twilio-delivery-callback.mapper';

const mapper = new TwilioDeliveryCallbackMapper();
const deliveryStatusFromCallback = (query: Record<string, string>, body: Record<string, string>, now: Date) => mapper.toDeliveryStatus({ query, body }, now);

const QUERY = {
  tenantId: 'acme',
  ticketId: '1a2b3c4d-5e6f-4a0b-8c1d-2e3f4a5b6c7d',
  outboundId: '7f1c2b3a-4d5e-4f60-8a7b-9c0d1e2f3a4b',
  traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
  channel: 'sms',
};
const SID = `SM${'1'.repeat(32)}`;
const body = (status: string, errorCode?: string): Record<string, string> => ({
  AccountSid: `AC${'0'.repeat(32)}`, ApiVersion: '2010-04-01', From: '+498912345678', To: '+4915112345678',
  MessageSid: SID, SmsSid: SID, MessageStatus: status, SmsStatus: status, ...(errorCode ? { ErrorCode: errorCode } : {}),
});
const now = new Date('2026-11-25T10:00:00Z');

describe('Twilio message status callbacks as DeliveryStatus v1', () => {
  it.each([
    ['queued', 'queued'],
    ['sent', 'sent'],
    ['delivered', 'delivered'],
    ['read', 'read'],
  ])('maps %s to %s', (twilioStatus, state) => {
    const status = parseContract(DeliveryStatusV1, deliveryStatusFromCallback(QUERY, body(twilioStatus), now));
    expect(status).toMatchObject({ state, providerMessageId: SID, outboundId: QUERY.outboundId, ticketId: QUERY.ticketId });
  });

  it("carries Twilio's ErrorCode on undelivered and failed", () => {
    expect(deliveryStatusFromCallback(QUERY, body('undelivered', '30003'), now)).toMatchObject({ state: 'undelivered', error: { code: '30003' } });
    expect(deliveryStatusFromCallback(QUERY, body('failed', '30007'), now)).toMatchObject({ state: 'failed', error: { code: '30007' } });
  });

  it('gives the same status id to a replay, and ignores statuses that add nothing', () => {
    expect(deliveryStatusFromCallback(QUERY, body('sent'), now)?.statusId).toBe(deliveryStatusFromCallback(QUERY, body('sent'), now)?.statusId);
    expect(deliveryStatusFromCallback(QUERY, body('canceled'), now)).toBeUndefined();
  });

  it('refuses a callback without the reply ids', () => {
    expect(() => deliveryStatusFromCallback({}, body('sent'), now)).toThrow(TwilioWebhookError);
  });
  it.each(['__proto__', 'constructor', 'toString'])('ignores a MessageStatus named like an Object member (%s) instead of handing on an invalid state (fuzz counterexample)', (status) => {
    expect(deliveryStatusFromCallback(QUERY, body(status), now)).toBeUndefined();
  });
});
