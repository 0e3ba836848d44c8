import type { WhatsappMessage } from './whatsapp-webhook.schema';

/** The media kinds WhatsApp announces by id; their bytes are fetched in two steps (id → URL → bytes). */
export const WHATSAPP_MEDIA_TYPES = ['image', 'video', 'audio', 'document', 'sticker'] as const;
export type WhatsappMediaType = (typeof WHATSAPP_MEDIA_TYPES)[number];

/**
 * What an agent reads for one WhatsApp message. Taps on buttons, reactions, locations and shared
 * contacts become a readable sentence rather than being dropped, so no customer action goes unseen;
 * a type Tributary does not know yet still reaches the ticket, named as such.
 */
export function whatsappMessageText(message: WhatsappMessage): string {
  switch (message.type) {
    case 'text':
      return message.text?.body ?? '';
    case 'image':
    case 'video':
    case 'audio':
    case 'document':
    case 'sticker':
      return message[message.type]?.caption ?? '';
    case 'interactive': {
      const reply = message.interactive?.button_reply ?? message.interactive?.list_reply;
      if (!reply) return `[WhatsApp interactive reply of type ${message.interactive?.type ?? 'unknown'}]`;
      const description = message.interactive?.list_reply?.description;
      return description ? `${reply.title} — ${description}` : reply.title;
    }
    case 'button':
      return message.button?.text ?? '';
    case 'reaction': {
      const emoji = message.reaction?.emoji;
      // Meta sends a removed reaction with an empty or missing emoji.
      return emoji ? `Reacted ${emoji} to a message` : 'Removed a reaction';
    }
    case 'location':
      return locationText(message.location);
    case 'system':
      return message.system?.body ?? `[WhatsApp notice of type ${message.system?.type ?? 'unknown'}]`;
    case 'contacts':
      return (message.contacts ?? [])
        .map((contact) => `Shared contact: ${[contact.name?.formatted_name, ...(contact.phones ?? []).map((phone) => phone.phone)].filter(Boolean).join(', ')}`)
        .join('\n');
    default:
      return `[WhatsApp ${message.type} message, which Tributary does not show yet]`;
  }
}

function locationText(location: WhatsappMessage['location']): string {
  if (!location) return '[WhatsApp location without coordinates]';
  const place = [location.name, location.address].filter(Boolean).join(', ');
  const coordinates = `${location.latitude}, ${location.longitude}`;
  return `Location: ${place ? `${place} (${coordinates})` : coordinates} https://maps.google.com/?q=${location.latitude},${location.longitude}`;
}
