import { hubSignature, isValidHubSignature } from '../../meta-graph/hub-signature.util';
import { metaJson, signedMetaWebhook } from './meta-json.util';

const SECRET = 'app-secret-0123456789abcdef';

describe('metaJson (the JSON bytes Meta signs)', () => {
  it('escapes non-ASCII as lowercase \\uXXXX, an emoji as its two surrogates, and / as \\/', () => {
    expect(metaJson({ caption: 'Hola quiero un café' })).toBe('{"caption":"Hola quiero un caf\\u00e9"}');
    expect(metaJson({ emoji: '😮' })).toBe('{"emoji":"\\ud83d\\ude2e"}');
    expect(metaJson({ mime_type: 'image/jpeg' })).toBe('{"mime_type":"image\\/jpeg"}');
    expect(metaJson('äöå')).toBe('"\\u00e4\\u00f6\\u00e5"');
    expect(metaJson('\u2028€')).toBe('"\\u2028\\u20ac"');
  });

  it('leaves @, % and < raw (their escaping is not confirmed for WhatsApp) and parses back to the same value', () => {
    const value = { text: 'mail a@b.example, 50% <off> / ça 👍', n: 1.5, list: [null, true] };
    expect(metaJson(value)).toContain('a@b.example, 50% <off> \\/ \\u00e7a \\ud83d\\udc4d');
    expect(JSON.parse(metaJson(value))).toEqual(value);
  });

  it('keeps JSON.stringify\'s own escapes (quotes, control characters, lone surrogates) as they are', () => {
    expect(metaJson('"\n\\')).toBe(JSON.stringify('"\n\\'));
    expect(metaJson('\ud800')).toBe('"\\ud800"');
  });
});

describe('signedMetaWebhook', () => {
  const payload = { entry: [{ changes: [{ value: { messages: [{ text: { body: 'Grüße 😀 https://example.com/a' } }] } }] }] };

  it('signs exactly the escaped bytes it returns', () => {
    const { rawBody, headers } = signedMetaWebhook(payload, SECRET);
    expect(rawBody.toString('utf8')).toBe(metaJson(payload));
    expect(rawBody.toString('utf8')).toContain('Gr\\u00fc\\u00dfe \\ud83d\\ude00 https:\\/\\/example.com\\/a');
    expect(headers).toEqual({ 'content-type': 'application/json', 'x-hub-signature-256': hubSignature(SECRET, rawBody) });
    expect(headers['x-hub-signature-256']).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(isValidHubSignature(headers['x-hub-signature-256'] ?? '', rawBody, [SECRET])).toBe(true);
  });

  it('does not verify over the body re-serialised from its parsed JSON, which is what receivers must not do', () => {
    const { rawBody, headers } = signedMetaWebhook(payload, SECRET);
    const reserialised = Buffer.from(JSON.stringify(JSON.parse(rawBody.toString('utf8'))), 'utf8');
    expect(reserialised.equals(rawBody)).toBe(false);
    expect(isValidHubSignature(headers['x-hub-signature-256'] ?? '', reserialised, [SECRET])).toBe(false);
    expect(isValidHubSignature(headers['x-hub-signature-256'] ?? '', rawBody, ['another-secret'])).toBe(false);
  });
});
