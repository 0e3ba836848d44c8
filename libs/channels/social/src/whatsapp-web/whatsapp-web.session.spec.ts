import type { HandoffRecord } from '@tributary/channel-kit';
import { InboundMessageV1Schema, type DeliveryStatusV1Message } from '@tributary/contracts';
import { waitFor } from '@tributary/platform-testing';
import { FakeWhatsappWebClient, type FakeWhatsappWebStart } from './fake-whatsapp-web.client';
import { InMemoryAccountLeases } from './in-memory-account-leases.fake';
import { InMemoryWhatsappWebPendingReplies } from './in-memory-whatsapp-web-pending-replies.fake';
import { InMemoryWhatsappWebSentMessages } from './in-memory-whatsapp-web-sent-messages.fake';
import { WHATSAPP_WEB_ACK } from './whatsapp-web-client.port';
import { whatsappWebMessage } from './whatsapp-web-message.builder';
import type { WhatsappWebPendingReply } from './whatsapp-web-pending-reply';
import { whatsappWebSessionProblem } from './whatsapp-web-session-state';
import { WhatsappWebSession, type WhatsappWebSessionTimings } from './whatsapp-web.session';

const NUMBER = '+498912345678';
const CUSTOMER = '4915112345678@c.us';
const TIMINGS: WhatsappWebSessionTimings = { leaseRetryMs: 10, leaseCheckMs: 10, reconnectInitialMs: 20, reconnectMaxMs: 80, startTimeoutMs: 300 };
const REPLY: WhatsappWebPendingReply = {
  outboundId: '7f1c2b3a-4d5e-4f60-8a7b-9c0d1e2f3a4b',
  tenantId: 'acme',
  ticketId: '1a2b3c4d-5e6f-4a0b-8c1d-2e3f4a5b6c7d',
  traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
  number: NUMBER,
  recipient: '+4915112345678',
  text: 'We ship today.',
  quotedMessageId: 'false_4915112345678@c.us_3EB0C0FFEE',
};

interface LogLine {
  readonly level: string;
  readonly msg: string;
  readonly fields: Record<string, unknown>;
}

function harness(starts: readonly FakeWhatsappWebStart[] = ['ready'], timings: WhatsappWebSessionTimings = TIMINGS) {
  const leases = new InMemoryAccountLeases();
  const clients: FakeWhatsappWebClient[] = [];
  const handedOff: HandoffRecord[] = [];
  const logs: LogLine[] = [];
  const sentMessages = new InMemoryWhatsappWebSentMessages();
  const pendingReplies = new InMemoryWhatsappWebPendingReplies(sentMessages);
  const session = new WhatsappWebSession(NUMBER, 'acme', timings, {
    leases,
    createClient: (number) => {
      const client = new FakeWhatsappWebClient(number, starts[Math.min(clients.length, starts.length - 1)]);
      clients.push(client);
      return client;
    },
    handoff: { handOff: (record) => Promise.resolve(void handedOff.push(record)).then(() => 'published' as const) },
    sentMessages,
    pendingReplies,
    logger: { event: (level, _context, msg, fields = {}) => void logs.push({ level, msg, fields }) },
  });
  const latest = (): FakeWhatsappWebClient => {
    const client = clients.at(-1);
    if (!client) throw new Error('no Client was built');
    return client;
  };
  return { session, leases, clients, latest, handedOff, logs, sentMessages, pendingReplies };
}

describe('WhatsappWebSession', () => {
  let stopAll: (() => Promise<void>)[] = [];
  afterEach(async () => {
    await Promise.all(stopAll.map((stop) => stop()));
    stopAll = [];
  });
  const started = (h: ReturnType<typeof harness>): ReturnType<typeof harness> => {
    h.session.start();
    stopAll.push(() => h.session.stop());
    return h;
  };

  it('builds no Client while another replica holds the number, and takes over once it is free', async () => {
    const h = harness();
    const other = await h.leases.tryAcquire(NUMBER);
    started(h);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(h.session.state.kind).toBe('waiting-for-lease');
    expect(h.clients).toHaveLength(0);
    expect(whatsappWebSessionProblem(NUMBER, h.session.state)).toBeUndefined();
    await other?.release();
    await waitFor('the session to be ready', () => h.session.state.kind === 'ready', 2_000, 5);
    expect(h.clients).toHaveLength(1);
    expect(h.latest().initialized).toBe(true);
  });

  it('shows each new QR once, then becomes ready when it is scanned', async () => {
    const h = started(harness(['qr']));
    await waitFor('a QR', () => h.session.state.kind === 'qr-required', 2_000, 5);
    const first = h.session.state;
    expect(first).toMatchObject({ kind: 'qr-required', qr: expect.stringMatching(/^2@fake-qr/) });
    expect(whatsappWebSessionProblem(NUMBER, first)).toMatch(/not linked; scan the QR/);
    h.latest().showQr(first.kind === 'qr-required' ? first.qr : '');
    h.latest().showQr('2@second-qr');
    expect(h.session.state).toMatchObject({ kind: 'qr-required', qr: '2@second-qr' });
    expect(h.logs.filter((line) => line.msg.includes('scan this QR')).map((line) => line.fields['qr'])).toEqual([first.kind === 'qr-required' ? first.qr : '', '2@second-qr']);
    h.latest().becomeReady();
    expect(h.session.state.kind).toBe('ready');
  });

  it('hands off a customer message once, however often the Client emits it, and ignores group messages', async () => {
    const h = started(harness());
    await waitFor('ready', () => h.session.state.kind === 'ready', 2_000, 5);
    const message = whatsappWebMessage({ chat: CUSTOMER, me: h.latest().me, keyId: '3EB0C0FFEE', body: 'Hi' });
    h.latest().receive(message);
    h.latest().receive(message);
    h.latest().receive(whatsappWebMessage({ chat: '120363025555555555@g.us', author: CUSTOMER, me: h.latest().me, keyId: '3EB0GROUP', body: 'all' }));
    await waitFor('the hand-off', () => h.handedOff.length >= 1, 2_000, 5);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(h.handedOff).toHaveLength(1);
    expect(h.handedOff[0]).toMatchObject({ kind: 'inbound', key: 'acme:phone:+4915112345678', value: { dedupeKey: 'whatsapp-web:+4915112345678:3EB0C0FFEE', text: 'Hi' } });
    expect(h.logs).toContainEqual(expect.objectContaining({ msg: 'message not handed off', fields: expect.objectContaining({ reason: 'group' }) }));
  });

  it('reports acks of its own replies, and hands off messages typed on the phone as the agent\'s side of the conversation', async () => {
    const h = started(harness());
    await waitFor('ready', () => h.session.state.kind === 'ready', 2_000, 5);
    const outcome = await h.session.reply(REPLY);
    if (outcome.kind !== 'sent') throw new Error('expected the ready holder to send at once');
    const sent = outcome.message;
    expect(h.latest().sent).toEqual([expect.objectContaining({ chatId: CUSTOMER, text: 'We ship today.', quotedMessageId: 'false_4915112345678@c.us_3EB0C0FFEE' })]);
    const typed = h.latest().sendFromPhone(CUSTOMER, 'I will call you');
    h.latest().ack(sent.id._serialized, WHATSAPP_WEB_ACK.DEVICE);
    h.latest().ack(typed.id._serialized, WHATSAPP_WEB_ACK.READ);
    await waitFor('the report and the phone message', () => h.handedOff.length >= 2, 2_000, 5);
    await new Promise((resolve) => setTimeout(resolve, 20));
    const reports = h.handedOff.filter((record) => record.kind === 'delivery').map((record) => record.value as DeliveryStatusV1Message);
    expect(reports).toEqual([expect.objectContaining({ state: 'delivered', outboundId: REPLY.outboundId, providerMessageId: sent.id._serialized })]);
    // Tributary's own send was recorded before its message_create was looked at: not "from the phone".
    const inbound = h.handedOff.filter((record) => record.kind === 'inbound');
    expect(inbound).toHaveLength(1);
    expect(inbound[0]?.key).toBe('acme:phone:+4915112345678');
    expect(InboundMessageV1Schema.parse(inbound[0]?.value)).toMatchObject({
      direction: 'outbound',
      provider: 'whatsapp-web',
      channel: 'whatsapp',
      sender: { identities: [{ kind: 'whatsapp', value: '+4915112345678' }] },
      inbox: { address: NUMBER },
      dedupeKey: `whatsapp-web-phone:${NUMBER}:${typed.id.id}`,
      providerMessageId: typed.id._serialized,
      text: 'I will call you',
    });
  });

  it('hands off a phone message once however often the Client emits it, maps a @lid chat, and logs an unknown one as an error', async () => {
    const h = started(harness());
    await waitFor('ready', () => h.session.state.kind === 'ready', 2_000, 5);
    h.latest().lidPhones.set('123456789012345@lid', '4915112345678@c.us');
    const typed = whatsappWebMessage({ fromMe: true, chat: '123456789012345@lid', me: h.latest().me, keyId: '3EB0PHONE1', body: 'On my way', ack: 1 });
    h.latest().receive(typed);
    h.latest().receive(typed);
    h.latest().sendFromPhone('999@lid', 'to someone WhatsApp hides');
    await waitFor('the phone message and the error', () => h.handedOff.length >= 1 && h.logs.some((line) => line.level === 'error'), 2_000, 5);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(h.handedOff.map((record) => record.value)).toEqual([
      expect.objectContaining({ direction: 'outbound', dedupeKey: `whatsapp-web-phone:${NUMBER}:3EB0PHONE1`, sender: { identities: [{ kind: 'whatsapp', value: '+4915112345678' }] } }),
    ]);
    expect(h.logs).toContainEqual(expect.objectContaining({ level: 'error', msg: 'message not handed off', fields: expect.objectContaining({ reason: 'sender-unresolved' }) }));
  });

  it('destroys a disconnected Client and starts a NEW one after the first delay', async () => {
    const h = started(harness());
    await waitFor('ready', () => h.session.state.kind === 'ready', 2_000, 5);
    const first = h.latest();
    first.disconnect('LOGOUT');
    expect(h.session.state).toMatchObject({ kind: 'disconnected', reason: 'WhatsApp Web disconnected: LOGOUT' });
    await waitFor('the retry time', () => h.session.state.kind === 'disconnected' && h.session.state.retryAt !== undefined, 2_000, 1);
    expect(whatsappWebSessionProblem(NUMBER, h.session.state)).toMatch(/disconnected \(WhatsApp Web disconnected: LOGOUT\); retrying at/);
    expect(first.destroyed).toBe(true);
    await waitFor('a second Client ready', () => h.clients.length === 2 && h.session.state.kind === 'ready', 2_000, 5);
    expect(h.latest()).not.toBe(first);
    expect(await h.session.reply(REPLY)).toMatchObject({ kind: 'sent' });
  });

  it('waits longer after each failed start, up to the cap, and says why it failed', async () => {
    const h = started(harness(['fail']));
    await waitFor('five Clients', () => h.clients.length >= 5, 3_000, 5);
    const delays = h.logs.filter((line) => line.msg.startsWith('session failed')).map((line) => line.fields['delayMs']);
    expect(delays.slice(0, 4)).toEqual([20, 40, 80, 80]);
    expect(h.session.state.kind === 'failed' || h.session.state.kind === 'starting').toBe(true);
    expect(h.logs.find((line) => line.msg.startsWith('session failed'))?.fields['reason']).toBe('could not open WhatsApp Web: net::ERR_NAME_NOT_RESOLVED at https://web.whatsapp.com/');
    expect(h.clients.slice(0, -1).every((client) => client.destroyed)).toBe(true);
  });

  it('fails a Client that shows neither a QR nor a login in time', async () => {
    const h = started(harness(['hang', 'ready'], { ...TIMINGS, startTimeoutMs: 50 }));
    await waitFor('a failed start', () => h.session.state.kind === 'failed', 2_000, 5);
    expect(h.session.state).toMatchObject({ reason: 'WhatsApp Web showed neither a QR nor a login within 50 ms' });
    await waitFor('the next Client ready', () => h.session.state.kind === 'ready', 2_000, 5);
    expect(h.clients[0]?.destroyed).toBe(true);
  });

  it('destroys the Client at once when the lease is lost, and stores later replies for the new holder', async () => {
    const h = started(harness());
    await waitFor('ready', () => h.session.state.kind === 'ready', 2_000, 5);
    const holder = h.latest();
    h.leases.revoke(NUMBER);
    // Another replica takes the number the moment the holder's database session is gone.
    expect(await h.leases.tryAcquire(NUMBER)).toBeDefined();
    await waitFor('the Client destroyed', () => holder.destroyed, 2_000, 5);
    await waitFor('waiting for the lease again', () => h.session.state.kind === 'waiting-for-lease', 2_000, 5);
    expect(h.clients).toHaveLength(1);
    expect(await h.session.reply(REPLY)).toEqual({ kind: 'queued' });
    expect(holder.sent).toEqual([]);
    expect(h.pendingReplies.waiting(NUMBER)).toEqual([expect.objectContaining({ outboundId: REPLY.outboundId, recipient: '+4915112345678', attempts: 0 })]);
  });

  it('on stop destroys the Client and frees the number for another replica', async () => {
    const h = harness();
    h.session.start();
    await waitFor('ready', () => h.session.state.kind === 'ready', 2_000, 5);
    await h.session.stop();
    expect(h.latest().destroyed).toBe(true);
    expect(h.leases.isHeld(NUMBER)).toBe(false);
    expect(h.session.state.kind).toBe('stopped');
  });

  it('keeps serving the number when asking about the lease throws', async () => {
    const clients: FakeWhatsappWebClient[] = [];
    const logs: string[] = [];
    const session = new WhatsappWebSession(NUMBER, 'acme', TIMINGS, {
      leases: { tryAcquire: () => Promise.resolve({ stillHeld: () => Promise.reject(new Error('connection reset')), release: () => Promise.resolve() }) },
      createClient: (number) => {
        const client = new FakeWhatsappWebClient(number, 'fail');
        clients.push(client);
        return client;
      },
      handoff: { handOff: () => Promise.resolve('published' as const) },
      sentMessages: new InMemoryWhatsappWebSentMessages(),
      pendingReplies: new InMemoryWhatsappWebPendingReplies(new InMemoryWhatsappWebSentMessages()),
      logger: { event: (_level, _context, msg) => void logs.push(msg) },
    });
    session.start();
    stopAll.push(() => session.stop());
    await waitFor('a second Client after the loop failed', () => clients.length >= 2, 2_000, 5);
    expect(logs).toContain('session loop failed; releasing the number and starting over');
  });

  it('treats a refused saved login as a failure to retry', async () => {
    const h = started(harness(['qr', 'ready']));
    await waitFor('a QR', () => h.session.state.kind === 'qr-required', 2_000, 5);
    h.latest().failAuth('restore session failure');
    expect(h.session.state).toMatchObject({ kind: 'failed', reason: 'the saved login was refused: restore session failure' });
    await waitFor('the next Client ready', () => h.session.state.kind === 'ready', 2_000, 5);
  });
});
