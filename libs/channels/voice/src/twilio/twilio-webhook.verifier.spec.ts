import { WebhookError, WebhookErrorCode, type WebhookRequest } from '@tributary/channel-kit';
import { validateRequest } from 'twilio/lib/webhooks/webhooks';
import { twilioSignature } from './twilio-signature.util';
import { TwilioWebhookVerifier } from './twilio-webhook.verifier';

const TOKEN = 'test-auth-token';
const URL = 'https://voice.example.com/twilio/messages/status?replyId=r1&tenant=acme';
const PARAMS = { MessageSid: 'SM1', From: '+4915112345678', To: '+498912345678', Body: 'hello & good+bye ünïcode', NumMedia: '0' };

const form = (params: Record<string, string | readonly string[]>): Buffer => {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) for (const item of typeof value === 'string' ? [value] : value) search.append(name, item);
  return Buffer.from(search.toString(), 'utf8');
};

const request = (rawBody: Buffer, signature: string | string[] | undefined, publicUrl = URL): WebhookRequest => ({
  rawBody,
  headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature },
  publicUrl,
});

const refusal = (act: () => void): WebhookError | undefined => {
  try {
    act();
    return undefined;
  } catch (error) {
    return error instanceof WebhookError ? error : undefined;
  }
};

describe('TwilioWebhookVerifier', () => {
  const verifier = new TwilioWebhookVerifier(TOKEN, 'https://voice.example.com');

  it('accepts a form body signed for the public URL, as the twilio package would', () => {
    const signature = twilioSignature(TOKEN, URL, PARAMS);
    expect(validateRequest(TOKEN, signature, URL, PARAMS)).toBe(true);
    expect(() => verifier.verify(request(form(PARAMS), signature))).not.toThrow();
  });

  it('signs a repeated name as all its values, and an empty body as the URL alone', () => {
    const repeated = { ...PARAMS, MediaUrl: ['https://m.example/b', 'https://m.example/a'] };
    expect(() => verifier.verify(request(form(repeated), twilioSignature(TOKEN, URL, repeated)))).not.toThrow();
    expect(() => verifier.verify(request(Buffer.alloc(0), twilioSignature(TOKEN, URL, {})))).not.toThrow();
  });

  it('refuses a missing, repeated, wrong or truncated signature with SignatureInvalid', () => {
    const good = twilioSignature(TOKEN, URL, PARAMS);
    for (const signature of [undefined, '', [good, good], good.slice(0, -2), twilioSignature('other-token', URL, PARAMS)]) {
      expect(refusal(() => verifier.verify(request(form(PARAMS), signature)))).toMatchObject({
        code: WebhookErrorCode.SignatureInvalid,
        message: 'X-Twilio-Signature is missing or does not match',
      });
    }
  });

  it('refuses a changed parameter or another URL (scheme, path or query)', () => {
    const good = twilioSignature(TOKEN, URL, PARAMS);
    expect(refusal(() => verifier.verify(request(form({ ...PARAMS, Body: 'changed' }), good)))).toBeInstanceOf(WebhookError);
    for (const other of [URL.replace('https:', 'http:'), URL.replace('/status', '/other'), URL.replace('tenant=acme', 'tenant=evil')]) {
      expect(refusal(() => verifier.verify(request(form(PARAMS), good, other)))).toBeInstanceOf(WebhookError);
    }
  });

  it('names the public base URL the edge appends the path to', () => {
    expect(verifier.publicBaseUrl).toBe('https://voice.example.com');
  });
});
