import { WebhookError, WebhookErrorCode, type WebhookRequest, type WebhookVerifierPort } from '@tributary/channel-kit';
import { isValidTwilioSignature, twilioFormParams } from './twilio-signature.util';

/** Checks X-Twilio-Signature against the public URL Twilio was configured with. */
export class TwilioWebhookVerifier implements WebhookVerifierPort {
  constructor(
    private readonly authToken: string,
    /** e.g. https://voice.example.com — the path and query Twilio called are appended to it. */
    readonly publicBaseUrl: string,
  ) {}

  verify(request: WebhookRequest): void {
    // Twilio signs the decoded form parameters, not the bytes: they are read from the raw body so the
    // check does not depend on how the app's body parser shapes them.
    const params = twilioFormParams(request.rawBody);
    if (!isValidTwilioSignature(this.authToken, request.publicUrl, params, singleHeader(request.headers['x-twilio-signature']))) {
      throw new WebhookError(WebhookErrorCode.SignatureInvalid, 'X-Twilio-Signature is missing or does not match');
    }
  }
}

/** A repeated signature header is refused rather than guessed at. */
function singleHeader(value: string | string[] | undefined): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
