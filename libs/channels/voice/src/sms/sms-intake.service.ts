import { stableUuid, type PendingAttachment } from '@tributary/contracts';
import { attachmentError, inboundHandoffRecord, type AnnouncedMedia, type DurableHandoff, type HandoffOutcome, type MediaIntake } from '@tributary/channel-kit';
import type { PhoneDirectory } from '../twilio/phone-directory';
import { firstValues } from '../twilio/twilio-params.util';
import type { TwilioParams } from '../twilio/twilio-signature.util';
import { TwilioWebhookError, TwilioWebhookErrorCode } from '../twilio/twilio-webhook.error';
import { normalizeSms } from './sms-normalizer.util';
import { TwilioSmsWebhookSchema, type TwilioSmsWebhook } from './twilio-sms.schema';

/**
 * Incoming SMS/MMS (already verified): media into the blob store within the webhook's deadline,
 * the message into the hand-off. Media that is not stored by then is announced on the message as
 * pending (retried in the background, its outcome reported as AttachmentStatus v1) or failed with
 * the reason: never dropped, never silently.
 */
export class SmsIntake {
  constructor(
    private readonly directory: PhoneDirectory,
    private readonly handoff: DurableHandoff,
    private readonly media: MediaIntake,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async receive(params: TwilioParams): Promise<HandoffOutcome> {
    const flat = firstValues(params);
    const parsed = TwilioSmsWebhookSchema.safeParse(flat);
    if (!parsed.success) {
      const detail = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
      throw new TwilioWebhookError(TwilioWebhookErrorCode.InvalidPayload, `not an SMS webhook: ${detail}`);
    }
    const sms = parsed.data;
    const line = this.directory.lineFor(sms.To);
    const message = normalizeSms(sms, { line, receivedAt: this.now(), attachments: [], pendingAttachments: [] });
    const { announced, unusable } = announcedMedia(sms, flat);
    // Returns once the retries it needs are queued: the message may say "pending" only after that.
    const collected = await this.media.collect(
      { messageId: message.messageId, tenantId: message.tenantId, channel: 'sms', provider: 'twilio', traceId: message.traceId },
      announced,
    );
    const pendingAttachments = [...collected.pendingAttachments, ...unusable];
    return this.handoff.handOff(
      inboundHandoffRecord({ ...message, attachments: collected.attachments, ...(pendingAttachments.length > 0 ? { pendingAttachments } : {}) }),
    );
  }
}

/** Twilio's `NumMedia` with `MediaUrl<n>`/`MediaContentType<n>`; one announced without a URL is failed, not skipped. */
function announcedMedia(sms: TwilioSmsWebhook, flat: Readonly<Record<string, string>>): { announced: AnnouncedMedia[]; unusable: PendingAttachment[] } {
  const announced: AnnouncedMedia[] = [];
  const unusable: PendingAttachment[] = [];
  for (let index = 0; index < sms.NumMedia; index += 1) {
    // Stable across Twilio's retries of the webhook, so a repeat finds its retry queued already.
    const attachmentId = stableUuid('twilio', sms.MessageSid, 'media', String(index));
    const name = `media-${index}`;
    const contentType = flat[`MediaContentType${index}`];
    const typed = contentType && contentType.length >= 3 && contentType.length <= 255 ? { contentType } : {};
    const url = flat[`MediaUrl${index}`];
    if (url) announced.push({ attachmentId, url, name, ...typed });
    else unusable.push({ attachmentId, name, ...typed, state: 'failed', error: attachmentError('INVALID_URL', `Twilio announced ${name} without MediaUrl${index}`) });
  }
  return { announced, unusable };
}
