import { createHash } from 'node:crypto';
import { stableUuid, type AttachmentRef, type ContactIdentity, type InboundMessageV1Input } from '@tributary/contracts';
import type { ChatTenant } from '../identity/chat-tenant';
import type { Visitor } from '../identity/visitor';
import type { ChatEntry } from './chat-entry';

/** The ids of a visitor's message, the same on every resend: derived from the conversation and the client's id. */
export function chatMessageIds(tenantId: string, conversationId: string, clientMessageId: string): { messageId: string; providerMessageId: string; dedupeKey: string } {
  const providerMessageId = `${conversationId}:${clientMessageId}`;
  return { messageId: stableUuid('chat', tenantId, providerMessageId), providerMessageId, dedupeKey: `chat:${tenantId}:${providerMessageId}` };
}

/**
 * A visitor's stored message as InboundMessage v1. The chat-user identity comes first (the record's
 * key and the identity replies go to); the email and phone the tenant signed follow, so the router
 * links the visitor to the contact who wrote from them.
 */
export function chatInboundMessage(tenant: ChatTenant, visitor: Visitor, entry: ChatEntry, attachments: readonly AttachmentRef[] = [], contactEmail?: string): InboundMessageV1Input {
  const clientMessageId = entry.clientMessageId ?? String(entry.seq);
  const ids = chatMessageIds(tenant.tenantId, entry.conversationId, clientMessageId);
  const identities: ContactIdentity[] = [
    { kind: 'chat-user', value: visitor.visitorId, verified: visitor.verified },
    ...(visitor.email ? [{ kind: 'email' as const, value: visitor.email }] : []),
    ...(visitor.phone ? [{ kind: 'phone' as const, value: visitor.phone }] : []),
  ];
  return {
    schemaVersion: 1,
    messageId: ids.messageId,
    tenantId: tenant.tenantId,
    channel: 'chat',
    provider: 'chat',
    providerMessageId: ids.providerMessageId,
    dedupeKey: ids.dedupeKey,
    receivedAt: entry.createdAt.toISOString(),
    sender: { identities, ...(visitor.name ? { displayName: visitor.name } : {}) },
    inbox: { address: tenant.inbox },
    thread: { conversationId: entry.conversationId, references: [] },
    text: entry.text,
    attachments: [...attachments],
    autoSubmitted: { flagged: false },
    // Derived from the dedupe key: a resend carries the trace of the first attempt.
    traceId: createHash('sha256').update(ids.dedupeKey).digest('hex').slice(0, 32),
    // A typed email is not an identity: the contract's email identity is trusted for linking, and
    // anyone may type anyone's address. Agents see it and may answer there.
    extras: { seq: entry.seq, clientMessageId, ...(contactEmail ? { contactEmail } : {}) },
  };
}
