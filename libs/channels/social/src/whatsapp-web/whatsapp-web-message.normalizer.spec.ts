import { InboundMessageV1Schema } from '@tributary/contracts';
import { whatsappWebMessage, type WhatsappWebMessageOptions } from './whatsapp-web-message.builder';
import { normalizeWhatsappWebMessage, normalizeWhatsappWebPhoneMessage, type WhatsappWebNormalizeContext } from './whatsapp-web-message.normalizer';

const ME = '498912345678@c.us';
const context = (phones: Record<string, string> = {}): WhatsappWebNormalizeContext => ({
  tenantId: 'acme',
  number: '+498912345678',
  receivedAt: new Date('2026-12-07T10:00:00Z'),
  phoneOfLid: (lid) => Promise.resolve(phones[lid]),
});
const incoming = (options: Partial<WhatsappWebMessageOptions>) => whatsappWebMessage({ chat: '4915112345678@c.us', me: ME, keyId: '3EB0AA11', body: 'Hello', ...options });

describe('normalizeWhatsappWebMessage', () => {
  it('turns a text from a number into a valid InboundMessage v1 with the sender as a whatsapp identity', async () => {
    const result = await normalizeWhatsappWebMessage(incoming({ body: 'Where is my parcel?', timestamp: 1_796_630_000 }), context());
    if (result.kind !== 'message') throw new Error(`ignored: ${result.detail}`);
    const message = InboundMessageV1Schema.parse(result.message);
    expect(message.direction).toBeUndefined();
    expect(message).toMatchObject({
      channel: 'whatsapp',
      provider: 'whatsapp-web',
      providerMessageId: 'false_4915112345678@c.us_3EB0AA11',
      dedupeKey: 'whatsapp-web:+4915112345678:3EB0AA11',
      sender: { identities: [{ kind: 'whatsapp', value: '+4915112345678' }] },
      inbox: { address: '+498912345678' },
      text: 'Where is my parcel?',
      sentAt: new Date(1_796_630_000 * 1000).toISOString(),
      autoSubmitted: { flagged: false },
    });
  });

  it('gives the same message the same ids whichever way the chat is named (@c.us or @lid), so a re-sync is stored once', async () => {
    const byNumber = await normalizeWhatsappWebMessage(incoming({}), context());
    const byLid = await normalizeWhatsappWebMessage(incoming({ chat: '123456789012345@lid' }), context({ '123456789012345@lid': '+4915112345678' }));
    if (byNumber.kind !== 'message' || byLid.kind !== 'message') throw new Error('expected messages');
    expect(byLid.message.dedupeKey).toBe(byNumber.message.dedupeKey);
    expect(byLid.message.messageId).toBe(byNumber.message.messageId);
    expect(byLid.message.traceId).toBe(byNumber.message.traceId);
    expect(byLid.message.sender.identities).toEqual([{ kind: 'whatsapp', value: '+4915112345678' }]);
    expect(byLid.message.extras).toMatchObject({ whatsappLid: '123456789012345@lid' });
  });

  it('ignores with a reason a @lid sender whose number WhatsApp does not tell', async () => {
    const result = await normalizeWhatsappWebMessage(incoming({ chat: '999@lid' }), context());
    expect(result).toMatchObject({ kind: 'ignored', reason: 'sender-unresolved' });
  });

  it.each([
    ['a group message', { chat: '120363025555555555@g.us', author: '4915112345678@c.us' }, 'group'],
    ['a status update', { chat: 'status@broadcast', author: '4915112345678@c.us' }, 'status'],
    ['a broadcast list message', { chat: '1700000000@broadcast' }, 'broadcast'],
    ['a channel post', { chat: '120363000000000000@newsletter' }, 'newsletter'],
    ['our own message', { fromMe: true }, 'own-message'],
    ['a protocol notice', { type: 'e2e_notification' }, 'unsupported-type'],
  ] as const)('ignores %s with a reason', async (_what, options, reason) => {
    expect(await normalizeWhatsappWebMessage(incoming(options), context())).toMatchObject({ kind: 'ignored', reason });
  });

  it('keeps a media caption and announces the file as failed with the reason, never silently', async () => {
    const result = await normalizeWhatsappWebMessage(incoming({ type: 'image', hasMedia: true, body: 'the broken part' }), context());
    if (result.kind !== 'message') throw new Error('expected a message');
    const message = InboundMessageV1Schema.parse(result.message);
    expect(message.text).toBe('the broken part');
    expect(message.pendingAttachments).toEqual([expect.objectContaining({ name: 'image', state: 'failed', error: expect.objectContaining({ code: 'UNSUPPORTED' }) })]);
  });

  it('writes a shared location and a contact card as readable text', async () => {
    const location = await normalizeWhatsappWebMessage(
      incoming({ type: 'location', body: '/9j/thumbnail', location: { latitude: 52.52, longitude: 13.405, name: 'Depot', address: 'Hauptstr. 1' } }),
      context(),
    );
    const card = await normalizeWhatsappWebMessage(incoming({ type: 'vcard', vCards: ['BEGIN:VCARD\nFN:Ann\nEND:VCARD'] }), context());
    expect(location).toMatchObject({ kind: 'message', message: { text: 'Shared location: 52.52, 13.405 (Depot, Hauptstr. 1)' } });
    expect(card).toMatchObject({ kind: 'message', message: { text: 'Shared contact card:\nBEGIN:VCARD\nFN:Ann\nEND:VCARD' } });
  });
});

describe('normalizeWhatsappWebPhoneMessage', () => {
  const typed = (options: Partial<WhatsappWebMessageOptions>) => incoming({ fromMe: true, keyId: '3EB0BB22', body: 'I will call you at 3', ...options });

  it('turns a message typed on the phone into an outbound InboundMessage v1 whose sender is the customer of the chat', async () => {
    const result = await normalizeWhatsappWebPhoneMessage(typed({ timestamp: 1_796_630_100 }), context());
    if (result.kind !== 'message') throw new Error(`ignored: ${result.detail}`);
    const message = InboundMessageV1Schema.parse(result.message);
    expect(message).toMatchObject({
      direction: 'outbound',
      channel: 'whatsapp',
      provider: 'whatsapp-web',
      providerMessageId: 'true_4915112345678@c.us_3EB0BB22',
      dedupeKey: 'whatsapp-web-phone:+498912345678:3EB0BB22',
      sender: { identities: [{ kind: 'whatsapp', value: '+4915112345678' }] },
      inbox: { address: '+498912345678' },
      text: 'I will call you at 3',
      sentAt: new Date(1_796_630_100 * 1000).toISOString(),
    });
  });

  it('gives it the same ids whichever way the chat is named, and names the customer behind a @lid chat', async () => {
    const byNumber = await normalizeWhatsappWebPhoneMessage(typed({}), context());
    const byLid = await normalizeWhatsappWebPhoneMessage(typed({ chat: '123456789012345@lid' }), context({ '123456789012345@lid': '+4915112345678' }));
    if (byNumber.kind !== 'message' || byLid.kind !== 'message') throw new Error('expected messages');
    expect([byLid.message.dedupeKey, byLid.message.messageId, byLid.message.traceId]).toEqual([byNumber.message.dedupeKey, byNumber.message.messageId, byNumber.message.traceId]);
    expect(byLid.message.sender.identities).toEqual([{ kind: 'whatsapp', value: '+4915112345678' }]);
    expect(byLid.message.extras).toMatchObject({ whatsappLid: '123456789012345@lid' });
  });

  it.each([
    ['a @lid chat whose number WhatsApp does not tell', { chat: '999@lid' }, 'sender-unresolved'],
    ['a message to a group', { chat: '120363025555555555@g.us' }, 'group'],
    ['a status posted from the phone', { chat: 'status@broadcast' }, 'status'],
    ['a customer\'s message', { fromMe: false }, 'customer-message'],
  ] as const)('ignores %s with a reason', async (_what, options, reason) => {
    expect(await normalizeWhatsappWebPhoneMessage(typed(options), context())).toMatchObject({ kind: 'ignored', reason });
  });

  it('announces a file sent from the phone as not stored, saying who sent it', async () => {
    const result = await normalizeWhatsappWebPhoneMessage(typed({ type: 'document', hasMedia: true, body: 'the invoice' }), context());
    if (result.kind !== 'message') throw new Error('expected a message');
    expect(InboundMessageV1Schema.parse(result.message).pendingAttachments).toEqual([
      expect.objectContaining({ name: 'document', state: 'failed', error: expect.objectContaining({ message: expect.stringMatching(/sent from the phone/) }) }),
    ]);
  });
});
