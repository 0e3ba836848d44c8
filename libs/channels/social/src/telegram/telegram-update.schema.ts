import { z } from 'zod';

/**
 * The Bot API's Update, as Telegram posts it to a webhook and returns it from getUpdates, declared
 * only as far as Tributary reads it. Telegram adds fields often; unknown ones are ignored, and update
 * kinds other than `message` and `edited_message` are accepted and passed over.
 */
const Id = z.number().int().safe();

const UserSchema = z.object({
  id: Id.positive(),
  is_bot: z.boolean(),
  first_name: z.string().max(256),
  last_name: z.string().max(256).optional(),
  username: z.string().max(64).optional(),
  language_code: z.string().max(35).optional(),
});
export type TelegramUser = z.infer<typeof UserSchema>;

const ChatSchema = z.object({
  id: Id,
  /** private, group, supergroup or channel; a kind Telegram adds later must not make the update unreadable. */
  type: z.string().min(1).max(32),
  title: z.string().max(256).optional(),
  username: z.string().max(64).optional(),
});

const FileSchema = z.object({
  file_id: z.string().min(1).max(512),
  file_unique_id: z.string().min(1).max(256),
  file_size: z.number().int().nonnegative().optional(),
});
export type TelegramFile = z.infer<typeof FileSchema>;

export const TelegramMessageSchema = z.object({
  message_id: Id.positive(),
  from: UserSchema.optional(),
  chat: ChatSchema,
  /** Unix seconds. */
  date: z.number().int().nonnegative(),
  /** Unix seconds of the last edit; only on `edited_message`. */
  edit_date: z.number().int().nonnegative().optional(),
  text: z.string().max(65_536).optional(),
  caption: z.string().max(65_536).optional(),
  /** The same picture in several sizes, smallest first. */
  photo: z.array(FileSchema.extend({ width: z.number().int(), height: z.number().int() })).max(32).optional(),
  document: FileSchema.extend({ file_name: z.string().max(1024).optional(), mime_type: z.string().max(255).optional() }).optional(),
  voice: FileSchema.extend({ duration: z.number().int().nonnegative(), mime_type: z.string().max(255).optional() }).optional(),
  video_note: FileSchema.extend({ duration: z.number().int().nonnegative(), length: z.number().int().nonnegative() }).optional(),
  /** Only the id is read: the quoted message is already on the ticket, or predates it. */
  reply_to_message: z.object({ message_id: Id.positive() }).optional(),
  sticker: z.object({ emoji: z.string().max(64).optional() }).optional(),
  video: FileSchema.optional(),
  audio: FileSchema.optional(),
  animation: FileSchema.optional(),
  location: z.object({ latitude: z.number(), longitude: z.number() }).optional(),
  contact: z.object({ phone_number: z.string().max(64), first_name: z.string().max(256) }).optional(),
});
export type TelegramMessage = z.infer<typeof TelegramMessageSchema>;

export const TelegramUpdateSchema = z.object({
  update_id: z.number().int().nonnegative().safe(),
  message: TelegramMessageSchema.optional(),
  edited_message: TelegramMessageSchema.optional(),
});
export type TelegramUpdate = z.infer<typeof TelegramUpdateSchema>;

/** What getUpdates answers: `{ ok: true, result: Update[] }`, each update checked on its own. */
export const TelegramUpdateListSchema = z.array(z.looseObject({ update_id: z.number().int().nonnegative().safe() })).max(100);
