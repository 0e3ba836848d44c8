import { WebhookError, WebhookErrorCode, type WebhookRequest, type WebhookVerifierPort } from '@tributary/channel-kit';
import { HUB_SIGNATURE_HEADER, isValidHubSignature } from './hub-signature.util';

/**
 * Meta's webhook signature, checked over the raw bytes as received: Meta signs the JSON it sent, with
 * non-ASCII escaped as \uXXXX, so a body parsed and serialized again no longer matches. A replayed
 * webhook passes and is harmless: its dedupe key stores it once.
 */
export class MetaWebhookVerifier implements WebhookVerifierPort {
  constructor(
    private readonly appSecrets: readonly string[],
    /** e.g. https://social.example.com: the callback URL configured in the Meta app, before any proxy. */
    readonly publicBaseUrl: string,
  ) {
    if (appSecrets.length === 0) throw new Error('MetaWebhookVerifier needs at least one app secret');
  }

  verify(request: WebhookRequest): void {
    const received = request.headers[HUB_SIGNATURE_HEADER];
    // A repeated header is refused rather than guessed at.
    if (typeof received !== 'string') throw new WebhookError(WebhookErrorCode.SignatureInvalid, `${HUB_SIGNATURE_HEADER} is missing or repeated`);
    if (!isValidHubSignature(received, request.rawBody, this.appSecrets)) {
      throw new WebhookError(WebhookErrorCode.SignatureInvalid, `${HUB_SIGNATURE_HEADER} does not match the body under any configured app secret`);
    }
  }
}
