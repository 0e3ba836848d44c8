import type { ProviderNames } from '../provider-names';

/** `<provider>-webhook.verifier.ts`: the kit's WebhookVerifierPort for the provider's signature. */
export function webhookVerifierTemplate(n: ProviderNames): string {
  const header = `${n.constant}_SIGNATURE_HEADER`;
  return `import { timingSafeEqual } from 'node:crypto';
import { WebhookError, WebhookErrorCode, type WebhookRequest, type WebhookVerifierPort } from '@tributary/channel-kit';
import { ${header}, ${n.camel}Signature } from './${n.provider}-signature.util';

/**
 * Checks ${n.provider}'s webhook signature over the raw body with the shared secret. A replayed
 * webhook passes and is harmless: its dedupe key stores it once.
 */
export class ${n.pascal}WebhookVerifier implements WebhookVerifierPort {
  constructor(
    private readonly secret: string,
    /** e.g. https://ingest.example.com: the URL ${n.provider} was configured to call. */
    readonly publicBaseUrl: string,
  ) {}

  verify(request: WebhookRequest): void {
    const received = request.headers[${header}];
    // A repeated header is refused rather than guessed at.
    if (typeof received !== 'string') throw new WebhookError(WebhookErrorCode.SignatureInvalid, \`\${${header}} is missing or repeated\`);
    const expected = Buffer.from(${n.camel}Signature(this.secret, request.rawBody));
    const given = Buffer.from(received);
    // timingSafeEqual needs equal lengths; the length only tells the (public) format, never the secret.
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      throw new WebhookError(WebhookErrorCode.SignatureInvalid, \`\${${header}} does not match the body\`);
    }
  }
}
`;
}
