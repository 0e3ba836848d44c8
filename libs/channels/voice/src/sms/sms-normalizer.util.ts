import { stableUuid } from '@tributary/contracts';
import type { AttachmentRef, InboundMessageV1Input, PendingAttachment } from '@tributary/contracts';
import type { PhoneLine } from '../config/phone-line.schema';
import { traceIdFor } from '../util/trace-id.util';
import type { TwilioSmsWebhook } from './twilio-sms.schema';

export interface SmsContext {
  readonly line: PhoneLine;
  readonly receivedAt: Date;
  /** MMS media already copied into the blob store. */
  readonly attachments: readonly AttachmentRef[];
  /** MMS media Twilio announced that is not in the blob store: being retried, or failed with the reason. */
  readonly pendingAttachments: readonly PendingAttachment[];
}

/** One incoming SMS/MMS as InboundMessage v1; the MessageSid is the dedupe key, so a replay is stored once. */
export function normalizeSms(sms: TwilioSmsWebhook, context: SmsContext): InboundMessageV1Input {
  const extras: Record<string, string | number> = { numMedia: sms.NumMedia };
  if (sms.NumSegments !== undefined) extras['numSegments'] = sms.NumSegments;
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
    // Left out when there is none, so a plain SMS reads exactly as before the field existed.
    ...(context.pendingAttachments.length > 0 ? { pendingAttachments: [...context.pendingAttachments] } : {}),
    autoSubmitted: { flagged: false },
    traceId: traceIdFor(sms.MessageSid),
    extras,
  };
}
