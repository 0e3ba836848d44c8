import { twilioSignature } from '../twilio/twilio-signature.util';

export interface WebhookOptions {
  /** Replace the signature (a forged, truncated or missing one: pass null). */
  readonly signature?: string | null;
}

/**
 * Sends webhooks exactly as Twilio does: a form-encoded POST signed with X-Twilio-Signature over the
 * public URL (which may differ from the address actually called, as behind a TLS-terminating proxy).
 */
export class TwilioWebhookSender {
  constructor(
    private readonly authToken: string,
    private readonly appBaseUrl: string,
    private readonly publicBaseUrl: string,
  ) {}

  async post(pathAndQuery: string, params: Record<string, string>, options: WebhookOptions = {}): Promise<{ status: number; body: string; contentType: string }> {
    const signature = options.signature === undefined ? twilioSignature(this.authToken, `${this.publicBaseUrl}${pathAndQuery}`, params) : options.signature;
    const response = await fetch(`${this.appBaseUrl}${pathAndQuery}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'user-agent': 'TwilioProxy/1.1',
        ...(signature === null ? {} : { 'x-twilio-signature': signature }),
      },
      body: new URLSearchParams(params).toString(),
    });
    return { status: response.status, body: await response.text(), contentType: response.headers.get('content-type') ?? '' };
  }
}
