import { WebhookError, type WebhookRequest } from '@tributary/channel-kit';
import { fuzzOptions } from '@tributary/platform-testing';
import fc from 'fast-check';
import { createHash } from 'node:crypto';
import { twilioSignature, type TwilioParams } from './twilio-signature.util';
import { TwilioWebhookVerifier } from './twilio-webhook.verifier';

const TOKEN = 'fuzz-auth-token-0123456789';
const ACCOUNT = `AC${'f'.repeat(32)}`;
const PUBLIC = 'https://voice.example.com';
const PATHS = ['/twilio/sms', '/twilio/voice', '/twilio/voice/status', '/twilio/voice/recording', '/twilio/voice/transcription', '/twilio/messages/status'];

/** Anything a client can send: any bytes, any header shapes, any URL text (also what no parser reads). */
const anyText = fc.string({ unit: 'binary', maxLength: 64 });
const anyHeaderValue = fc.oneof(anyText, fc.array(anyText, { maxLength: 3 }), fc.constant(undefined));
const anyHeaders = fc.record(
  { 'x-twilio-signature': anyHeaderValue, 'content-type': fc.oneof(anyHeaderValue, fc.constantFrom('application/json', 'application/x-www-form-urlencoded')) },
  { requiredKeys: [] },
);
const anyUrl = fc.oneof(
  anyText,
  fc.webUrl({ withQueryParameters: true, withFragments: true }),
  fc.tuple(fc.constantFrom(...PATHS), anyText).map(([path, query]) => `${PUBLIC}${path}?bodySHA256=${encodeURIComponent(query)}`),
);
const anyRequest: fc.Arbitrary<WebhookRequest> = fc.record({
  rawBody: fc.oneof(fc.uint8Array({ maxLength: 512 }), fc.string({ unit: 'binary', maxLength: 256 }).map((text) => new TextEncoder().encode(text))).map((bytes) => Buffer.from(bytes)),
  headers: anyHeaders,
  publicUrl: anyUrl,
});

/** Well-formed form parameters: names and values of any valid Unicode, names repeated now and then. */
const paramText = fc.string({ unit: 'grapheme', maxLength: 24 });
const formPairs = fc.array(fc.tuple(fc.oneof(paramText, fc.constantFrom('Body', 'From', 'To', 'MediaUrl0')), paramText), { maxLength: 12 });

/** The parameters Twilio signs, grouped independently of the code under test (a Map: names such as `constructor` are data). */
function groupParams(pairs: readonly (readonly [string, string])[]): TwilioParams {
  const grouped = new Map<string, string[]>();
  for (const [name, value] of pairs) grouped.set(name, [...(grouped.get(name) ?? []), value]);
  return Object.fromEntries([...grouped].map(([name, values]) => [name, values.length === 1 ? (values[0] ?? '') : values]));
}

interface SignedForm {
  readonly pairs: readonly [string, string][];
  readonly url: string;
  readonly request: WebhookRequest;
}

/** A form webhook exactly as Twilio sends one: our account named, the parameters signed for the public URL. */
const signedForm: fc.Arbitrary<SignedForm> = fc
  .record({ pairs: formPairs, path: fc.constantFrom(...PATHS), query: fc.option(fc.dictionary(paramText, paramText, { maxKeys: 3 }), { nil: undefined }) })
  .map(({ pairs, path, query }) => {
    const allPairs: [string, string][] = [['AccountSid', ACCOUNT], ...pairs.filter(([name]) => name !== 'AccountSid')];
    const search = query === undefined ? '' : `?${new URLSearchParams(query).toString()}`;
    const url = `${PUBLIC}${path}${search}`;
    const rawBody = Buffer.from(new URLSearchParams(allPairs).toString());
    const signature = twilioSignature(TOKEN, url, groupParams(allPairs));
    return { pairs: allPairs, url, request: { rawBody, publicUrl: url, headers: { 'x-twilio-signature': signature, 'content-type': 'application/x-www-form-urlencoded' } } };
  });

function outcome(verifier: TwilioWebhookVerifier, request: WebhookRequest): 'accepted' | 'refused' {
  try {
    verifier.verify(request);
    return 'accepted';
  } catch (error) {
    // Anything but the kit's typed refusal would reach the client as a 500.
    if (error instanceof WebhookError) return 'refused';
    throw error;
  }
}

describe('TwilioWebhookVerifier under generated input', () => {
  const verifier = new TwilioWebhookVerifier(TOKEN, PUBLIC, ACCOUNT);

  it('refuses arbitrary requests with a WebhookError and never throws anything else', () => {
    fc.assert(
      fc.property(anyRequest, (request) => {
        // A random header matching an HMAC-SHA1 over the URL and body would be a forgery found by chance.
        expect(outcome(verifier, request)).toBe('refused');
      }),
      fuzzOptions(10_000),
    );
  }, 60_000);

  it('accepts every correctly signed form webhook of our account, whatever its parameters', () => {
    fc.assert(
      fc.property(signedForm, ({ request }) => {
        expect(outcome(verifier, request)).toBe('accepted');
      }),
      fuzzOptions(10_000),
    );
  }, 60_000);

  it('refuses a signed form once anything signed is changed: a value, a parameter, the URL or the signature', () => {
    const tamper = fc.oneof(
      fc.record({ kind: fc.constant('add' as const), name: paramText, value: paramText }),
      fc.record({ kind: fc.constant('drop' as const), index: fc.nat() }),
      fc.record({ kind: fc.constant('change' as const), index: fc.nat(), value: paramText }),
      fc.record({ kind: fc.constant('url' as const), suffix: fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 8 }) }),
      fc.record({ kind: fc.constant('signature' as const), index: fc.nat(), replacement: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=') }),
    );
    fc.assert(
      fc.property(signedForm, tamper, ({ pairs, url, request }, change) => {
        const signature = String(request.headers['x-twilio-signature']);
        let changedPairs: [string, string][] = [...pairs];
        let changedUrl = url;
        let changedSignature = signature;
        if (change.kind === 'add') changedPairs.push([change.name, change.value]);
        if (change.kind === 'drop' && changedPairs.length > 0) changedPairs.splice(change.index % changedPairs.length, 1);
        if (change.kind === 'change' && changedPairs.length > 0) {
          const at = change.index % changedPairs.length;
          changedPairs = changedPairs.map((pair, index): [string, string] => (index === at ? [pair[0], change.value] : pair));
        }
        if (change.kind === 'url') changedUrl = `${url}${url.includes('?') ? '&' : '?'}x=${encodeURIComponent(change.suffix)}`;
        if (change.kind === 'signature') {
          const at = change.index % signature.length;
          changedSignature = `${signature.slice(0, at)}${change.replacement}${signature.slice(at + 1)}`;
        }
        // Twilio signs each distinct value of a name once, so only a change of what is signed must be refused.
        const signedBefore = twilioSignature(TOKEN, url, groupParams(pairs));
        const signedAfter = twilioSignature(TOKEN, changedUrl, groupParams(changedPairs));
        fc.pre(signedBefore !== signedAfter || changedSignature !== signature);
        // A changed AccountSid is refused as foreign even when re-signed; here it is not re-signed either.
        const tampered: WebhookRequest = {
          rawBody: Buffer.from(new URLSearchParams(changedPairs).toString()),
          publicUrl: changedUrl,
          headers: { ...request.headers, 'x-twilio-signature': changedSignature },
        };
        expect(outcome(verifier, tampered)).toBe('refused');
      }),
      fuzzOptions(10_000),
    );
  }, 60_000);

  it('refuses a correctly signed webhook that names another account, or several', () => {
    fc.assert(
      fc.property(signedForm, fc.string({ unit: 'grapheme-ascii', maxLength: 34 }), ({ pairs, url }, foreign) => {
        fc.pre(foreign !== ACCOUNT);
        const withForeign: [string, string][] = [...pairs, ['AccountSid', foreign]];
        const request: WebhookRequest = {
          rawBody: Buffer.from(new URLSearchParams(withForeign).toString()),
          publicUrl: url,
          headers: { 'x-twilio-signature': twilioSignature(TOKEN, url, groupParams(withForeign)) },
        };
        expect(outcome(verifier, request)).toBe('refused');
      }),
      fuzzOptions(10_000),
    );
  }, 60_000);

  it('binds a JSON webhook to its body through bodySHA256: the signed body passes, any other body is refused', () => {
    fc.assert(
      fc.property(fc.constantFrom(...PATHS), fc.jsonValue({ maxDepth: 3 }), fc.uint8Array({ minLength: 1, maxLength: 64 }), (path, value, noise) => {
        // Every spelling of the account is ours: one naming another account is refused by design.
        const fields = typeof value === 'object' && value !== null && !Array.isArray(value) ? { ...value, accountSid: ACCOUNT, account_sid: ACCOUNT } : { value };
        const body = Buffer.from(JSON.stringify({ ...fields, AccountSid: ACCOUNT }));
        const url = `${PUBLIC}${path}?bodySHA256=${createHash('sha256').update(body).digest('hex')}`;
        const headers = { 'x-twilio-signature': twilioSignature(TOKEN, url, {}), 'content-type': 'application/json' };
        expect(outcome(verifier, { rawBody: body, publicUrl: url, headers })).toBe('accepted');
        const other = Buffer.concat([body, Buffer.from(noise)]);
        expect(outcome(verifier, { rawBody: other, publicUrl: url, headers })).toBe('refused');
      }),
      fuzzOptions(10_000),
    );
  }, 60_000);
});
