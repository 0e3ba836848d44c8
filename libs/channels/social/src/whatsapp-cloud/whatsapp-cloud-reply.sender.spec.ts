import { DeliveryStatusV1Schema, type OutboundMessageV1Message } from '@tributary/contracts';
import { outboundReplyFixture } from '@tributary/contracts/testing';
import { GraphApiEmulator } from './emulation/graph-api.emulator';
import { decodeReplyCallbackData } from './reply-callback-data.util';
import type { WhatsappNumber } from './whatsapp-cloud-config.schema';
import { WhatsappCloudReplySender } from './whatsapp-cloud-reply.sender';

const TOKEN = 'EAAG-local-access-token-0123456789';
const SECRET = 'app-secret-0123456789abcdef';
const HOUR = 60 * 60 * 1000;
/** With a re-engagement template the emulation knows. */
const NUMBER = { phoneNumberId: '106540352242922', displayPhoneNumber: '15550783881', wabaId: '102290129340398' };
/** Without a re-engagement template. */
const BARE = { phoneNumberId: '106540352242923', displayPhoneNumber: '15550783882', wabaId: '102290129340398' };
/** With a template the emulation (like Meta) does not know. */
const MISCONFIGURED = { phoneNumberId: '106540352242924', displayPhoneNumber: '15550783883', wabaId: '102290129340398' };
/** Another tenant's number. */
const GLOBEX = { phoneNumberId: '206540352242922', displayPhoneNumber: '15550783884', wabaId: '202290129340398' };
const CUSTOMER_MESSAGE = 'wamid.HBgLNDkxNTExMjM0NTY3OBUCABIYFDNBQUFERjg0NDEzNDdFODU3MUMxMAA=';

const NUMBERS = new Map<string, WhatsappNumber>([
  [NUMBER.phoneNumberId, { tenantId: 'acme', reengagementTemplate: { name: 'reengage', language: 'en_US' } }],
  [BARE.phoneNumberId, { tenantId: 'acme' }],
  [MISCONFIGURED.phoneNumberId, { tenantId: 'acme', reengagementTemplate: { name: 'not_approved', language: 'en_US' } }],
  [GLOBEX.phoneNumberId, { tenantId: 'globex' }],
]);

describe('WhatsappCloudReplySender against the Graph API emulation', () => {
  let clock = new Date('2026-12-07T10:00:00Z');
  let token = TOKEN;
  const emulator = new GraphApiEmulator({
    accessToken: TOKEN,
    appSecret: SECRET,
    numbers: [NUMBER, BARE, MISCONFIGURED, GLOBEX],
    templates: [{ name: 'reengage', language: 'en_US' }],
    now: () => clock,
  });
  let sender: WhatsappCloudReplySender;

  beforeAll(async () => {
    await emulator.start();
  });
  afterAll(async () => {
    await emulator.stop();
  });
  beforeEach(() => {
    clock = new Date('2026-12-07T10:00:00Z');
    token = TOKEN;
    emulator.sent.length = 0;
    emulator.refused.length = 0;
    sender = new WhatsappCloudReplySender({ graphBaseUrl: emulator.baseUrl, apiVersion: 'v23.0', accessToken: () => token, numbers: NUMBERS, now: () => clock });
  });

  /** An agent's reply from `from` to the customer, answering a message received `ago` ms before the clock. */
  function reply(ago: number | undefined, changes: Partial<OutboundMessageV1Message> = {}, from = NUMBER): OutboundMessageV1Message {
    return outboundReplyFixture({
      channel: 'whatsapp',
      to: { kind: 'whatsapp', value: '+4915112345678' },
      from: { address: from.phoneNumberId },
      text: 'Your parcel ships today.',
      ...(ago === undefined ? {} : { answering: { providerMessageId: CUSTOMER_MESSAGE, receivedAt: new Date(clock.getTime() - ago).toISOString() } }),
      ...changes,
    });
  }

  it('inside the 24-hour window sends the text, quoting the message it answers', async () => {
    const status = await sender.send(reply(HOUR));
    expect(emulator.sent).toHaveLength(1);
    expect(emulator.sent[0]?.phoneNumberId).toBe(NUMBER.phoneNumberId);
    expect(emulator.sent[0]?.body).toMatchObject({ to: '4915112345678', type: 'text', text: { body: 'Your parcel ships today.', preview_url: false }, context: { message_id: CUSTOMER_MESSAGE } });
    expect(status).toMatchObject({ state: 'queued', providerMessageId: emulator.sent[0]?.messageId });
  });

  it('reports the accepted reply as a valid DeliveryStatus v1 of that reply, at the clock', async () => {
    const outbound = reply(HOUR);
    const status = await sender.send(outbound);
    expect(() => DeliveryStatusV1Schema.parse(status)).not.toThrow();
    expect(status).toMatchObject({ outboundId: outbound.outboundId, tenantId: 'acme', ticketId: outbound.ticketId, traceId: outbound.traceId, channel: 'whatsapp', provider: 'whatsapp-cloud', occurredAt: clock.toISOString() });
  });

  it('sends the reply ids as callback data, so statuses name the reply', async () => {
    const outbound = reply(HOUR);
    await sender.send(outbound);
    expect(decodeReplyCallbackData(emulator.sent[0]?.body.biz_opaque_callback_data)).toEqual({ tenantId: 'acme', ticketId: outbound.ticketId, outboundId: outbound.outboundId, traceId: outbound.traceId });
  });

  it('outside the window sends the configured template instead, without context', async () => {
    const status = await sender.send(reply(25 * HOUR));
    expect(emulator.sent[0]?.body).toMatchObject({ to: '4915112345678', type: 'template', template: { name: 'reengage', language: { code: 'en_US' } } });
    expect(emulator.sent[0]?.body).not.toHaveProperty('text');
    expect(emulator.sent[0]?.body).not.toHaveProperty('context');
    expect(status.state).toBe('queued');
  });

  it('sends the template when the reply answers no customer message (the agent starts the conversation)', async () => {
    await sender.send(reply(undefined));
    expect(emulator.sent[0]?.body.type).toBe('template');
  });

  it('closes the window exactly 24 hours after the customer message was received, on the clock it is given', async () => {
    const outbound = reply(0);
    clock = new Date(clock.getTime() + 24 * HOUR - 1);
    await sender.send(outbound);
    clock = new Date(clock.getTime() + 1);
    await sender.send(outbound);
    expect(emulator.sent.map((sent) => sent.body.type)).toEqual(['text', 'template']);
  });

  it('outside the window without a template fails with 131047 and a clear reason, without calling WhatsApp', async () => {
    const before = emulator.requests;
    const status = await sender.send(reply(25 * HOUR, {}, BARE));
    expect(emulator.requests).toBe(before);
    expect(status.state).toBe('failed');
    expect(status.error?.code).toBe('131047');
    expect(status.error?.message).toMatch(/24 hours/);
    expect(() => DeliveryStatusV1Schema.parse(status)).not.toThrow();
  });

  it('sends to a business-scoped user id in `recipient`, not `to`', async () => {
    await sender.send(reply(HOUR, { to: { kind: 'whatsapp-user', value: 'DE.13491208655302741918' } }));
    expect(emulator.sent[0]?.body.recipient).toBe('DE.13491208655302741918');
    expect(emulator.sent[0]?.body).not.toHaveProperty('to');
  });

  it('sends to a phone identity as digits in `to`', async () => {
    await sender.send(reply(HOUR, { to: { kind: 'phone', value: '+4915112345678' } }));
    expect(emulator.sent[0]?.body.to).toBe('4915112345678');
  });

  it('fails a reply to an identity WhatsApp cannot reach, without calling WhatsApp', async () => {
    const before = emulator.requests;
    const status = await sender.send(reply(HOUR, { to: { kind: 'email', value: 'erika@example.com' } }));
    expect(status).toMatchObject({ state: 'failed', error: { code: 'INVALID_RECIPIENT' } });
    expect(emulator.requests).toBe(before);
  });

  it('fails a reply from a number that is not configured, without calling WhatsApp', async () => {
    const before = emulator.requests;
    const status = await sender.send(reply(HOUR, { from: { address: '999999999999' } }));
    expect(status).toMatchObject({ state: 'failed', error: { code: 'UNKNOWN_SENDER' } });
    expect(emulator.requests).toBe(before);
  });

  it("fails a reply from another tenant's number, without calling WhatsApp", async () => {
    const before = emulator.requests;
    const status = await sender.send(reply(HOUR, {}, GLOBEX));
    expect(status).toMatchObject({ state: 'failed', error: { code: 'UNKNOWN_SENDER' } });
    expect(emulator.requests).toBe(before);
  });

  it.each(['rate-limit', 'server'] as const)('throws on a %s refusal, so the reply is retried', async (failure) => {
    emulator.failNextSends(1, failure);
    await expect(sender.send(reply(HOUR))).rejects.toThrow(/retried/);
    expect(emulator.refused.map((refused) => refused.status)).toEqual([failure === 'rate-limit' ? 429 : 500]);
    expect(emulator.sent).toHaveLength(0);
  });

  it('throws on a wrong access token (190), so the reply is retried once the token is fixed', async () => {
    token = 'EAAG-revoked-token-0000000000000';
    await expect(sender.send(reply(HOUR))).rejects.toThrow(/190/);
    expect(emulator.refused.map((refused) => refused.code)).toEqual([190]);
    token = TOKEN;
    await expect(sender.send(reply(HOUR))).resolves.toMatchObject({ state: 'queued' });
  });

  it("fails a template WhatsApp does not know with 132001 and Meta's message", async () => {
    const status = await sender.send(reply(25 * HOUR, {}, MISCONFIGURED));
    expect(status).toMatchObject({
      state: 'failed',
      error: { code: '132001', message: '(#132001) Template name does not exist in the translation: template name (not_approved) does not exist in en_US' },
    });
    expect(emulator.sent).toHaveLength(0);
    expect(() => DeliveryStatusV1Schema.parse(status)).not.toThrow();
  });

  it("fails a text longer than WhatsApp's 4,096 characters with Meta's reason rather than retrying it", async () => {
    const status = await sender.send(reply(HOUR, { text: 'x'.repeat(4097) }));
    expect(status).toMatchObject({ state: 'failed', error: { code: '100' } });
  });

  it('gives the same status id to the same outcome of one reply, and another to another outcome', async () => {
    const outbound = reply(HOUR);
    const first = await sender.send(outbound);
    const second = await sender.send(outbound);
    expect(second.statusId).toBe(first.statusId);
    const failed = await sender.send({ ...outbound, from: { address: '999999999999' } });
    expect(failed.statusId).not.toBe(first.statusId);
  });
});
