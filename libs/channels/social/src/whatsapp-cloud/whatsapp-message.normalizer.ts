import { createHash } from 'node:crypto';
import { WebhookError, WebhookErrorCode, type AnnouncedMedia } from '@tributary/channel-kit';
import { AttachmentRefSchema, ContactIdentitySchema, stableUuid, type ContactIdentity, type InboundMessageV1Input } from '@tributary/contracts';
import { WHATSAPP_MEDIA_TYPES, whatsappMessageText } from './whatsapp-message-text.util';
import type { WhatsappChangeValue, WhatsappContact, WhatsappMessage } from './whatsapp-webhook.schema';

export interface NormalizedWhatsappMessage {
  /** Attachments are filled in by the intake once the media are stored. */
  readonly message: InboundMessageV1Input;
  readonly media: readonly AnnouncedMedia[];
}

export interface WhatsappNormalizeContext {
  readonly tenantId: string;
  readonly receivedAt: Date;
  /** Where the media's first step (id → download URL) is asked: `{graph}/{version}/{media-id}`. */
  readonly mediaUrl: (mediaId: string) => string;
}

/**
 * One WhatsApp Cloud API message as InboundMessage v1. The sender's number (WhatsApp's `from`,
 * digits) becomes a `whatsapp` identity in E.164, so it matches the same number's SMS and calls; the
 * business-scoped user id rides beside it, and alone when the user hides the number. The number
 * comes first: it keys the Kafka partition, shared with that number's SMS.
 */
export function normalizeWhatsappMessage(value: WhatsappChangeValue, message: WhatsappMessage, context: WhatsappNormalizeContext): NormalizedWhatsappMessage {
  const contact = contactOf(value, message);
  const identities = senderIdentities(message, contact);
  if (identities.length === 0) {
    throw new WebhookError(WebhookErrorCode.PayloadInvalid, `WhatsApp message ${message.id} names no usable sender (neither a number in "from" nor a business-scoped user id)`);
  }
  const name = contact?.profile?.name ?? contact?.profile?.username;
  return {
    message: {
      schemaVersion: 1,
      // Derived from WhatsApp's id, so a redelivered webhook is the same record and joins the same trace.
      messageId: stableUuid('whatsapp-cloud', message.id),
      tenantId: context.tenantId,
      channel: 'whatsapp',
      provider: 'whatsapp-cloud',
      providerMessageId: message.id,
      dedupeKey: `whatsapp-cloud:${message.id}`,
      receivedAt: context.receivedAt.toISOString(),
      sentAt: new Date(Number(message.timestamp) * 1000).toISOString(),
      sender: { identities, ...(name ? { displayName: name.slice(0, 256) } : {}) },
      // The phone-number id is what replies are sent from; the number people dial is its display name.
      inbox: { address: value.metadata.phone_number_id, displayName: value.metadata.display_phone_number },
      thread: { references: [] },
      text: whatsappMessageText(message),
      attachments: [],
      // A number change is WhatsApp telling us, not the customer asking: never answered automatically.
      autoSubmitted: message.type === 'system' ? { flagged: true, reason: 'other' } : { flagged: false },
      traceId: createHash('sha256').update(`whatsapp-cloud:${message.id}`).digest('hex').slice(0, 32),
      extras: extrasOf(message),
    },
    media: announcedMedia(message, context),
  };
}

function contactOf(value: WhatsappChangeValue, message: WhatsappMessage): WhatsappContact | undefined {
  const contacts = value.contacts ?? [];
  const matching = contacts.find(
    (contact) => (message.from !== undefined && contact.wa_id === message.from) || (message.from_user_id !== undefined && contact.user_id === message.from_user_id),
  );
  // One message, one contact: Meta sends it without a key to match only in payloads of a single message.
  return matching ?? (contacts.length === 1 && (value.messages?.length ?? 0) === 1 ? contacts[0] : undefined);
}

function senderIdentities(message: WhatsappMessage, contact: WhatsappContact | undefined): ContactIdentity[] {
  const candidates: unknown[] = [];
  const number = message.from ?? contact?.wa_id;
  if (number !== undefined) candidates.push({ kind: 'whatsapp', value: `+${number}` });
  const userId = message.from_user_id ?? contact?.user_id;
  if (userId !== undefined) candidates.push({ kind: 'whatsapp-user', value: userId });
  // A value the contract refuses (an impossible number) is left out rather than failing the message,
  // as long as another identity names the sender.
  return candidates.flatMap((candidate) => {
    const parsed = ContactIdentitySchema.safeParse(candidate);
    return parsed.success ? [parsed.data] : [];
  });
}

function announcedMedia(message: WhatsappMessage, context: WhatsappNormalizeContext): AnnouncedMedia[] {
  return WHATSAPP_MEDIA_TYPES.flatMap((type): AnnouncedMedia[] => {
    const media = message[type];
    if (message.type !== type || media === undefined) return [];
    // The contract's own rule for media types; one it would refuse is left out, not the message.
    const typed = media.mime_type !== undefined && AttachmentRefSchema.shape.contentType.safeParse(media.mime_type).success ? { contentType: media.mime_type } : {};
    // The media id, not the download URL (which expires after five minutes), is what a retry asks again.
    // The contract's name is 1 to 512 characters; WhatsApp's file names are the customer's, of any length.
    const name = (media.filename || type).slice(0, 512);
    return [{ attachmentId: stableUuid('whatsapp-cloud', message.id, 'media'), url: context.mediaUrl(media.id), name, ...typed }];
  });
}

function extrasOf(message: WhatsappMessage): Record<string, string> {
  const extras: Record<string, string> = { whatsappType: message.type };
  if (message.context?.id) extras['whatsappReplyTo'] = message.context.id;
  if (message.interactive?.button_reply) extras['whatsappButtonId'] = message.interactive.button_reply.id;
  if (message.interactive?.list_reply) extras['whatsappListId'] = message.interactive.list_reply.id;
  if (message.button?.payload) extras['whatsappButtonPayload'] = message.button.payload;
  if (message.reaction) extras['whatsappReactionTo'] = message.reaction.message_id;
  return extras;
}
