import { REENGAGEMENT_ERROR } from './graph-error-catalog';
import { batchedWebhook, mediaMessageWebhook, messageWebhook, statusWebhook, textMessageWebhook, whatsappMessageId } from './whatsapp-webhook.builder';

const NUMBER = { phoneNumberId: '106540352242922', displayPhoneNumber: '15550783881', wabaId: '102290129340398' };
const OTHER_WABA = { phoneNumberId: '206540352242922', displayPhoneNumber: '15550783882', wabaId: '202290129340398' };
const AT = new Date('2026-12-07T10:00:00Z');

const valueOf = (payload: unknown): unknown => (payload as { entry: { changes: { value: unknown }[] }[] }).entry[0]?.changes[0]?.value;

describe('WhatsApp webhook builders', () => {
  it('builds a text message as Meta posts it, with the phone and the BSUID', () => {
    const { payload, messageId } = textMessageWebhook(NUMBER, { waId: '972987654321', userId: 'US.13491208655302741918', name: 'Test Name' }, 'Body Text', { timestamp: AT, contextId: 'wamid.abc=' });
    expect(payload).toEqual({
      object: 'whatsapp_business_account',
      entry: [{ id: NUMBER.wabaId, changes: [{ field: 'messages', value: {
        messaging_product: 'whatsapp',
        metadata: { display_phone_number: '15550783881', phone_number_id: '106540352242922' },
        contacts: [{ profile: { name: 'Test Name' }, wa_id: '972987654321', user_id: 'US.13491208655302741918' }],
        messages: [{ context: { from: '15550783881', id: 'wamid.abc=' }, from: '972987654321', from_user_id: 'US.13491208655302741918', id: messageId, timestamp: '1796637600', type: 'text', text: { body: 'Body Text' } }],
      } }] }],
    });
  });

  it('leaves out from and wa_id when the customer hides the number', () => {
    const value = valueOf(textMessageWebhook(NUMBER, { userId: 'CO.1098', name: 'Ana' }, 'hola').payload);
    expect(value).toMatchObject({ contacts: [{ profile: { name: 'Ana' }, user_id: 'CO.1098' }], messages: [{ from_user_id: 'CO.1098' }] });
    expect(JSON.stringify(value)).not.toMatch(/"from"|"wa_id"/);
    expect(() => textMessageWebhook(NUMBER, { name: 'nobody' }, 'x')).toThrow();
  });

  it('builds media (webhook sha256 in base64) and any other type from its part', () => {
    const media = valueOf(mediaMessageWebhook(NUMBER, { waId: '4915112345678' }, { type: 'audio', mediaId: '65463453', mimeType: 'audio/ogg; codecs=opus', sha256Base64: '4654+8g=' }).payload);
    expect(media).toMatchObject({ messages: [{ type: 'audio', audio: { id: '65463453', mime_type: 'audio/ogg; codecs=opus', sha256: '4654+8g=', voice: false } }] });
    const reaction = valueOf(messageWebhook(NUMBER, { waId: '4915112345678' }, { type: 'reaction', reaction: { message_id: 'wamid.x', emoji: '😮' } }).payload);
    expect(reaction).toMatchObject({ messages: [{ type: 'reaction', reaction: { message_id: 'wamid.x', emoji: '😮' } }] });
  });

  it('builds statuses: pricing and contacts when not failed, errors with href when failed', () => {
    expect(valueOf(statusWebhook(NUMBER, { id: 'wamid.s', status: 'sent', recipientWaId: '4915112345678', timestamp: AT, bizOpaqueCallbackData: 'reply-1' }))).toMatchObject({
      contacts: [{ wa_id: '4915112345678' }],
      statuses: [{ id: 'wamid.s', status: 'sent', timestamp: '1796637600', recipient_id: '4915112345678', biz_opaque_callback_data: 'reply-1', pricing: { pricing_model: 'PMP', category: 'service', type: 'free_customer_service' } }],
    });
    const failed = valueOf(statusWebhook(NUMBER, { id: 'wamid.f', status: 'failed', recipientUserId: 'US.1', error: REENGAGEMENT_ERROR }));
    expect(failed).toEqual(expect.objectContaining({
      statuses: [expect.objectContaining({ recipient_user_id: 'US.1', errors: [{ code: 131047, title: 'Re-engagement message', message: 'Re-engagement message', error_data: { details: REENGAGEMENT_ERROR.details }, href: 'https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes/' }] })],
    }));
    expect(JSON.stringify(failed)).not.toMatch(/"pricing"|"contacts"|"recipient_id"/);
    expect(() => statusWebhook(NUMBER, { id: 'wamid.f', status: 'failed' })).toThrow();
  });

  it('batches payloads into one delivery, one entry per business account', () => {
    const first = textMessageWebhook(NUMBER, { waId: '1' }, 'a').payload;
    const second = statusWebhook(NUMBER, { id: 'wamid.s', status: 'read', recipientWaId: '1' });
    const third = textMessageWebhook(OTHER_WABA, { waId: '2' }, 'b').payload;
    const batched = batchedWebhook(first, second, third);
    expect(batched.entry.map((entry) => [entry.id, entry.changes.length])).toEqual([[NUMBER.wabaId, 2], [OTHER_WABA.wabaId, 1]]);
    expect(() => batchedWebhook({ object: 'page', entry: [] })).toThrow();
  });

  it('makes opaque wamid ids of base64', () => {
    const ids = Array.from({ length: 50 }, () => whatsappMessageId());
    for (const id of ids) expect(id).toMatch(/^wamid\.[A-Za-z0-9+/]{43}=$/);
    expect(new Set(ids).size).toBe(50);
  });
});
