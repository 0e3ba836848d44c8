import { InboundMessageV1, parseContract } from '@tributary/contracts';
import type { ChatTenant } from '../identity/chat-tenant';
import { chatInboundMessage, chatMessageIds } from './chat-inbound.builder';

const tenant: ChatTenant = { tenantId: 'acme', origins: ['*'], anonymous: true, inbox: 'web-widget', secrets: [] };
const entry = {
  conversationId: '11111111-1111-4111-8111-111111111111',
  seq: 3,
  author: 'visitor' as const,
  messageId: chatMessageIds('acme', '11111111-1111-4111-8111-111111111111', 'client-msg-1').messageId,
  clientMessageId: 'client-msg-1',
  outboundId: null,
  text: 'Did you get my email?',
  authorName: null,
  createdAt: new Date('2026-12-07T10:00:00Z'),
  handedOffAt: null,
};

describe('chatInboundMessage', () => {
  it('is a valid InboundMessage v1 with the verified chat user first and the signed email and phone after it', () => {
    const message = parseContract(
      InboundMessageV1,
      chatInboundMessage(tenant, { tenantId: 'acme', visitorId: 'user-981', verified: true, email: 'jane@example.org', phone: '+4915112345678', name: 'Jane' }, entry),
    );
    expect(message.sender).toEqual({
      identities: [
        { kind: 'chat-user', value: 'user-981', verified: true },
        { kind: 'email', value: 'jane@example.org' },
        { kind: 'phone', value: '+4915112345678' },
      ],
      displayName: 'Jane',
    });
    expect(message.thread.conversationId).toBe(entry.conversationId);
    expect(message.messageId).toBe(entry.messageId);
  });

  it('derives the same ids from the same conversation and client message id, and others from another', () => {
    const first = chatMessageIds('acme', entry.conversationId, 'client-msg-1');
    expect(chatMessageIds('acme', entry.conversationId, 'client-msg-1')).toEqual(first);
    expect(chatMessageIds('acme', entry.conversationId, 'client-msg-2').messageId).not.toBe(first.messageId);
    expect(chatMessageIds('globex', entry.conversationId, 'client-msg-1').dedupeKey).not.toBe(first.dedupeKey);
  });

  it("carries the visitor's uploads as attachment references", () => {
    const ref = { name: 'receipt.pdf', contentType: 'application/pdf', sizeBytes: 1234, sha256: 'a'.repeat(64), storageUri: 'file:///blobs/aa/aa/x' };
    const message = parseContract(InboundMessageV1, chatInboundMessage(tenant, { tenantId: 'acme', visitorId: 'anon-x', verified: false }, entry, [ref]));
    expect(message.attachments).toEqual([ref]);
  });

  it('marks an anonymous visitor unverified', () => {
    const message = chatInboundMessage(tenant, { tenantId: 'acme', visitorId: 'anon-x', verified: false }, entry);
    expect(message.sender.identities).toEqual([{ kind: 'chat-user', value: 'anon-x', verified: false }]);
  });
});
