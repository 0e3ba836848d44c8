import { getExpectedTwilioSignature } from 'twilio/lib/webhooks/webhooks';
import { isValidTwilioSignature, twilioSignature } from './twilio-signature.util';

const TOKEN = '12345';
const URL = 'https://mycompany.com/myapp.php?foo=1&bar=2';
// Twilio's own documented example (https://www.twilio.com/docs/usage/webhooks/webhooks-security).
const PARAMS = { CallSid: 'CA1234567890ABCDE', Caller: '+12349013030', Digits: '1234', From: '+12349013030', To: '+18005551212' };

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
});
