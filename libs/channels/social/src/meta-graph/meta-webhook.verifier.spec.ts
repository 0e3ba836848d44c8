import { WebhookError, WebhookErrorCode, type WebhookRequest } from '@tributary/channel-kit';
import { signedMetaWebhook } from '../whatsapp-cloud/emulation/meta-json.util';
import { hubSignature } from './hub-signature.util';
import { MetaWebhookVerifier } from './meta-webhook.verifier';

const SECRET = 'app-secret-0123456789abcdef';
const ROTATED = 'app-secret-fedcba9876543210';
const BASE = 'https://social.example.com';
/** Non-ASCII, an emoji and "/", all of which Meta escapes in the bytes it signs. */
const PAYLOAD = {
  object: 'whatsapp_business_account',
  entry: [{ id: '102290129340398', changes: [{ field: 'messages', value: { messages: [{ type: 'text', text: { body: 'Hola quiero un café 😮 https://example.com/a' } }] } }] }],
};

function request(rawBody: Buffer, headers: WebhookRequest['headers']): WebhookRequest {
  return { rawBody, headers, publicUrl: `${BASE}/webhooks/whatsapp` };
}

function refusal(verifier: MetaWebhookVerifier, webhook: WebhookRequest): WebhookError {
  try {
    verifier.verify(webhook);
  } catch (error) {
    if (error instanceof WebhookError) return error;
    throw error;
  }
  throw new Error('expected a WebhookError, the webhook was accepted');
}

describe('MetaWebhookVerifier', () => {
  const verifier = new MetaWebhookVerifier([SECRET, ROTATED], BASE);

  it("accepts Meta's escaped bytes signed with either of two rotated secrets", () => {
    for (const secret of [SECRET, ROTATED]) {
      const { rawBody, headers } = signedMetaWebhook(PAYLOAD, secret);
      expect(() => verifier.verify(request(rawBody, headers))).not.toThrow();
    }
  });

  it('refuses a webhook without the signature header', () => {
    const { rawBody } = signedMetaWebhook(PAYLOAD, SECRET);
    expect(refusal(verifier, request(rawBody, { 'content-type': 'application/json' })).code).toBe(WebhookErrorCode.SignatureInvalid);
  });

  it('refuses a repeated signature header, even when one copy is right', () => {
    const { rawBody, headers } = signedMetaWebhook(PAYLOAD, SECRET);
    const right = headers['x-hub-signature-256'] ?? '';
    expect(refusal(verifier, request(rawBody, { 'x-hub-signature-256': [right, right] })).code).toBe(WebhookErrorCode.SignatureInvalid);
  });

  it('refuses a signature under a secret that is not configured', () => {
    const { rawBody, headers } = signedMetaWebhook(PAYLOAD, 'someone-elses-secret-0000');
    expect(refusal(verifier, request(rawBody, headers)).code).toBe(WebhookErrorCode.SignatureInvalid);
  });

  it('refuses a body changed by one byte', () => {
    const { rawBody, headers } = signedMetaWebhook(PAYLOAD, SECRET);
    const changed = Buffer.from(rawBody);
    const at = changed.indexOf('caf');
    changed[at] = 'C'.charCodeAt(0);
    expect(refusal(verifier, request(changed, headers)).code).toBe(WebhookErrorCode.SignatureInvalid);
  });

  it("refuses the body re-serialized from its parsed JSON (Meta's \\u escapes undone), which is not what Meta signed", () => {
    const { rawBody, headers } = signedMetaWebhook(PAYLOAD, SECRET);
    expect(rawBody.toString('utf8')).toContain('caf\\u00e9 \\ud83d\\ude2e https:\\/\\/');
    const reserialized = Buffer.from(JSON.stringify(JSON.parse(rawBody.toString('utf8'))), 'utf8');
    expect(refusal(verifier, request(reserialized, headers)).code).toBe(WebhookErrorCode.SignatureInvalid);
  });

  it('refuses a signature of the re-serialized bytes when the bytes received are the escaped ones', () => {
    const { rawBody } = signedMetaWebhook(PAYLOAD, SECRET);
    const overDecoded = hubSignature(SECRET, Buffer.from(JSON.stringify(PAYLOAD), 'utf8'));
    expect(refusal(verifier, request(rawBody, { 'x-hub-signature-256': overDecoded })).code).toBe(WebhookErrorCode.SignatureInvalid);
  });

  it('refuses to be built without an app secret', () => {
    expect(() => new MetaWebhookVerifier([], BASE)).toThrow(/at least one app secret/);
  });
});
