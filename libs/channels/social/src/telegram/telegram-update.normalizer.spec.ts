import { InboundMessageV1, parseContract } from '@tributary/contracts';
import {
  customerMessage,
  editedMessage,
  editedMessageUpdate,
  messageUpdate,
  privateChat,
  telegramFileIds,
  type TelegramChatJson,
  type TelegramCustomer,
} from './emulation/telegram-update.builder';
import { parseTelegramFileLocator } from './telegram-file-locator.util';
import { normalizeTelegramUpdate, type TelegramNormalizeResult } from './telegram-update.normalizer';
import { TelegramUpdateSchema } from './telegram-update.schema';

const BOT = { key: 'acme_support_bot', botId: '7012345678', tenantId: 'acme' };
const JANE: TelegramCustomer = { id: 912873, firstName: 'Jane', lastName: 'Doe', username: 'jane_d' };
const RECEIVED = new Date('2026-12-07T10:00:05Z');
const SENT = new Date('2026-12-07T10:00:00Z');

function normalize(update: unknown, bot = BOT): TelegramNormalizeResult {
  return normalizeTelegramUpdate(TelegramUpdateSchema.parse(update), { bot, receivedAt: RECEIVED });
}

function message(update: unknown, bot = BOT) {
  const result = normalize(update, bot);
  if (result.kind !== 'message') throw new Error(`ignored: ${result.reason}`);
  return { message: parseContract(InboundMessageV1, result.message), media: result.media };
}

describe('normalizeTelegramUpdate', () => {
  it('makes a text message an InboundMessage v1 with a telegram identity and the chat as conversation', () => {
    const { message: normalized, media } = message(messageUpdate(88123001, customerMessage(JANE, privateChat(JANE), 1042, { text: '/start my parcel is late' }, { date: SENT })));
    expect(normalized).toMatchObject({
      tenantId: 'acme',
      channel: 'telegram',
      provider: 'telegram',
      providerMessageId: '912873:1042',
      dedupeKey: 'telegram:7012345678:912873:1042',
      receivedAt: RECEIVED.toISOString(),
      sentAt: SENT.toISOString(),
      sender: { identities: [{ kind: 'telegram', value: '912873' }], displayName: 'Jane Doe' },
      inbox: { address: 'acme_support_bot' },
      thread: { conversationId: '912873' },
      text: '/start my parcel is late',
      autoSubmitted: { flagged: false },
      extras: { updateId: 88123001, telegramChatType: 'private', telegramUsername: 'jane_d' },
    });
    expect(media).toEqual([]);
  });

  it('gives the same message one record whichever update carried it (webhook, then getUpdates; or a redelivery)', () => {
    const original = customerMessage(JANE, privateChat(JANE), 7, { text: 'hello' }, { date: SENT });
    const viaWebhook = message(messageUpdate(500, original)).message;
    const viaPolling = message(messageUpdate(501, original)).message;
    expect(viaPolling.dedupeKey).toBe(viaWebhook.dedupeKey);
    expect(viaPolling.messageId).toBe(viaWebhook.messageId);
    expect(viaPolling.traceId).toBe(viaWebhook.traceId);
    // Another bot's private chat with the same customer counts its own message ids.
    const otherBot = message(messageUpdate(500, original), { key: 'globex_bot', botId: '6000000001', tenantId: 'globex' }).message;
    expect(otherBot.dedupeKey).not.toBe(viaWebhook.dedupeKey);
  });

  it('shows an edit as a record of its own that names the message it edits, one per edit', () => {
    const original = customerMessage(JANE, privateChat(JANE), 1042, { text: 'my order is 123' }, { date: SENT });
    const first = editedMessage(original, 'my order is 1234', new Date('2026-12-07T10:01:00Z'));
    const edit = message(editedMessageUpdate(88123005, first)).message;
    expect(edit).toMatchObject({
      providerMessageId: '912873:1042',
      dedupeKey: `telegram:7012345678:912873:1042:edit:${first['edit_date'] as number}`,
      sentAt: '2026-12-07T10:01:00.000Z',
      text: 'Edited message 1042:\nmy order is 1234',
      extras: { telegramEditOf: 1042 },
    });
    const second = message(editedMessageUpdate(88123006, editedMessage(first, 'my order is 12345', new Date('2026-12-07T10:02:00Z')))).message;
    expect(new Set([message(messageUpdate(88123001, original)).message.dedupeKey, edit.dedupeKey, second.dedupeKey]).size).toBe(3);
  });

  it('announces the largest photo size, a document, a voice note and a video note, without the token', () => {
    const small = { ...telegramFileIds('photo'), file_size: 900, width: 90, height: 60 };
    const large = { ...telegramFileIds('photo'), file_size: 90_000, width: 1280, height: 853 };
    const medium = { ...telegramFileIds('photo'), file_size: 9_000, width: 320, height: 213 };
    const photo = message(messageUpdate(1, customerMessage(JANE, privateChat(JANE), 2, { photo: [small, medium, large], caption: 'the dent' })));
    expect(photo.message.text).toBe('the dent');
    expect(photo.media).toEqual([{ attachmentId: expect.any(String), url: `telegram-file:7012345678/${large.file_id}`, name: `photo-${large.file_unique_id}.jpg`, contentType: 'image/jpeg' }]);
    expect(parseTelegramFileLocator(photo.media[0]?.url ?? '')).toEqual({ botId: '7012345678', fileId: large.file_id });

    const document = { ...telegramFileIds('document'), file_size: 5, file_name: 'invoice.pdf', mime_type: 'application/pdf' };
    expect(message(messageUpdate(2, customerMessage(JANE, privateChat(JANE), 3, { document }))).media).toEqual([
      { attachmentId: expect.any(String), url: `telegram-file:7012345678/${document.file_id}`, name: 'invoice.pdf', contentType: 'application/pdf' },
    ]);
    const voice = { ...telegramFileIds('voice'), file_size: 5, duration: 3, mime_type: 'audio/ogg' };
    expect(message(messageUpdate(3, customerMessage(JANE, privateChat(JANE), 4, { voice }))).media[0]).toMatchObject({ name: `voice-${voice.file_unique_id}.ogg`, contentType: 'audio/ogg' });
    const videoNote = { ...telegramFileIds('video_note'), file_size: 5, duration: 5, length: 240 };
    expect(message(messageUpdate(4, customerMessage(JANE, privateChat(JANE), 5, { video_note: videoNote }))).media[0]).toMatchObject({ contentType: 'video/mp4' });
  });

  it('keeps the group as the conversation and the author as the identity, and flags other bots', () => {
    const group: TelegramChatJson = { id: -1001234567890, type: 'supergroup', title: 'ACME customers' };
    expect(message(messageUpdate(9, customerMessage(JANE, group, 77, { text: 'hi all' }))).message).toMatchObject({
      providerMessageId: '-1001234567890:77',
      thread: { conversationId: '-1001234567890' },
      sender: { identities: [{ kind: 'telegram', value: '912873' }] },
    });
    const bot = { ...customerMessage(JANE, group, 78, { text: 'beep' }), from: { id: 5000, is_bot: true, first_name: 'OtherBot' } };
    expect(message(messageUpdate(10, bot)).message.autoSubmitted).toEqual({ flagged: true, reason: 'other' });
  });

  it('passes over updates that carry no customer message, saying why', () => {
    expect(normalize({ update_id: 5, callback_query: { id: '1' } })).toEqual({ kind: 'ignored', reason: expect.stringContaining('carries no message') });
    const anonymous = { ...customerMessage(JANE, { id: -100, type: 'group' }, 1, { text: 'x' }), from: undefined, sender_chat: { id: -100 } };
    expect(normalize({ update_id: 6, message: anonymous })).toEqual({ kind: 'ignored', reason: expect.stringContaining('no sender') });
  });
});
