import type { PhoneLine, PhoneLines } from '../config/phone-line.schema';
import { TwilioWebhookError, TwilioWebhookErrorCode } from './twilio-webhook.error';

/** Which tenant a called number belongs to; a number we do not serve is refused, never guessed. */
export class PhoneDirectory {
  constructor(private readonly lines: PhoneLines) {}

  lineFor(number: string): PhoneLine {
    const line = this.lines[number];
    if (!line) throw new TwilioWebhookError(TwilioWebhookErrorCode.UnknownNumber, `no tenant is configured for ${number}`);
    return line;
  }
}
