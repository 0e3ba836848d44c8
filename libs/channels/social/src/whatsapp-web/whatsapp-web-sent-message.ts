/** A reply Tributary sent through a whatsapp-web.js session, as remembered for its acks. */
export interface WhatsappWebSentMessage {
  /** The linked number it was sent from (E.164). */
  readonly number: string;
  /** The message key id (`id.id`), chosen by our device: stable whichever way WhatsApp names the chat. */
  readonly keyId: string;
  /** `id._serialized` as whatsapp-web.js returned it. */
  readonly messageId: string;
  readonly outboundId: string;
  readonly tenantId: string;
  readonly ticketId: string;
  readonly traceId: string;
}

/**
 * Which messages of a number Tributary sent, shared by every replica: after a takeover the new holder
 * maps the acks of replies the old one sent, and tells them apart from messages typed on the phone.
 */
export interface WhatsappWebSentMessagesPort {
  record(sent: WhatsappWebSentMessage): Promise<void>;
  find(number: string, keyId: string): Promise<WhatsappWebSentMessage | undefined>;
}
