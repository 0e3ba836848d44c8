import { AttachmentRefSchema, stableUuid, type InboundMessageV1Input, type PendingAttachment } from '@tributary/contracts';
import { attachmentError, inboundHandoffRecord, type AnnouncedMedia, type DurableHandoff, type HandoffOutcome, type MediaIntake } from '@tributary/channel-kit';
import type { PhoneDirectory } from '../twilio/phone-directory';
import { firstValues } from '../twilio/twilio-params.util';
import type { TwilioParams } from '../twilio/twilio-signature.util';
import { TwilioWebhookError, TwilioWebhookErrorCode } from '../twilio/twilio-webhook.error';
import { normalizeSms } from './sms-normalizer.util';
import { TwilioSmsWebhookSchema } from './twilio-sms.schema';
import { normalizeTwilioWhatsapp, withoutWhatsappPrefix } from '../whatsapp/twilio-whatsapp-normalizer.util';
import { isTwilioWhatsapp, TwilioWhatsappWebhookSchema } from '../whatsapp/twilio-whatsapp.schema';
import type { z } from 'zod';

/**
 * Incoming SMS/MMS and WhatsApp messages through Twilio (already verified): media into the blob store
 * within the webhook's deadline, the message into the hand-off. Media that is not stored by then is announced on the message as
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
    const receivedAt = this.now();
    const empty = { receivedAt, attachments: [], pendingAttachments: [] };
    let message: InboundMessageV1Input;
    let media: { MessageSid: string; NumMedia: number };
    if (isTwilioWhatsapp(flat)) {
      const whatsapp = parseParams(TwilioWhatsappWebhookSchema, flat, 'a WhatsApp webhook');
      message = normalizeTwilioWhatsapp(whatsapp, { ...empty, line: this.directory.lineFor(withoutWhatsappPrefix(whatsapp.To)) });
      media = whatsapp;
    } else {
      const sms = parseParams(TwilioSmsWebhookSchema, flat, 'an SMS webhook');
      message = normalizeSms(sms, { ...empty, line: this.directory.lineFor(sms.To) });
      media = sms;
    }
    const { announced, unusable } = announcedMedia(media, flat);
    // Returns once the retries it needs are queued: the message may say "pending" only after that.
    const collected = await this.media.collect(
      { messageId: message.messageId, tenantId: message.tenantId, channel: message.channel, provider: 'twilio', traceId: message.traceId },
      announced,
    );
    const pendingAttachments = [...collected.pendingAttachments, ...unusable];
    return this.handoff.handOff(
      inboundHandoffRecord({ ...message, attachments: collected.attachments, ...(pendingAttachments.length > 0 ? { pendingAttachments } : {}) }),
    );
  }
}

function parseParams<T extends z.ZodType>(schema: T, flat: Readonly<Record<string, string>>, what: string): z.infer<T> {
  const parsed = schema.safeParse(flat);
  if (!parsed.success) {
    const detail = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
    throw new TwilioWebhookError(TwilioWebhookErrorCode.InvalidPayload, `not ${what}: ${detail}`);
  }
  return parsed.data;
}

/** Twilio's `NumMedia` with `MediaUrl<n>`/`MediaContentType<n>`; one announced without a URL is failed, not skipped. */
function announcedMedia(sms: { readonly MessageSid: string; readonly NumMedia: number }, flat: Readonly<Record<string, string>>): { announced: AnnouncedMedia[]; unusable: PendingAttachment[] } {
  const announced: AnnouncedMedia[] = [];
  const unusable: PendingAttachment[] = [];
  for (let index = 0; index < sms.NumMedia; index += 1) {
    // Stable across Twilio's retries of the webhook, so a repeat finds its retry queued already.
    const attachmentId = stableUuid('twilio', sms.MessageSid, 'media', String(index));
    const name = `media-${index}`;
    const contentType = flat[`MediaContentType${index}`];
    // The contract's own rule (zod counts code points, not UTF-16 units): a type it would refuse is
    // left out rather than failing the whole message.
    const typed = contentType !== undefined && AttachmentRefSchema.shape.contentType.safeParse(contentType).success ? { contentType } : {};
    const url = flat[`MediaUrl${index}`];
    if (url) announced.push({ attachmentId, url, name, ...typed });
    else unusable.push({ attachmentId, name, ...typed, state: 'failed', error: attachmentError('INVALID_URL', `Twilio announced ${name} without MediaUrl${index}`) });
  }
  return { announced, unusable };
}
