import { ChatDeliveryReports } from '../conversation/chat-delivery-reports.service';
import { ChatIntake } from '../conversation/chat-intake.service';
import { InMemoryChatUploads } from '../attachments/in-memory-chat-uploads.fake';
import { InMemoryChatEntries } from '../conversation/in-memory-chat-entries.fake';
import type { ChatTenant } from '../identity/chat-tenant';
import { VisitorTokenVerifier } from '../identity/visitor-token.verifier';
import { SlidingWindowLimiter } from '../limits/sliding-window.limiter';
import { ChatCloseCode } from '../protocol/chat-close-code';
import { ChatConnectionHub } from './chat-connection-hub';
import { ChatSocketSession } from './chat-socket.session';

const tenant: ChatTenant = { tenantId: 'acme', origins: ['*'], anonymous: true, inbox: 'web-widget', secrets: ['acme-secret-0123456789abcdef0123456789'] };

class FakeSocket {
  readonly sent: Record<string, unknown>[] = [];
  closedWith: { code: number; reason: string } | undefined;
  send(data: string): void {
    this.sent.push(JSON.parse(data) as Record<string, unknown>);
  }
  close(code: number, reason: string): void {
    this.closedWith = { code, reason };
  }
  of(type: string): Record<string, unknown>[] {
    return this.sent.filter((frame) => frame['type'] === type);
  }
}

function session(limit = 30, sessionTenant: ChatTenant = tenant, agentsOnline = false) {
  const socket = new FakeSocket();
  const entries = new InMemoryChatEntries();
  const hub = new ChatConnectionHub();
  const uploads = new InMemoryChatUploads();
  const handed: unknown[] = [];
  const handoff = { handOff: (record: unknown) => Promise.resolve(void handed.push(record)).then(() => 'published' as const) };
  const parts = {
    uploads,
    verifier: new VisitorTokenVerifier({ anonymousSecrets: ['anonymous-secret-0123456789abcdef0123'], anonymousTtlSeconds: 3600 }),
    entries,
    intake: new ChatIntake(entries, handoff, hub),
    reports: new ChatDeliveryReports(entries, handoff),
    hub,
    messageLimiter: new SlidingWindowLimiter(limit, 60_000),
    presence: { agentsOnline: () => Promise.resolve(agentsOnline) },
    onError: (_context: string, error: unknown): void => {
      throw error;
    },
  };
  const chat = new ChatSocketSession(socket, sessionTenant, parts, { helloTimeoutMs: 1_000, maxFrameBytes: 1_024, maxMessageLength: 20 });
  return { socket, chat, hub, entries, uploads, handed, parts };
}

describe('ChatSocketSession', () => {
  afterEach(() => jest.useRealTimers());

  it('closes with 4408 when no hello comes in time', () => {
    jest.useFakeTimers();
    const { socket } = session();
    jest.advanceTimersByTime(1_001);
    expect(socket.closedWith?.code).toBe(ChatCloseCode.HelloTimeout);
  });

  it('closes with 4400 on a message before hello, and with 4401 on a bad token', async () => {
    const early = session();
    await early.chat.receive(JSON.stringify({ type: 'msg', clientMessageId: 'client-0001', text: 'hi' }));
    expect(early.socket.closedWith?.code).toBe(ChatCloseCode.BadFrame);
    const forged = session();
    await forged.chat.receive(JSON.stringify({ type: 'hello', token: 'not.a.jwt' }));
    expect(forged.socket.closedWith?.code).toBe(ChatCloseCode.TokenInvalid);
    early.chat.closed();
    forged.chat.closed();
  });

  it('welcomes an anonymous visitor with its new token, then acks, refuses invalid messages and rate-limits', async () => {
    const { socket, chat, hub } = session(2);
    await chat.receive(JSON.stringify({ type: 'hello' }));
    expect(socket.of('welcome')[0]).toMatchObject({ verified: false, lastSeq: 0, visitorToken: expect.any(String) as unknown });
    expect(hub.size).toBe(1);
    for (const [id, text] of [['client-0001', 'one'], ['client-0002', '   '], ['client-0003', 'x'.repeat(21)], ['client-0004', 'two'], ['client-0005', 'three']]) {
      await chat.receive(JSON.stringify({ type: 'msg', clientMessageId: id, text }));
    }
    expect(socket.of('ack').map((frame) => frame['clientMessageId'])).toEqual(['client-0001', 'client-0004']);
    expect(socket.of('error').map((frame) => [frame['clientMessageId'], frame['code']])).toEqual([
      ['client-0002', 'message_invalid'],
      ['client-0003', 'message_invalid'],
      ['client-0005', 'rate_limited'],
    ]);
    expect(socket.closedWith).toBeUndefined();
    chat.closed();
    expect(hub.size).toBe(0);
  });

  it("hands off a message with the visitor's own uploads as references, and refuses an unknown or another visitor's upload", async () => {
    const { socket, chat, uploads, handed } = session();
    await chat.receive(JSON.stringify({ type: 'hello' }));
    const visitorId = String(socket.of('welcome')[0]?.['visitorId']);
    const ref = { name: 'shot.png', contentType: 'image/png', sizeBytes: 10, sha256: 'b'.repeat(64), storageUri: 'file:///blobs/b' };
    await uploads.record({ attachmentId: 'upload-mine', tenantId: 'acme', visitorId, ref });
    await uploads.record({ attachmentId: 'upload-theirs', tenantId: 'acme', visitorId: 'anon-other', ref });
    await chat.receive(JSON.stringify({ type: 'msg', clientMessageId: 'client-0001', text: '', attachments: [{ attachmentId: 'upload-mine' }] }));
    await chat.receive(JSON.stringify({ type: 'msg', clientMessageId: 'client-0002', text: 'x', attachments: [{ attachmentId: 'upload-theirs' }] }));
    await chat.receive(JSON.stringify({ type: 'msg', clientMessageId: 'client-0003', text: 'x', attachments: [{ attachmentId: 'made-up' }] }));
    expect(socket.of('ack').map((frame) => frame['clientMessageId'])).toEqual(['client-0001']);
    expect(socket.of('error').map((frame) => [frame['clientMessageId'], frame['code']])).toEqual([
      ['client-0002', 'message_invalid'],
      ['client-0003', 'message_invalid'],
    ]);
    expect(handed).toHaveLength(1);
    expect(JSON.stringify(handed[0])).toContain('"storageUri":"file:///blobs/b"');
    chat.closed();
  });

  it("tells the widget of a tenant's offline form and hands the typed email off as an unverified extra, never as an identity", async () => {
    const { socket, chat, handed } = session(30, { ...tenant, offlineForm: true });
    await chat.receive(JSON.stringify({ type: 'hello' }));
    expect(socket.of('welcome')[0]).toMatchObject({ offlineForm: true });
    await chat.receive(JSON.stringify({ type: 'msg', clientMessageId: 'client-0001', text: 'anyone?', contactEmail: 'Jane@Example.org' }));
    expect(socket.of('ack')).toHaveLength(1);
    const record = JSON.stringify(handed[0]);
    expect(record).toContain('"contactEmail":"jane@example.org"');
    expect(record).not.toContain('"kind":"email"');

    const plain = session();
    await plain.chat.receive(JSON.stringify({ type: 'hello' }));
    expect(plain.socket.of('welcome')[0]).not.toHaveProperty('offlineForm');
    await plain.chat.receive(JSON.stringify({ type: 'msg', clientMessageId: 'client-0001', text: 'hi', contactEmail: 'jane@example.org' }));
    expect(plain.socket.of('error')[0]).toMatchObject({ code: 'message_invalid', clientMessageId: 'client-0001' });
    chat.closed();
    plain.chat.closed();
  });

  it("asks for no email while the tenant's agents are online, and still takes one a widget kept from before", async () => {
    const { socket, chat, handed } = session(30, { ...tenant, offlineForm: true }, true);
    await chat.receive(JSON.stringify({ type: 'hello' }));
    expect(socket.of('welcome')[0]).not.toHaveProperty('offlineForm');
    await chat.receive(JSON.stringify({ type: 'msg', clientMessageId: 'client-0001', text: 'hi', contactEmail: 'jane@example.org' }));
    expect(socket.of('ack')).toHaveLength(1);
    expect(JSON.stringify(handed[0])).toContain('"contactEmail":"jane@example.org"');
    chat.closed();
  });

  it('tries a failed catch-up again, so a reply is not left for the next notification', async () => {
    jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
    const { socket, chat, hub, entries, parts } = session();
    const errors: unknown[] = [];
    parts.onError = (_context: string, error: unknown) => void errors.push(error);
    await chat.receive(JSON.stringify({ type: 'hello' }));
    const conversationId = String(socket.of('welcome')[0]?.['conversationId']);
    await entries.recordReply({ conversationId, outboundId: 'reply-1', ticketId: '2d8b3e0a-4f7c-4a2d-9d99-8f5b6d3c1a23', traceId: '4bf92f3577b34da6a3ce929d0e0e4736', text: 'reply-1' });
    const entriesAfter = entries.entriesAfter.bind(entries);
    jest.spyOn(entries, 'entriesAfter').mockRejectedValueOnce(new Error('timeout exceeded when trying to connect')).mockImplementation(entriesAfter);
    hub.catchUp(conversationId);
    await chat.receive(JSON.stringify({ type: 'typing', active: true }));
    expect(errors).toHaveLength(1);
    expect(socket.of('event')).toEqual([]);
    jest.advanceTimersByTime(1_000);
    await chat.receive(JSON.stringify({ type: 'typing', active: true }));
    expect(socket.of('event').map((frame) => frame['text'])).toEqual(['reply-1']);
    chat.closed();
  });

  it('replays what came after the last seq the widget showed', async () => {
    const first = session();
    await first.chat.receive(JSON.stringify({ type: 'hello' }));
    const token = String(first.socket.of('welcome')[0]?.['visitorToken']);
    for (const id of ['client-0001', 'client-0002', 'client-0003']) await first.chat.receive(JSON.stringify({ type: 'msg', clientMessageId: id, text: id }));
    first.chat.closed();

    const socket = new FakeSocket();
    const back = new ChatSocketSession(socket, tenant, { ...sessionParts(first), hub: new ChatConnectionHub() }, { helloTimeoutMs: 1_000, maxFrameBytes: 1_024, maxMessageLength: 20 });
    await back.receive(JSON.stringify({ type: 'hello', token, lastSeq: 1 }));
    expect(socket.of('event').map((frame) => frame['seq'])).toEqual([2, 3]);
    back.closed();
  });

  it('on a stored-reply notification sends each reply it has not sent, once, however often it is told', async () => {
    const { socket, chat, hub, entries } = session();
    await chat.receive(JSON.stringify({ type: 'hello' }));
    const conversationId = String(socket.of('welcome')[0]?.['conversationId']);
    await chat.receive(JSON.stringify({ type: 'msg', clientMessageId: 'client-0001', text: 'hello?' }));
    const reply = (outboundId: string) =>
      entries.recordReply({ conversationId, outboundId, ticketId: '2d8b3e0a-4f7c-4a2d-9d99-8f5b6d3c1a23', traceId: '4bf92f3577b34da6a3ce929d0e0e4736', text: outboundId });
    // Stored by whichever replica consumed them; this socket hears only the notifications.
    await reply('reply-1');
    await reply('reply-2');
    hub.catchUp(conversationId);
    hub.catchUp(conversationId);
    hub.catchUpAll();
    await chat.receive(JSON.stringify({ type: 'typing', active: true }));
    const agentEvents = socket.of('event').filter((frame) => frame['author'] === 'agent');
    expect(agentEvents.map((frame) => [frame['seq'], frame['text']])).toEqual([
      [2, 'reply-1'],
      [3, 'reply-2'],
    ]);
    hub.catchUp('another-conversation');
    chat.closed();
  });

  it("sends a reply committed just before the visitor's own message, whose ack went out first (found by the bench)", async () => {
    const { socket, chat, hub, entries } = session();
    await chat.receive(JSON.stringify({ type: 'hello' }));
    const conversationId = String(socket.of('welcome')[0]?.['conversationId']);
    await entries.recordReply({ conversationId, outboundId: 'reply-1', ticketId: '2d8b3e0a-4f7c-4a2d-9d99-8f5b6d3c1a23', traceId: '4bf92f3577b34da6a3ce929d0e0e4736', text: 'reply-1' });
    // The visitor's message takes seq 2 and is acked before the reply's notification is handled.
    await chat.receive(JSON.stringify({ type: 'msg', clientMessageId: 'client-0001', text: 'hello?' }));
    hub.catchUp(conversationId);
    await chat.receive(JSON.stringify({ type: 'typing', active: true }));
    expect(socket.of('event').map((frame) => [frame['seq'], frame['author']])).toEqual([
      [2, 'visitor'],
      [1, 'agent'],
    ]);
    chat.closed();
  });
});

function sessionParts(from: ReturnType<typeof session>) {
  const handoff = { handOff: () => Promise.resolve('published' as const) };
  return {
    verifier: new VisitorTokenVerifier({ anonymousSecrets: ['anonymous-secret-0123456789abcdef0123'], anonymousTtlSeconds: 3600 }),
    entries: from.entries,
    uploads: from.uploads,
    intake: new ChatIntake(from.entries, handoff, from.hub),
    reports: new ChatDeliveryReports(from.entries, handoff),
    messageLimiter: new SlidingWindowLimiter(30, 60_000),
    presence: from.parts.presence,
    onError: (_context: string, error: unknown) => {
      throw error;
    },
  };
}
