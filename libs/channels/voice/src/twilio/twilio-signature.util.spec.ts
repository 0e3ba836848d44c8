import { getExpectedBodyHash, getExpectedTwilioSignature, validateRequest } from 'twilio/lib/webhooks/webhooks';
import { isValidTwilioSignature, matchesTwilioBodyHash, twilioFormParams, twilioSignature, type TwilioParams } from './twilio-signature.util';

const TOKEN = '12345';
const URL = 'https://mycompany.com/myapp.php?foo=1&bar=2';
// Twilio's own documented example (https://www.twilio.com/docs/usage/webhooks/webhooks-security).
const PARAMS = { CallSid: 'CA1234567890ABCDE', Caller: '+12349013030', Digits: '1234', From: '+12349013030', To: '+18005551212' };

/** The twilio package takes mutable records; ours are read-only views of the same values. */
const oracleParams = (params: TwilioParams): Record<string, string | string[]> =>
  Object.fromEntries(Object.entries(params).map(([name, value]) => [name, typeof value === 'string' ? value : [...value]]));

describe('Twilio request signature', () => {
  it('matches the signature in Twilio documentation and the twilio package', () => {
    expect(twilioSignature(TOKEN, URL, PARAMS)).toBe('0/KCTR6DLpKmkAf8muzZqo1nDgQ=');
    expect(twilioSignature(TOKEN, URL, PARAMS)).toBe(getExpectedTwilioSignature(TOKEN, URL, PARAMS));
  });

  it('accepts the right signature and refuses missing, wrong, truncated or other-URL ones', () => {
    const good = twilioSignature(TOKEN, URL, PARAMS);
    expect(isValidTwilioSignature(TOKEN, URL, PARAMS, good)).toBe(true);
    expect(isValidTwilioSignature(TOKEN, URL, PARAMS, undefined)).toBe(false);
    expect(isValidTwilioSignature(TOKEN, URL, PARAMS, '')).toBe(false);
    expect(isValidTwilioSignature(TOKEN, URL, PARAMS, good.slice(0, -2))).toBe(false);
    expect(isValidTwilioSignature('other-token', URL, PARAMS, good)).toBe(false);
    expect(isValidTwilioSignature(TOKEN, URL.replace('https:', 'http:'), PARAMS, good)).toBe(false);
    expect(isValidTwilioSignature(TOKEN, URL, { ...PARAMS, Digits: '9999' }, good)).toBe(false);
  });

  it('signs a repeated name as its distinct values, sorted, exactly as the twilio package computes it', () => {
    const cases: TwilioParams[] = [
      { ...PARAMS, MediaUrl: ['https://m.example/b', 'https://m.example/a'] },
      // The same value twice counts once; the twilio package folds repeats the same way.
      { ...PARAMS, MediaUrl: ['https://m.example/b', 'https://m.example/a', 'https://m.example/b'] },
      { Tag: ['z', 'Z', 'a', 'a', '10', '9', 'é'], Body: ['same', 'same'] },
    ];
    for (const params of cases) {
      const expected = getExpectedTwilioSignature(TOKEN, URL, oracleParams(params));
      expect(twilioSignature(TOKEN, URL, params)).toBe(expected);
      expect(isValidTwilioSignature(TOKEN, URL, params, expected)).toBe(true);
    }
  });

  it('reads repeated names from the raw form body as lists, so they verify like the twilio package', () => {
    const params = twilioFormParams(Buffer.from('MediaUrl=https%3A%2F%2Fm.example%2Fb&Body=hi&MediaUrl=https%3A%2F%2Fm.example%2Fa&MediaUrl=https%3A%2F%2Fm.example%2Fb'));
    expect(params).toEqual({ MediaUrl: ['https://m.example/b', 'https://m.example/a', 'https://m.example/b'], Body: 'hi' });
    const signature = getExpectedTwilioSignature(TOKEN, URL, oracleParams(params));
    expect(isValidTwilioSignature(TOKEN, URL, params, signature)).toBe(true);
  });

  // Every pairing of how the URL was signed and how it arrived: we accept exactly when the twilio package does.
  const SPELLINGS = [
    'https://voice.example.com/twilio/sms?tenant=acme',
    'https://voice.example.com:443/twilio/sms?tenant=acme',
    'https://voice.example.com:8443/twilio/sms?tenant=acme',
    'http://voice.example.com/twilio/sms?tenant=acme',
    'http://voice.example.com:80/twilio/sms?tenant=acme',
    'https://VOICE.example.com/twilio/sms?tenant=acme',
    'https://voice.example.com/twilio/sms?tenant=acme&note=it%27s',
    "https://voice.example.com/twilio/sms?tenant=acme&note=it's",
    'https://voice.example.com/twilio/sms?tenant=acme&note=a%20b',
    'https://voice.example.com/twilio/sms?tenant=acme&note=a+b',
    'https://user:pw@voice.example.com/twilio/sms?tenant=acme',
    'https://user:pw@voice.example.com:443/twilio/sms?tenant=acme',
    'https://[2001:db8::1]/twilio/sms?tenant=acme',
    'https://[2001:db8::1]:443/twilio/sms?tenant=acme',
  ];

  it.each(SPELLINGS)('accepts a webhook received at %s exactly when the twilio package does, for every signed spelling', (received) => {
    for (const signed of SPELLINGS) {
      const signature = getExpectedTwilioSignature(TOKEN, signed, PARAMS);
      expect({ signed, accepted: isValidTwilioSignature(TOKEN, received, PARAMS, signature) }).toEqual({ signed, accepted: validateRequest(TOKEN, signature, received, PARAMS) });
    }
  });

  it('accepts the URL with and without the explicit default port, as the twilio package does', () => {
    const withPort = 'https://voice.example.com:443/twilio/sms';
    const withoutPort = 'https://voice.example.com/twilio/sms';
    expect(isValidTwilioSignature(TOKEN, withoutPort, PARAMS, getExpectedTwilioSignature(TOKEN, withPort, PARAMS))).toBe(true);
    expect(isValidTwilioSignature(TOKEN, withPort, PARAMS, getExpectedTwilioSignature(TOKEN, withoutPort, PARAMS))).toBe(true);
    expect(isValidTwilioSignature(TOKEN, 'http://voice.example.com/x', PARAMS, getExpectedTwilioSignature(TOKEN, 'http://voice.example.com:80/x', PARAMS))).toBe(true);
    // The other scheme's default port is a different URL.
    expect(isValidTwilioSignature(TOKEN, withoutPort, PARAMS, getExpectedTwilioSignature(TOKEN, 'https://voice.example.com:80/twilio/sms', PARAMS))).toBe(false);
  });

  it("checks a JSON body against bodySHA256, the twilio package's body hash", () => {
    const body = '{"CallSid":"CA1234567890ABCDE","Caller":"+12349013030","Note":"ünïcode"}';
    const hash = getExpectedBodyHash(body);
    expect(matchesTwilioBodyHash(Buffer.from(body, 'utf8'), hash)).toBe(true);
    expect(matchesTwilioBodyHash(Buffer.from(body.replace('CA1', 'CA2'), 'utf8'), hash)).toBe(false);
    expect(matchesTwilioBodyHash(Buffer.from(body, 'utf8'), hash.toUpperCase())).toBe(false);
    expect(matchesTwilioBodyHash(Buffer.from(body, 'utf8'), '')).toBe(false);
  });
  it("reads parameters named like Object's members (valueOf, __proto__) as parameters, never throwing (fuzz counterexample: a body of `valueOf`)", () => {
    expect(() => twilioFormParams(Buffer.from('valueOf'))).not.toThrow();
    const params = twilioFormParams(Buffer.from('valueOf=1&toString=2&toString=3&__proto__=4&constructor='));
    expect(Object.entries(params)).toEqual([
      ['valueOf', '1'],
      ['toString', ['2', '3']],
      ['__proto__', '4'],
      ['constructor', ''],
    ]);
    const signature = getExpectedTwilioSignature(TOKEN, 'https://voice.example.com/twilio/sms', { valueOf: '1', toString: ['2', '3'], constructor: '' });
    expect(isValidTwilioSignature(TOKEN, 'https://voice.example.com/twilio/sms', twilioFormParams(Buffer.from('valueOf=1&toString=2&toString=3&constructor=')), signature)).toBe(true);
  });
});
