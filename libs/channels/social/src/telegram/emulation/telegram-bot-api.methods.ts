import type { EmulatedTelegramBot } from './emulated-telegram-bot';
import { numberParam, objectParam, refusal, stringListParam, type TelegramApiAnswer } from './telegram-bot-api.http.util';
import { unixSeconds, type TelegramMessageJson } from './telegram-update.builder';

/** Telegram's limit for sendMessage's text, after entities parsing (UTF-16 code units). */
export const MAX_MESSAGE_LENGTH = 4096;
/** The largest file a bot may download through getFile. */
export const MAX_DOWNLOAD_BYTES = 20 * 1024 * 1024;
const SECRET_TOKEN = /^[A-Za-z0-9_-]{1,256}$/;

type Params = Readonly<Record<string, unknown>>;

export function getMe(bot: EmulatedTelegramBot): TelegramApiAnswer {
  return { result: { id: bot.id, is_bot: true, first_name: bot.username, username: bot.username, can_join_groups: true, can_read_all_group_messages: false, supports_inline_queries: false } };
}

/** sendMessage, as strict as Telegram about the chat, the text and the message it replies to. */
export function sendMessage(bot: EmulatedTelegramBot, params: Params, now: Date): TelegramApiAnswer {
  if (params['chat_id'] === undefined || params['chat_id'] === '') return refusal(400, 'Bad Request: chat_id is empty');
  const chatId = numberParam(params['chat_id']);
  const chat = chatId === undefined ? undefined : bot.chats.get(chatId);
  if (chat === undefined) return refusal(400, 'Bad Request: chat not found');
  const text = typeof params['text'] === 'number' ? String(params['text']) : params['text'];
  if (typeof text !== 'string' || text.trim() === '') return refusal(400, 'Bad Request: message text is empty');
  if (text.length > MAX_MESSAGE_LENGTH) return refusal(400, 'Bad Request: message is too long');
  let replied: TelegramMessageJson | undefined;
  const replyParams = params['reply_parameters'] ?? (params['reply_to_message_id'] === undefined ? undefined : { message_id: params['reply_to_message_id'] });
  if (replyParams !== undefined) {
    const reply = objectParam(replyParams);
    const messageId = numberParam(reply?.['message_id']);
    if (reply === undefined || messageId === undefined) return refusal(400, "Bad Request: can't parse reply parameters JSON object");
    const replyChat = reply['chat_id'] === undefined ? chat : bot.chats.get(numberParam(reply['chat_id']) ?? Number.NaN);
    replied = replyChat?.messages.get(messageId);
    if (replied === undefined && reply['allow_sending_without_reply'] !== true && reply['allow_sending_without_reply'] !== 'true') {
      return refusal(400, 'Bad Request: message to be replied not found');
    }
  }
  // Checked last, once the request itself is sound (Telegram does not document the order; this is the emulation's choice).
  if (chat.blocked) return refusal(403, 'Forbidden: bot was blocked by the user');
  const message: TelegramMessageJson = {
    message_id: chat.nextMessageId,
    from: { id: bot.id, is_bot: true, first_name: bot.username, username: bot.username },
    chat: chat.chat,
    date: unixSeconds(now),
    ...(replied ? { reply_to_message: replied } : {}),
    text,
  };
  chat.nextMessageId += 1;
  chat.messages.set(message.message_id, message);
  return { result: message };
}

export function getFile(bot: EmulatedTelegramBot, params: Params): TelegramApiAnswer {
  const fileId = params['file_id'];
  if (typeof fileId !== 'string' || fileId === '') return refusal(400, 'Bad Request: file_id is empty');
  if (!/^[A-Za-z0-9_-]+$/.test(fileId)) return refusal(400, 'Bad Request: invalid file_id');
  const file = bot.files.get(fileId);
  if (file === undefined) return refusal(400, 'Bad Request: wrong file_id or the file is temporarily unavailable');
  if (file.bytes.length > MAX_DOWNLOAD_BYTES) return refusal(400, 'Bad Request: file is too big');
  return { result: { file_id: file.fileId, file_unique_id: file.fileUniqueId, file_size: file.bytes.length, file_path: file.filePath } };
}

/** getUpdates with Telegram's offset semantics and long polling; 409 while a webhook is set, or when a newer call takes over. */
export async function getUpdates(bot: EmulatedTelegramBot, params: Params): Promise<TelegramApiAnswer> {
  if (bot.webhook) return refusal(409, "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first");
  const offset = numberParam(params['offset']);
  if (offset !== undefined) bot.confirmBelow(offset);
  const limit = Math.min(100, Math.max(1, numberParam(params['limit']) ?? 100));
  const timeout = Math.max(0, numberParam(params['timeout']) ?? 0);
  if (params['allowed_updates'] !== undefined) bot.allowedUpdates = stringListParam(params['allowed_updates']) ?? bot.allowedUpdates;
  let updates = bot.deliverable(limit, bot.allowedUpdates);
  if (updates.length === 0 && timeout > 0) {
    const outcome = await bot.waitForUpdates(timeout * 1000);
    if (outcome === 'conflict') return refusal(409, 'Conflict: terminated by other getUpdates request; make sure that only one bot instance is running');
    if (bot.webhook) return refusal(409, "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first");
    updates = bot.deliverable(limit, bot.allowedUpdates);
  }
  return { result: updates };
}

/**
 * setWebhook. Telegram wants an HTTPS URL on port 443, 80, 88 or 8443; the emulation also takes
 * plain http on loopback, where the tests' apps listen (its one deviation, for a local webhook).
 */
export function setWebhook(bot: EmulatedTelegramBot, params: Params): TelegramApiAnswer {
  const raw = params['url'];
  if (typeof raw !== 'string') return refusal(400, 'Bad Request: bad webhook: URL must be provided for webhook');
  if (raw === '') return deleteWebhook(bot, params);
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return refusal(400, 'Bad Request: bad webhook: invalid URL');
  }
  const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) return refusal(400, 'Bad Request: bad webhook: An HTTPS URL must be provided for webhook');
  if (!loopback && !['', '443', '80', '88', '8443'].includes(url.port)) return refusal(400, 'Bad Request: bad webhook: Webhook can be set up only on ports 80, 88, 443 or 8443');
  const secret = params['secret_token'];
  if (secret !== undefined && (typeof secret !== 'string' || !SECRET_TOKEN.test(secret))) return refusal(400, 'Bad Request: secret token contains unallowed characters');
  const allowed = params['allowed_updates'] === undefined ? bot.webhook?.allowedUpdates : stringListParam(params['allowed_updates']);
  if (params['drop_pending_updates'] === true || params['drop_pending_updates'] === 'true') bot.queue.length = 0;
  bot.webhook = { url: raw, ...(typeof secret === 'string' ? { secretToken: secret } : {}), ...(allowed ? { allowedUpdates: allowed } : {}) };
  bot.endWait();
  return { result: true, description: 'Webhook was set' };
}

export function deleteWebhook(bot: EmulatedTelegramBot, params: Params): TelegramApiAnswer {
  if (params['drop_pending_updates'] === true || params['drop_pending_updates'] === 'true') bot.queue.length = 0;
  const had = bot.webhook !== undefined;
  bot.webhook = undefined;
  return { result: true, description: had ? 'Webhook was deleted' : 'Webhook is already deleted' };
}

export function getWebhookInfo(bot: EmulatedTelegramBot): TelegramApiAnswer {
  return {
    result: {
      url: bot.webhook?.url ?? '',
      has_custom_certificate: false,
      pending_update_count: bot.queue.length,
      ...(bot.webhook?.allowedUpdates ? { allowed_updates: bot.webhook.allowedUpdates } : {}),
    },
  };
}
