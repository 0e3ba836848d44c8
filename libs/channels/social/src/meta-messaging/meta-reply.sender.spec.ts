import { DeliveryStatusV1, parseContract, type OutboundMessageV1Message } from '@tributary/contracts';
import { outboundReplyFixture } from '@tributary/contracts/testing';
import { SendApiEmulator } from './emulation/send-api.emulator';
import { InMemoryMetaSentMessages } from './in-memory-meta-sent-messages.fake';
import type { MetaAccount } from './meta-messaging-config.schema';
import { MetaReplySender } from './meta-reply.sender';

const SECRET = 'meta-app-secret-0123456789abcdef';
const PAGE = { id: '104512345678901', token: `EAAG${'p'.repeat(40)}` };
const PLAIN_PAGE = { id: '104512345678902', token: `EAAG${'q'.repeat(40)}` };
const INSTAGRAM = { id: '17841400000000001', token: `EAAG${'i'.repeat(40)}` };
const ACCOUNTS = new Map<string, MetaAccount>([
  [PAGE.id, { tenantId: 'acme', channel: 'messenger', humanAgentTag: true }],
  [PLAIN_PAGE.id, { tenantId: 'acme', channel: 'messenger', humanAgentTag: false }],
  [INSTAGRAM.id, { tenantId: 'acme', channel: 'instagram', humanAgentTag: false }],
]);
const TOKENS = new Map([PAGE, PLAIN_PAGE, INSTAGRAM].map((account) => [account.id, account.token]));
const HOUR = 60 * 60 * 1000;

describe('MetaReplySender', () => {
  let clock = new Date('2026-12-07T10:00:00Z');
  let customerSeq = 0;
  const emulator = new SendApiEmulator({
    accounts: [
      { id: PAGE.id, channel: 'messenger', token: PAGE.token, humanAgentTag: true },
      { id: PLAIN_PAGE.id, channel: 'messenger', token: PLAIN_PAGE.token },
      { id: INSTAGRAM.id, channel: 'instagram', token: INSTAGRAM.token },
    ],
    appSecret: SECRET,
    echoes: 'none',
    now: () => clock,
  });
  let sent: InMemoryMetaSentMessages;
  let sender: MetaReplySender;

  let base = '';

  beforeAll(async () => {
    base = await emulator.start();
  });
  afterAll(() => emulator.stop());
  beforeEach(() => {
    sent = new InMemoryMetaSentMessages();
    sender = new MetaReplySender({ graphBaseUrl: base, apiVersion: 'v23.0', accounts: ACCOUNTS, pageToken: (id) => TOKENS.get(id), sent, now: () => clock });
    clock = new Date(clock.getTime() + 10 * 24 * HOUR);
  });

  /** A customer who wrote `agoMs` before now, and a reply answering that message. */
  function reply(account: { id: string }, agoMs: number, changes: Partial<OutboundMessageV1Message> = {}): OutboundMessageV1Message {
    customerSeq += 1;
    const customer = `65123456789${String(customerSeq).padStart(5, '0')}`;
    const wrote = new Date(clock.getTime() - agoMs);
    emulator.customerWrote(account.id, customer, wrote);
    const channel = ACCOUNTS.get(account.id)?.channel ?? 'messenger';
    return outboundReplyFixture({
      outboundId: crypto.randomUUID(),
      channel,
      provider: 'meta',
      to: { kind: channel, value: customer },
      from: { address: account.id },
      text: 'Your parcel ships today.',
      answering: { providerMessageId: 'm_customer', receivedAt: wrote.toISOString() },
      ...changes,
    });
  }

  it('sends inside 24 hours as a RESPONSE with its outbound id as metadata, and records the message before reporting it sent', async () => {
    const outbound = reply(PAGE, 2 * HOUR);
    const status = parseContract(DeliveryStatusV1, await sender.send(outbound));
    const accepted = emulator.sent.at(-1);
    expect(accepted?.body).toEqual({ recipient: { id: outbound.to.value }, messaging_type: 'RESPONSE', message: { text: outbound.text, metadata: `tributary1:${outbound.outboundId}` } });
    expect(status).toMatchObject({ state: 'sent', provider: 'meta', channel: 'messenger', providerMessageId: accepted?.messageId, outboundId: outbound.outboundId });
    expect(await sent.find(PAGE.id, accepted?.messageId ?? '')).toMatchObject({ outboundId: outbound.outboundId, recipientId: outbound.to.value, sentAt: clock });
  });

  it("sends an agent's reply after 24 hours with the HUMAN_AGENT tag on a page that has it, up to 7 days", async () => {
    const status = await sender.send(reply(PAGE, 3 * 24 * HOUR));
    expect(status.state).toBe('sent');
    expect(emulator.sent.at(-1)?.body).toMatchObject({ messaging_type: 'MESSAGE_TAG', tag: 'HUMAN_AGENT' });
  });

  it('fails without calling Meta when no window allows the reply, with Meta\'s own codes', async () => {
    const before = emulator.sent.length + emulator.refused.length;
    const cases = [
      [reply(PLAIN_PAGE, 25 * HOUR), '2018278', /Human Agent feature/],
      [reply(PAGE, 25 * HOUR, { author: { kind: 'automation', id: 'bot' } }), '2018278', /only a human agent/],
      [reply(PAGE, 8 * 24 * HOUR), '2534022', /more than 7 days/],
      [reply(PAGE, HOUR, { answering: undefined }), '2018278', /no customer message/],
    ] as const;
    for (const [outbound, code, reason] of cases) {
      const status = parseContract(DeliveryStatusV1, await sender.send(outbound));
      expect(status).toMatchObject({ state: 'failed', error: { code } });
      expect(status.error?.message).toMatch(reason);
    }
    expect(emulator.sent.length + emulator.refused.length).toBe(before);
  });

  it("reports the customer's and the message's refusals as failed, with the code and Meta's words", async () => {
    const blocked = reply(PAGE, HOUR);
    emulator.customerBlocked(PAGE.id, blocked.to.value);
    expect(await sender.send(blocked)).toMatchObject({
      state: 'failed',
      error: { code: '551', message: expect.stringMatching(/isn't available right now.*#551\/1545041/) as unknown, recipientUnreachable: true },
    });
    const cases: readonly [number, string][] = [[2018278, '2018278'], [2534022, '2534022'], [2018001, '2018001'], [1545041, '551'], [100, '100']];
    for (const [failure, code] of cases) {
      emulator.failNext(failure);
      expect(await sender.send(reply(PAGE, HOUR))).toMatchObject({ state: 'failed', error: { code } });
    }
    expect(sent.rows.size).toBe(0);
  });

  it('throws, so the reply is retried, for our token, permissions, throttling and Meta being down', async () => {
    for (const failure of [190, 613, 10, 200, 500]) {
      emulator.failNext(failure);
      await expect(sender.send(reply(PAGE, HOUR))).rejects.toThrow(/will be retried/);
    }
    const unreachable = new MetaReplySender({ graphBaseUrl: 'http://127.0.0.1:9', apiVersion: 'v23.0', accounts: ACCOUNTS, pageToken: (id) => TOKENS.get(id), sent, now: () => clock });
    await expect(unreachable.send(reply(PAGE, HOUR))).rejects.toThrow();
  });

  it('sends Instagram replies with the linked page token, and refuses a reply from an account of another tenant or channel', async () => {
    expect(await sender.send(reply(INSTAGRAM, HOUR))).toMatchObject({ state: 'sent', channel: 'instagram' });
    expect(await sender.send(reply(PAGE, HOUR, { tenantId: 'globex' }))).toMatchObject({ state: 'failed', error: { code: 'UNKNOWN_SENDER' } });
    expect(await sender.send(reply(PAGE, HOUR, { to: { kind: 'instagram', value: '77' } }))).toMatchObject({ state: 'failed', error: { code: 'INVALID_RECIPIENT' } });
  });
});
