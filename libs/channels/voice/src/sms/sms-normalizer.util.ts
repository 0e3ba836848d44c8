import { stableUuid } from '@tributary/contracts';
import type { AttachmentRef, InboundMessageV1Input } from '@tributary/contracts';
import type { PhoneLine } from '../config/phone-line.schema';
import { traceIdFor } from '../util/trace-id.util';
import type { TwilioSmsWebhook } from './twilio-sms.schema';

export interface SmsContext {
  readonly line: PhoneLine;
  readonly receivedAt: Date;
  /** MMS media already copied into the blob store. */
  readonly attachments: readonly AttachmentRef[];
  /** Media Twilio announced but that could not be copied: kept as URLs so nothing is silently dropped. */
  readonly unfetchedMediaUrls: readonly string[];
}

/** One incoming SMS/MMS as InboundMessage v1; the MessageSid is the dedupe key, so a replay is stored once. */
export function normalizeSms(sms: TwilioSmsWebhook, context: SmsContext): InboundMessageV1Input {
  const extras: Record<string, string | number> = { numMedia: sms.NumMedia };
  if (sms.NumSegments !== undefined) extras['numSegments'] = sms.NumSegments;
  context.unfetchedMediaUrls.forEach((url, index) => (extras[`mediaUrl${index}`] = url));
  return {
    schemaVersion: 1,
    messageId: stableUuid('twilio', sms.MessageSid),
    tenantId: context.line.tenantId,
    channel: 'sms',
    provider: 'twilio',
    providerMessageId: sms.MessageSid,
    dedupeKey: `twilio:message:${sms.MessageSid}`,
    receivedAt: context.receivedAt.toISOString(),
    sender: { identities: [{ kind: 'phone', value: sms.From }] },
    inbox: { address: sms.To, ...(context.line.displayName ? { displayName: context.line.displayName } : {}) },
    thread: { references: [] },
    text: sms.Body,
    attachments: [...context.attachments],
    autoSubmitted: { flagged: false },
    traceId: traceIdFor(sms.MessageSid),
    extras,
  };
}
