import { DeliveryStatusV1Schema } from '@tributary/contracts';
import { outboundReplyFixture } from '@tributary/contracts/testing';
import { waitFor } from '@tributary/platform-testing';
import { FakeWhatsappWebClient } from './fake-whatsapp-web.client';
import { InMemoryAccountLeases } from './in-memory-account-leases.fake';
import { InMemoryWhatsappWebPendingReplies } from './in-memory-whatsapp-web-pending-replies.fake';
import { InMemoryWhatsappWebSentMessages } from './in-memory-whatsapp-web-sent-messages.fake';
import { WhatsappWebReplySender } from './whatsapp-web-reply.sender';
import { WhatsappWebSessionUnavailableError } from './whatsapp-web-session-unavailable.error';
import { WhatsappWebSessionsService } from './whatsapp-web-sessions.service';

const NUMBERS = { '+498912345678': { tenantId: 'acme' }, '+498912345679': { tenantId: 'acme' } };
const reply = (changes: Parameters<typeof outboundReplyFixture>[0] = {}) =>
  outboundReplyFixture({
    channel: 'whatsapp',
    provider: 'whatsapp-web',
    to: { kind: 'whatsapp', value: '+4915112345678' },
    from: { address: '+498912345678' },
    answering: { providerMessageId: 'false_4915112345678@c.us_3EB0C0FFEE', receivedAt: '2026-12-07T09:00:00Z' },
    ...changes,
  });

describe('WhatsappWebReplySender', () => {
  const leases = new InMemoryAccountLeases();
  const sentMessages = new InMemoryWhatsappWebSentMessages();
  const pendingReplies = new InMemoryWhatsappWebPendingReplies(sentMessages);
  const clients = new Map<string, FakeWhatsappWebClient>();
  let sessions: WhatsappWebSessionsService;
  let sender: WhatsappWebReplySender;

  beforeAll(async () => {
    // The second number is held by "another replica": this one never runs its session.
    await leases.tryAcquire('+498912345679');
    sessions = new WhatsappWebSessionsService(
      NUMBERS,
      { leaseRetryMs: 10, leaseCheckMs: 10, reconnectInitialMs: 10, reconnectMaxMs: 10, startTimeoutMs: 1_000 },
      {
        leases,
        createClient: (number) => {
          const client = new FakeWhatsappWebClient(number);
          clients.set(number, client);
          return client;
        },
        handoff: { handOff: () => Promise.resolve('published' as const) },
        sentMessages,
        pendingReplies,
        logger: { event: () => undefined },
      },
    );
    sessions.start();
    await waitFor('the first number ready', () => sessions.session('+498912345678')?.state.kind === 'ready', 2_000, 5);
    sender = new WhatsappWebReplySender({ numbers: NUMBERS, sessions, now: () => new Date('2026-12-07T10:00:00Z') });
  });
  afterAll(() => sessions.stop());

  it('sends through the session of the reply\'s number, quoting the message it answers, and records it for the acks', async () => {
    const outbound = reply();
    const status = DeliveryStatusV1Schema.parse(await sender.send(outbound));
    const client = clients.get('+498912345678');
    expect(client?.sent).toEqual([expect.objectContaining({ chatId: '4915112345678@c.us', text: outbound.text, quotedMessageId: 'false_4915112345678@c.us_3EB0C0FFEE' })]);
    const sent = client?.sent[0]?.message;
    expect(status).toMatchObject({ state: 'queued', provider: 'whatsapp-web', channel: 'whatsapp', providerMessageId: sent?.id._serialized, outboundId: outbound.outboundId });
    expect(await sentMessages.find('+498912345678', sent?.id.id ?? '')).toMatchObject({ outboundId: outbound.outboundId, ticketId: outbound.ticketId, messageId: sent?.id._serialized });
  });

  it('sends without a quote when the reply answers no message', async () => {
    const { answering: _answering, ...starting } = reply({ outboundId: '8f1c2b3a-4d5e-4f60-8a7b-9c0d1e2f3a4b' });
    await sender.send(starting);
    expect(clients.get('+498912345678')?.sent.at(-1)).not.toHaveProperty('quotedMessageId');
  });

  it('stores the reply for the replica holding the number, once however often it is redelivered, and reports it queued', async () => {
    const outbound = reply({ from: { address: '+498912345679' } });
    const status = DeliveryStatusV1Schema.parse(await sender.send(outbound));
    expect(status).toMatchObject({ state: 'queued', provider: 'whatsapp-web', channel: 'whatsapp', outboundId: outbound.outboundId });
    expect(status.providerMessageId).toBeUndefined();
    expect(await sender.send(outbound)).toEqual(status);
    expect(pendingReplies.waiting('+498912345679')).toEqual([
      {
        outboundId: outbound.outboundId,
        tenantId: 'acme',
        ticketId: outbound.ticketId,
        traceId: outbound.traceId,
        number: '+498912345679',
        recipient: '+4915112345678',
        text: outbound.text,
        quotedMessageId: 'false_4915112345678@c.us_3EB0C0FFEE',
        attempts: 0,
      },
    ]);
    expect(clients.has('+498912345679')).toBe(false);
  });

  it('throws, so the reply is retried, when no session of the number is configured here', async () => {
    const lonely = new WhatsappWebReplySender({ numbers: NUMBERS, sessions: { session: () => undefined } });
    await expect(lonely.send(reply())).rejects.toThrow(WhatsappWebSessionUnavailableError);
  });

  it('fails a reply from a number that is not this tenant\'s, or to an identity WhatsApp cannot reach', async () => {
    expect(await sender.send(reply({ tenantId: 'globex' }))).toMatchObject({ state: 'failed', error: { code: 'UNKNOWN_SENDER' } });
    expect(await sender.send(reply({ from: { address: '+15550000000' } }))).toMatchObject({ state: 'failed', error: { code: 'UNKNOWN_SENDER' } });
    expect(await sender.send(reply({ to: { kind: 'email', value: 'ann@example.com' } }))).toMatchObject({ state: 'failed', error: { code: 'INVALID_RECIPIENT' } });
  });

  it('shows the sessions with their state, and why those held here carry nothing', () => {
    expect(sessions.views().map((view) => [view.number, view.state.kind])).toEqual([
      ['+498912345678', 'ready'],
      ['+498912345679', 'waiting-for-lease'],
    ]);
    expect(sessions.problems()).toEqual([]);
    clients.get('+498912345678')?.showQr('2@again');
    expect(sessions.problems()).toEqual([expect.stringMatching(/^WhatsApp number \+498912345678: not linked/)]);
  });
});
