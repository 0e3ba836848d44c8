import { createHash } from 'node:crypto';
import type { AnnouncedMedia } from '@tributary/channel-kit';
import { stableUuid, type InboundMessageV1Input } from '@tributary/contracts';
import type { TelegramBot } from './telegram-bot';
import { telegramFileLocator } from './telegram-file-locator.util';
import { telegramMedia, telegramMessageText } from './telegram-message-content.util';
import type { TelegramMessage, TelegramUpdate } from './telegram-update.schema';

export interface TelegramNormalizeContext {
  readonly bot: Pick<TelegramBot, 'key' | 'botId' | 'tenantId'>;
  readonly receivedAt: Date;
}

export type TelegramNormalizeResult =
  | { readonly kind: 'message'; readonly message: InboundMessageV1Input; readonly media: readonly AnnouncedMedia[] }
  | { readonly kind: 'ignored'; readonly reason: string };

/**
 * One Telegram update as InboundMessage v1, or why it carries no customer message.
 *
 * The dedupe key is the bot, the chat and the message id, not the update id: the same message read
 * once by webhook and once by getUpdates (while switching modes), or redelivered, is one record
 * whichever update carried it. The bot is part of it because message ids count per bot dialog: a
 * customer's private chats with two bots both have a message 1. An edit is a record of its own, keyed
 * by its edit date as well, whose text says which message it edits, so the ticket shows both the
 * original and the change. The update id, which orders updates and checkpoints polling, rides in extras.
 */
export function normalizeTelegramUpdate(update: TelegramUpdate, context: TelegramNormalizeContext): TelegramNormalizeResult {
  const edited = update.edited_message;
  const message = update.message ?? edited;
  if (message === undefined) return { kind: 'ignored', reason: `update ${update.update_id} carries no message (an update kind Tributary does not read)` };
  const isEdit = update.message === undefined;
  if (message.chat.type === 'channel') return { kind: 'ignored', reason: `update ${update.update_id} is a channel post` };
  const from = message.from;
  if (from === undefined) return { kind: 'ignored', reason: `update ${update.update_id} has no sender (a post on behalf of a chat)` };

  const { botId } = context.bot;
  const chatId = String(message.chat.id);
  const editDate = isEdit ? (message.edit_date ?? message.date) : undefined;
  const dedupeKey = `telegram:${botId}:${chatId}:${message.message_id}${editDate === undefined ? '' : `:edit:${editDate}`}`;
  const text = telegramMessageText(message);
  const media = telegramMedia(message);
  const name = [from.first_name, from.last_name].filter((part) => part !== undefined && part !== '').join(' ') || from.username;
  return {
    kind: 'message',
    message: {
      schemaVersion: 1,
      messageId: stableUuid(dedupeKey),
      tenantId: context.bot.tenantId,
      channel: 'telegram',
      provider: 'telegram',
      // Chat and message id: what a reply's reply_parameters needs back (an edit answers the same message).
      providerMessageId: `${chatId}:${message.message_id}`,
      dedupeKey,
      receivedAt: context.receivedAt.toISOString(),
      sentAt: new Date((editDate ?? message.date) * 1000).toISOString(),
      sender: { identities: [{ kind: 'telegram', value: String(from.id) }], ...(name ? { displayName: name.slice(0, 256) } : {}) },
      inbox: { address: context.bot.key },
      thread: { conversationId: chatId, references: [] },
      text: isEdit ? `Edited message ${message.message_id}:\n${text}` : text,
      attachments: [],
      // Another bot in a group is a machine: never answered automatically.
      autoSubmitted: from.is_bot ? { flagged: true, reason: 'other' } : { flagged: false },
      traceId: createHash('sha256').update(dedupeKey).digest('hex').slice(0, 32),
      extras: extrasOf(update, message, from.username, isEdit),
    },
    media: media.map((item) => ({
      attachmentId: stableUuid(dedupeKey, 'file', item.fileUniqueId),
      // Without the token: the retry queue stores this (see telegramFileLocator).
      url: telegramFileLocator(botId, item.fileId),
      name: item.name,
      ...(item.contentType ? { contentType: item.contentType } : {}),
    })),
  };
}

function extrasOf(update: TelegramUpdate, message: TelegramMessage, username: string | undefined, isEdit: boolean): Record<string, string | number> {
  const extras: Record<string, string | number> = { updateId: update.update_id, telegramChatType: message.chat.type };
  if (username) extras['telegramUsername'] = username;
  if (message.reply_to_message) extras['telegramReplyTo'] = message.reply_to_message.message_id;
  if (isEdit) extras['telegramEditOf'] = message.message_id;
  return extras;
}
