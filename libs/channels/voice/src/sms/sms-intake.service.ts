import type { AttachmentRef } from '@tributary/contracts';
import { inboundHandoffRecord, type DurableHandoff, type HandoffOutcome } from '@tributary/channel-kit';
import type { PhoneDirectory } from '../twilio/phone-directory';
import type { TwilioMediaFetcher } from '../twilio/twilio-media.fetcher';
import { firstValues } from '../twilio/twilio-params.util';
import type { TwilioParams } from '../twilio/twilio-signature.util';
import { TwilioWebhookError, TwilioWebhookErrorCode } from '../twilio/twilio-webhook.error';
import { normalizeSms } from './sms-normalizer.util';
import { TwilioSmsWebhookSchema } from './twilio-sms.schema';

/** Incoming SMS/MMS (already verified): media into the blob store, the message into the hand-off. */
export class SmsIntake {
  constructor(
    private readonly directory: PhoneDirectory,
    private readonly handoff: DurableHandoff,
    private readonly media: TwilioMediaFetcher,
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
    const attachments: AttachmentRef[] = [];
    const unfetchedMediaUrls: string[] = [];
    for (let index = 0; index < sms.NumMedia; index += 1) {
      const url = flat[`MediaUrl${index}`];
      if (!url) continue;
      try {
        const blob = await this.media.fetchToBlob(url);
        const contentType = flat[`MediaContentType${index}`] ?? blob.contentType;
        attachments.push({ name: `media-${index}`, contentType, sizeBytes: blob.sizeBytes, sha256: blob.sha256, storageUri: blob.storageUri });
      } catch {
        // Twilio keeps MMS media, so a reference that could not be copied now is still worth passing on.
        unfetchedMediaUrls.push(url);
      }
    }
    const message = normalizeSms(sms, { line, receivedAt: this.now(), attachments, unfetchedMediaUrls });
    return this.handoff.handOff(inboundHandoffRecord(message));
  }
}
