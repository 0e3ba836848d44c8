import { randomBytes } from 'node:crypto';

/**
 * Updates built exactly as the Bot API sends them (field names, nesting, Unix seconds, a photo's
 * sizes smallest first, a leading command's entity), for tests and the emulation.
 */
export interface TelegramCustomer {
  readonly id: number;
  readonly firstName: string;
  readonly lastName?: string;
  readonly username?: string;
  readonly languageCode?: string;
}

export interface TelegramChatJson {
  readonly id: number;
  readonly type: 'private' | 'group' | 'supergroup';
  readonly title?: string;
  readonly first_name?: string;
  readonly last_name?: string;
  readonly username?: string;
}

export interface TelegramFileJson {
  readonly file_id: string;
  readonly file_unique_id: string;
  readonly file_size: number;
}

/** A message as JSON; `Record` so builders can add any of the Bot API's optional fields. */
export type TelegramMessageJson = Readonly<Record<string, unknown>> & { readonly message_id: number; readonly chat: TelegramChatJson; readonly date: number };

export type TelegramUpdateJson = Readonly<{ update_id: number; message?: TelegramMessageJson; edited_message?: TelegramMessageJson }>;

/** The kinds of content a customer can send here, each as its Message fields. */
export type TelegramContent =
  | { readonly text: string }
  | { readonly photo: readonly (TelegramFileJson & { readonly width: number; readonly height: number })[]; readonly caption?: string }
  | { readonly document: TelegramFileJson & { readonly file_name?: string; readonly mime_type?: string }; readonly caption?: string }
  | { readonly voice: TelegramFileJson & { readonly duration: number; readonly mime_type: string } }
  | { readonly video_note: TelegramFileJson & { readonly duration: number; readonly length: number } };

export function userJson(customer: TelegramCustomer): Record<string, unknown> {
  return {
    id: customer.id,
    is_bot: false,
    first_name: customer.firstName,
    ...(customer.lastName ? { last_name: customer.lastName } : {}),
    ...(customer.username ? { username: customer.username } : {}),
    ...(customer.languageCode ? { language_code: customer.languageCode } : {}),
  };
}

/** The private chat of a customer with a bot: its id is the customer's user id. */
export function privateChat(customer: TelegramCustomer): TelegramChatJson {
  return {
    id: customer.id,
    type: 'private',
    first_name: customer.firstName,
    ...(customer.lastName ? { last_name: customer.lastName } : {}),
    ...(customer.username ? { username: customer.username } : {}),
  };
}

export function customerMessage(
  customer: TelegramCustomer,
  chat: TelegramChatJson,
  messageId: number,
  content: TelegramContent,
  options: { readonly date?: Date; readonly replyTo?: TelegramMessageJson } = {},
): TelegramMessageJson {
  const entities = 'text' in content ? commandEntity(content.text) : [];
  return {
    message_id: messageId,
    from: userJson(customer),
    chat,
    date: unixSeconds(options.date ?? new Date()),
    ...(options.replyTo ? { reply_to_message: options.replyTo } : {}),
    ...content,
    ...(entities.length > 0 ? { entities } : {}),
  };
}

/** The same message after the customer edited its text (or caption): Telegram sends it whole, with `edit_date`. */
export function editedMessage(original: TelegramMessageJson, text: string, at: Date = new Date()): TelegramMessageJson {
  const field = original['text'] === undefined && original['caption'] !== undefined ? 'caption' : 'text';
  return { ...original, [field]: text, edit_date: Math.max(unixSeconds(at), original.date + 1) };
}

export function messageUpdate(updateId: number, message: TelegramMessageJson): TelegramUpdateJson {
  return { update_id: updateId, message };
}

export function editedMessageUpdate(updateId: number, message: TelegramMessageJson): TelegramUpdateJson {
  return { update_id: updateId, edited_message: message };
}

/** A file_id and file_unique_id in Telegram's alphabet (URL-safe base64), with the kind's usual prefix. */
export function telegramFileIds(kind: 'photo' | 'document' | 'voice' | 'video_note'): { file_id: string; file_unique_id: string } {
  const prefix = { photo: 'AgACAgIAAxkBAA', document: 'BQACAgIAAxkBAA', voice: 'AwACAgIAAxkBAA', video_note: 'DQACAgIAAxkBAA' }[kind];
  return { file_id: `${prefix}${randomBytes(48).toString('base64url')}`, file_unique_id: `AgAD${randomBytes(9).toString('base64url')}` };
}

/**
 * Posts one update to a webhook as Telegram does: JSON, with the secret token in
 * X-Telegram-Bot-Api-Secret-Token when one was set. Resolves to the status answered.
 */
export async function postTelegramUpdate(url: string, update: TelegramUpdateJson, secretToken: string | undefined): Promise<number> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(secretToken === undefined ? {} : { 'x-telegram-bot-api-secret-token': secretToken }) },
    body: JSON.stringify(update),
    signal: AbortSignal.timeout(30_000),
  });
  await response.arrayBuffer();
  return response.status;
}

export function unixSeconds(date: Date): number {
  return Math.floor(date.getTime() / 1000);
}

function commandEntity(text: string): { offset: number; length: number; type: string }[] {
  const command = /^\/[A-Za-z0-9_]{1,32}(@[A-Za-z0-9_]{5,32})?/.exec(text);
  return command ? [{ offset: 0, length: command[0].length, type: 'bot_command' }] : [];
}
