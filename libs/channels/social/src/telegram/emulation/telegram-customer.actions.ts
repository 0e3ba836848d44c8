import type { EmulatedTelegramBot } from './emulated-telegram-bot';
import {
  customerMessage,
  editedMessage,
  editedMessageUpdate,
  messageUpdate,
  privateChat,
  telegramFileIds,
  type TelegramChatJson,
  type TelegramContent,
  type TelegramCustomer,
  type TelegramFileJson,
  type TelegramUpdateJson,
} from './telegram-update.builder';

/** What a customer sends; files are given as bytes and stored for getFile and the download. */
export type CustomerContent =
  | { readonly text: string }
  | { readonly photo: Buffer; readonly caption?: string }
  | { readonly document: Buffer; readonly fileName: string; readonly mimeType: string; readonly caption?: string }
  | { readonly voice: Buffer; readonly duration?: number }
  | { readonly videoNote: Buffer; readonly duration?: number };

export interface CustomerSendOptions {
  /** A group the bot is in; the customer's private chat with the bot by default. */
  readonly chat?: TelegramChatJson;
  readonly replyTo?: number;
}

/**
 * What customers do in Telegram's apps, as the bot then sees it: each message gets the chat's next
 * message id, its files go where getFile finds them, and the update is queued for getUpdates or the
 * webhook. Each action returns the update exactly as Telegram delivers it.
 */
export class CustomerActions {
  constructor(
    private readonly botOf: (key: string) => EmulatedTelegramBot,
    private readonly now: () => Date,
  ) {}

  sends(botKey: string, customer: TelegramCustomer, content: CustomerContent, options: CustomerSendOptions = {}): TelegramUpdateJson {
    const bot = this.botOf(botKey);
    const chat = bot.chat(options.chat ?? privateChat(customer));
    const replyTo = options.replyTo === undefined ? undefined : chat.messages.get(options.replyTo);
    const message = customerMessage(customer, chat.chat, chat.nextMessageId, this.content(bot, content), { date: this.now(), ...(replyTo ? { replyTo } : {}) });
    chat.nextMessageId += 1;
    chat.messages.set(message.message_id, message);
    const update = messageUpdate(bot.takeUpdateId(), message);
    bot.enqueue(update);
    return update;
  }

  /** The customer edits the text (or caption) of one of their messages. */
  edits(botKey: string, chatId: number, messageId: number, text: string): TelegramUpdateJson {
    const bot = this.botOf(botKey);
    const chat = bot.chats.get(chatId);
    const original = chat?.messages.get(messageId);
    if (chat === undefined || original === undefined) throw new Error(`bot ${botKey} has no message ${messageId} in chat ${chatId}`);
    const edited = editedMessage(original, text, this.now());
    chat.messages.set(messageId, edited);
    const update = editedMessageUpdate(bot.takeUpdateId(), edited);
    bot.enqueue(update);
    return update;
  }

  private content(bot: EmulatedTelegramBot, content: CustomerContent): TelegramContent {
    if ('text' in content) return { text: content.text };
    const caption = 'caption' in content && content.caption !== undefined ? { caption: content.caption } : {};
    if ('photo' in content) {
      // Telegram's thumbnails first, then the photo itself: three files of their own.
      const sizes = [
        { bytes: content.photo.subarray(0, Math.min(64, content.photo.length)), width: 90, height: 60 },
        { bytes: content.photo.subarray(0, Math.min(256, content.photo.length)), width: 320, height: 213 },
        { bytes: content.photo, width: 1280, height: 853 },
      ];
      return { photo: sizes.map((size) => ({ ...this.store(bot, 'photo', size.bytes, 'photos', 'jpg'), width: size.width, height: size.height })), ...caption };
    }
    if ('document' in content) {
      return { document: { ...this.store(bot, 'document', content.document, 'documents', extension(content.fileName)), file_name: content.fileName, mime_type: content.mimeType }, ...caption };
    }
    if ('voice' in content) return { voice: { ...this.store(bot, 'voice', content.voice, 'voice', 'oga'), duration: content.duration ?? 3, mime_type: 'audio/ogg' } };
    return { video_note: { ...this.store(bot, 'video_note', content.videoNote, 'video_notes', 'mp4'), duration: content.duration ?? 5, length: 240 } };
  }

  private store(bot: EmulatedTelegramBot, kind: 'photo' | 'document' | 'voice' | 'video_note', bytes: Buffer, folder: string, ext: string): TelegramFileJson {
    const ids = telegramFileIds(kind);
    bot.files.set(ids.file_id, { fileId: ids.file_id, fileUniqueId: ids.file_unique_id, filePath: `${folder}/file_${bot.files.size}.${ext}`, bytes: Buffer.from(bytes) });
    return { ...ids, file_size: bytes.length };
  }
}

function extension(fileName: string): string {
  return /\.([A-Za-z0-9]{1,8})$/.exec(fileName)?.[1] ?? 'bin';
}
