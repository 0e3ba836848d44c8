import { E164_PATTERN } from '@tributary/contracts';

/** What a WhatsApp Web id (a wid, `user@server`) names, by its server part. */
export type WhatsappWebIdKind = 'phone' | 'lid' | 'group' | 'status' | 'broadcast' | 'newsletter' | 'other';

/**
 * `@c.us` is a person by phone number; `@lid` a person by a linked id that hides the number (WhatsApp
 * is moving chats to it); `@g.us` a group; `status@broadcast` the status feed; other `@broadcast`
 * ids are broadcast lists; `@newsletter` a channel.
 */
export function whatsappWebIdKind(id: string): WhatsappWebIdKind {
  if (id === 'status@broadcast') return 'status';
  const server = id.slice(id.lastIndexOf('@') + 1);
  switch (server) {
    case 'c.us':
    case 's.whatsapp.net':
      return 'phone';
    case 'lid':
      return 'lid';
    case 'g.us':
      return 'group';
    case 'broadcast':
      return 'broadcast';
    case 'newsletter':
      return 'newsletter';
    default:
      return 'other';
  }
}

/** `4915112345678@c.us` (or with a device suffix, `4915112345678:12@c.us`) → `+4915112345678`; undefined when not a number. */
export function phoneOfWhatsappWebId(id: string): string | undefined {
  if (whatsappWebIdKind(id) !== 'phone') return undefined;
  const user = id.slice(0, id.lastIndexOf('@')).split(':')[0] ?? '';
  const phone = `+${user}`;
  return E164_PATTERN.test(phone) ? phone : undefined;
}

/** The chat id whatsapp-web.js sends to for a number in E.164: `+4915112345678` → `4915112345678@c.us`. */
export function whatsappWebChatIdOf(phone: string): string {
  return `${phone.replace(/^\+/, '')}@c.us`;
}
