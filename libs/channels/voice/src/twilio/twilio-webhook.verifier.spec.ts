import { WebhookError, WebhookErrorCode, type WebhookRequest } from '@tributary/channel-kit';
import { getExpectedBodyHash, getExpectedTwilioSignature, validateRequest, validateRequestWithBody } from 'twilio/lib/webhooks/webhooks';
import { twilioSignature } from './twilio-signature.util';
import { TwilioWebhookVerifier } from './twilio-webhook.verifier';

const TOKEN = 'test-auth-token';
const ACCOUNT = `AC${'a'.repeat(32)}`;
const OTHER_ACCOUNT = `AC${'b'.repeat(32)}`;
const URL = 'https://voice.example.com/twilio/messages/status?replyId=r1&tenant=acme';
const PARAMS = { MessageSid: 'SM1', AccountSid: ACCOUNT, From: '+4915112345678', To: '+498912345678', Body: 'hello & good+bye ünïcode', NumMedia: '0' };

const form = (params: Record<string, string | readonly string[]>): Buffer => {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) for (const item of typeof value === 'string' ? [value] : value) search.append(name, item);
  return Buffer.from(search.toString(), 'utf8');
};

const request = (rawBody: Buffer, signature: string | string[] | undefined, publicUrl = URL, contentType = 'application/x-www-form-urlencoded'): WebhookRequest => ({
  rawBody,
  headers: { 'content-type': contentType, 'x-twilio-signature': signature },
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

/** A JSON webhook as Twilio sends one: the body's hash in the URL, the URL alone signed (by the twilio package here). */
const jsonWebhook = (body: string, path = '/twilio/events?tenant=acme') => {
  const url = `https://voice.example.com${path}${path.includes('?') ? '&' : '?'}bodySHA256=${getExpectedBodyHash(body)}`;
  return { url, body: Buffer.from(body, 'utf8'), signature: getExpectedTwilioSignature(TOKEN, url, {}) };
};

describe('TwilioWebhookVerifier', () => {
  const verifier = new TwilioWebhookVerifier(TOKEN, 'https://voice.example.com', ACCOUNT);

  it('accepts a form body signed for the public URL, as the twilio package would', () => {
    const signature = twilioSignature(TOKEN, URL, PARAMS);
    expect(validateRequest(TOKEN, signature, URL, PARAMS)).toBe(true);
    expect(() => verifier.verify(request(form(PARAMS), signature))).not.toThrow();
  });

  it('accepts repeated names, with repeated values, signed by the twilio package', () => {
    const repeated = { ...PARAMS, MediaUrl: ['https://m.example/b', 'https://m.example/a', 'https://m.example/b'] };
    const signature = getExpectedTwilioSignature(TOKEN, URL, repeated);
    expect(validateRequest(TOKEN, signature, URL, repeated)).toBe(true);
    expect(() => verifier.verify(request(form(repeated), signature))).not.toThrow();
  });

  it('accepts a signature made for the URL with its default port when the public URL has none, and the reverse', () => {
    const ported = URL.replace('voice.example.com', 'voice.example.com:443');
    expect(() => verifier.verify(request(form(PARAMS), getExpectedTwilioSignature(TOKEN, ported, PARAMS)))).not.toThrow();
    const portedVerifier = new TwilioWebhookVerifier(TOKEN, 'https://voice.example.com:443', ACCOUNT);
    expect(() => portedVerifier.verify(request(form(PARAMS), getExpectedTwilioSignature(TOKEN, URL, PARAMS), ported))).not.toThrow();
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

  describe('JSON webhooks signed with bodySHA256', () => {
    const body = JSON.stringify({ AccountSid: ACCOUNT, MessageSid: 'SM1', Body: 'ünïcode {"nested"}' });

    it('accepts the body whose hash the signed URL carries, as validateRequestWithBody does', () => {
      const hook = jsonWebhook(body);
      expect(validateRequestWithBody(TOKEN, hook.signature, hook.url, body)).toBe(true);
      expect(() => verifier.verify(request(hook.body, hook.signature, hook.url, 'application/json'))).not.toThrow();
      expect(() => verifier.verify(request(hook.body, hook.signature, hook.url, 'application/json; charset=utf-8'))).not.toThrow();
    });

    it('refuses a changed body, a changed hash, or a signature over anything but the URL', () => {
      const hook = jsonWebhook(body);
      const changed = Buffer.from(body.replace('SM1', 'SM2'), 'utf8');
      expect(validateRequestWithBody(TOKEN, hook.signature, hook.url, changed.toString('utf8'))).toBe(false);
      expect(refusal(() => verifier.verify(request(changed, hook.signature, hook.url, 'application/json')))).toMatchObject({ code: WebhookErrorCode.SignatureInvalid });
      const otherHash = hook.url.replace(/bodySHA256=[0-9a-f]+/, `bodySHA256=${getExpectedBodyHash(changed.toString('utf8'))}`);
      expect(refusal(() => verifier.verify(request(changed, hook.signature, otherHash, 'application/json')))).toBeInstanceOf(WebhookError);
      const overParams = getExpectedTwilioSignature(TOKEN, hook.url, { AccountSid: ACCOUNT });
      expect(refusal(() => verifier.verify(request(hook.body, overParams, hook.url, 'application/json')))).toBeInstanceOf(WebhookError);
    });
  });

  describe('the account', () => {
    it('refuses an authentic form webhook of another account (403), or one that names none (400: not a Twilio payload)', () => {
      const foreign = { ...PARAMS, AccountSid: OTHER_ACCOUNT };
      expect(refusal(() => verifier.verify(request(form(foreign), twilioSignature(TOKEN, URL, foreign))))).toMatchObject({
        code: WebhookErrorCode.SignatureInvalid,
        message: `AccountSid ${OTHER_ACCOUNT} is not the Twilio account this service serves`,
      });
      const { AccountSid: _omitted, ...anonymous } = PARAMS;
      expect(refusal(() => verifier.verify(request(form(anonymous), twilioSignature(TOKEN, URL, anonymous))))).toMatchObject({
        code: WebhookErrorCode.PayloadInvalid,
        message: 'the webhook names no AccountSid',
      });
    });

    it('refuses a second AccountSid smuggled in beside ours', () => {
      const both = { ...PARAMS, AccountSid: [ACCOUNT, OTHER_ACCOUNT] };
      expect(refusal(() => verifier.verify(request(form(both), twilioSignature(TOKEN, URL, both))))).toMatchObject({ message: expect.stringContaining(OTHER_ACCOUNT) as unknown });
    });

    it("refuses a JSON webhook of another account, in each of Twilio's spellings", () => {
      for (const field of ['AccountSid', 'accountSid', 'account_sid']) {
        const hook = jsonWebhook(JSON.stringify({ [field]: OTHER_ACCOUNT, MessageSid: 'SM1' }));
        expect(refusal(() => verifier.verify(request(hook.body, hook.signature, hook.url, 'application/json')))).toMatchObject({ message: expect.stringContaining(OTHER_ACCOUNT) as unknown });
        const ours = jsonWebhook(JSON.stringify({ [field]: ACCOUNT, MessageSid: 'SM1' }));
        expect(() => verifier.verify(request(ours.body, ours.signature, ours.url, 'application/json'))).not.toThrow();
      }
      const none = jsonWebhook('[1,2]');
      expect(refusal(() => verifier.verify(request(none.body, none.signature, none.url, 'application/json')))).toMatchObject({ code: WebhookErrorCode.PayloadInvalid });
    });

    it('checks the signature before the account, so a forged request learns nothing about it', () => {
      const foreign = { ...PARAMS, AccountSid: OTHER_ACCOUNT };
      expect(refusal(() => verifier.verify(request(form(foreign), 'forged')))).toMatchObject({ message: 'X-Twilio-Signature is missing or does not match' });
    });

    it('is not checked when no account is configured', () => {
      const foreign = { ...PARAMS, AccountSid: OTHER_ACCOUNT };
      expect(() => new TwilioWebhookVerifier(TOKEN, 'https://voice.example.com').verify(request(form(foreign), twilioSignature(TOKEN, URL, foreign)))).not.toThrow();
    });
  });

  it('names the public base URL the edge appends the path to', () => {
    expect(verifier.publicBaseUrl).toBe('https://voice.example.com');
  });
});
