import { createHash } from 'node:crypto';
import { stableUuid, type InboundMessageV1Input } from '@tributary/contracts';
import type { WhatsappWebMessage } from './whatsapp-web-client.port';
import { phoneOfWhatsappWebId, whatsappWebIdKind } from './whatsapp-web-id.util';

/** Why a message event produced no InboundMessage (logged with it, never silently dropped). */
export type WhatsappWebIgnoreReason = 'own-message' | 'customer-message' | 'group' | 'status' | 'broadcast' | 'newsletter' | 'unsupported-type' | 'sender-unresolved';

export type WhatsappWebNormalized =
  | { readonly kind: 'message'; readonly message: InboundMessageV1Input }
  | { readonly kind: 'ignored'; readonly reason: WhatsappWebIgnoreReason; readonly detail: string };

export interface WhatsappWebNormalizeContext {
  readonly tenantId: string;
  /** The linked number that received it, in E.164 (the inbox, and what replies are sent from). */
  readonly number: string;
  readonly receivedAt: Date;
  /** The phone number (E.164) behind a `…@lid` sender, asked of the Client; undefined when WhatsApp does not tell. */
  readonly phoneOfLid: (lid: string) => Promise<string | undefined>;
}

const TEXT_TYPES = new Set(['chat', 'list_response', 'buttons_response', 'template_button_reply']);
const MEDIA_TYPES = new Set(['image', 'video', 'audio', 'ptt', 'document', 'sticker']);

/**
 * One whatsapp-web.js `message` as InboundMessage v1. The sender becomes a `whatsapp` identity in
 * E.164, so the same number's SMS, calls and Cloud API messages are one contact; a `@lid` sender
 * (WhatsApp hiding the number) is mapped to its number through the Client first.
 *
 * The dedupe key is the sender's number plus the message key id, not `id._serialized` as such: the
 * serialized id embeds the chat id, and WhatsApp Web names one chat by `@lid` or by `@c.us`
 * depending on its addressing mode, so one message seen by two Clients (a takeover's re-sync) could
 * carry two serialized ids; the key id is chosen once by the sender's device. `providerMessageId`
 * keeps `id._serialized`, which is what quoting it in a reply needs.
 */
export async function normalizeWhatsappWebMessage(message: WhatsappWebMessage, context: WhatsappWebNormalizeContext): Promise<WhatsappWebNormalized> {
  if (message.fromMe) return { kind: 'ignored', reason: 'own-message', detail: 'sent from this number' };
  return normalize(message, message.from, context, (customer) => `whatsapp-web:${customer}:${message.id.id}`);
}

/**
 * A message typed on the linked phone itself (or another of its linked devices), not sent by
 * Tributary, as InboundMessage v1 with `direction: 'outbound'`: the business answered the customer
 * outside the helpdesk, and the router shows it on the customer's ticket as an agent's message.
 * `sender` is the customer the chat is with. The dedupe key is the linked number plus the key id our
 * own device chose, the same whichever replica's Client sees it and however the chat is named.
 */
export async function normalizeWhatsappWebPhoneMessage(message: WhatsappWebMessage, context: WhatsappWebNormalizeContext): Promise<WhatsappWebNormalized> {
  if (!message.fromMe) return { kind: 'ignored', reason: 'customer-message', detail: 'not sent from this number' };
  return normalize(message, message.to, context, () => `whatsapp-web-phone:${context.number}:${message.id.id}`);
}

async function normalize(
  message: WhatsappWebMessage,
  chat: string,
  context: WhatsappWebNormalizeContext,
  dedupeKeyOf: (customer: string) => string,
): Promise<WhatsappWebNormalized> {
  const outbound = message.fromMe;
  const ignored = ignoredChat(message, chat);
  if (ignored) return ignored;
  const text = textOf(message);
  if (text === undefined) return { kind: 'ignored', reason: 'unsupported-type', detail: `message type ${message.type} carries nothing for a ticket` };
  const customer = await customerPhone(chat, context);
  if (customer === undefined) {
    return { kind: 'ignored', reason: 'sender-unresolved', detail: `WhatsApp did not tell the number behind ${chat}` };
  }
  const dedupeKey = dedupeKeyOf(customer);
  return {
    kind: 'message',
    message: {
      schemaVersion: 1,
      // Derived from the dedupe key, so a redelivery (another replica's Client re-syncing) is the same record.
      messageId: stableUuid('whatsapp-web', dedupeKey),
      tenantId: context.tenantId,
      channel: 'whatsapp',
      provider: 'whatsapp-web',
      providerMessageId: message.id._serialized,
      dedupeKey,
      receivedAt: context.receivedAt.toISOString(),
      ...(message.timestamp > 0 ? { sentAt: new Date(message.timestamp * 1000).toISOString() } : {}),
      ...(outbound ? { direction: 'outbound' as const } : {}),
      sender: { identities: [{ kind: 'whatsapp', value: customer }] },
      inbox: { address: context.number },
      thread: { references: [] },
      text,
      attachments: [],
      ...(message.hasMedia ? { pendingAttachments: [unsupportedMedia(message, dedupeKey)] } : {}),
      autoSubmitted: { flagged: false },
      traceId: createHash('sha256').update(dedupeKey).digest('hex').slice(0, 32),
      extras: extrasOf(message, chat),
    },
  };
}

/** `chat`: who the message is from (a customer's) or to (one typed on the phone). */
function ignoredChat(message: WhatsappWebMessage, chat: string): WhatsappWebNormalized | undefined {
  if (message.isStatus) return { kind: 'ignored', reason: 'status', detail: 'a status update, not a message to the business' };
  // In a group `from` is the group and `author` the member; either marks a group message.
  const kind = message.author !== undefined && message.author !== '' ? 'group' : whatsappWebIdKind(chat);
  switch (kind) {
    case 'group':
      return { kind: 'ignored', reason: 'group', detail: `group messages are not tickets (${chat})` };
    case 'status':
      return { kind: 'ignored', reason: 'status', detail: 'a status update, not a message to the business' };
    case 'broadcast':
      return { kind: 'ignored', reason: 'broadcast', detail: `a broadcast list message (${chat})` };
    case 'newsletter':
      return { kind: 'ignored', reason: 'newsletter', detail: `a channel post (${chat})` };
    case 'phone':
    case 'lid':
      return undefined;
    case 'other':
      return { kind: 'ignored', reason: 'unsupported-type', detail: `unknown chat kind ${chat}` };
  }
}

async function customerPhone(chat: string, context: WhatsappWebNormalizeContext): Promise<string | undefined> {
  if (whatsappWebIdKind(chat) === 'lid') return context.phoneOfLid(chat);
  return phoneOfWhatsappWebId(chat);
}

/** The readable text of the types a customer writes; undefined for protocol noise (revokes, e2e notices, calls). */
function textOf(message: WhatsappWebMessage): string | undefined {
  if (TEXT_TYPES.has(message.type) || MEDIA_TYPES.has(message.type)) return message.body;
  if (message.type === 'location' && message.location) return locationText(message.location);
  if ((message.type === 'vcard' || message.type === 'multi_vcard') && message.vCards && message.vCards.length > 0) {
    return `Shared contact card:\n${message.vCards.join('\n')}`;
  }
  return undefined;
}

function locationText(location: NonNullable<WhatsappWebMessage['location']>): string {
  const label = [location.name, location.address].filter((part): part is string => Boolean(part)).join(', ');
  const where = `${String(location.latitude)}, ${String(location.longitude)}`;
  return [`Shared location: ${where}${label ? ` (${label})` : ''}`, location.url].filter((part): part is string => Boolean(part)).join('\n');
}

/**
 * Media are announced failed for now: whatsapp-web.js downloads them through the browser
 * (`downloadMedia`), only while the Client that saw the message lives, so the kit's URL-based retry
 * cannot fetch them later. The ticket says a file was sent rather than losing it silently.
 */
function unsupportedMedia(message: WhatsappWebMessage, dedupeKey: string): { attachmentId: string; name: string; state: 'failed'; error: { code: string; message: string } } {
  return {
    attachmentId: stableUuid('whatsapp-web', dedupeKey, 'media'),
    name: message.type,
    state: 'failed',
    error: {
      code: 'UNSUPPORTED',
      message: message.fromMe
        ? `a ${message.type} was sent from the phone of a whatsapp-web.js number, whose media Tributary does not store yet`
        : `the customer sent a ${message.type} over a whatsapp-web.js number, whose media Tributary does not store yet: ask for it another way`,
    },
  };
}

function extrasOf(message: WhatsappWebMessage, chat: string): Record<string, string | boolean> {
  const extras: Record<string, string | boolean> = { whatsappType: message.type };
  if (whatsappWebIdKind(chat) === 'lid') extras['whatsappLid'] = chat;
  if (message.hasQuotedMsg) extras['whatsappQuotes'] = true;
  if (message.isForwarded === true) extras['whatsappForwarded'] = true;
  return extras;
}
