import { isValidTwilioSignature, type TwilioParams } from './twilio-signature.util';
import { TwilioWebhookError, TwilioWebhookErrorCode } from './twilio-webhook.error';

/** Checks X-Twilio-Signature against the public URL Twilio was configured with. */
export class TwilioWebhookVerifier {
  constructor(
    private readonly authToken: string,
    /** e.g. https://voice.example.com — the path and query Twilio called are appended to it. */
    private readonly publicBaseUrl: string,
  ) {}

  publicUrl(pathAndQuery: string): string {
    return `${this.publicBaseUrl}${pathAndQuery}`;
  }

  verify(pathAndQuery: string, params: TwilioParams, signature: string | undefined): void {
    if (!isValidTwilioSignature(this.authToken, this.publicUrl(pathAndQuery), params, signature)) {
      throw new TwilioWebhookError(TwilioWebhookErrorCode.SignatureInvalid, 'X-Twilio-Signature is missing or does not match');
    }
  }
}
