import type { PhoneLine, PhoneLines } from '../config/phone-line.schema';
import { TwilioWebhookError, TwilioWebhookErrorCode } from './twilio-webhook.error';

/**
 * Which tenant a called number belongs to: an E.164 number or a short code, looked up exactly as
 * Twilio writes it in `To` (a short code without + or country code). A number we do not serve is
 * refused, never guessed.
 */
export class PhoneDirectory {
  constructor(private readonly lines: PhoneLines) {}

  lineFor(number: string): PhoneLine {
    // Own keys only: a "number" such as `constructor` must not find Object's prototype.
    const line = Object.hasOwn(this.lines, number) ? this.lines[number] : undefined;
    if (!line) throw new TwilioWebhookError(TwilioWebhookErrorCode.UnknownNumber, `no tenant is configured for ${number}`);
    return line;
  }
}
