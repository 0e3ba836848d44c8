import { PhoneDirectory } from '../twilio/phone-directory';
import { TwilioWebhookError } from '../twilio/twilio-webhook.error';
import { PhoneLinesSchema } from './phone-line.schema';

describe('TWILIO_NUMBERS', () => {
  it('accepts E.164 numbers and US short codes (5–6 digits, as Twilio writes them in To)', () => {
    const lines = PhoneLinesSchema.parse(JSON.stringify({ '+498912345678': { tenantId: 'acme' }, '384387': { tenantId: 'acme' }, '89203': { tenantId: 'globex' } }));
    expect(Object.keys(lines).sort()).toEqual(['+498912345678', '384387', '89203']);
    const directory = new PhoneDirectory(lines);
    expect(directory.lineFor('384387').tenantId).toBe('acme');
    expect(directory.lineFor('89203').tenantId).toBe('globex');
  });

  it.each(['1234', '1234567', '+384387', '38 43 87', '0049891234', 'acme'])('refuses %s as a number, naming the rule', (number) => {
    const parsed = PhoneLinesSchema.safeParse(JSON.stringify({ [number]: { tenantId: 'acme' } }));
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]).toMatchObject({ path: [number], message: `${number}: keys must be E.164 numbers or 5–6 digit short codes, e.g. +498912345678 or 384387` });
  });

  it('finds no line for a number nobody configured, nor for an inherited property name', () => {
    const directory = new PhoneDirectory(PhoneLinesSchema.parse('{"384387":{"tenantId":"acme"}}'));
    for (const number of ['38438', '+1384387', 'constructor', '__proto__', 'toString']) {
      expect(() => directory.lineFor(number)).toThrow(TwilioWebhookError);
    }
  });
});
