import type { DeliveryStatusV1Message, OutboundMessageV1Message } from '@tributary/contracts';
import { outboundReplyFixture } from '@tributary/contracts/testing';
import type { ConsumedRecord } from '@tributary/platform-kafka';
import type { ChannelSender } from './channel-sender.port';
import { ChannelSenderRegistry } from './channel-sender.registry';
import { OutboundReplyDispatcher } from './outbound-reply.dispatcher';
import type { SentRepliesPort } from './sent-replies.port';

const reply = (channel: OutboundMessageV1Message['channel'], outboundId = '7f1c2b3a-4d5e-4f60-8a7b-9c0d1e2f3a4b'): ConsumedRecord<OutboundMessageV1Message> => ({
  value: outboundReplyFixture({ channel, outboundId }),
  key: outboundId,
  headers: {},
  traceId: undefined,
  topic: 'tributary.outbound.v1',
  partition: 0,
  offset: '0',
  timestamp: '0',
});

const queued = (outbound: OutboundMessageV1Message): DeliveryStatusV1Message => ({
  schemaVersion: 1,
  statusId: '0d6c1f8e-2b7a-4c3d-9e5f-6a7b8c9d0e1f',
  outboundId: outbound.outboundId,
  tenantId: outbound.tenantId,
  ticketId: outbound.ticketId,
  channel: outbound.channel,
  provider: 'twilio',
  state: 'queued',
  occurredAt: '2026-12-07T10:00:01Z',
  traceId: outbound.traceId,
});

class RecordingSender implements ChannelSender {
  readonly sent: string[] = [];
  constructor(
    readonly channels: ChannelSender['channels'],
    readonly provider: ChannelSender['provider'] = 'twilio',
  ) {}
  send(outbound: OutboundMessageV1Message): Promise<DeliveryStatusV1Message> {
    this.sent.push(outbound.outboundId);
    return Promise.resolve(queued(outbound));
  }
}

/** The ledger's contract in memory: the first send is kept, a repeat returns its report. */
class MemoryLedger implements SentRepliesPort {
  private readonly sent = new Map<string, DeliveryStatusV1Message>();
  async sendOnce(outbound: OutboundMessageV1Message, send: () => Promise<DeliveryStatusV1Message>) {
    const earlier = this.sent.get(outbound.outboundId);
    if (earlier) return { status: earlier, sentNow: false };
    const status = await send();
    this.sent.set(outbound.outboundId, status);
    return { status, sentNow: true };
  }
}

describe('OutboundReplyDispatcher', () => {
  const reports: DeliveryStatusV1Message[] = [];
  const publisher = { publish: (statuses: readonly DeliveryStatusV1Message[]) => Promise.resolve(void reports.push(...statuses)) };
  beforeEach(() => (reports.length = 0));

  it('sends each reply through the sender of its channel and reports what happened', async () => {
    const sms = new RecordingSender(['sms', 'voice']);
    const dispatcher = new OutboundReplyDispatcher(new ChannelSenderRegistry([sms]), publisher, new MemoryLedger(), { routes: [{ channel: 'sms', provider: 'twilio' }, { channel: 'voice', provider: 'twilio' }] });
    const result = await dispatcher.handle([reply('voice')]);
    expect(sms.sent).toHaveLength(1);
    expect(reports).toMatchObject([{ state: 'queued', channel: 'voice' }]);
    expect(result.rejected).toEqual([]);
  });

  it('passes over replies for channels another app answers, reporting nothing', async () => {
    const sms = new RecordingSender(['sms']);
    const dispatcher = new OutboundReplyDispatcher(new ChannelSenderRegistry([sms]), publisher, new MemoryLedger(), { routes: [{ channel: 'sms', provider: 'twilio' }] });
    const result = await dispatcher.handle([reply('email')]);
    expect(sms.sent).toEqual([]);
    expect(reports).toEqual([]);
    expect(result.rejected).toEqual([]);
  });

  it('dead-letters a reply for a channel this app answers but no sender serves, naming the channel', async () => {
    const dispatcher = new OutboundReplyDispatcher(new ChannelSenderRegistry([]), publisher, new MemoryLedger(), { routes: [{ channel: 'telegram', provider: 'telegram' }] });
    const record = reply('telegram');
    const result = await dispatcher.handle([record]);
    expect(result.rejected).toEqual([{ record, reason: 'no sender for the telegram channel through telegram is configured on this app' }]);
  });

  it("sends a reply through its own provider, and passes over one another app's provider serves", async () => {
    const cloud = new RecordingSender(['whatsapp'], 'whatsapp-cloud');
    const session = new RecordingSender(['whatsapp'], 'whatsapp-web');
    const dispatcher = new OutboundReplyDispatcher(new ChannelSenderRegistry([cloud, session]), publisher, new MemoryLedger(), {
      routes: [
        { channel: 'whatsapp', provider: 'whatsapp-cloud' },
        { channel: 'whatsapp', provider: 'whatsapp-web' },
      ],
    });
    const viaSession = { ...reply('whatsapp', '11111111-1111-4111-8111-111111111111'), value: outboundReplyFixture({ channel: 'whatsapp', provider: 'whatsapp-web', outboundId: '11111111-1111-4111-8111-111111111111' }) };
    const viaTwilio = { ...reply('whatsapp', '22222222-2222-4222-8222-222222222222'), value: outboundReplyFixture({ channel: 'whatsapp', provider: 'twilio', outboundId: '22222222-2222-4222-8222-222222222222' }) };
    const viaDefault = reply('whatsapp', '33333333-3333-4333-8333-333333333333');
    const result = await dispatcher.handle([viaSession, viaTwilio, viaDefault]);
    expect(session.sent).toEqual(['11111111-1111-4111-8111-111111111111']);
    // No provider named: the channel's default, Meta's Cloud API.
    expect(cloud.sent).toEqual(['33333333-3333-4333-8333-333333333333']);
    expect(reports.map((status) => status.outboundId)).not.toContain('22222222-2222-4222-8222-222222222222');
    expect(result.rejected).toEqual([]);
  });

  it('reports a redelivered reply again without sending it twice', async () => {
    const sms = new RecordingSender(['sms']);
    const dispatcher = new OutboundReplyDispatcher(new ChannelSenderRegistry([sms]), publisher, new MemoryLedger(), { routes: [{ channel: 'sms', provider: 'twilio' }] });
    await dispatcher.handle([reply('sms')]);
    await dispatcher.handle([reply('sms')]);
    expect(sms.sent).toHaveLength(1);
    expect(reports).toHaveLength(2);
    expect(reports[1]).toEqual(reports[0]);
  });

  it('without a ledger hands a redelivered reply to the sender again, for a sender idempotent itself', async () => {
    const chat = new RecordingSender(['chat'], 'chat');
    const dispatcher = new OutboundReplyDispatcher(new ChannelSenderRegistry([chat]), publisher, undefined, { routes: [{ channel: 'chat', provider: 'chat' }] });
    await dispatcher.handle([reply('chat')]);
    await dispatcher.handle([reply('chat')]);
    expect(chat.sent).toHaveLength(2);
  });

  it("reports a batch's replies in one publish, after all of them were sent", async () => {
    const publishes: number[] = [];
    const sms = new RecordingSender(['sms']);
    const counting = { publish: (statuses: readonly DeliveryStatusV1Message[]) => Promise.resolve(void publishes.push(statuses.length)) };
    const dispatcher = new OutboundReplyDispatcher(new ChannelSenderRegistry([sms]), counting, new MemoryLedger(), { routes: [{ channel: 'sms', provider: 'twilio' }] });
    await dispatcher.handle([reply('sms', '11111111-1111-4111-8111-111111111111'), reply('sms', '22222222-2222-4222-8222-222222222222'), reply('whatsapp')]);
    expect(sms.sent).toHaveLength(2);
    expect(publishes).toEqual([2]);
  });

  it('refuses two senders for one channel and provider at wiring time', () => {
    expect(() => new ChannelSenderRegistry([new RecordingSender(['sms']), new RecordingSender(['sms', 'voice'])])).toThrow('two senders registered for the sms channel through twilio');
  });
});
