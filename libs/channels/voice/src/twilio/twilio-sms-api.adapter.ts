import type { SmsApiPort, SmsToSend } from '../replies/sms-api.port';
import { SmsApiError } from '../replies/sms-api.error';
import type { TwilioClient } from './twilio-api-client.util';

/** Twilio error codes that mean our own credentials or account are wrong: fix config, then retry. */
const ACCOUNT_ERRORS = new Set([20003, 20005, 20403]);

/** Messages API through the twilio package. */
export class TwilioSmsApi implements SmsApiPort {
  constructor(private readonly client: TwilioClient) {}

  async createMessage(sms: SmsToSend): Promise<{ readonly sid: string }> {
    try {
      const message = await this.client.messages.create({ to: sms.to, from: sms.from, body: sms.body, statusCallback: sms.statusCallback });
      return { sid: message.sid };
    } catch (error) {
      const { code, status, message } = error as { code?: unknown; status?: unknown; message?: unknown };
      const httpStatus = typeof status === 'number' ? status : 0;
      const twilioCode = typeof code === 'number' ? code : 0;
      const permanent = httpStatus >= 400 && httpStatus < 500 && httpStatus !== 429 && !ACCOUNT_ERRORS.has(twilioCode);
      throw new SmsApiError(twilioCode ? String(twilioCode) : `HTTP_${httpStatus || 'ERROR'}`, typeof message === 'string' ? message : 'Twilio request failed', permanent);
    }
  }
}
