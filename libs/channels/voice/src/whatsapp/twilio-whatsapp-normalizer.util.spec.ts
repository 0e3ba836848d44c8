import { InboundMessageV1, parseContract, type InboundMessageV1Message } from '@tributary/contracts';
import { whatsappWebhook } from '../emulation/twilio-payloads';
import { normalizeTwilioWhatsapp } from './twilio-whatsapp-normalizer.util';
import { isTwilioWhatsapp, TwilioWhatsappWebhookSchema } from './twilio-whatsapp.schema';

const LINE = '+498912345678';
const context = { line: { tenantId: 'acme', greeting: 'Hello', afterHoursGreeting: 'Closed', maxRecordingSeconds: 120 }, receivedAt: new Date('2026-12-07T10:00:00Z'), attachments: [], pendingAttachments: [] };

function normalized(params: Record<string, string>): InboundMessageV1Message {
  return parseContract(InboundMessageV1, normalizeTwilioWhatsapp(TwilioWhatsappWebhookSchema.parse(params), context));
}

describe('normalizeTwilioWhatsapp', () => {
  it('tells a WhatsApp webhook from an SMS one by its whatsapp: sender', () => {
    expect(isTwilioWhatsapp(whatsappWebhook('+4915112345678', LINE, 'hi'))).toBe(true);
    expect(isTwilioWhatsapp({ From: '+4915112345678' })).toBe(false);
  });

  it('makes the number a whatsapp identity, so it is the same contact as its SMS and calls, on the line without the prefix', () => {
    const message = normalized(whatsappWebhook('+4915112345678', LINE, 'Hello there', undefined, undefined, 'Jane Doe'));
    expect(message).toMatchObject({
      channel: 'whatsapp',
      provider: 'twilio',
      sender: { identities: [{ kind: 'whatsapp', value: '+4915112345678' }], displayName: 'Jane Doe' },
      inbox: { address: LINE },
      text: 'Hello there',
    });
  });

  it('keeps a customer who hides the number by their business-scoped user id, with the number from WaId when Twilio sends it', () => {
    const hidden = normalized(whatsappWebhook('US.13491208655302741918', LINE, 'Hi'));
    expect(hidden.sender.identities).toEqual([{ kind: 'whatsapp-user', value: 'US.13491208655302741918' }]);
    const both = normalized({ ...whatsappWebhook('US.13491208655302741918', LINE, 'Hi'), WaId: '4915112345678' });
    expect(both.sender.identities).toEqual([
      { kind: 'whatsapp', value: '+4915112345678' },
      { kind: 'whatsapp-user', value: 'US.13491208655302741918' },
    ]);
  });

  it('reads a tapped button and a shared location as sentences', () => {
    expect(normalized({ ...whatsappWebhook('+4915112345678', LINE, ''), ButtonText: 'Track my order', ButtonPayload: 'track' }).text).toBe('Track my order');
    const location = normalized({ ...whatsappWebhook('+4915112345678', LINE, ''), Latitude: '52.52', Longitude: '13.405', Label: 'Office', Address: 'Berlin' });
    expect(location.text).toContain('Location: Office, Berlin (52.52, 13.405)');
  });

  it('refuses a sender that is neither a number nor a business-scoped user id', () => {
    expect(TwilioWhatsappWebhookSchema.safeParse(whatsappWebhook('not-a-number', LINE, 'hi')).success).toBe(false);
  });
});
