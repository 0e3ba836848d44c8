import { ContactIdentitySchema, stableUuid, type ContactIdentity, type InboundMessageV1Input } from '@tributary/contracts';
import { traceIdFor } from '../util/trace-id.util';
import type { SmsContext } from '../sms/sms-normalizer.util';
import type { TwilioWhatsappWebhook } from './twilio-whatsapp.schema';

/** The line's number as the rest of Tributary writes it: `whatsapp:+4989…` → `+4989…`. */
export function withoutWhatsappPrefix(address: string): string {
  return address.replace(/^whatsapp:/, '');
}

/**
 * One WhatsApp message that came through Twilio as InboundMessage v1, with the same contact rules as
 * Meta's Cloud API: the number (from `From`, or `WaId` when `From` holds the user id) as a `whatsapp`
 * identity first, so it joins the same number's SMS and calls; the business-scoped user id beside it.
 */
export function normalizeTwilioWhatsapp(message: TwilioWhatsappWebhook, context: SmsContext): InboundMessageV1Input {
  const name = message.ProfileName?.slice(0, 256);
  return {
    schemaVersion: 1,
    messageId: stableUuid('twilio', message.MessageSid),
    tenantId: context.line.tenantId,
    channel: 'whatsapp',
    provider: 'twilio',
    providerMessageId: message.MessageSid,
    dedupeKey: `twilio:message:${message.MessageSid}`,
    receivedAt: context.receivedAt.toISOString(),
    sender: { identities: senderIdentities(message), ...(name ? { displayName: name } : {}) },
    inbox: { address: withoutWhatsappPrefix(message.To), ...(context.line.displayName ? { displayName: context.line.displayName } : {}) },
    thread: { references: [] },
    text: textOf(message),
    attachments: [...context.attachments],
    ...(context.pendingAttachments.length > 0 ? { pendingAttachments: [...context.pendingAttachments] } : {}),
    autoSubmitted: { flagged: false },
    traceId: traceIdFor(message.MessageSid),
    extras: {
      numMedia: message.NumMedia,
      ...(message.ButtonPayload ? { whatsappButtonPayload: message.ButtonPayload.slice(0, 2048) } : {}),
      ...(message.OriginalRepliedMessageSid ? { whatsappReplyTo: message.OriginalRepliedMessageSid.slice(0, 2048) } : {}),
    },
  };
}

function senderIdentities(message: TwilioWhatsappWebhook): ContactIdentity[] {
  const from = withoutWhatsappPrefix(message.From);
  const number = from.startsWith('+') ? from : message.WaId ? `+${message.WaId}` : undefined;
  const candidates: unknown[] = [];
  if (number) candidates.push({ kind: 'whatsapp', value: number });
  if (!from.startsWith('+')) candidates.push({ kind: 'whatsapp-user', value: from });
  return candidates.flatMap((candidate) => {
    const parsed = ContactIdentitySchema.safeParse(candidate);
    return parsed.success ? [parsed.data] : [];
  });
}

/** A tapped button or a shared location reads as a sentence, like the Cloud API's. */
function textOf(message: TwilioWhatsappWebhook): string {
  if (message.Body) return message.Body;
  if (message.ButtonText) return message.ButtonText;
  if (message.Latitude !== undefined && message.Longitude !== undefined) {
    const place = [message.Label, message.Address].filter(Boolean).join(', ');
    const coordinates = `${message.Latitude}, ${message.Longitude}`;
    return `Location: ${place ? `${place} (${coordinates})` : coordinates} https://maps.google.com/?q=${message.Latitude},${message.Longitude}`;
  }
  return '';
}
