import type { OutboundMessageV1Message } from '@tributary/contracts';
import { TwilioEmulator } from '../emulation/twilio-emulator';
import { createTwilioApiClient } from '../twilio/twilio-api-client.util';
import { TwilioSmsApi } from '../twilio/twilio-sms-api.adapter';
import { SmsApiError } from './sms-api.error';
import { SmsReplySender } from './sms-reply.sender';

const ACCOUNT = `AC${'0'.repeat(32)}`;
const TOKEN = 'test-auth-token-0123456789';

const LINE = '+498912345678';
const SHORT_CODE = '384387';

const outbound = (to: string, overrides: { from?: string; text?: string } = {}): OutboundMessageV1Message => ({
  schemaVersion: 1,
  outboundId: '7f1c2b3a-4d5e-4f60-8a7b-9c0d1e2f3a4b',
  tenantId: 'acme',
  ticketId: '1a2b3c4d-5e6f-4a0b-8c1d-2e3f4a5b6c7d',
  channel: 'sms',
  to: { kind: 'phone', value: to },
  from: { address: overrides.from ?? LINE },
  text: overrides.text ?? 'Your parcel ships today.',
  attachments: [],
  thread: { references: [] },
  author: { kind: 'agent', id: 'agent-1' },
  autoSubmitted: false,
  requestedAt: '2026-11-25T10:00:00Z',
  traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
});

describe('SmsReplySender through the twilio package against the local Twilio API', () => {
  const emulator = new TwilioEmulator({ accountSid: ACCOUNT, authToken: TOKEN, numbers: [LINE, SHORT_CODE] });
  const options = { statusCallbackUrl: 'http://127.0.0.1:1/twilio/messages/status', fallbackFrom: () => undefined, now: () => new Date('2026-11-25T10:00:00Z') };

  beforeAll(() => emulator.start());
  afterAll(() => emulator.stop());

  it('sends the text from the inbox number and reports it queued with the MessageSid', async () => {
    const sender = new SmsReplySender(new TwilioSmsApi(createTwilioApiClient(ACCOUNT, TOKEN, emulator.baseUrl)), options);
    const status = await sender.send(outbound('+4915112345678'));
    const sent = emulator.messages.at(-1);
    expect(sent).toMatchObject({ to: '+4915112345678', from: '+498912345678', body: 'Your parcel ships today.' });
    expect(status).toMatchObject({ state: 'queued', providerMessageId: sent?.sid, outboundId: outbound('+1').outboundId });
    const callback = new URL(sent?.statusCallback ?? '');
    expect(callback.searchParams.get('outboundId')).toBe(status.outboundId);
    expect(callback.searchParams.get('ticketId')).toBe(status.ticketId);
  });

  it("reports Twilio's 21211 (invalid To) as failed with that code", async () => {
    const sender = new SmsReplySender(new TwilioSmsApi(createTwilioApiClient(ACCOUNT, TOKEN, emulator.baseUrl)), options);
    const status = await sender.send(outbound('+15005550001'));
    expect(status).toMatchObject({ state: 'failed', error: { code: '21211' } });
    expect(emulator.messages.some((message) => message.to === '+15005550001')).toBe(false);
  });

  it('throws (retry later) on 20003 bad credentials instead of blaming the customer', async () => {
    const sender = new SmsReplySender(new TwilioSmsApi(createTwilioApiClient(ACCOUNT, 'wrong-token-0123456789', emulator.baseUrl)), options);
    const error = await sender.send(outbound('+4915112345678')).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(SmsApiError);
    expect(error).toMatchObject({ code: '20003', permanent: false });
  });

  const sender = () => new SmsReplySender(new TwilioSmsApi(createTwilioApiClient(ACCOUNT, TOKEN, emulator.baseUrl)), options);
  const thrown = (promise: Promise<unknown>): Promise<unknown> => promise.then(() => undefined, (caught: unknown) => caught);

  it('answers a ticket that began at a short code from that short code', async () => {
    const status = await sender().send(outbound('+4915112345678', { from: SHORT_CODE }));
    expect(status).toMatchObject({ state: 'queued' });
    expect(emulator.messages.at(-1)).toMatchObject({ from: SHORT_CODE, to: '+4915112345678' });
  });

  it.each([
    ['21617, a body over 1,600 characters', () => outbound('+4915112345678', { text: 'x'.repeat(1601) }), undefined, '21617'],
    ['21604, no To', () => outbound('+4915112345678'), 21604, '21604'],
    ['21602, no Body', () => outbound('+4915112345678'), 21602, '21602'],
    ['21610, a recipient who opted out', () => outbound('+4915112345678'), 21610, '21610'],
    ['21614, not a mobile number', () => outbound('+4915112345678'), 21614, '21614'],
  ])("reports the message's own refusal %s as failed, without retrying", async (_name, reply, failWith, code) => {
    if (failWith !== undefined) emulator.failNextSends(1, failWith);
    const sent = emulator.messages.length;
    const status = await sender().send(reply());
    expect(status).toMatchObject({ state: 'failed', error: { code } });
    // Only an opt-out shuts the customer's number to us; the others are about this one message.
    expect(status.error?.recipientUnreachable === true).toBe(code === '21610');
    expect(emulator.messages).toHaveLength(sent);
  });

  it.each([
    ['21606, a sender number that is not the account’s', () => outbound('+4915112345678', { from: '+12025550100' }), undefined, '21606'],
    ['21603, no sender number', () => outbound('+4915112345678'), 21603, '21603'],
    ['21660, a sender number of another account', () => outbound('+4915112345678'), 21660, '21660'],
    ['20005, our account suspended', () => outbound('+4915112345678'), 20005, '20005'],
    ['20429, too many requests', () => outbound('+4915112345678'), 20429, '20429'],
    ['20500, a Twilio outage', () => outbound('+4915112345678'), 20500, '20500'],
  ])('throws on %s (ours to fix: retried, never blamed on the customer)', async (_name, reply, failWith, code) => {
    if (failWith !== undefined) emulator.failNextSends(1, failWith);
    const error = await thrown(sender().send(reply()));
    expect(error).toBeInstanceOf(SmsApiError);
    expect(error).toMatchObject({ code, permanent: false });
  });
});
