import { DeliveryStatusV1Schema } from '@tributary/contracts';
import { outboundReplyFixture } from '@tributary/contracts/testing';
import { REENGAGEMENT_ERROR } from './emulation/graph-error-catalog';
import { statusWebhook } from './emulation/whatsapp-webhook.builder';
import { encodeReplyCallbackData } from './reply-callback-data.util';
import { deliveryError, whatsappDeliveryStatus } from './whatsapp-status.mapper';
import { WhatsappChangeValueSchema, WhatsappStatusSchema, type WhatsappStatus } from './whatsapp-webhook.schema';

const NUMBER = { phoneNumberId: '106540352242922', displayPhoneNumber: '15550783881', wabaId: '102290129340398' };
const REPLY = outboundReplyFixture({ channel: 'whatsapp', to: { kind: 'whatsapp', value: '+4915112345678' }, from: { address: NUMBER.phoneNumberId } });
const CALLBACK = encodeReplyCallbackData(REPLY);
const WAMID = 'wamid.HBgLNjAxNzM1MjYyMzMVAgASGBQzQUI0NkE4NjM1QTU2NjVGOURGQgA=';
const AT = new Date('2026-12-07T10:05:00Z');

/** A status as the emulation's builder posts it and the intake parses it. */
function built(input: Partial<Parameters<typeof statusWebhook>[1]> & Pick<Parameters<typeof statusWebhook>[1], 'status'>): WhatsappStatus {
  const payload = statusWebhook(NUMBER, { id: WAMID, recipientWaId: '4915112345678', timestamp: AT, bizOpaqueCallbackData: CALLBACK, ...input });
  const value = WhatsappChangeValueSchema.parse((payload.entry[0]?.changes[0] as { value: unknown }).value);
  const status = value.statuses?.[0];
  if (!status) throw new Error('no status built');
  return status;
}

/** A status in a shape the builder does not make (played, another tool's data). */
function raw(fields: Record<string, unknown>): WhatsappStatus {
  return WhatsappStatusSchema.parse({ id: WAMID, status: 'sent', timestamp: String(AT.getTime() / 1000), recipient_id: '4915112345678', ...fields });
}

describe('whatsappDeliveryStatus', () => {
  it('reports a status of our reply as a valid DeliveryStatus v1 for that reply', () => {
    const report = whatsappDeliveryStatus(built({ status: 'delivered' }));
    expect(() => DeliveryStatusV1Schema.parse(report)).not.toThrow();
    expect(report).toMatchObject({
      outboundId: REPLY.outboundId,
      tenantId: REPLY.tenantId,
      ticketId: REPLY.ticketId,
      traceId: REPLY.traceId,
      channel: 'whatsapp',
      provider: 'whatsapp-cloud',
      providerMessageId: WAMID,
      state: 'delivered',
    });
  });

  it.each([
    ['sent', 'sent'],
    ['delivered', 'delivered'],
    ['read', 'read'],
  ] as const)('maps %s to %s', (status, state) => {
    expect(whatsappDeliveryStatus(built({ status }))?.state).toBe(state);
  });

  it('maps played (a voice message listened to) to read', () => {
    expect(whatsappDeliveryStatus(raw({ status: 'played', biz_opaque_callback_data: CALLBACK }))?.state).toBe('read');
  });

  it('ignores a state DeliveryStatus does not model', () => {
    expect(whatsappDeliveryStatus(raw({ status: 'deleted', biz_opaque_callback_data: CALLBACK }))).toBeUndefined();
  });

  it('ignores statuses of messages Tributary did not send: no callback data, or another tool\'s', () => {
    expect(whatsappDeliveryStatus(built({ status: 'read', bizOpaqueCallbackData: undefined }))).toBeUndefined();
    expect(whatsappDeliveryStatus(raw({ status: 'read', biz_opaque_callback_data: 'crm-campaign-42' }))).toBeUndefined();
  });

  it("reports failed with Meta's error code, title and details", () => {
    const report = whatsappDeliveryStatus(built({ status: 'failed', error: REENGAGEMENT_ERROR }));
    expect(() => DeliveryStatusV1Schema.parse(report)).not.toThrow();
    expect(report).toMatchObject({
      state: 'failed',
      error: { code: '131047', message: 'Re-engagement message: Message failed to send because more than 24 hours have passed since the customer last replied to this number.' },
    });
  });

  it('reports failed without an error from Meta as failed for an unknown reason, still valid', () => {
    const report = whatsappDeliveryStatus(raw({ status: 'failed', biz_opaque_callback_data: CALLBACK }));
    expect(report?.error).toEqual({ code: 'UNKNOWN', message: 'WhatsApp reported the message failed without a reason' });
    expect(() => DeliveryStatusV1Schema.parse(report)).not.toThrow();
  });

  it('carries no error on a state that is not a failure', () => {
    expect(whatsappDeliveryStatus(built({ status: 'read' }))).not.toHaveProperty('error');
  });

  it("sets occurredAt from WhatsApp's timestamp, not from when the webhook came", () => {
    expect(whatsappDeliveryStatus(built({ status: 'read', timestamp: new Date('2026-12-01T08:00:00Z') }))?.occurredAt).toBe('2026-12-01T08:00:00.000Z');
  });

  it('keeps the status id across redeliveries of one state and changes it per state and per message', () => {
    const read = whatsappDeliveryStatus(built({ status: 'read' }))?.statusId;
    expect(whatsappDeliveryStatus(built({ status: 'read', timestamp: new Date(AT.getTime() + 60_000) }))?.statusId).toBe(read);
    expect(whatsappDeliveryStatus(built({ status: 'delivered' }))?.statusId).not.toBe(read);
    expect(whatsappDeliveryStatus(built({ status: 'read', id: 'wamid.other=' }))?.statusId).not.toBe(read);
  });
});

describe('deliveryError', () => {
  it("prefers Meta's title to its message, and falls back to the message", () => {
    expect(deliveryError({ code: 130_472, title: "User's number is part of an experiment", message: 'ignored' })).toEqual({ code: '130472', message: "User's number is part of an experiment" });
    expect(deliveryError({ code: 131_026, message: 'Message Undeliverable' })).toEqual({ code: '131026', message: 'Message Undeliverable' });
  });

  it('names the code when Meta gives nothing else', () => {
    expect(deliveryError({ code: 131_000 })).toEqual({ code: '131000', message: 'WhatsApp error 131000' });
  });

  it('keeps the reason within 2,048 characters', () => {
    expect(deliveryError({ code: 1, title: 't'.repeat(2048), error_data: { details: 'd'.repeat(2048) } }).message).toHaveLength(2048);
  });
});
