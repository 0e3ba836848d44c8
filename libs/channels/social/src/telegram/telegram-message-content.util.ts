import { AttachmentRefSchema } from '@tributary/contracts';
import type { TelegramMessage } from './telegram-update.schema';

/** One file a message carries, before it is fetched (getFile, then the file URL). */
export interface TelegramMediaItem {
  readonly kind: TelegramMediaKind;
  readonly fileId: string;
  /** Same for the file in every bot and over time: names the attachment so a redelivery gets the same id. */
  readonly fileUniqueId: string;
  readonly name: string;
  readonly contentType?: string;
}

export const TELEGRAM_MEDIA_KINDS = ['photo', 'document', 'voice', 'video_note', 'video', 'audio', 'animation'] as const;
export type TelegramMediaKind = (typeof TELEGRAM_MEDIA_KINDS)[number];

/**
 * The files of one message. A photo comes in several sizes, smallest first: only the largest is
 * kept, the others are Telegram's thumbnails of it. Telegram re-encodes photos as JPEG and video notes
 * as MP4 and announces no type for them, so those types are Telegram's known ones.
 */
export function telegramMedia(message: TelegramMessage): TelegramMediaItem[] {
  const items: TelegramMediaItem[] = [];
  let largest = message.photo?.[0];
  for (const size of message.photo ?? []) if (largest && size.width * size.height > largest.width * largest.height) largest = size;
  if (largest) items.push(item('photo', largest, `photo-${largest.file_unique_id}.jpg`, 'image/jpeg'));
  if (message.document) items.push(item('document', message.document, message.document.file_name ?? `document-${message.document.file_unique_id}`, message.document.mime_type));
  if (message.voice) items.push(item('voice', message.voice, `voice-${message.voice.file_unique_id}.ogg`, message.voice.mime_type ?? 'audio/ogg'));
  if (message.video_note) items.push(item('video_note', message.video_note, `video-note-${message.video_note.file_unique_id}.mp4`, 'video/mp4'));
  if (message.video) items.push(item('video', message.video, `video-${message.video.file_unique_id}.mp4`, undefined));
  if (message.audio) items.push(item('audio', message.audio, `audio-${message.audio.file_unique_id}`, undefined));
  // An animation comes with a document of the same file, for old clients: one attachment is enough.
  if (message.animation && message.document?.file_unique_id !== message.animation.file_unique_id) {
    items.push(item('animation', message.animation, `animation-${message.animation.file_unique_id}.mp4`, 'video/mp4'));
  }
  return items;
}

/**
 * What an agent reads: the text, or a file's caption. Stickers, locations and shared contacts carry
 * no text of their own and become a sentence, so no customer action reaches the ticket empty.
 */
export function telegramMessageText(message: TelegramMessage): string {
  if (message.text !== undefined) return message.text;
  if (message.caption !== undefined) return message.caption;
  if (message.sticker) return `[Telegram sticker${message.sticker.emoji ? ` ${message.sticker.emoji}` : ''}]`;
  if (message.location) {
    const { latitude, longitude } = message.location;
    return `Location: ${latitude}, ${longitude} https://maps.google.com/?q=${latitude},${longitude}`;
  }
  if (message.contact) return `Shared contact: ${message.contact.first_name}, ${message.contact.phone_number}`;
  return '';
}

function item(kind: TelegramMediaKind, file: { file_id: string; file_unique_id: string }, name: string, contentType: string | undefined): TelegramMediaItem {
  // The contract's own rule for media types; a type it would refuse is left out, not the file.
  const typed = contentType !== undefined && AttachmentRefSchema.shape.contentType.safeParse(contentType).success ? { contentType } : {};
  return { kind, fileId: file.file_id, fileUniqueId: file.file_unique_id, name: name.slice(0, 512), ...typed };
}
