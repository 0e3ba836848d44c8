import type { ContactIdentity, OutboundMessageV1Message } from '@tributary/contracts';
import { TwilioEmulator } from '../emulation/twilio-emulator';
import { createTwilioApiClient } from '../twilio/twilio-api-client.util';
import { TwilioSmsApi } from '../twilio/twilio-sms-api.adapter';
import { SmsReplySender, WHATSAPP_WINDOW_CLOSED_CODE } from './sms-reply.sender';

const ACCOUNT = `AC${'0'.repeat(32)}`;
const TOKEN = 'test-auth-token-0123456789';
const LINE = '+498912345678';
const CUSTOMER = '+4915112345678';
const TEMPLATE = `HX${'a'.repeat(32)}`;
const NOW = new Date('2026-12-07T10:00:00Z');

const reply = (to: ContactIdentity, customerWroteAt: Date | undefined, outboundId: string): OutboundMessageV1Message => ({
  schemaVersion: 1,
  outboundId,
  tenantId: 'acme',
  ticketId: '1a2b3c4d-5e6f-4a0b-8c1d-2e3f4a5b6c7d',
  channel: 'whatsapp',
  provider: 'twilio',
  to,
  from: { address: LINE },
  text: 'We found your parcel.',
  attachments: [],
  thread: { references: [] },
  ...(customerWroteAt ? { answering: { providerMessageId: `SM${'1'.repeat(32)}`, receivedAt: customerWroteAt.toISOString() } } : {}),
  author: { kind: 'agent', id: 'agent-1' },
  autoSubmitted: false,
  requestedAt: NOW.toISOString(),
  traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
});

describe('SmsReplySender for WhatsApp through Twilio', () => {
  const emulator = new TwilioEmulator({ accountSid: ACCOUNT, authToken: TOKEN, numbers: [LINE] });
  const sender = (template?: string): SmsReplySender =>
    new SmsReplySender(new TwilioSmsApi(createTwilioApiClient(ACCOUNT, TOKEN, emulator.baseUrl)), {
      statusCallbackUrl: 'http://127.0.0.1:1/twilio/messages/status',
      fallbackFrom: () => undefined,
      whatsappTemplateFor: () => template,
      now: () => NOW,
    });
  const hoursAgo = (hours: number): Date => new Date(NOW.getTime() - hours * 3_600_000);

  beforeAll(() => emulator.start());
  afterAll(() => emulator.stop());

  it('sends the text between whatsapp: addresses inside the 24-hour window', async () => {
    const status = await sender().send(reply({ kind: 'whatsapp', value: CUSTOMER }, hoursAgo(23), '11111111-1111-4111-8111-111111111111'));
    expect(status).toMatchObject({ state: 'queued', channel: 'whatsapp', provider: 'twilio' });
    expect(emulator.messages.at(-1)).toMatchObject({ to: `whatsapp:${CUSTOMER}`, from: `whatsapp:${LINE}`, body: 'We found your parcel.' });
  });

  it('addresses a customer known only by a business-scoped user id by that id', async () => {
    await sender().send(reply({ kind: 'whatsapp-user', value: 'US.13491208655302741918' }, hoursAgo(1), '22222222-2222-4222-8222-222222222222'));
    expect(emulator.messages.at(-1)).toMatchObject({ to: 'whatsapp:US.13491208655302741918', from: `whatsapp:${LINE}` });
  });

  it("sends the line's template instead of the text once the window has closed", async () => {
    const status = await sender(TEMPLATE).send(reply({ kind: 'whatsapp', value: CUSTOMER }, hoursAgo(25), '33333333-3333-4333-8333-333333333333'));
    expect(status.state).toBe('queued');
    expect(emulator.messages.at(-1)).toMatchObject({ to: `whatsapp:${CUSTOMER}`, contentSid: TEMPLATE, body: '' });
  });

  it('fails the reply with 63016 and its reason, without calling Twilio, when the window has closed and there is no template', async () => {
    const before = emulator.messages.length;
    const status = await sender().send(reply({ kind: 'whatsapp', value: CUSTOMER }, hoursAgo(25), '44444444-4444-4444-8444-444444444444'));
    expect(status).toMatchObject({ state: 'failed', error: { code: WHATSAPP_WINDOW_CLOSED_CODE, message: expect.stringContaining('24 hours') as unknown } });
    expect(emulator.messages).toHaveLength(before);
  });

  it('counts a reply that answers no customer message as outside the window', async () => {
    const status = await sender().send(reply({ kind: 'whatsapp', value: CUSTOMER }, undefined, '55555555-5555-4555-8555-555555555555'));
    expect(status).toMatchObject({ state: 'failed', error: { code: WHATSAPP_WINDOW_CLOSED_CODE } });
  });
});
