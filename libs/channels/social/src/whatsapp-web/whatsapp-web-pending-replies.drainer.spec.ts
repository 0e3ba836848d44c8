import type { AccountLeaseRepository, HandoffRecord } from '@tributary/channel-kit';
import { DeliveryStatusV1Schema, type DeliveryStatusV1Message } from '@tributary/contracts';
import { waitFor } from '@tributary/platform-testing';
import { FakeWhatsappWebClient, type FakeWhatsappWebStart } from './fake-whatsapp-web.client';
import { InMemoryAccountLeases } from './in-memory-account-leases.fake';
import { InMemoryWhatsappWebPendingReplies } from './in-memory-whatsapp-web-pending-replies.fake';
import { InMemoryWhatsappWebSentMessages } from './in-memory-whatsapp-web-sent-messages.fake';
import { WHATSAPP_WEB_ACK } from './whatsapp-web-client.port';
import { WHATSAPP_WEB_PENDING_REPLY_ATTEMPTS } from './whatsapp-web-pending-replies.drainer';
import type { WhatsappWebPendingReply } from './whatsapp-web-pending-reply';
import { WhatsappWebSession, type WhatsappWebSessionTimings } from './whatsapp-web.session';

const NUMBER = '+498912345678';
const CUSTOMER = '4915112345678@c.us';
const POLL_MS = 20;
const TIMINGS: WhatsappWebSessionTimings = { leaseRetryMs: 10, leaseCheckMs: 10, reconnectInitialMs: 20, reconnectMaxMs: 80, startTimeoutMs: 300, pendingPollMs: POLL_MS };

let sequence = 0;
const pending = (changes: Partial<WhatsappWebPendingReply> = {}): WhatsappWebPendingReply => {
  sequence += 1;
  return {
    outboundId: `7f1c2b3a-4d5e-4f60-8a7b-${sequence.toString().padStart(12, '0')}`,
    tenantId: 'acme',
    ticketId: '1a2b3c4d-5e6f-4a0b-8c1d-2e3f4a5b6c7d',
    traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
    number: NUMBER,
    recipient: '+4915112345678',
    text: `reply ${sequence}`,
    ...changes,
  };
};

/** One "replica": a session of the number, sharing the leases and the tables with the others of a test. */
function replica(
  shared: { leases: Pick<AccountLeaseRepository, 'tryAcquire'>; pendingReplies: InMemoryWhatsappWebPendingReplies; sentMessages: InMemoryWhatsappWebSentMessages },
  starts: readonly FakeWhatsappWebStart[] = ['ready'],
  timings: WhatsappWebSessionTimings = TIMINGS,
) {
  const clients: FakeWhatsappWebClient[] = [];
  const handedOff: HandoffRecord[] = [];
  const session = new WhatsappWebSession(NUMBER, 'acme', timings, {
    ...shared,
    createClient: (number) => {
      const client = new FakeWhatsappWebClient(number, starts[Math.min(clients.length, starts.length - 1)]);
      clients.push(client);
      return client;
    },
    handoff: { handOff: (record) => Promise.resolve(void handedOff.push(record)).then(() => 'published' as const) },
    logger: { event: () => undefined },
  });
  const latest = (): FakeWhatsappWebClient => {
    const client = clients.at(-1);
    if (!client) throw new Error('no Client was built');
    return client;
  };
  const reports = (): DeliveryStatusV1Message[] => handedOff.filter((record) => record.kind === 'delivery').map((record) => DeliveryStatusV1Schema.parse(record.value));
  return { session, clients, latest, handedOff, reports };
}

const tables = () => {
  const sentMessages = new InMemoryWhatsappWebSentMessages();
  return { leases: new InMemoryAccountLeases(), pendingReplies: new InMemoryWhatsappWebPendingReplies(sentMessages), sentMessages };
};
const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('WhatsappWebPendingRepliesDrainer, through the sessions of two replicas', () => {
  let stopAll: (() => Promise<void>)[] = [];
  afterEach(async () => {
    await Promise.all(stopAll.map((stop) => stop()));
    stopAll = [];
  });
  const started = <T extends ReturnType<typeof replica>>(r: T): T => {
    r.session.start();
    stopAll.push(() => r.session.stop());
    return r;
  };

  it('stores a reply given to the replica that does not hold the number; the holder sends it once and maps its acks', async () => {
    const shared = tables();
    const holder = started(replica(shared));
    await waitFor('the holder ready', () => holder.session.state.kind === 'ready', 2_000, 5);
    const other = started(replica(shared));
    await pause(30);
    expect(other.session.state.kind).toBe('waiting-for-lease');

    const reply = pending({ quotedMessageId: `false_${CUSTOMER}_3EB0C0FFEE` });
    expect(await other.session.reply(reply)).toEqual({ kind: 'queued' });
    // A redelivery of the same reply, before and after it was sent: stored once, sent once.
    expect(await other.session.reply(reply)).toEqual({ kind: 'queued' });
    await waitFor('the holder to send it', () => holder.latest().sent.length === 1, 2_000, 5);
    expect(await other.session.reply(reply)).toEqual({ kind: 'queued' });
    await pause(POLL_MS * 5);
    expect(holder.latest().sent).toEqual([expect.objectContaining({ chatId: CUSTOMER, text: reply.text, quotedMessageId: reply.quotedMessageId })]);
    expect(other.clients).toEqual([]);
    expect(shared.pendingReplies.outcomeOf(reply.outboundId)).toBe('sent');

    const sent = holder.latest().sent[0]?.message;
    expect(await shared.sentMessages.find(NUMBER, sent?.id.id ?? '')).toMatchObject({ outboundId: reply.outboundId, ticketId: reply.ticketId });
    holder.latest().ack(sent?.id._serialized ?? '', WHATSAPP_WEB_ACK.SERVER);
    await waitFor('the sent report', () => holder.reports().length === 1, 2_000, 5);
    expect(holder.reports()[0]).toMatchObject({ state: 'sent', outboundId: reply.outboundId, providerMessageId: sent?.id._serialized });
    // Its own send was recorded first: not handed off as a message typed on the phone.
    expect(holder.handedOff.filter((record) => record.kind === 'inbound')).toEqual([]);
  });

  it('stores a reply while the holder is not linked, and sends it the moment its Client is ready', async () => {
    const shared = tables();
    // No polling within this test: only becoming ready can send it.
    const holder = started(replica(shared, ['qr'], { ...TIMINGS, pendingPollMs: 60_000 }));
    await waitFor('a QR', () => holder.session.state.kind === 'qr-required', 2_000, 5);
    const reply = pending();
    expect(await holder.session.reply(reply)).toEqual({ kind: 'queued' });
    expect(holder.latest().sent).toEqual([]);
    holder.latest().becomeReady();
    await waitFor('the stored reply sent', () => holder.latest().sent.length === 1, 2_000, 5);
    expect(holder.latest().sent[0]).toMatchObject({ chatId: CUSTOMER, text: reply.text });
  });

  it('tries a reply WhatsApp refuses again, reports it failed after the last try, and sends the replies behind it', async () => {
    const shared = tables();
    const holder = started(replica(shared, ['qr']));
    await waitFor('a QR', () => holder.session.state.kind === 'qr-required', 2_000, 5);
    const refused = pending({ recipient: '+15550000000' });
    const fine = pending();
    await holder.session.reply(refused);
    await holder.session.reply(fine);
    holder.latest().refuseSendsTo('15550000000@c.us', 'Evaluation failed: Error: the number is not on WhatsApp');
    holder.latest().becomeReady();
    await waitFor('the failed report and the next reply sent', () => holder.reports().length === 1 && holder.latest().sent.length === 1, 2_000, 5);
    expect(holder.reports()[0]).toMatchObject({
      state: 'failed',
      outboundId: refused.outboundId,
      error: { code: 'SEND_FAILED', message: `WhatsApp refused the reply ${WHATSAPP_WEB_PENDING_REPLY_ATTEMPTS} times: Evaluation failed: Error: the number is not on WhatsApp` },
    });
    expect(holder.latest().sent[0]).toMatchObject({ text: fine.text });
    expect(shared.pendingReplies.outcomeOf(refused.outboundId)).toBe('failed');
    expect(shared.pendingReplies.waiting()).toEqual([]);
  });

  it('stores a reply the ready holder failed to send instead of throwing it back to the reply loop', async () => {
    const shared = tables();
    const holder = started(replica(shared));
    await waitFor('ready', () => holder.session.state.kind === 'ready', 2_000, 5);
    holder.latest().refuseSendsTo('15550000000@c.us');
    const refused = pending({ recipient: '+15550000000' });
    expect(await holder.session.reply(refused)).toEqual({ kind: 'queued' });
    await waitFor('the failed report', () => holder.reports().length === 1, 2_000, 5);
    expect(holder.reports()[0]).toMatchObject({ state: 'failed', outboundId: refused.outboundId, error: { code: 'SEND_FAILED' } });
  });

  it('does not count a send that failed because the Client lost its connection, and sends it once connected again', async () => {
    const shared = tables();
    const holder = started(replica(shared));
    await waitFor('ready', () => holder.session.state.kind === 'ready', 2_000, 5);
    holder.latest().changeState('TIMEOUT');
    const other = started(replica(shared));
    const reply = pending();
    await other.session.reply(reply);
    await pause(POLL_MS * 6);
    expect(shared.pendingReplies.waiting()).toEqual([expect.objectContaining({ outboundId: reply.outboundId, attempts: 0 })]);
    expect(holder.reports()).toEqual([]);
    holder.latest().changeState('CONNECTED');
    await waitFor('the reply sent', () => holder.latest().sent.length === 1, 2_000, 5);
  });

  it('never sends a stored reply twice when two replicas both drive the number (a lease handover under way)', async () => {
    const shared = { ...tables(), leases: { tryAcquire: () => Promise.resolve({ stillHeld: () => Promise.resolve(true), release: () => Promise.resolve() }) } };
    const a = started(replica(shared));
    const b = started(replica(shared));
    await waitFor('both ready', () => a.session.state.kind === 'ready' && b.session.state.kind === 'ready', 2_000, 5);
    const replies = Array.from({ length: 20 }, () => pending());
    for (const reply of replies) await shared.pendingReplies.queue(reply);
    await waitFor('all sent', () => a.latest().sent.length + b.latest().sent.length >= replies.length, 2_000, 5);
    await pause(POLL_MS * 3);
    const texts = [...a.latest().sent, ...b.latest().sent].map((send) => send.text).sort();
    expect(texts).toEqual(replies.map((reply) => reply.text).sort());
  });
});
