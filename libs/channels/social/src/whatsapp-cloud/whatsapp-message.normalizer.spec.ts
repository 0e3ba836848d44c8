import { WebhookError, WebhookErrorCode } from '@tributary/channel-kit';
import { InboundMessageV1Schema, PendingAttachmentSchema } from '@tributary/contracts';
import { mediaMessageWebhook, messageWebhook, textMessageWebhook, type WhatsappCustomer } from './emulation/whatsapp-webhook.builder';
import { normalizeWhatsappMessage, type NormalizedWhatsappMessage } from './whatsapp-message.normalizer';
import { WhatsappChangeValueSchema, type WhatsappChangeValue } from './whatsapp-webhook.schema';

const NUMBER = { phoneNumberId: '106540352242922', displayPhoneNumber: '15550783881', wabaId: '102290129340398' };
const CUSTOMER: WhatsappCustomer = { waId: '4915112345678', userId: 'DE.13491208655302741918', name: 'Erika Mustermann' };
const SENT = new Date('2026-12-07T09:59:30Z');
const RECEIVED = new Date('2026-12-07T10:00:00Z');
const context = { tenantId: 'acme', receivedAt: RECEIVED, mediaUrl: (mediaId: string) => `https://graph.example/v23.0/${mediaId}` };

/** The first change's value, parsed as the intake parses it. */
function valueOf(payload: unknown): WhatsappChangeValue {
  const value = (payload as { entry: { changes: { value: unknown }[] }[] }).entry[0]?.changes[0]?.value;
  return WhatsappChangeValueSchema.parse(value);
}

function normalize(payload: unknown, at = RECEIVED): NormalizedWhatsappMessage {
  const value = valueOf(payload);
  const message = value.messages?.[0];
  if (!message) throw new Error('the payload holds no message');
  return normalizeWhatsappMessage(value, message, { ...context, receivedAt: at });
}

function refusal(run: () => unknown): WebhookError {
  try {
    run();
  } catch (error) {
    if (error instanceof WebhookError) return error;
    throw error;
  }
  throw new Error('expected a WebhookError, nothing was thrown');
}

describe('normalizeWhatsappMessage', () => {
  it('produces a valid InboundMessage v1 for the tenant of the number, on the whatsapp channel', () => {
    const { message } = normalize(textMessageWebhook(NUMBER, CUSTOMER, 'Where is my parcel?', { timestamp: SENT }).payload);
    expect(() => InboundMessageV1Schema.parse(message)).not.toThrow();
    expect(message).toMatchObject({ tenantId: 'acme', channel: 'whatsapp', provider: 'whatsapp-cloud', text: 'Where is my parcel?', receivedAt: RECEIVED.toISOString() });
  });

  it('names the sender by number in E.164 first, with the business-scoped user id beside it', () => {
    const { message } = normalize(textMessageWebhook(NUMBER, CUSTOMER, 'hi').payload);
    expect(message.sender.identities).toEqual([
      { kind: 'whatsapp', value: '+4915112345678' },
      { kind: 'whatsapp-user', value: 'DE.13491208655302741918' },
    ]);
  });

  it('names the sender by the business-scoped user id alone when the number is hidden', () => {
    const { message } = normalize(textMessageWebhook(NUMBER, { userId: 'CO.1098765432', name: 'Ana' }, 'hola').payload);
    expect(message.sender.identities).toEqual([{ kind: 'whatsapp-user', value: 'CO.1098765432' }]);
  });

  it('names the sender by number alone when no business-scoped user id came', () => {
    const { message } = normalize(textMessageWebhook(NUMBER, { waId: '4915112345678' }, 'hi').payload);
    expect(message.sender.identities).toEqual([{ kind: 'whatsapp', value: '+4915112345678' }]);
  });

  it("takes the number and user id from the message's contact when the message itself omits them", () => {
    const { payload } = textMessageWebhook(NUMBER, CUSTOMER, 'hi');
    const value = valueOf(payload);
    const bare = { ...value.messages![0]!, from: undefined, from_user_id: undefined };
    const { message } = normalizeWhatsappMessage({ ...value, messages: [bare] }, bare, context);
    expect(message.sender.identities.map((identity) => identity.kind)).toEqual(['whatsapp', 'whatsapp-user']);
  });

  it('leaves out a number the contract refuses when a user id still names the sender', () => {
    const { message } = normalize(textMessageWebhook(NUMBER, { waId: '0015112345678', userId: 'DE.1349' }, 'hi').payload);
    expect(message.sender.identities).toEqual([{ kind: 'whatsapp-user', value: 'DE.1349' }]);
  });

  it('refuses a message whose number and user id the contract both refuse as an invalid payload', () => {
    const { payload } = textMessageWebhook(NUMBER, { waId: '0015112345678', userId: 'not-a-bsuid' }, 'hi');
    expect(refusal(() => normalize(payload)).code).toBe(WebhookErrorCode.PayloadInvalid);
  });

  it('refuses a message naming no sender at all (no from, no user id, no contact) as an invalid payload', () => {
    const value = valueOf(textMessageWebhook(NUMBER, CUSTOMER, 'hi').payload);
    const bare = { ...value.messages![0]!, from: undefined, from_user_id: undefined };
    expect(refusal(() => normalizeWhatsappMessage({ ...value, contacts: undefined, messages: [bare] }, bare, context)).code).toBe(WebhookErrorCode.PayloadInvalid);
  });

  it("carries the profile name as the sender's display name, and none when the profile has none", () => {
    expect(normalize(textMessageWebhook(NUMBER, CUSTOMER, 'hi').payload).message.sender.displayName).toBe('Erika Mustermann');
    expect(normalize(textMessageWebhook(NUMBER, { waId: '4915112345678' }, 'hi').payload).message.sender).not.toHaveProperty('displayName');
  });

  it('uses the username as display name when the profile has no name', () => {
    const { payload } = textMessageWebhook(NUMBER, { userId: 'CO.1098765432' }, 'hola');
    const value = valueOf(payload);
    const withUsername = { ...value, contacts: [{ user_id: 'CO.1098765432', profile: { username: 'ana.s' } }] };
    expect(normalizeWhatsappMessage(withUsername, value.messages![0]!, context).message.sender.displayName).toBe('ana.s');
  });

  it("matches each message of a batch to its own sender's contact", () => {
    const first = valueOf(textMessageWebhook(NUMBER, { waId: '4915111111111', name: 'First' }, 'a').payload);
    const second = valueOf(textMessageWebhook(NUMBER, { waId: '4915122222222', name: 'Second' }, 'b').payload);
    const batch: WhatsappChangeValue = { ...first, contacts: [...second.contacts!, ...first.contacts!], messages: [...first.messages!, ...second.messages!] };
    expect(batch.messages!.map((message) => normalizeWhatsappMessage(batch, message, context).message.sender.displayName)).toEqual(['First', 'Second']);
  });

  it('addresses the inbox as the phone-number id, with the number people dial as its display name', () => {
    expect(normalize(textMessageWebhook(NUMBER, CUSTOMER, 'hi').payload).message.inbox).toEqual({ address: '106540352242922', displayName: '15550783881' });
  });

  it("keeps messageId, dedupeKey and traceId when the same WhatsApp message is delivered again later", () => {
    const { payload, messageId } = textMessageWebhook(NUMBER, CUSTOMER, 'hi');
    const first = normalize(payload).message;
    const again = normalize(JSON.parse(JSON.stringify(payload)), new Date(RECEIVED.getTime() + 3_600_000)).message;
    expect(again.messageId).toBe(first.messageId);
    expect(again.dedupeKey).toBe(first.dedupeKey);
    expect(again.traceId).toBe(first.traceId);
    expect(first.providerMessageId).toBe(messageId);
    expect(first.dedupeKey).toBe(`whatsapp-cloud:${messageId}`);
  });

  it('gives different WhatsApp messages different ids', () => {
    const one = normalize(textMessageWebhook(NUMBER, CUSTOMER, 'hi').payload).message;
    const other = normalize(textMessageWebhook(NUMBER, CUSTOMER, 'hi').payload).message;
    expect(new Set([one.messageId, other.messageId]).size).toBe(2);
    expect(new Set([one.dedupeKey, other.dedupeKey]).size).toBe(2);
    expect(new Set([one.traceId, other.traceId]).size).toBe(2);
  });

  it("sets sentAt from WhatsApp's timestamp (Unix seconds), not from when it arrived", () => {
    expect(normalize(textMessageWebhook(NUMBER, CUSTOMER, 'hi', { timestamp: SENT }).payload).message.sentAt).toBe('2026-12-07T09:59:30.000Z');
  });

  it('flags a system message (number changed) as auto-submitted and a customer message as not', () => {
    const system = normalize(
      messageWebhook(NUMBER, { waId: '4915112345678' }, { type: 'system', system: { body: 'Erika changed from +49 151 12345678 to +49 151 87654321', wa_id: '4915187654321', type: 'user_changed_number' } }).payload,
    ).message;
    expect(system.autoSubmitted).toEqual({ flagged: true, reason: 'other' });
    expect(normalize(textMessageWebhook(NUMBER, CUSTOMER, 'hi').payload).message.autoSubmitted).toEqual({ flagged: false });
  });

  it('announces media by its Graph media URL, with a name, its type and an attachment id stable across redeliveries', () => {
    const { payload } = mediaMessageWebhook(NUMBER, CUSTOMER, { type: 'document', mediaId: '765756756', mimeType: 'application/pdf', filename: 'invoice.pdf', caption: 'my invoice' });
    const first = normalize(payload);
    const again = normalize(JSON.parse(JSON.stringify(payload)));
    expect(first.media).toEqual([{ attachmentId: expect.stringMatching(/^[0-9a-f-]{36}$/), url: 'https://graph.example/v23.0/765756756', name: 'invoice.pdf', contentType: 'application/pdf' }]);
    expect(again.media[0]?.attachmentId).toBe(first.media[0]?.attachmentId);
    expect(first.media[0]?.attachmentId).not.toBe(first.message.messageId);
    expect(first.message.text).toBe('my invoice');
    expect(first.message.attachments).toEqual([]);
  });

  it('names media without a file name after their kind', () => {
    const { media } = normalize(mediaMessageWebhook(NUMBER, CUSTOMER, { type: 'image', mediaId: '65463453', mimeType: 'image/jpeg' }).payload);
    expect(media).toEqual([expect.objectContaining({ name: 'image', contentType: 'image/jpeg' })]);
  });

  it('leaves out a content type the contract refuses, and keeps the media', () => {
    const { media } = normalize(mediaMessageWebhook(NUMBER, CUSTOMER, { type: 'sticker', mediaId: '65463453', mimeType: 'x' }).payload);
    expect(media).toHaveLength(1);
    expect(media[0]).not.toHaveProperty('contentType');
  });

  it.each([
    ['an empty', ''],
    ['a 600-character', `${'a'.repeat(596)}.pdf`],
  ])('announces a document with %s file name under a name the contract accepts', (_case, filename) => {
    const { media } = normalize(mediaMessageWebhook(NUMBER, CUSTOMER, { type: 'document', mediaId: '765756756', mimeType: 'application/pdf', filename }).payload);
    const name = media[0]?.name;
    expect(PendingAttachmentSchema.safeParse({ attachmentId: media[0]?.attachmentId, name, state: 'pending' }).success).toBe(true);
  });

  it('announces no media for a text message', () => {
    expect(normalize(textMessageWebhook(NUMBER, CUSTOMER, 'hi').payload).media).toEqual([]);
  });

  it('keeps what the message answers and what was tapped in extras', () => {
    const tapped = normalize(
      messageWebhook(NUMBER, CUSTOMER, { type: 'interactive', interactive: { type: 'button_reply', button_reply: { id: 'yes-1', title: 'Yes' } } }, { contextId: 'wamid.business=' }).payload,
    ).message;
    expect(tapped.extras).toEqual({ whatsappType: 'interactive', whatsappReplyTo: 'wamid.business=', whatsappButtonId: 'yes-1' });
    const reaction = normalize(messageWebhook(NUMBER, CUSTOMER, { type: 'reaction', reaction: { message_id: 'wamid.reacted=', emoji: '👍' } }).payload).message;
    expect(reaction.extras).toEqual({ whatsappType: 'reaction', whatsappReactionTo: 'wamid.reacted=' });
  });
});
