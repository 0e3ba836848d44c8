import type { SmsApiPort, SmsToSend } from '../replies/sms-api.port';
import { SmsApiError } from '../replies/sms-api.error';
import type { TwilioClient } from './twilio-api-client.util';

/**
 * Refusals of ours to fix, not the customer's: our credentials or account (20003, 20005, 20403), our
 * request rate (20429), or the sender number we configured, missing or not the account's own (21603,
 * 21606, 21659, 21660). Fixing configuration and retrying sends the same reply, so they are retried,
 * never reported as the reply's failure. Every other 4xx is about this message or its recipient
 * (21211 invalid To, 21604 no To, 21602 no Body, 21610 opted out, 21617 too long …): sending it again
 * cannot help, so it is a failed delivery.
 */
const OUR_SIDE_ERRORS = new Set([20003, 20005, 20403, 20429, 21603, 21606, 21659, 21660]);
/** 21610: the recipient replied STOP; nothing reaches them on this line until they text START. */
const RECIPIENT_UNREACHABLE_ERRORS = new Set([21610]);

/** Messages API through the twilio package. */
export class TwilioSmsApi implements SmsApiPort {
  constructor(private readonly client: TwilioClient) {}

  async createMessage(sms: SmsToSend): Promise<{ readonly sid: string }> {
    try {
      const content = sms.contentSid !== undefined ? { contentSid: sms.contentSid } : { body: sms.body ?? '' };
      const message = await this.client.messages.create({ to: sms.to, from: sms.from, ...content, statusCallback: sms.statusCallback });
      return { sid: message.sid };
    } catch (error) {
      const { code, status, message } = error as { code?: unknown; status?: unknown; message?: unknown };
      const httpStatus = typeof status === 'number' ? status : 0;
      const twilioCode = typeof code === 'number' ? code : 0;
      const permanent = httpStatus >= 400 && httpStatus < 500 && httpStatus !== 429 && !OUR_SIDE_ERRORS.has(twilioCode);
      throw new SmsApiError(
        twilioCode ? String(twilioCode) : `HTTP_${httpStatus || 'ERROR'}`,
        typeof message === 'string' ? message : 'Twilio request failed',
        permanent,
        permanent && RECIPIENT_UNREACHABLE_ERRORS.has(twilioCode),
      );
    }
  }
}
